//! The last attribute set converted on each thread, kept for the next
//! recording that passes the same attributes: the same `'static` keys and
//! the same values (numbers, booleans, `'static` strings, compared by
//! address). A unit of work usually records the same set into several
//! instruments, and the next unit the same set again; converting it (and
//! checking its keys for secrets) cost about 95 instructions per
//! attribute per recording (BENCHMARKS.md, "Metrics").
//!
//! What a conversion depends on besides the attributes is part of the
//! entry: the value length limit, and whether the redaction rules were
//! installed (they never change after). A set holding an owned string is
//! never kept (comparing its text would cost what converting it does).

use std::cell::RefCell;

use crate::otel::convert::{attribute_ref, AttributeRules};
use crate::redaction::KnownKeys;
use crate::{KeyValue, Value};

/// Sets longer than this are converted each time, not kept.
const MAX_KEPT: usize = 8;

/// An attribute's identity: its key's address and length, its value's
/// kind and its bits (or a string's address and length).
type Ident = [u64; 5];

fn ident(kv: &KeyValue) -> Option<Ident> {
    let key = kv.key.as_static()?;
    let (kind, a, b) = match &kv.value {
        Value::Bool(v) => (0, u64::from(*v), 0),
        Value::I64(v) => (1, *v as u64, 0),
        Value::U64(v) => (2, *v, 0),
        Value::F64(v) => (3, v.to_bits(), 0),
        Value::Str(std::borrow::Cow::Borrowed(s)) => {
            (4, s.as_ptr() as usize as u64, s.len() as u64)
        }
        Value::Str(std::borrow::Cow::Owned(_)) => return None,
    };
    Some([key.as_ptr() as usize as u64, key.len() as u64, kind, a, b])
}

/// Whether `kv` has the identity `id` ([`ident`] without building one:
/// the key first, then the value, leaving at the first difference).
#[inline(always)]
fn same(kv: &KeyValue, id: &Ident) -> bool {
    let Some(key) = kv.key.as_static() else {
        return false;
    };
    if key.as_ptr() as usize as u64 != id[0] || key.len() as u64 != id[1] {
        return false;
    }
    match &kv.value {
        Value::Str(std::borrow::Cow::Borrowed(s)) => {
            id[2] == 4 && id[3] == s.as_ptr() as usize as u64 && id[4] == s.len() as u64
        }
        Value::I64(v) => id[2] == 1 && id[3] == *v as u64,
        Value::U64(v) => id[2] == 2 && id[3] == *v,
        Value::F64(v) => id[2] == 3 && id[3] == v.to_bits(),
        Value::Bool(v) => id[2] == 0 && id[3] == u64::from(*v),
        Value::Str(std::borrow::Cow::Owned(_)) => false,
    }
}

struct Kept {
    idents: Vec<Ident>,
    converted: Vec<opentelemetry::KeyValue>,
    limit: usize,
    installed: bool,
}

impl Kept {
    const EMPTY: Kept = Kept {
        idents: Vec::new(),
        converted: Vec::new(),
        limit: 0,
        installed: false,
    };

    /// Whether the kept set is `attributes`' under `limit` (an empty set
    /// is held: it converts to nothing).
    #[inline(always)]
    fn holds(&self, attributes: &[KeyValue], limit: usize, installed: bool) -> bool {
        self.idents.len() == attributes.len()
            && self.limit == limit
            && self.installed == installed
            && attributes
                .iter()
                .zip(&self.idents)
                .all(|(kv, id)| same(kv, id))
    }

    /// Converts and keeps `attributes`; `false` (keeping nothing) when
    /// the set cannot be kept.
    fn keep(
        &mut self,
        attributes: &[KeyValue],
        rules: AttributeRules,
        installed: bool,
        known: &KnownKeys,
    ) -> bool {
        if attributes.is_empty() || attributes.len() > MAX_KEPT {
            return false;
        }
        // The identities and the converted set change together: an entry
        // left empty by a set that cannot be kept holds the empty set, and
        // must convert to nothing.
        self.idents.clear();
        self.converted.clear();
        for kv in attributes {
            match ident(kv) {
                Some(id) => self.idents.push(id),
                None => {
                    self.idents.clear();
                    return false;
                }
            }
        }
        self.converted.extend(
            attributes
                .iter()
                .map(|kv| attribute_ref(kv, rules, known).0),
        );
        self.limit = rules.limit();
        self.installed = installed;
        true
    }
}

thread_local! {
    static KEPT: RefCell<Kept> = const { RefCell::new(Kept::EMPTY) };
}

/// Calls `f` with the converted set kept on this thread when it is
/// `attributes`' (converting and keeping it first if it can be kept);
/// hands `f` back when the set cannot be kept (or the thread's entry is in
/// use: a recording made while recording, or thread teardown).
#[inline]
pub(super) fn with_kept<F: FnOnce(&[opentelemetry::KeyValue])>(
    attributes: &[KeyValue],
    known: &KnownKeys,
    f: F,
) -> Option<F> {
    let limit = AttributeRules::limit_now();
    let installed = crate::redaction::installed();
    let mut f = Some(f);
    let _ = KEPT.try_with(|cell| {
        let Ok(mut kept) = cell.try_borrow_mut() else {
            return;
        };
        if kept.holds(attributes, limit, installed)
            || kept.keep(attributes, AttributeRules::now(), installed, known)
        {
            if let Some(f) = f.take() {
                f(&kept.converted);
            }
        }
    });
    f
}
