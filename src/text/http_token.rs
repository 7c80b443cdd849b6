//! HTTP tokens (RFC 9110 §5.6.2, formerly RFC 7230 §3.2.6): header names,
//! and W3C Baggage keys and property keys.
//!
//! ```abnf
//! token = 1*tchar
//! tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//!         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
//! ```

/// `tchar`: an ASCII letter or digit, or one of ``!#$%&'*+-.^_`|~``.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `token = 1*tchar`: non-empty, every byte a `tchar`.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_tchar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tchar_is_exactly_the_rfc_set() {
        let tchars: String = (0..=255u8)
            .filter(|&b| is_tchar(b))
            .map(char::from)
            .filter(|c| !c.is_ascii_alphanumeric())
            .collect();
        assert_eq!(tchars, "!#$%&'*+-.^_`|~");
        assert_eq!((0..=255u8).filter(|&b| is_tchar(b)).count(), 62 + 15);
    }

    #[test]
    fn tokens() {
        for ok in [
            "a",
            "userId",
            "x-api-key",
            "Content-Type",
            "!#$%&'*+-.^_`|~09AZaz",
        ] {
            assert!(is_token(ok), "{ok:?}");
        }
        for bad in [
            "", "a b", "a=b", "a,b", "a;b", "\"a\"", "a\tb", "ü", "a\n", "(a)", "a/b", "a:b",
        ] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }
}
