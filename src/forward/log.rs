//! `ForwardLogger`: the log contract of the wrapped backend, or, while the
//! forward is on, `tracing` events.
//!
//! A forwarded record is a `tracing` event: its level mapped (`critical`
//! as `ERROR`), the logger's name as target, the event as `message`, then
//! the bound fields, the scoped fields and the call's fields (the last
//! value of a repeated key wins; a field called `message` is renamed
//! `fields.message`), redacted; its parent is the span current in the
//! subscriber (ours while ours is entered). Whether the subscriber wants
//! it is asked as for its own events: the level against
//! `LevelFilter::current()` first (what `enabled` and the macros check
//! before any field is built), then the callsite's cached interest and the
//! subscriber's `enabled`.

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use tracing_core::{Event, Level as TracingLevel, LevelFilter};

use super::callsite::{self, CallsiteKind, HandleCache, Names, Shape, EVENT_NAME, MAX_FIELDS};
use super::trace::Forwarded;
use super::values::{self, TValue};
use crate::backend::log::LoggerBackend;
use crate::backend::Install;
use crate::bridges::tracing_origin::{self, INTO_TRACING};
use crate::context::thread_slot;
use crate::vocabulary::fields::Field;
use crate::{Config, InitError, Level, Value};

/// Fields a child logger (or a scope) adds to every forwarded record.
type Fields = Arc<[(&'static str, Value)]>;

/// The logger: the wrapped one, and what forwarding needs.
#[derive(Clone, Debug)]
pub(crate) struct ForwardLogger<L> {
    inner: L,
    name: Cow<'static, str>,
    /// Bound fields, kept only while the forward is on (`bind` after `init`
    /// leaves them to the wrapped logger).
    bound: Option<Fields>,
    cache: HandleCache,
}

impl<L> ForwardLogger<L> {
    /// The forward around `inner`, named `name`, in a `const` context
    /// (what `telemetry!()` puts in its `static`).
    pub(crate) const fn wrapping(inner: L, name: &'static str) -> Self {
        ForwardLogger {
            inner,
            name: Cow::Borrowed(name),
            bound: None,
            cache: HandleCache::new(),
        }
    }
}

impl<L: Install> Install for ForwardLogger<L> {
    const RECORDS: bool = L::RECORDS;
    type ConfigPayload = L::ConfigPayload;

    fn install(config: &mut Config) -> Result<(), InitError> {
        L::install(config)
    }

    fn shutdown(deadline: std::time::Duration) -> Result<(), InitError> {
        L::shutdown(deadline)
    }

    fn flush(deadline: std::time::Duration) {
        L::flush(deadline)
    }

    type Capture = L::Capture;

    fn capture_into(config: Config, capture: &L::Capture) -> Config {
        L::capture_into(config, capture)
    }
}

/// Whether a record at `level` may be forwarded (the forward is on).
#[inline]
fn level_forwarded(level: Level) -> bool {
    super::tracing_level(level) <= LevelFilter::current()
}

impl<L: LoggerBackend> LoggerBackend for ForwardLogger<L> {
    const WRITES_JSON: bool = L::WRITES_JSON;
    const EXPORTS_OTLP: bool = L::EXPORTS_OTLP;

    fn new(name: Cow<'static, str>) -> Self {
        ForwardLogger {
            inner: L::new(name.clone()),
            name,
            bound: None,
            cache: HandleCache::default(),
        }
    }

    #[inline]
    fn enabled(&self, level: Level) -> bool {
        match super::on() {
            true => level_forwarded(level),
            false => self.inner.enabled(level),
        }
    }

    #[inline]
    fn admit(&self, level: Level) -> bool {
        match super::on() {
            true => level_forwarded(level),
            false => self.inner.admit(level),
        }
    }

    fn write(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        match super::on() {
            true => self.forward(level, event, fields),
            false => self.inner.write(level, event, fields),
        }
    }

    #[inline]
    fn log(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        match super::on() {
            true => {
                if level_forwarded(level) {
                    self.forward(level, event, fields)
                }
            }
            false => self.inner.log(level, event, fields),
        }
    }

    fn bind(&self, fields: &[Field<'_>]) -> Self {
        let bound = match super::on() {
            true => Some(with_fields(self.bound.as_deref().unwrap_or(&[]), fields)),
            false => None,
        };
        ForwardLogger {
            inner: self.inner.bind(fields),
            name: self.name.clone(),
            bound,
            cache: self.cache.clone(),
        }
    }

    type Scope = ForwardScope<L::Scope>;
    type ScopeGuard = ForwardScopeGuard<L::ScopeGuard>;

    #[inline]
    fn current_scope() -> Self::Scope {
        ForwardScope {
            inner: L::current_scope(),
            fields: match super::on() {
                true => thread_slot::get(&SCOPED).map(|scoped| scoped.0.clone()),
                false => None,
            },
        }
    }

    fn scope_with(base: &Self::Scope, fields: &[Field<'_>]) -> Self::Scope {
        ForwardScope {
            inner: L::scope_with(&base.inner, fields),
            fields: match super::on() && !fields.is_empty() {
                true => Some(with_fields(base.fields.as_deref().unwrap_or(&[]), fields)),
                false => base.fields.clone(),
            },
        }
    }

    #[inline]
    fn enter_scope(scope: &Self::Scope) -> Self::ScopeGuard {
        let inner = L::enter_scope(&scope.inner);
        let value = scope.fields.clone().map(|fields| Arc::new(Scoped(fields)));
        ForwardScopeGuard {
            _fwd: thread_slot::enter(&SCOPED, value),
            _inner: inner,
        }
    }

    fn captured_lines(capture: &L::Capture) -> Vec<String> {
        L::captured_lines(capture)
    }
}

/// `base` then `fields`, owned.
fn with_fields(base: &[(&'static str, Value)], fields: &[Field<'_>]) -> Fields {
    base.iter()
        .cloned()
        .chain(fields.iter().map(|f| (f.key, f.value.to_value())))
        .collect()
}

/// The scoped fields current on this thread, for forwarded records.
#[derive(Debug)]
struct Scoped(Fields);

thread_local! {
    static SCOPED: RefCell<Option<Arc<Scoped>>> = const { RefCell::new(None) };
}

/// Scoped fields: the wrapped backend's, and ours while the forward is on.
#[derive(Clone, Debug, Default)]
pub(crate) struct ForwardScope<S> {
    inner: S,
    fields: Option<Fields>,
}

/// What entering a scope returns: our scoped fields are restored first,
/// then the wrapped backend's (declaration order is drop order).
#[derive(Debug)]
pub(crate) struct ForwardScopeGuard<G> {
    _fwd: thread_slot::Guard<Scoped>,
    _inner: G,
}

impl<L: LoggerBackend> ForwardLogger<L> {
    /// Hands a record to `tracing` (the level passed).
    #[inline(never)]
    fn forward(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        let Some(_crossing) = tracing_origin::cross(INTO_TRACING) else {
            return;
        };
        let bound = self.bound.as_deref().unwrap_or(&[]);
        thread_slot::with(&SCOPED, |scoped| {
            let scoped = scoped.map_or(&[][..], |scoped| &scoped.0[..]);
            let all = bound
                .iter()
                .chain(scoped)
                .map(|(key, value)| (values::field_name(key), values::of_static_value(key, value)))
                .chain(fields.iter().map(|field| {
                    (
                        values::field_name(field.key),
                        values::of_field(field.key, &field.value),
                    )
                }));
            emit(
                super::tracing_level(level),
                &self.name,
                event,
                Some(&self.cache),
                None,
                all,
            );
        });
    }
}

/// Dispatches one `tracing` event: `message` first, then `fields` (the
/// last value of a repeated name wins); inside `parent` when given (to its
/// dispatcher), else in the current span of the current dispatcher. The
/// caller marked the thread as crossing into `tracing`.
pub(super) fn emit<'v>(
    level: TracingLevel,
    target: &'v str,
    message: &'v str,
    cache: Option<&HandleCache>,
    parent: Option<&Forwarded>,
    fields: impl Iterator<Item = (&'v str, TValue<'v>)> + Clone,
) {
    let mut names = Names::new();
    names.push("message");
    for (name, _) in fields.clone() {
        names.push_unique(name);
    }
    let specific = match names.overflowed() {
        true => None,
        false => callsite::find(
            cache,
            &Shape {
                kind: CallsiteKind::Event,
                level,
                name: EVENT_NAME,
                target,
                fields: names.as_slice(),
            },
        ),
    };
    let callsite = specific.unwrap_or_else(|| callsite::generic(CallsiteKind::Event, level));
    let dispatch = match parent {
        Some(parent) => {
            let (dispatch, _) = parent.parts();
            if !callsite.enabled_in(dispatch) {
                return;
            }
            dispatch.clone()
        }
        None => match callsite.enabled_dispatch() {
            Some(dispatch) => dispatch,
            None => return,
        },
    };
    let declared = callsite.fields();
    let mut slots: [Option<TValue<'_>>; MAX_FIELDS] = std::array::from_fn(|_| None);
    let mut set = |name: &str, value: TValue<'v>| {
        if let Some(i) = declared.iter().position(|f| f.name() == name) {
            slots[i] = Some(value);
        }
    };
    set("message", TValue::Str(message));
    match specific {
        Some(_) => fields.for_each(|(name, value)| set(name, value)),
        None => {
            set("logger", TValue::Str(target));
            set("fields", TValue::Owned(values::render(fields)));
        }
    }
    let pairs: [_; MAX_FIELDS] = std::array::from_fn(|i| match declared.get(i) {
        Some(field) => (field, slots[i].as_ref().map(TValue::as_value)),
        None => (&declared[0], None),
    });
    let meta = callsite.meta();
    let values = meta.fields().value_set(&pairs);
    match parent {
        Some(parent) => {
            let (_, id) = parent.parts();
            dispatch.event(&Event::new_child_of(id.clone(), meta, &values));
        }
        None => dispatch.event(&Event::new(meta, &values)),
    }
}
