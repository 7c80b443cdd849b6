//! Redaction: secrets never reach an output. A field or attribute whose key
//! names a secret is written as [`MARKER`] (its value is not even
//! formatted); with value detection on, a value that looks like a secret
//! whatever its key is replaced too. The rules are fixed at `init`; before
//! it (when nothing is written anyway) the default rules apply.
//!
//! Used by every real backend (the log record's fields, span, event and
//! link attributes, resource attributes); the no-op build writes nothing.

mod detectors;
mod keys;

use once_cell::sync::{Lazy, OnceCell};

pub(crate) use keys::{parse_key_list, DEFAULT_KEYS};

/// What a redacted value is written as: never a part of the original.
pub(crate) const MARKER: &str = "[REDACTED]";

/// The rules in force.
#[derive(Debug)]
pub(crate) struct Rules {
    keys: keys::KeySet,
    values: bool,
}

/// The application's rules, from `init`.
static RULES: OnceCell<Rules> = OnceCell::new();
/// The rules before `init`: the defaults.
static DEFAULT_RULES: Lazy<Rules> = Lazy::new(|| Rules {
    keys: keys::KeySet::new(DEFAULT_KEYS.iter().map(|k| (*k).to_owned())),
    values: false,
});

#[inline]
fn rules() -> &'static Rules {
    RULES.get().unwrap_or(&DEFAULT_RULES)
}

/// Fixes the rules (at `init`; later calls change nothing).
pub(crate) fn install(keys: &[String], values: bool) {
    let _ = RULES.set(Rules {
        keys: keys::KeySet::new(keys.iter().cloned()),
        values,
    });
}

/// Whether a field or attribute called `key` holds a secret.
#[inline]
#[allow(dead_code)] // used by the real backends; the no-op build has none
pub(crate) fn is_secret_key(key: &str) -> bool {
    rules().keys.matches(key)
}

/// [`is_secret_key`] for a key that lives as long as the program (log
/// field names, most attribute keys): the answer is remembered per thread,
/// by the key's address, so a call site pays the match once.
#[inline]
#[allow(dead_code)] // used by the real backends; the no-op build has none
pub(crate) fn is_secret_static_key(key: &'static str) -> bool {
    // An entry is two words: the key's address, and its length shifted
    // left by 2 with whether the rules were installed (bit 1) and the
    // answer (bit 0). Two words, no padding: a lookup compares them in
    // place.
    type Entry = std::cell::Cell<(usize, usize)>;
    // 32 sets of 2 entries, the set chosen by a multiplicative hash of
    // the address: string literals sit next to each other, and a plain
    // shift of their addresses put two keys of one call site on the same
    // slot, evicting each other on every call (measured: 139 Ir per
    // attribute instead of 12).
    const SETS: usize = 32;
    thread_local! {
        static SEEN: [Entry; 2 * SETS] = const { [const { std::cell::Cell::new((0, 0)) }; 2 * SETS] };
    }
    let ptr = key.as_ptr() as usize;
    let want = (key.len() << 2) | (usize::from(RULES.get().is_some()) << 1);
    let hash = (ptr ^ key.len().rotate_left(24)).wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize);
    let set = 2 * (hash >> (usize::BITS - 5));
    SEEN.try_with(|seen| {
        let first = seen[set].get();
        if first.0 == ptr && first.1 & !1 == want {
            return first.1 & 1 == 1;
        }
        let second = seen[set + 1].get();
        if second.0 == ptr && second.1 & !1 == want {
            return second.1 & 1 == 1;
        }
        let secret = is_secret_key(key);
        // The newest first, the one it displaces second.
        seen[set + 1].set(first);
        seen[set].set((ptr, want | usize::from(secret)));
        secret
    })
    .unwrap_or_else(|_| is_secret_key(key))
}

/// Static keys an instrument found not secret, remembered by the
/// instrument itself: a recording compares its keys with these few words
/// instead of asking the per-thread cache (measured, BENCHMARKS.md,
/// "Metrics"). A key is remembered only once the rules are installed (they
/// never change after), packed with its length into one word, so a lookup
/// is exact: no two keys share a word.
#[allow(dead_code)] // used by the metrics backend
pub(crate) struct KnownKeys([std::sync::atomic::AtomicU64; 4]);

