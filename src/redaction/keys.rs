//! Secret keys: a set of names matched without regard to case, on the
//! whole key or on any part of it that starts after a `.`, `_` or `-`
//! (`db.password`, `user_password`, `X-Api-Key` and `apiKey` match; `passwordless`
//! and `token_count` do not). `-` and `_` are the same character here.

/// The keys redacted unless the application says otherwise.
pub(crate) const DEFAULT_KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "authorization",
    "proxy_authorization",
    "cookie",
    "set_cookie",
    "private_key",
    "credit_card",
    "card_number",
    "cvv",
    "ssn",
];

/// Normalized patterns, by length, with a mask of their lengths for a
/// quick miss.
#[derive(Debug)]
pub(crate) struct KeySet {
    /// `by_length[n]`: the patterns of `n` bytes (the last slot holds the
    /// longer ones too).
    by_length: Vec<Vec<Vec<u8>>>,
    /// Bit `n` set when some pattern is `n` bytes long (patterns of 64
    /// bytes or more set bit 63 and are checked whenever it is).
    lengths: u64,
}

fn normalized(b: u8) -> u8 {
    match b {
        b'-' => b'_',
        _ => b.to_ascii_lowercase(),
    }
}

fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

impl KeySet {
    pub(crate) fn new(patterns: impl IntoIterator<Item = String>) -> KeySet {
        let patterns: Vec<Vec<u8>> = patterns
            .into_iter()
            .map(|p| p.bytes().map(normalized).collect::<Vec<u8>>())
            .filter(|p| !p.is_empty())
            .collect();
        let lengths = patterns.iter().fold(0, |m, p| m | length_bit(p.len()));
        let mut by_length = vec![Vec::new(); 64];
        for p in patterns {
            by_length[p.len().min(63)].push(p);
        }
        KeySet { by_length, lengths }
    }

    pub(crate) fn matches(&self, key: &str) -> bool {
        if self.lengths == 0 {
            return false;
        }
        let bytes = key.as_bytes();
        let mut start = 0;
        loop {
            if self.matches_whole(&bytes[start..]) {
                return true;
            }
            match bytes[start..]
                .iter()
                .position(|b| matches!(b, b'.' | b'_' | b'-'))
            {
                Some(i) => start += i + 1,
                None => return false,
            }
        }
    }

    fn matches_whole(&self, part: &[u8]) -> bool {
        self.lengths & length_bit(part.len()) != 0
            && self.by_length[part.len().min(63)].iter().any(|p| {
                p.len() == part.len() && p.iter().zip(part).all(|(a, b)| *a == normalized(*b))
            })
    }
}

/// Reads a list of key patterns (`TELEMETRY_FACADE_REDACT_KEYS`): names
/// separated by commas; `default` stands for [`DEFAULT_KEYS`], `none` (alone)
/// for no key at all. A name may hold ASCII letters, digits, `_`, `-` and
/// `.`; anything else is skipped with a message.
pub(crate) fn parse_key_list(list: &str) -> (Vec<String>, Vec<String>) {
    let mut keys = Vec::new();
    let mut problems = Vec::new();
    let parts: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() == 1 && parts[0].eq_ignore_ascii_case("none") {
        return (keys, problems);
    }
    for part in parts {
        if part.eq_ignore_ascii_case("default") {
            keys.extend(DEFAULT_KEYS.iter().map(|k| (*k).to_owned()));
        } else if part
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            keys.push(part.to_owned());
        } else {
            problems.push(part.to_owned());
        }
    }
    (keys, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_after_separators_match_without_regard_to_case() {
        let set = KeySet::new(DEFAULT_KEYS.iter().map(|k| (*k).to_owned()));
        for key in [
            "password",
            "PASSWORD",
            "Password",
            "db.password",
            "user_password",
            "user-password",
            "X-Api-Key",
            "x_api_key",
            "apiKey",
            "api.key.token",
            "Set-Cookie",
            "Authorization",
            "http.request.header.authorization",
            "refresh_token",
            "client.secret",
            "ssn",
        ] {
            assert!(set.matches(key), "{key}");
        }
        for key in [
            "passwordless",
            "token_count",
            "secretary",
            "author",
            "cookies_enabled",
            "key",
            "api",
            "",
            "pass",
            "user",
            "tokenizer",
            "ssn_last_seen_at",
        ] {
            assert!(!set.matches(key), "{key}");
        }
    }

    #[test]
    fn an_empty_set_matches_nothing() {
        assert!(!KeySet::new(Vec::new()).matches("password"));
    }

    #[test]
    fn lists_name_defaults_none_and_extras() {
        let (keys, problems) = parse_key_list("default, session_id ,bad key,x-token");
        assert_eq!(keys.len(), DEFAULT_KEYS.len() + 2);
        assert!(keys.contains(&"session_id".to_owned()) && keys.contains(&"x-token".to_owned()));
        assert_eq!(problems, ["bad key"]);
        assert_eq!(parse_key_list("none"), (Vec::new(), Vec::new()));
        assert_eq!(parse_key_list("only_this").0, ["only_this"]);
    }
}
