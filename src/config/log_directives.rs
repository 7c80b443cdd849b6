//! Log level directives in the syntax of `RUST_LOG`
//! (`warn,my_crate::db=debug`): parsed when the configuration is read, so
//! their warnings are the configuration's, and applied by a log backend.

use super::warnings::shown;
use crate::Level;

/// A threshold above every level: nothing is enabled.
pub(crate) const OFF: u8 = 6;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directives {
    default: u8,
    /// `(logger name prefix, threshold)`, longest prefix first.
    rules: Vec<(String, u8)>,
}

fn parse_threshold(s: &str) -> Option<u8> {
    if s.trim().eq_ignore_ascii_case("off") {
        return Some(OFF);
    }
    s.parse::<Level>().ok().map(|l| l as u8)
}

// Read by log backends; builds without one only parse, for the warnings.
#[allow(dead_code)]
impl Directives {
    /// Parses `spec` over `default`; returns the directives and one message
    /// per part that was ignored.
    pub(crate) fn parse(spec: &str, default: Level) -> (Directives, Vec<String>) {
        let mut d = Directives {
            default: default as u8,
            rules: Vec::new(),
        };
        let mut warnings = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.split_once('=') {
                None => match parse_threshold(part) {
                    Some(t) => d.default = t,
                    // A bare name means "everything from that logger".
                    None if is_name(part) => d.rules.push((part.to_owned(), Level::Trace as u8)),
                    None => warnings.push(format!("directive {} ignored: not a level or a logger name", shown(part))),
                },
                Some((name, level)) => match (is_name(name.trim()), parse_threshold(level)) {
                    (true, Some(t)) => d.rules.push((name.trim().to_owned(), t)),
                    (false, _) => warnings.push(format!("directive {} ignored: not a logger name", shown(part))),
                    (true, None) => warnings.push(format!(
                        "directive {} ignored: {} is not a level (trace, debug, info, warn, error, critical, off)",
                        shown(part),
                        shown(level.trim())
                    )),
                },
            }
        }
        // Longest prefix first; among equal names the last one wins.
        d.rules.reverse();
        d.rules.sort_by_key(|rule| std::cmp::Reverse(rule.0.len()));
        (d, warnings)
    }

    /// The threshold for the logger called `name`.
    pub(crate) fn threshold_for(&self, name: &str) -> u8 {
        self.rules
            .iter()
            .find(|(prefix, _)| {
                name == prefix
                    || (name.starts_with(prefix.as_str()) && name[prefix.len()..].starts_with("::"))
            })
            .map_or(self.default, |(_, t)| *t)
    }

    pub(crate) fn min(&self) -> u8 {
        self.rules
            .iter()
            .map(|(_, t)| *t)
            .fold(self.default, u8::min)
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_follow_rust_log_syntax() {
        let (d, warnings) = Directives::parse(
            "warn,my_crate::db=debug,my_crate=error,noisy=off",
            Level::Info,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(d.threshold_for("other"), Level::Warn as u8);
        assert_eq!(d.threshold_for("my_crate"), Level::Error as u8);
        assert_eq!(d.threshold_for("my_crate::db"), Level::Debug as u8);
        assert_eq!(d.threshold_for("my_crate::db::pool"), Level::Debug as u8);
        assert_eq!(
            d.threshold_for("my_crate::dbx"),
            Level::Error as u8,
            "prefix stops at ::"
        );
        assert_eq!(d.threshold_for("noisy::inner"), OFF);
        assert_eq!(d.min(), Level::Debug as u8);
    }

    #[test]
    fn bad_parts_warn_and_are_ignored() {
        let (d, warnings) = Directives::parse("my crate=info ,a=b,,=info,x/y", Level::Info);
        assert_eq!(warnings.len(), 4, "{warnings:?}");
        assert!(
            warnings[0].contains("\"my crate=info\" ignored: not a logger name"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("\"b\" is not a level"), "{warnings:?}");
        assert_eq!(d.threshold_for("a"), Level::Info as u8);
    }

    #[test]
    fn bare_name_enables_everything_for_it_and_later_duplicates_win() {
        let (d, _) = Directives::parse("error,chatty,dup=info,dup=trace", Level::Info);
        assert_eq!(d.threshold_for("chatty::x"), Level::Trace as u8);
        assert_eq!(d.threshold_for("dup"), Level::Trace as u8);
        assert_eq!(d.threshold_for("quiet"), Level::Error as u8);
    }
}
