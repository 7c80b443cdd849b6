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
    #[derive(Clone, Copy)]
    struct Entry {
        ptr: usize,
        len: usize,
        installed: bool,
        secret: bool,
    }
    const EMPTY: Entry = Entry {
        ptr: 0,
        len: 0,
        installed: false,
        secret: false,
    };
    // 32 sets of 2 entries, the set chosen by a multiplicative hash of
    // the address: string literals sit next to each other, and a plain
    // shift of their addresses put two keys of one call site on the same
    // slot, evicting each other on every call (measured: 139 Ir per
    // attribute instead of 12).
    const SETS: usize = 32;
    thread_local! {
        static SEEN: [std::cell::Cell<Entry>; 2 * SETS] =
            const { [const { std::cell::Cell::new(EMPTY) }; 2 * SETS] };
    }
    let ptr = key.as_ptr() as usize;
    let installed = RULES.get().is_some();
    let hash = (ptr ^ key.len().rotate_left(24)).wrapping_mul(0x9E37_79B9_7F4A_7C15_u64 as usize);
    let set = 2 * (hash >> (usize::BITS - 5));
    let hit = |e: Entry| e.ptr == ptr && e.len == key.len() && e.installed == installed;
    SEEN.try_with(|seen| {
        let first = seen[set].get();
        if hit(first) {
            return first.secret;
        }
        let second = seen[set + 1].get();
        if hit(second) {
            return second.secret;
        }
        let secret = is_secret_key(key);
        // The newest first, the one it displaces second.
        seen[set + 1].set(first);
        seen[set].set(Entry {
            ptr,
            len: key.len(),
            installed,
            secret,
        });
        secret
    })
    .unwrap_or_else(|_| is_secret_key(key))
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
}
