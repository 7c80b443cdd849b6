//! `tracing` callsites for our spans and records.
//!
//! `tracing` describes every span and event by a `&'static Metadata`: name,
//! target, level, kind and field names, owned by a registered callsite. Our
//! names are dynamic (a logger's name, a span's name, an attribute key
//! made at run time), so a callsite is made, leaked and registered with
//! `tracing_core::callsite::register` the first time a distinct shape —
//! kind, level, name, target, field names in order — is seen: the
//! subscriber then caches its interest in it and filters it as one of its
//! own. At most [`MAX_CALLSITES`] are made (and [`MAX_STRINGS`] distinct
//! strings leaked for them); past the bound, and for a shape with more than
//! [`MAX_FIELDS`] fields, the generic callsite of the kind and level is
//! used, which carries the name, the target and the fields as values
//! ([`generic`]).
//!
//! A handle (tracer, logger) keeps the last few callsites it used in a
//! [`HandleCache`]: indices into [`TABLE`], read without a lock and
//! compared field by field, so a call site that repeats itself neither
//! hashes nor locks. A miss looks in the registry under a read lock, and
//! makes the callsite under the write lock; the registration with
//! `tracing-core` (which calls into the subscribers) happens after the lock
//! is released. Until it is done, the callsite's interest is unknown and
//! the subscriber is asked each time.
//!
//! A span callsite can learn: an attribute set after the span started whose
//! key the callsite did not declare (a `tracing` span's fields are fixed
//! when it is made) is lost for that span, and the key is added to a
//! successor callsite that the next spans of the same shape use
//! ([`ForwardCallsite::learn`]).

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};
use std::sync::RwLock;

use once_cell::sync::{Lazy, OnceCell};
use tracing_core::callsite::{Callsite, Identifier};
use tracing_core::field::{Field, FieldSet};
use tracing_core::metadata::Kind;
use tracing_core::subscriber::Interest;
use tracing_core::{Dispatch, Level, Metadata};

/// Callsites made at most (their metadata, field names and strings stay
/// allocated for the life of the process).
pub(super) const MAX_CALLSITES: usize = 1024;
/// Fields of one callsite at most (what `tracing`'s own macros allowed for
/// years); a span or record with more goes through the generic callsite.
pub(super) const MAX_FIELDS: usize = 32;
/// Distinct strings (names, targets, field names) leaked at most.
const MAX_STRINGS: usize = 4096;

/// The metadata name of every forwarded record: our event name is the
/// `message` (it may be made at run time; the callsite does not depend on
/// it).
pub(super) const EVENT_NAME: &str = "event";
/// The fields that close every span callsite: what `tracing-opentelemetry`
/// reads (a renamed span, its kind, its status), recorded only when set.
pub(super) const SPAN_SUFFIX: [&str; 4] = [
    "otel.name",
    "otel.kind",
    "otel.status_code",
    "otel.status_message",
];

/// Whether a callsite describes a span or an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum CallsiteKind {
    Span,
    Event,
}

/// What a callsite is looked up by.
#[derive(Debug)]
pub(super) struct Shape<'a> {
    pub(super) kind: CallsiteKind,
    pub(super) level: Level,
    pub(super) name: &'a str,
    pub(super) target: &'a str,
    pub(super) fields: &'a [&'a str],
}

impl Shape<'_> {
    fn hash_value(&self) -> u64 {
        let mut h = DefaultHasher::new();
        self.kind.hash(&mut h);
        self.level.hash(&mut h);
        self.name.hash(&mut h);
        self.target.hash(&mut h);
        self.fields.hash(&mut h);
        h.finish()
    }
}

/// Field names collected on the stack, up to [`MAX_FIELDS`].
pub(super) struct Names<'a> {
    names: [&'a str; MAX_FIELDS],
    len: usize,
    overflow: bool,
}

