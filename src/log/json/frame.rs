//! The parts of a JSON line the sink writes itself, around slog-json's
//! rendering of the record's fields: text that needs no JSON escaping (the
//! level's name, a plain logger name, hex trace fields; the timestamp is
//! read when the line is written), copied as bytes instead of passing
//! through serde_json's escaping one string at a time.

use crate::{Level, TraceContext, TraceFieldStyle};

/// What the JSON sink writes around the record's own fields.
pub(crate) struct Frame<'a> {
    /// `"level"`'s value.
    #[allow(dead_code)] // read by the JSON sink; builds without `json` have none
    pub(crate) level: &'static str,
    /// The logger's name when it can be written between quotes as it is;
    /// `None` when slog-json writes (and escapes) it with the fields.
    pub(crate) logger: Option<&'a str>,
    /// The event when it, and the logger's name, can be written as they
    /// are (the event follows the logger); `None` when slog-json writes it.
    pub(crate) event: Option<&'a str>,
    /// The trace fields in the `Flat` style, written after the record's
    /// fields; `None` outside a span or in another style (slog-json writes
    /// those with the fields).
    pub(crate) trace: Option<&'a TraceContext>,
}

impl<'a> Frame<'a> {
    /// The frame of a record `event` at `level` from `logger`, in `style`.
    #[inline]
    pub(crate) fn new(
        level: Level,
        logger: &'a str,
        event: &'a str,
        trace: Option<&'a TraceContext>,
        style: TraceFieldStyle,
    ) -> Frame<'a> {
        let logger = is_plain(logger).then_some(logger);
        Frame {
            level: level.as_str(),
            logger,
            event: logger.and(is_plain(event).then_some(event)),
            trace: trace.filter(|_| style == TraceFieldStyle::Flat),
        }
    }
}

/// Whether `text` is the same inside JSON quotes as it is: printable ASCII
/// without `"` or `\` (no escape, and no line separator to escape).
#[inline]
pub(crate) fn is_plain(text: &str) -> bool {
    text.bytes().all(|b| PLAIN[usize::from(b)])
}

/// [`is_plain`]'s answer for each byte, looked up rather than computed.
static PLAIN: [bool; 256] = {
    let mut plain = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        plain[b] = b != b'"' as usize && b != b'\\' as usize;
        b += 1;
    }
    plain
};

#[cfg(test)]
mod tests {
    use super::is_plain;

    #[test]
    fn plain_names_are_printable_ascii_without_quote_or_backslash() {
        assert!(is_plain("my_crate::db"));
        assert!(is_plain(""));
        assert!(is_plain("a b/c-d.e~"));
        for bad in ["a\"b", "a\\b", "a\nb", "a\u{7f}", "é", "a\u{2028}b", "\t"] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }
}
