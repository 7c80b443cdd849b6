//! Instrument names and units as the OpenTelemetry specification (and so
//! the SDK) accepts them. The SDK answers an invalid name or unit with an
//! instrument that records nothing, and no word outside its own internal
//! log; here the name is repaired instead (invalid characters become `_`,
//! a name that does not start with a letter gets the prefix `metric_`, an
//! empty one becomes `unnamed`, a long one is cut to 255 characters), an
//! invalid unit is left out (`µ` written `u`, as UCUM spells it, first),
//! and each repair is one warning on stderr when an instrument is bound
//! (after `init`): once per distinct problem in the process, however many
//! instruments of that name are made (see [`warn_once`]).

use std::borrow::Cow;

use super::warn_once::warn_once;
use crate::config::warnings::shown;
use crate::metrics::spec::InstrumentSpec;

/// The specification's longest instrument name.
const MAX_NAME: usize = 255;
/// The specification's longest unit.
const MAX_UNIT: usize = 63;
/// The name and unit `spec`'s instrument is made with: its own when valid,
/// else repaired (with a warning naming the meter `scope`).
pub(super) fn checked(
    scope: &str,
    spec: &InstrumentSpec,
) -> (Cow<'static, str>, Option<Cow<'static, str>>) {
    let name = if valid_name(&spec.name) {
        spec.name.clone()
    } else {
        let repaired = repaired_name(&spec.name);
        warn_once(format_args!(
            "metric instrument name {} (meter {}) is not valid: a name starts with an ASCII letter and holds at most {MAX_NAME} ASCII letters, digits, '_', '.', '-' and '/'; recorded as {repaired:?}",
            shown(&spec.name),
            shown(scope),
        ));
        Cow::Owned(repaired)
    };
    let unit = match &spec.unit {
        Some(unit) if !valid_unit(unit) => {
            let repaired = repaired_unit(unit);
            match &repaired {
                Some(u) => warn_once(format_args!(
                    "unit {} of metric instrument {name:?} is not valid (at most {MAX_UNIT} ASCII characters); recorded as {u:?}",
                    shown(unit),
                )),
                None => warn_once(format_args!(
                    "unit {} of metric instrument {name:?} is not valid (at most {MAX_UNIT} ASCII characters); recorded without a unit",
                    shown(unit),
                )),
            }
            repaired.map(Cow::Owned)
        }
        unit => unit.clone(),
    };
    (name, unit)
}

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | '/')
}

fn valid_name(name: &str) -> bool {
    name.len() <= MAX_NAME
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(allowed)
}

fn repaired_name(name: &str) -> String {
    if name.is_empty() {
        return "unnamed".to_owned();
    }
    let mut repaired: String = name
        .chars()
        .map(|c| if allowed(c) { c } else { '_' })
        .collect();
    if !repaired.starts_with(|c: char| c.is_ascii_alphabetic()) {
        repaired.insert_str(0, "metric_");
    }
    // Every character is ASCII now: any byte is a character boundary.
    repaired.truncate(MAX_NAME);
    repaired
}

fn valid_unit(unit: &str) -> bool {
    unit.len() <= MAX_UNIT && unit.is_ascii()
}

/// `unit` with the micro sign (or the Greek mu) written `u`, when that
/// makes it valid.
fn repaired_unit(unit: &str) -> Option<String> {
    let repaired = unit.replace(['\u{b5}', '\u{3bc}'], "u");
    valid_unit(&repaired).then_some(repaired)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_are_kept() {
        for name in [
            "a",
            "http.server.request.duration",
            "db/queries-total_2",
            &"a".repeat(255),
        ] {
            assert!(valid_name(name), "{name}");
        }
    }

    #[test]
    fn invalid_names_are_repaired_into_valid_ones() {
        let long = "b".repeat(300);
        let cases = [
            ("", "unnamed"),
            ("9lives", "metric_9lives"),
            ("_private", "metric__private"),
            ("bad name!", "bad_name_"),
            ("naïve", "na_ve"),
            ("line\nbreak", "line_break"),
            (long.as_str(), &long[..255]),
        ];
        for (name, expected) in cases {
            assert!(!valid_name(name), "{name}");
            let repaired = repaired_name(name);
            assert_eq!(repaired, expected);
            assert!(valid_name(&repaired), "{repaired}");
        }
        let long_digits = "1".repeat(300);
        assert!(valid_name(&repaired_name(&long_digits)));
    }

    #[test]
    fn units_are_ascii_and_short() {
        assert!(valid_unit("ms") && valid_unit("{request}") && valid_unit(""));
        assert_eq!(repaired_unit("µs").as_deref(), Some("us"));
        assert_eq!(repaired_unit("\u{3bc}s").as_deref(), Some("us"));
        assert_eq!(repaired_unit("°C"), None);
        assert_eq!(repaired_unit(&"s".repeat(64)), None);
    }
}