impl<'a> Names<'a> {
    pub(super) fn new() -> Names<'a> {
        Names {
            names: [""; MAX_FIELDS],
            len: 0,
            overflow: false,
        }
    }

    /// Adds `name`, unless it is there already.
    pub(super) fn push_unique(&mut self, name: &'a str) {
        if self.position(name).is_none() {
            self.push(name);
        }
    }

    /// Adds `name`.
    pub(super) fn push(&mut self, name: &'a str) {
        match self.names.get_mut(self.len) {
            Some(slot) => {
                *slot = name;
                self.len += 1;
            }
            None => self.overflow = true,
        }
    }

    pub(super) fn position(&self, name: &str) -> Option<usize> {
        self.as_slice().iter().position(|n| *n == name)
    }

    /// Whether more than [`MAX_FIELDS`] names were pushed.
    pub(super) fn overflowed(&self) -> bool {
        self.overflow
    }

    pub(super) fn as_slice(&self) -> &[&'a str] {
        &self.names[..self.len]
    }
}

const INTEREST_UNKNOWN: u8 = 0;
const INTEREST_NEVER: u8 = 1;
const INTEREST_SOMETIMES: u8 = 2;
const INTEREST_ALWAYS: u8 = 3;

/// One of our callsites, leaked: `'static` as `tracing` requires.
pub(super) struct ForwardCallsite {
    /// Set once, right after the callsite is leaked (the metadata names the
    /// callsite, so it can only be made then).
    metadata: OnceCell<Metadata<'static>>,
    /// Its fields, in order: what a `ValueSet` is made of.
    fields: OnceCell<Box<[Field]>>,
    interest: AtomicU8,
    kind: CallsiteKind,
    /// The callsite that declares one field more (a learned key).
    next: OnceCell<&'static ForwardCallsite>,
}

impl ForwardCallsite {
    /// Leaks a callsite for `shape`, whose strings are already `'static`.
    fn leak(
        kind: CallsiteKind,
        level: Level,
        name: &'static str,
        target: &'static str,
        fields: &'static [&'static str],
    ) -> &'static ForwardCallsite {
        let callsite: &'static ForwardCallsite = Box::leak(Box::new(ForwardCallsite {
            metadata: OnceCell::new(),
            fields: OnceCell::new(),
            interest: AtomicU8::new(INTEREST_UNKNOWN),
            kind,
            next: OnceCell::new(),
        }));
        let tracing_kind = match kind {
            CallsiteKind::Span => Kind::SPAN,
            CallsiteKind::Event => Kind::EVENT,
        };
        let metadata = Metadata::new(
            name,
            target,
            level,
            None,
            None,
            None,
            FieldSet::new(fields, Identifier(callsite)),
            tracing_kind,
        );
        let _ = callsite.metadata.set(metadata);
        let _ = callsite
            .fields
            .set(callsite.meta().fields().iter().collect());
        callsite
    }

    /// The metadata.
    pub(super) fn meta(&'static self) -> &'static Metadata<'static> {
        self.metadata.get().unwrap_or(&PLACEHOLDER_METADATA)
    }

    /// The fields, in order (never empty: every callsite has a `message` or
    /// an `otel.name` field).
    pub(super) fn fields(&'static self) -> &'static [Field] {
        self.fields.get().map_or(&[], |f| f)
    }

    /// The newest callsite of this shape: this one, or what learned keys
    /// made from it.
    pub(super) fn latest(&'static self) -> &'static ForwardCallsite {
        let mut callsite = self;
        while let Some(next) = callsite.next.get() {
            callsite = next;
        }
        callsite
    }

    /// The dispatcher to send to, when the current one wants this callsite
    /// (the subscriber's cached interest, then its `enabled`).
    pub(super) fn enabled_dispatch(&'static self) -> Option<Dispatch> {
        let interest = self.interest.load(Ordering::Relaxed);
        if interest == INTEREST_NEVER {
            return None;
        }
        let meta = self.meta();
        tracing_core::dispatcher::get_default(|dispatch| {
            (interest == INTEREST_ALWAYS || dispatch.enabled(meta)).then(|| dispatch.clone())
        })
    }

    /// Whether `dispatch` wants this callsite (for a span's events, which go
    /// to the span's dispatcher).
    pub(super) fn enabled_in(&'static self, dispatch: &Dispatch) -> bool {
        match self.interest.load(Ordering::Relaxed) {
            INTEREST_NEVER => false,
            INTEREST_ALWAYS => true,
            _ => dispatch.enabled(self.meta()),
        }
    }

    /// Makes the next spans of this shape declare `key` too (see the
    /// module's notes); nothing past the bounds.
    pub(super) fn learn(&'static self, key: &str) {
        let latest = self.latest();
        let meta = latest.meta();
        if latest.kind != CallsiteKind::Span || meta.fields().field(key).is_some() {
            return;
        }
        // The declared names, then `key`, then the suffix again.
        let mut names = Names::new();
        for name in meta.fields().iter() {
            if !SPAN_SUFFIX.contains(&name.name()) {
                names.push(name.name());
            }
        }
        names.push(key);
        for name in SPAN_SUFFIX {
            names.push(name);
        }
        if names.overflowed() {
            return;
        }
        let shape = Shape {
            kind: CallsiteKind::Span,
            level: *meta.level(),
            name: meta.name(),
            target: meta.target(),
            fields: names.as_slice(),
        };
        if let Some(learned) = find(None, &shape) {
            if !std::ptr::eq(learned, latest) {
                let _ = latest.next.set(learned);
            }
        }
    }

    fn note_interest(&self, interest: &Interest) {
        let value = if interest.is_never() {
            INTEREST_NEVER
        } else if interest.is_always() {
            INTEREST_ALWAYS
        } else {
            INTEREST_SOMETIMES
        };
        self.interest.store(value, Ordering::Relaxed);
    }

    fn matches(&'static self, shape: &Shape<'_>) -> bool {
        let meta = self.meta();
        self.kind == shape.kind
            && *meta.level() == shape.level
            && meta.name() == shape.name
            && meta.target() == shape.target
            && meta.fields().len() == shape.fields.len()
            && meta
                .fields()
                .iter()
                .zip(shape.fields)
                .all(|(field, name)| field.name() == *name)
    }
}

impl Callsite for ForwardCallsite {
    fn set_interest(&self, interest: Interest) {
        self.note_interest(&interest);
    }

    fn metadata(&self) -> &Metadata<'_> {
        self.metadata.get().unwrap_or(&PLACEHOLDER_METADATA)
    }
}

