//! Cutting text at a limit counted in characters (Unicode scalar values),
//! never inside a character: `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` for span
//! attributes and log fields alike.

/// The longest prefix of `s` with at most `max_chars` characters. The
/// usual case, a string no longer in bytes than the limit, is decided
/// inline at the caller; only a longer one is scanned, out of line.
#[inline]
pub(crate) fn to_chars(s: &str, max_chars: usize) -> &str {
    // A character is at least one byte: no more bytes, no more characters.
    if s.len() <= max_chars {
        return s;
    }
    cut(s, max_chars)
}

#[inline(never)]
fn cut(s: &str, max_chars: usize) -> &str {
    match s.char_indices().nth(max_chars) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::to_chars;

    #[test]
    fn cuts_on_character_boundaries() {
        assert_eq!(to_chars("héllo", 2), "hé");
        assert_eq!(to_chars("héllo", 5), "héllo");
        assert_eq!(to_chars("héllo", 10), "héllo");
        assert_eq!(to_chars("🚀🚀", 1), "🚀");
        assert_eq!(to_chars("🚀🚀", 2), "🚀🚀");
        assert_eq!(to_chars("abc", 0), "");
        assert_eq!(to_chars("", 0), "");
        assert_eq!(to_chars("abc", usize::MAX), "abc");
    }

    #[test]
    fn counts_characters_not_bytes() {
        // 4 characters, 6 bytes: under a limit of 5 although longer in bytes.
        assert_eq!(to_chars("ääab", 5), "ääab");
        assert_eq!(to_chars("ääab", 3), "ääa");
    }
}
