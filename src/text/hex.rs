//! Hex digits: one encoder (lowercase or uppercase digits) and one decoder
//! (lowercase digits only, or either case), each caller naming its choice.

/// Which digits [`encode`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Case {
    /// `0-9a-f`: trace and span ids, trace flags.
    Lower,
    /// `0-9A-F`: percent-encoding ("URI producers and normalizers should
    /// use uppercase hexadecimal digits", RFC 3986 §2.1).
    Upper,
}

/// Which digits [`decode`] and [`is_digit`] accept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Accept {
    /// `0-9a-f` only: W3C Trace Context's `HEXDIGLC`, and ids parsed by
    /// `TraceId::from_hex` / `SpanId::from_hex`.
    LowercaseOnly,
    /// `0-9a-fA-F`: percent-encoding, where "uppercase and lowercase
    /// hexadecimal digits are equivalent" (RFC 3986 §2.1).
    EitherCase,
}

/// The value of the hex digit `c`, if `accept` takes it.
pub(crate) fn digit_value(c: u8, accept: Accept) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' if accept == Accept::EitherCase => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Whether `c` is a hex digit `accept` takes.
pub(crate) fn is_digit(c: char, accept: Accept) -> bool {
    u8::try_from(c)
        .ok()
        .and_then(|b| digit_value(b, accept))
        .is_some()
}

/// Parses exactly `N * 2` hex digits into `N` bytes, big-endian; `None` on
/// any other length or a digit `accept` does not take.
pub(crate) fn decode<const N: usize>(digits: &[u8], accept: Accept) -> Option<[u8; N]> {
    if digits.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (digit_value(pair[0], accept)? << 4) | digit_value(pair[1], accept)?;
    }
    Some(out)
}

/// Every byte's two lowercase hex digits, by value.
#[allow(dead_code)] // the JSON sink's; builds without `json` have none
static LOWER_PAIRS: [[u8; 2]; 256] = {
    let digits = b"0123456789abcdef";
    let mut pairs = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        pairs[b] = [digits[b >> 4], digits[b & 0x0f]];
        b += 1;
    }
    pairs
};

/// The lowercase hex digits of `bytes`, by value (one table load per
/// byte, no length or UTF-8 check): ids written straight into a line.
#[inline]
#[allow(dead_code)] // the JSON sink's; builds without `json` have none
pub(crate) fn lower<const N: usize, const D: usize>(bytes: &[u8; N]) -> [u8; D] {
    const { assert!(D == 2 * N) };
    let mut out = [0u8; D];
    for (i, b) in bytes.iter().enumerate() {
        let pair = LOWER_PAIRS[usize::from(*b)];
        out[2 * i] = pair[0];
        out[2 * i + 1] = pair[1];
    }
    out
}

/// Writes `bytes` as hex digits of `case` into `out` (at least twice as
/// long) and returns what was written as a `&str`, without allocating.
pub(crate) fn encode<'b>(bytes: &[u8], case: Case, out: &'b mut [u8]) -> &'b str {
    let digits: &[u8; 16] = match case {
        Case::Lower => b"0123456789abcdef",
        Case::Upper => b"0123456789ABCDEF",
    };
    let out = &mut out[..2 * bytes.len()];
    for (pair, b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = digits[usize::from(b >> 4)];
        pair[1] = digits[usize::from(b & 0x0f)];
    }
    // Only ASCII hex digits were written.
    std::str::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_pairs_match_encode() {
        let all: [u8; 256] = std::array::from_fn(|i| i as u8);
        let mut buf = [0u8; 512];
        let digits: [u8; 512] = lower(&all);
        assert_eq!(&digits[..], encode(&all, Case::Lower, &mut buf).as_bytes());
        assert_eq!(lower::<2, 4>(&[0x0a, 0xf0]), *b"0af0");
    }

    #[test]
    fn encodes_in_the_case_asked() {
        let mut buf = [0u8; 8];
        assert_eq!(
            encode(&[0x00, 0xf0, 0x6a, 0xff], Case::Lower, &mut buf),
            "00f06aff"
        );
        assert_eq!(
            encode(&[0x00, 0xf0, 0x6a, 0xff], Case::Upper, &mut buf),
            "00F06AFF"
        );
        assert_eq!(encode(&[0xc3], Case::Upper, &mut buf), "C3");
        assert_eq!(encode(&[], Case::Lower, &mut buf), "");
    }

    #[test]
    fn lowercase_only_rejects_upper_case() {
        assert_eq!(
            decode::<2>(b"0aff", Accept::LowercaseOnly),
            Some([0x0a, 0xff])
        );
        assert_eq!(decode::<2>(b"0AFF", Accept::LowercaseOnly), None);
        assert_eq!(decode::<2>(b"0aFf", Accept::LowercaseOnly), None);
        assert!(is_digit('f', Accept::LowercaseOnly));
        assert!(!is_digit('F', Accept::LowercaseOnly));
    }

    #[test]
    fn either_case_takes_both() {
        assert_eq!(decode::<2>(b"0AfF", Accept::EitherCase), Some([0x0a, 0xff]));
        assert!(is_digit('F', Accept::EitherCase));
        assert_eq!(digit_value(b'C', Accept::EitherCase), Some(12));
    }

    #[test]
    fn rejects_non_digits_signs_and_wrong_lengths() {
        for accept in [Accept::LowercaseOnly, Accept::EitherCase] {
            assert_eq!(
                decode::<1>(b"+a", accept),
                None,
                "no sign, unlike from_str_radix"
            );
            assert_eq!(decode::<1>(b"g0", accept), None);
            assert_eq!(decode::<1>(b" a", accept), None);
            assert_eq!(decode::<1>(b"a", accept), None);
            assert_eq!(decode::<1>(b"abc", accept), None);
            assert!(!is_digit('é', accept));
            assert!(!is_digit('g', accept));
        }
        assert_eq!(decode::<0>(b"", Accept::LowercaseOnly), Some([]));
    }

    #[test]
    fn round_trips_every_byte() {
        for b in 0..=255u8 {
            let mut buf = [0u8; 2];
            let lower = encode(&[b], Case::Lower, &mut buf).to_owned();
            assert_eq!(
                decode::<1>(lower.as_bytes(), Accept::LowercaseOnly),
                Some([b])
            );
            let upper = encode(&[b], Case::Upper, &mut buf).to_owned();
            assert_eq!(decode::<1>(upper.as_bytes(), Accept::EitherCase), Some([b]));
        }
    }
}