/// What a callsite's `metadata()` would return in the instant between its
/// leak and the setting of its metadata (never observed: a callsite is
/// handed out and registered only once it has its metadata).
struct Placeholder;

impl Callsite for Placeholder {
    fn set_interest(&self, _interest: Interest) {}

    fn metadata(&self) -> &Metadata<'_> {
        &PLACEHOLDER_METADATA
    }
}

static PLACEHOLDER: Placeholder = Placeholder;

static PLACEHOLDER_METADATA: Metadata<'static> = Metadata::new(
    "telemetry_facade",
    "telemetry_facade",
    Level::TRACE,
    None,
    None,
    None,
    FieldSet::new(&[], Identifier(&PLACEHOLDER)),
    Kind::EVENT,
);

/// Callsites by index, read without a lock by the handles' caches.
static TABLE: [OnceCell<&'static ForwardCallsite>; MAX_CALLSITES] =
    [const { OnceCell::new() }; MAX_CALLSITES];

/// The registry: callsites by the hash of their shape, and the strings
/// leaked for them.
#[derive(Default)]
struct Registry {
    by_shape: HashMap<u64, Vec<u32>>,
    /// Indices by the address of the callsite's metadata.
    by_metadata: HashMap<usize, u32>,
    strings: HashSet<&'static str>,
    len: usize,
}

impl Registry {
    fn lookup(&self, hash: u64, shape: &Shape<'_>) -> Option<(u32, &'static ForwardCallsite)> {
        self.by_shape.get(&hash)?.iter().find_map(|&index| {
            let callsite = *TABLE.get(index as usize)?.get()?;
            callsite.matches(shape).then_some((index, callsite))
        })
    }

    /// `s` as a leaked string (the same one for the same text).
    fn intern(&mut self, s: &str) -> Option<&'static str> {
        if let Some(found) = self.strings.get(s) {
            return Some(found);
        }
        if self.strings.len() >= MAX_STRINGS {
            return None;
        }
        let leaked: &'static str = Box::leak(Box::from(s));
        self.strings.insert(leaked);
        Some(leaked)
    }

    /// Makes the callsite of `shape` (its strings leaked, it is not yet
    /// registered with `tracing-core`); `None` past the bounds.
    fn make(&mut self, hash: u64, shape: &Shape<'_>) -> Option<(u32, &'static ForwardCallsite)> {
        if self.len >= MAX_CALLSITES {
            return None;
        }
        let needed = 2 + shape.fields.len();
        if self.strings.len() + needed > MAX_STRINGS {
            return None;
        }
        let name = self.intern(shape.name)?;
        let target = self.intern(shape.target)?;
        let mut fields = Vec::with_capacity(shape.fields.len());
        for field in shape.fields {
            fields.push(self.intern(field)?);
        }
        let fields: &'static [&'static str] = Box::leak(fields.into_boxed_slice());
        let callsite = ForwardCallsite::leak(shape.kind, shape.level, name, target, fields);
        let index = u32::try_from(self.len).ok()?;
        TABLE.get(self.len)?.set(callsite).ok()?;
        self.len += 1;
        self.by_shape.entry(hash).or_default().push(index);
        self.by_metadata
            .insert(callsite.meta() as *const Metadata<'static> as usize, index);
        Some((index, callsite))
    }
}

