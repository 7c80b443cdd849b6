//! The warnings a configuration collects, bounded in size and count: a
//! value is quoted by a short prefix only, and each source (a variable, the
//! log directives) shows a few problems, then how many more it had.

use std::fmt::Write as _;

/// Problems shown per source; the rest are counted.
const PER_SOURCE: usize = 4;
/// Characters of a value shown in a warning.
const SHOWN_CHARS: usize = 48;

/// `value` quoted for a warning: at most a short prefix (cut on a
/// character boundary), with the length of the whole when it was cut.
pub(crate) fn shown(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        None => format!("{value:?}"),
        Some((cut, _)) => format!("{:?}… ({} bytes)", &value[..cut], value.len()),
    }
}

/// `text` (a message that may quote a value) cut to a bounded length.
pub(crate) fn brief(text: &str) -> String {
    match text.char_indices().nth(2 * SHOWN_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// Warnings in the order they were found, a few per source.
#[derive(Debug, Default)]
pub(crate) struct Warnings {
    lines: Vec<String>,
    /// `(source, problems seen)`.
    seen: Vec<(String, usize)>,
}

impl Warnings {
    /// Adds `line`, one problem of `source`, unless `source` has shown
    /// enough already.
    pub(crate) fn push(&mut self, source: &str, line: String) {
        let count = match self.seen.iter_mut().find(|(s, _)| s == source) {
            Some((_, n)) => n,
            None => {
                self.seen.push((source.to_owned(), 0));
                &mut self.seen.last_mut().expect("just pushed").1
            }
        };
        *count += 1;
        if *count <= PER_SOURCE {
            self.lines.push(line);
        }
    }

    /// The lines, with one summary per source that had more problems than
    /// it showed.
    pub(crate) fn into_lines(self) -> Vec<String> {
        let mut lines = self.lines;
        for (source, n) in self.seen {
            if n > PER_SOURCE {
                let mut line = String::new();
                let more = n - PER_SOURCE;
                let noun = if more == 1 { "problem" } else { "problems" };
                let _ = write!(line, "{source}: and {more} more {noun}");
                lines.push(line);
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_by_a_bounded_prefix() {
        assert_eq!(shown("abc"), "\"abc\"");
        let long = "é".repeat(1000);
        let s = shown(&long);
        assert!(s.ends_with("… (2000 bytes)"), "{s}");
        assert!(s.chars().count() < 80, "{s}");
        assert_eq!(shown("a\nb"), "\"a\\nb\"");
    }

    #[test]
    fn each_source_shows_a_few_then_a_count() {
        let mut w = Warnings::default();
        for i in 0..1000 {
            w.push("RUST_LOG", format!("RUST_LOG: problem {i}"));
        }
        w.push("LOG_FORMAT", "LOG_FORMAT: one".into());
        let lines = w.into_lines();
        assert_eq!(
            lines,
            [
                "RUST_LOG: problem 0",
                "RUST_LOG: problem 1",
                "RUST_LOG: problem 2",
                "RUST_LOG: problem 3",
                "LOG_FORMAT: one",
                "RUST_LOG: and 996 more problems",
            ]
        );
    }
}
