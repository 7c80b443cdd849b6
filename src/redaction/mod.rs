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

/// Whether `value` looks like a secret whatever its key (only when value
/// detection is on).
#[inline]
#[allow(dead_code)] // used by the real backends; the no-op build has none
pub(crate) fn is_secret_value(value: &str) -> bool {
    let rules = rules();
    rules.values && detectors::looks_secret(value)
}