static REGISTRY: Lazy<RwLock<Registry>> = Lazy::new(Default::default);

/// The last few callsites a handle used, as indices into [`TABLE`] plus
/// one (`0`: empty).
#[derive(Debug, Default)]
pub(super) struct HandleCache {
    slots: [AtomicU32; 4],
    next: AtomicU8,
}

impl Clone for HandleCache {
    fn clone(&self) -> HandleCache {
        HandleCache {
            slots: std::array::from_fn(|i| AtomicU32::new(self.slots[i].load(Ordering::Relaxed))),
            next: AtomicU8::new(0),
        }
    }
}

impl HandleCache {
    /// An empty cache, in a `const` context.
    pub(super) const fn new() -> HandleCache {
        HandleCache {
            slots: [const { AtomicU32::new(0) }; 4],
            next: AtomicU8::new(0),
        }
    }

    fn probe(&self, shape: &Shape<'_>) -> Option<&'static ForwardCallsite> {
        self.slots.iter().find_map(|slot| {
            let index = slot.load(Ordering::Relaxed).checked_sub(1)?;
            let callsite = *TABLE.get(index as usize)?.get()?;
            callsite.matches(shape).then_some(callsite)
        })
    }

    fn keep(&self, index: u32) {
        let at = usize::from(self.next.fetch_add(1, Ordering::Relaxed)) % self.slots.len();
        self.slots[at].store(index + 1, Ordering::Relaxed);
    }
}

/// The callsite of `shape`, made and registered the first time; `None`
/// past the bounds (the caller then uses [`generic`]).
pub(super) fn find(
    cache: Option<&HandleCache>,
    shape: &Shape<'_>,
) -> Option<&'static ForwardCallsite> {
    if let Some(found) = cache.and_then(|cache| cache.probe(shape)) {
        return Some(found);
    }
    let hash = shape.hash_value();
    let read = REGISTRY
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .lookup(hash, shape);
    let (index, callsite) = match read {
        Some(found) => found,
        None => {
            let made = {
                let mut registry = REGISTRY
                    .write()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                match registry.lookup(hash, shape) {
                    Some(found) => Some((found, false)),
                    None => registry.make(hash, shape).map(|made| (made, true)),
                }
            };
            let (found, new) = made?;
            if new {
                // Outside the lock: this calls into the subscribers.
                tracing_core::callsite::register(found.1);
            }
            found
        }
    };
    if let Some(cache) = cache {
        cache.keep(index);
    }
    Some(callsite)
}

/// The callsite of ours `metadata` belongs to (`None` for the
/// application's own callsites and the generic ones, which learn nothing).
pub(super) fn ours(metadata: &'static Metadata<'static>) -> Option<&'static ForwardCallsite> {
    let address = metadata as *const Metadata<'static> as usize;
    let index = *REGISTRY
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .by_metadata
        .get(&address)?;
    TABLE.get(index as usize)?.get().copied()
}

