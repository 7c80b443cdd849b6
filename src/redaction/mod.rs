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
    const SLOTS: usize = 64;
    thread_local! {
        static SEEN: [std::cell::Cell<Entry>; SLOTS] =
            const { [const { std::cell::Cell::new(EMPTY) }; SLOTS] };
    }
    let ptr = key.as_ptr() as usize;
    let installed = RULES.get().is_some();
    let slot = (ptr >> 3 ^ key.len()) % SLOTS;
    SEEN.try_with(|seen| {
        let e = seen[slot].get();
        if e.ptr == ptr && e.len == key.len() && e.installed == installed {
            return e.secret;
        }
        let secret = is_secret_key(key);
        seen[slot].set(Entry {
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
