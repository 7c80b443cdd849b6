//! Values that are secrets whatever their key (opt-in): HTTP credentials
//! (`Bearer …`, `Basic …`), JSON Web Tokens, payment card numbers that pass
//! the Luhn check, and PEM private keys.

/// Whether `value` looks like one of the secrets above.
pub(crate) fn looks_secret(value: &str) -> bool {
    let v = value.trim();
    credential(v) || jwt(v) || card_number(v) || private_key(v)
}

/// `Bearer <token>` or `Basic <base64>`: an HTTP `Authorization` value.
fn credential(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(' ') else {
        return false;
    };
    let rest = rest.trim_start();
    (scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("basic"))
        && rest.len() >= 8
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
}

/// Three base64url segments, the first a JSON object (`eyJ`).
fn jwt(v: &str) -> bool {
    let base64url = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=')
    };
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && v.starts_with("eyJ")
        && v.len() >= 24
        && base64url(parts[0])
        && base64url(parts[1])
        && (parts[2].is_empty() || base64url(parts[2]))
}

/// 13 to 19 digits, optionally grouped by spaces or dashes, passing Luhn.
fn card_number(v: &str) -> bool {
    if !v
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-')
    {
        return false;
    }
    let digits: Vec<u32> = v
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| u32::from(b - b'0'))
        .collect();
    if !(13..=19).contains(&digits.len()) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| match i % 2 {
            1 if d * 2 > 9 => d * 2 - 9,
            1 => d * 2,
            _ => d,
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A PEM block of a private key (any kind).
fn private_key(v: &str) -> bool {
    v.contains("-----BEGIN ") && v.contains("PRIVATE KEY-----")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_detected_and_near_misses_are_not() {
        for secret in [
            "Bearer abcdefgh12345678",
            "bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
            "Basic dXNlcjpwYXNzd29yZA==",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.signature_part",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "5500005555555559",
            "378282246310005",
            "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
            "-----BEGIN EC PRIVATE KEY-----abc-----END EC PRIVATE KEY-----",
        ] {
            assert!(looks_secret(secret), "{secret:?}");
        }
        for plain in [
            "Bearer",
            "Bearer x",
            "basic idea",
            "the bearer of news",
            "4111 1111 1111 1112",
            "1234",
            "order 4111111111111111",
            "2024-01-01",
            "eyJ.not.a",
            "a.b.c",
            "-----BEGIN CERTIFICATE-----",
            "1.2.3",
        ] {
            assert!(!looks_secret(plain), "{plain:?}");
        }
    }
}
