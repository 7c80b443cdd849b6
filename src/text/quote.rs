//! The one quoting rule of the line formats (the console span exporter and
//! the pretty log format), for keys and values alike: a plain word is
//! written bare, anything else quoted and escaped, so that a line stays
//! one line and no field can forge another.
//!
//! A **plain word** is non-empty and made only of ASCII letters and digits
//! and `-` `_` `.` `:` `/` `@` `+`. These are the characters of identifiers,
//! dotted keys (`http.method`), paths and URLs without spaces, host:port,
//! e-mail addresses, and, for `+`, MIME types (`application/vnd.api+json`),
//! version build metadata (`1.0.0+build.5`), UTC offsets and phone numbers;
//! none of them separates anything in these formats, whose structure is
//! space, `=`, `"`, `{`, `}`, `(` and `)`. Non-ASCII letters are quoted:
//! a bare word's bytes then never need a second look (no look-alikes, no
//! invisible or direction-changing characters).
//!
//! Anything else is written as a Rust string literal (`{:?}`): `"` and `\`
//! escaped, `\n`, `\r`, `\t`, `\0` by name, and every character that is not
//! printable as `\u{..}`: all control characters (C0 with ESC, DEL, C1 with
//! U+0085), U+2028, U+2029, and format characters such as the bidi
//! controls. The unit tests pin the characters that could break or forge a
//! line.

use std::fmt;

/// Whether `s` is written bare: see the module's documentation.
pub(crate) fn is_plain_word(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':' | b'/' | b'@' | b'+')
        })
}

/// Displays its text bare when it is a plain word, else quoted and escaped.
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_plain_word(self.0) {
            f.write_str(self.0)
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

/// Panics unless `line` is one line (ending with its only `\n`) with no
/// raw control character, U+2028 or U+2029: what the line formats' tests
/// check of a line made from hostile keys and values.
#[cfg(test)]
pub(crate) fn assert_one_clean_line(line: &str) {
    let body = line.strip_suffix('\n').expect("ends with a newline");
    for c in body.chars() {
        assert!(
            !c.is_control() && !matches!(c, '\u{2028}' | '\u{2029}'),
            "{c:?} written raw in {line:?}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> String {
        Quoted(s).to_string()
    }

    #[test]
    fn plain_words_are_bare() {
        for word in [
            "ada",
            "GET",
            "http.method",
            "user_id",
            "a-b",
            "/api/v1/users",
            "host:8080",
            "ada@example.com",
            "application/vnd.api+json",
            "1.0.0+build.5",
            "+41",
            "-3",
            "0.5",
        ] {
            assert!(is_plain_word(word), "{word:?}");
            assert_eq!(q(word), word);
        }
    }

    #[test]
    fn everything_else_is_quoted() {
        assert_eq!(q(""), "\"\"");
        assert_eq!(q("two words"), "\"two words\"");
        assert_eq!(q("k=v"), "\"k=v\"");
        assert_eq!(q("say \"hi\""), "\"say \\\"hi\\\"\"");
        assert_eq!(q("a\\b"), "\"a\\\\b\"");
        assert_eq!(q("Zürich"), "\"Zürich\"", "non-ASCII letters are quoted");
        assert_eq!(q("{x}"), "\"{x}\"");
        assert_eq!(q("f(x)"), "\"f(x)\"");
        assert_eq!(q("a,b"), "\"a,b\"");
    }

    #[test]
    fn line_breaking_and_terminal_characters_are_escaped() {
        let cases = [
            ("a\nb", "\"a\\nb\""),
            ("a\rb", "\"a\\rb\""),
            ("a\tb", "\"a\\tb\""),
            ("a\0b", "\"a\\0b\""),
            ("a\x1b[31mb", "\"a\\u{1b}[31mb\""),
            ("a\x7fb", "\"a\\u{7f}b\""),
            ("a\u{85}b", "\"a\\u{85}b\""),
            ("a\u{2028}b", "\"a\\u{2028}b\""),
            ("a\u{2029}b", "\"a\\u{2029}b\""),
            ("a\u{202e}b", "\"a\\u{202e}b\""),
            ("a\u{9b}b", "\"a\\u{9b}b\""),
        ];
        for (raw, written) in cases {
            assert_eq!(q(raw), written, "{raw:?}");
        }
    }

    #[test]
    fn no_control_character_is_ever_written_raw() {
        for c in (0..=0x10ffff_u32).filter_map(char::from_u32) {
            let dangerous = c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
            if !dangerous {
                continue;
            }
            let text = format!("k{c}v");
            let written = q(&text);
            assert!(!written.contains(c), "{c:?} written raw: {written:?}");
            assert!(written.chars().all(|w| !w.is_control()), "{written:?}");
        }
    }
}