/// The fields of the generic callsites: the name (`otel.name` for a span,
/// `message` for a record), the target as `logger`, the fields as one
/// `fields` value (`key=value` pairs).
pub(super) const GENERIC_EVENT_FIELDS: [&str; 3] = ["message", "logger", "fields"];
/// See [`GENERIC_EVENT_FIELDS`]; then the rest of the span suffix.
pub(super) const GENERIC_SPAN_FIELDS: [&str; 6] = [
    "otel.name",
    "logger",
    "fields",
    "otel.kind",
    "otel.status_code",
    "otel.status_message",
];
/// Target and name of the generic callsites.
const GENERIC_TARGET: &str = "telemetry_facade";

/// The generic callsite of a kind and level, outside the bounds (six at
/// most: five event levels, one span level).
pub(super) fn generic(kind: CallsiteKind, level: Level) -> &'static ForwardCallsite {
    static GENERIC: [OnceCell<&'static ForwardCallsite>; 6] = [const { OnceCell::new() }; 6];
    let (slot, name, fields): (usize, &'static str, &'static [&'static str]) = match kind {
        CallsiteKind::Span => (5, "telemetry_facade.span", &GENERIC_SPAN_FIELDS),
        CallsiteKind::Event => {
            let slot = match level {
                Level::ERROR => 0,
                Level::WARN => 1,
                Level::INFO => 2,
                Level::DEBUG => 3,
                _ => 4,
            };
            (slot, EVENT_NAME, &GENERIC_EVENT_FIELDS)
        }
    };
    let mut new = false;
    let callsite = GENERIC[slot].get_or_init(|| {
        new = true;
        ForwardCallsite::leak(kind, level, name, GENERIC_TARGET, fields)
    });
    if new {
        tracing_core::callsite::register(*callsite);
    }
    callsite
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape<'a>(name: &'a str, fields: &'a [&'a str]) -> Shape<'a> {
        Shape {
            kind: CallsiteKind::Event,
            level: Level::INFO,
            name,
            target: "forward::tests",
            fields,
        }
    }

    #[test]
    fn one_callsite_per_shape_and_the_cache_finds_it() {
        let cache = HandleCache::default();
        let a = find(Some(&cache), &shape("a", &["message", "x"])).unwrap();
        let again = find(Some(&cache), &shape("a", &["message", "x"])).unwrap();
        assert!(std::ptr::eq(a, again));
        assert!(cache.probe(&shape("a", &["message", "x"])).is_some());
        let other_fields = find(Some(&cache), &shape("a", &["message", "y"])).unwrap();
        assert!(!std::ptr::eq(a, other_fields));
        let other_name = find(None, &shape("b", &["message", "x"])).unwrap();
        assert!(!std::ptr::eq(a, other_name));
        let meta = a.meta();
        assert_eq!(meta.name(), "a");
        assert_eq!(meta.target(), "forward::tests");
        assert_eq!(*meta.level(), Level::INFO);
        assert!(meta.is_event());
        let names: Vec<&str> = a.fields().iter().map(|f| f.name()).collect();
        assert_eq!(names, ["message", "x"]);
        // The metadata names the callsite it belongs to.
        assert!(meta.callsite() == Identifier(a));
    }

    #[test]
    fn a_learned_key_makes_a_successor() {
        let fields = [
            "db.system",
            SPAN_SUFFIX[0],
            SPAN_SUFFIX[1],
            SPAN_SUFFIX[2],
            SPAN_SUFFIX[3],
        ];
        let span = Shape {
            kind: CallsiteKind::Span,
            level: Level::INFO,
            name: "learning",
            target: "forward::tests",
            fields: &fields,
        };
        let first = find(None, &span).unwrap();
        first.learn("db.rows");
        first.learn("db.rows");
        let latest = first.latest();
        assert!(!std::ptr::eq(first, latest));
        let names: Vec<&str> = latest.fields().iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "db.system",
                "db.rows",
                "otel.name",
                "otel.kind",
                "otel.status_code",
                "otel.status_message"
            ]
        );
        // A key it declares is not learned again.
        latest.learn("db.system");
        assert!(std::ptr::eq(first.latest(), latest));
    }

    #[test]
    fn names_keep_at_most_max_fields() {
        let mut names = Names::new();
        for _ in 0..MAX_FIELDS {
            names.push("k");
        }
        assert!(!names.overflowed());
        names.push("one too many");
        assert!(names.overflowed());
        assert_eq!(names.as_slice().len(), MAX_FIELDS);
    }
}