#[allow(dead_code)] // used by the metrics backend
impl KnownKeys {
    /// None known yet.
    pub(crate) const fn new() -> KnownKeys {
        KnownKeys([const { std::sync::atomic::AtomicU64::new(0) }; 4])
    }

    /// The key's address and length in one word, when they fit (an
    /// address below 2^47, as on every 64-bit platform in use for user
    /// space, a length below 2^17); never 0.
    #[inline(always)]
    fn pack(key: &'static str) -> Option<u64> {
        let ptr = key.as_ptr() as usize as u64;
        let len = key.len() as u64;
        (ptr < 1 << 47 && len < 1 << 17 && ptr != 0).then_some(ptr << 17 | len)
    }

    /// [`is_secret_static_key`], answered from the known keys when it can.
    #[inline(always)]
    pub(crate) fn is_secret(&self, key: &'static str) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        match Self::pack(key) {
            Some(packed) if self.0.iter().any(|k| k.load(Relaxed) == packed) => false,
            packed => self.ask(key, packed),
        }
    }

    #[inline(never)]
    fn ask(&self, key: &'static str, packed: Option<u64>) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        let secret = is_secret_static_key(key);
        if let (false, Some(packed), true) = (secret, packed, RULES.get().is_some()) {
            // The first free word, else one chosen by the key; racing
            // writers each store a whole word, every one of them true.
            let slot = self
                .0
                .iter()
                .position(|k| k.load(Relaxed) == 0)
                .unwrap_or(packed as usize % self.0.len());
            self.0[slot].store(packed, Relaxed);
        }
        secret
    }
}

/// Whether the application's rules are installed (they never change
/// after).
#[inline]
#[allow(dead_code)] // used by the metrics backend
pub(crate) fn installed() -> bool {
    RULES.get().is_some()
}

/// Whether values are checked for secrets (value detection is on): asked
/// once per recording, not once per attribute.
#[inline]
#[allow(dead_code)] // used by the metrics backend
pub(crate) fn checks_values() -> bool {
    rules().values
}

/// Whether `value` looks like a secret whatever its key (only when value
/// detection is on).
#[inline]
#[allow(dead_code)] // used by the real backends; the no-op build has none
pub(crate) fn is_secret_value(value: &str) -> bool {
    let rules = rules();
    rules.values && detectors::looks_secret(value)
}

#[cfg(test)]
mod tests {
    use super::{is_secret_key, is_secret_static_key};

    #[test]
    fn the_static_key_cache_answers_like_the_rules_for_many_keys() {
        // More keys than the cache holds, adjacent in memory like string
        // literals, asked in turn and again: every answer is the rules'.
        let text: &'static str = Box::leak(
            (0..300)
                .map(|i| {
                    if i % 3 == 0 {
                        format!("db.password{i}")
                    } else {
                        format!("k.{i}.token")
                    }
                })
                .collect::<Vec<_>>()
                .join("")
                .into_boxed_str(),
        );
        let mut keys = Vec::new();
        let mut at = 0;
        for i in 0..300 {
            let len = if i % 3 == 0 {
                format!("db.password{i}")
            } else {
                format!("k.{i}.token")
            }
            .len();
            keys.push(&text[at..at + len]);
            at += len;
        }
        for _ in 0..3 {
            for key in &keys {
                assert_eq!(is_secret_static_key(key), is_secret_key(key), "{key}");
            }
        }
        // Two keys at the same address, one a prefix of the other.
        assert_eq!(is_secret_static_key(&text[..2]), is_secret_key(&text[..2]));
        assert!(is_secret_static_key("token"));
        assert!(!is_secret_static_key("tokens_used"));
    }

    #[test]
    fn known_keys_answer_like_the_rules() {
        let known = super::KnownKeys::new();
        let text: &'static str = "http.routehttp.methodapi_keyapi_keys";
        let keys = [
            &text[..10],
            &text[10..21],
            &text[21..28],
            &text[21..29],
            &text[28..],
        ];
        for _ in 0..3 {
            for key in keys {
                assert_eq!(known.is_secret(key), is_secret_key(key), "{key}");
            }
        }
        // More keys than words: every answer stays the rules'.
        let many: Vec<&'static str> = (0..40)
            .map(|i| &*Box::leak(format!("k{i}.token{}", i % 2).into_boxed_str()))
            .collect();
        for key in many.iter().chain(keys.iter()) {
            assert_eq!(known.is_secret(key), is_secret_key(key), "{key}");
        }
    }
}
