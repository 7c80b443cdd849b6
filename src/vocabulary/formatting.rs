//! Formatting a user's `Display`/`Debug` safely: a panic or an `Err` from
//! it becomes a placeholder, so a broken value never takes the process
//! down, wherever the crate formats one (log fields, bound and scoped
//! fields, `record_error`, `Value::display`).

use std::panic::{catch_unwind, AssertUnwindSafe};

/// What a value whose `Display`/`Debug` fails or panics is written as.
pub(crate) const FORMAT_FAILED: &str = "<formatting failed>";

/// Formats into an owned string with `f`; [`FORMAT_FAILED`] when `f`
/// returns an error or panics. No lock of this crate is held while `f`
/// runs, so a `Display` that logs works.
pub(crate) fn formatted(f: impl FnOnce(&mut String) -> std::fmt::Result) -> String {
    let mut out = String::new();
    match catch_unwind(AssertUnwindSafe(|| f(&mut out))) {
        Ok(Ok(())) => out,
        _ => FORMAT_FAILED.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use super::*;

    struct Fails;
    impl fmt::Display for Fails {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            Err(fmt::Error)
        }
    }

    struct Panics;
    impl fmt::Display for Panics {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            panic!("a broken Display")
        }
    }

    #[test]
    fn failures_and_panics_become_the_placeholder() {
        use std::fmt::Write as _;
        assert_eq!(formatted(|o| write!(o, "{}", 42)), "42");
        assert_eq!(formatted(|o| write!(o, "{Fails}")), FORMAT_FAILED);
        assert_eq!(formatted(|o| write!(o, "{Panics}")), FORMAT_FAILED);
    }
}
