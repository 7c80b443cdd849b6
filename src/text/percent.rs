//! Percent-encoding (RFC 3986 §2.1) of UTF-8 text, as W3C Baggage uses it
//! for values and the OpenTelemetry environment variables use it for
//! `OTEL_RESOURCE_ATTRIBUTES` and `OTEL_EXPORTER_OTLP_HEADERS`.
//!
//! One decoder for every caller: a `%` must be followed by two hex digits
//! of either case (`pct-encoded = "%" HEXDIG HEXDIG`), else the text is
//! malformed. What differs between the specifications is what happens when
//! the decoded bytes are not UTF-8, so each caller says it with
//! [`InvalidUtf8`].

use super::hex;

/// What [`decode`] does when the decoded bytes are not UTF-8.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InvalidUtf8 {
    /// The text is rejected (`decode` returns `None`): the environment
    /// variables, where "in case of any error, e.g. failure during the
    /// decoding process, the entire environment variable value SHOULD be
    /// discarded" (OpenTelemetry resource SDK specification).
    Reject,
    /// Each invalid sequence becomes U+FFFD: W3C Baggage §3.3.1.3, "When
    /// decoding the value, percent-encoded octet sequences that do not
    /// match the UTF-8 encoding scheme MUST be replaced with the
    /// replacement code point (U+FFFD)."
    Replace,
}

/// Decodes every `%XX` of `text`. `None` when a `%` is not followed by two
/// hex digits, and, with [`InvalidUtf8::Reject`], when the result is not
/// UTF-8. Other characters are kept as they are.
pub(crate) fn decode(text: &str, invalid_utf8: InvalidUtf8) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let [byte] = hex::decode::<1>(bytes.get(i + 1..i + 3)?, hex::Accept::EitherCase)?;
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    match invalid_utf8 {
        InvalidUtf8::Reject => String::from_utf8(out).ok(),
        InvalidUtf8::Replace => Some(String::from_utf8_lossy(&out).into_owned()),
    }
}

/// The length of [`encode_into`]'s output for `text`: 3 bytes for each
/// byte `keep` refuses, 1 for the others.
pub(crate) fn encoded_len(text: &str, keep: impl Fn(u8) -> bool) -> usize {
    text.bytes().map(|b| if keep(b) { 1 } else { 3 }).sum()
}

/// Appends `text` to `out`, each byte `keep` refuses written as `%XX` with
/// uppercase digits (RFC 3986 §2.1). `keep` must refuse `%` itself, so the
/// result decodes back to `text`.
pub(crate) fn encode_into(text: &str, keep: impl Fn(u8) -> bool, out: &mut String) {
    for b in text.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            let mut digits = [0u8; 2];
            out.push('%');
            out.push_str(hex::encode(&[b], hex::Case::Upper, &mut digits));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvalidUtf8::{Reject, Replace};

    #[test]
    fn decodes_escapes_of_either_case() {
        for mode in [Reject, Replace] {
            assert_eq!(decode("a%20b", mode).as_deref(), Some("a b"));
            assert_eq!(decode("%E2%9C%93", mode).as_deref(), Some("✓"));
            assert_eq!(decode("%e2%9c%93", mode).as_deref(), Some("✓"));
            assert_eq!(decode("Am%c3%A9lie", mode).as_deref(), Some("Amélie"));
            assert_eq!(decode("100%25", mode).as_deref(), Some("100%"));
            assert_eq!(decode("", mode).as_deref(), Some(""));
            assert_eq!(
                decode("plain+text", mode).as_deref(),
                Some("plain+text"),
                "'+' is no space"
            );
            assert_eq!(decode("ünïcode", mode).as_deref(), Some("ünïcode"));
        }
    }

    #[test]
    fn malformed_escapes_are_rejected_whatever_the_mode() {
        for mode in [Reject, Replace] {
            for bad in [
                "%", "%2", "a%2", "%zz", "%2g", "%+5", "%-5", "% 5", "%é0", "x%%41",
            ] {
                assert_eq!(decode(bad, mode), None, "{bad:?} with {mode:?}");
            }
        }
    }

    #[test]
    fn invalid_utf8_is_rejected_or_replaced_as_asked() {
        assert_eq!(decode("%FF", Reject), None);
        assert_eq!(decode("a%C3", Reject), None, "a sequence cut short");
        assert_eq!(decode("%C0%AF", Reject), None, "an overlong encoding");
        assert_eq!(decode("%ED%A0%80", Reject), None, "a surrogate");

        assert_eq!(decode("%FF", Replace).as_deref(), Some("\u{FFFD}"));
        assert_eq!(decode("a%C3", Replace).as_deref(), Some("a\u{FFFD}"));
        assert_eq!(
            decode("x%FFy%E2%9C%93", Replace).as_deref(),
            Some("x\u{FFFD}y✓")
        );
    }

    #[test]
    fn encodes_what_keep_refuses_and_round_trips() {
        let keep = |b: u8| b.is_ascii_alphanumeric();
        let mut out = String::new();
        encode_into("a b,ü%", keep, &mut out);
        assert_eq!(out, "a%20b%2C%C3%BC%25");
        assert_eq!(encoded_len("a b,ü%", keep), out.len());
        assert_eq!(decode(&out, Reject).as_deref(), Some("a b,ü%"));
    }
}
