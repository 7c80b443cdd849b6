//! `ForwardTracer`, `ForwardSpanBuilder` and `ForwardSpan`: the trace
//! contract of the wrapped backend, plus a `tracing` span while the forward
//! is on.
//!
//! A forwarded span is a `tracing` span of the same name, its tracer's
//! scope as target, at level `INFO`, its attributes as fields (redacted),
//! `otel.kind` when its kind is not `Internal`. Its parent: the explicit
//! parent's `tracing` span (none when that parent was not forwarded: a
//! root), none for `root()` and for a remote parent, else the span current
//! in the subscriber (contextual), which is ours while ours is entered:
//! nesting follows ours. Entering ours enters it (on the thread that polls,
//! for `FutureExt::in_span`), leaving ours leaves it; ending ours closes it
//! (once nothing else holds it: a `Context` captured inside it keeps it
//! open, as a clone of a `tracing` span does). Attributes set later are
//! recorded when its callsite declares them, else learned for the next
//! spans of that shape; events are `tracing` events inside it (an
//! `exception` at `ERROR`, others at `INFO`); the status is recorded as
//! `otel.status_code`/`otel.status_message`, `update_name` as `otel.name`.

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Dispatch, LevelFilter, Metadata};

use super::callsite::{self, CallsiteKind, HandleCache, Names, Shape, MAX_FIELDS, SPAN_SUFFIX};
use super::values::{self, TValue};
use super::SPAN_LEVEL;
use crate::backend::trace::{SpanBackend, SpanBuilderBackend, TracerBackend};
use crate::backend::Install;
use crate::bridges::tracing_origin::{self, INTO_TRACING};
use crate::testing::SpanRecord;
use crate::{Config, InitError, Key, KeyValue, SpanKind, SpanLoss, Status, TraceContext, Value};

/// The tracer: the wrapped one, the scope (the forwarded spans' target)
/// and the callsites it used last.
#[derive(Clone, Debug)]
pub(crate) struct ForwardTracer<T> {
    inner: T,
    scope: Cow<'static, str>,
    cache: HandleCache,
}

impl<T> ForwardTracer<T> {
    /// The forward around `inner`, named `scope`, in a `const` context
    /// (what `telemetry!()` puts in its `static`).
    pub(crate) const fn wrapping(inner: T, scope: &'static str) -> Self {
        ForwardTracer {
            inner,
            scope: Cow::Borrowed(scope),
            cache: HandleCache::new(),
        }
    }
}

impl<T: Install> Install for ForwardTracer<T> {
    const RECORDS: bool = T::RECORDS;
    type ConfigPayload = T::ConfigPayload;

    fn install(config: &mut Config) -> Result<(), InitError> {
        T::install(config)
    }

    fn shutdown(deadline: std::time::Duration) -> Result<(), InitError> {
        T::shutdown(deadline)
    }

    fn flush(deadline: std::time::Duration) {
        T::flush(deadline)
    }

    type Capture = T::Capture;

    fn capture_into(config: Config, capture: &T::Capture) -> Config {
        T::capture_into(config, capture)
    }
}

impl<T: TracerBackend> TracerBackend for ForwardTracer<T> {
    type Span = ForwardSpan<T::Span>;
    type Builder<'a>
        = ForwardSpanBuilder<'a, T::Builder<'a>>
    where
        Self: 'a;

    const EXPORTS_OTLP: bool = T::EXPORTS_OTLP;

    fn new(scope: Cow<'static, str>) -> Self {
        ForwardTracer {
            inner: T::new(scope.clone()),
            scope,
            cache: HandleCache::default(),
        }
    }

    #[inline]
    fn builder(&self, name: Cow<'static, str>) -> Self::Builder<'_> {
        if super::may_forward(SPAN_LEVEL) {
            self.forwarding_builder(name)
        } else {
            ForwardSpanBuilder {
                inner: self.inner.builder(name),
                pending: None,
            }
        }
    }

    #[inline]
    fn current() -> Self::Span {
        ForwardSpan {
            inner: T::current(),
            fwd: current_forwarded(),
        }
    }

    fn current_context() -> Option<TraceContext> {
        T::current_context()
    }

    fn current_recording() -> Option<TraceContext> {
        T::current_recording()
    }

    fn mark_current_error(description: &str) {
        T::mark_current_error(description)
    }

    fn span_loss() -> SpanLoss {
        T::span_loss()
    }

    fn captured_spans(capture: &T::Capture) -> Vec<SpanRecord> {
        T::captured_spans(capture)
    }
}

impl<T: TracerBackend> ForwardTracer<T> {
    #[inline(never)]
    fn forwarding_builder(
        &self,
        name: Cow<'static, str>,
    ) -> ForwardSpanBuilder<'_, T::Builder<'_>> {
        ForwardSpanBuilder {
            inner: self.inner.builder(name.clone()),
            pending: Some(Box::new(Pending {
                scope: &self.scope,
                cache: &self.cache,
                name,
                kind: SpanKind::Internal,
                attributes: Vec::new(),
                parent: Parent::Current,
            })),
        }
    }
}

/// The `tracing` span under way, if the current subscriber has one: what
/// `Span::current()` and `Context::current()` hold while the forward is on.
#[inline]
pub(super) fn current_forwarded() -> Option<Arc<Forwarded>> {
    match super::on() && LevelFilter::current() != LevelFilter::OFF {
        true => current_in_subscriber(),
        false => None,
    }
}

#[inline(never)]
fn current_in_subscriber() -> Option<Arc<Forwarded>> {
    let _crossing = tracing_origin::cross(INTO_TRACING)?;
    tracing_core::dispatcher::get_default(|dispatch| {
        let (id, metadata) = dispatch.current_span().into_inner()?;
        Some(Arc::new(Forwarded::new(
            dispatch.clone(),
            dispatch.clone_span(&id),
            metadata,
        )))
    })
}

/// A span builder: the wrapped one, and what the `tracing` span will be
/// made of while the forward is on.
#[derive(Debug)]
pub(crate) struct ForwardSpanBuilder<'a, B> {
    inner: B,
    pending: Option<Box<Pending<'a>>>,
}

#[derive(Debug)]
struct Pending<'a> {
    scope: &'a str,
    cache: &'a HandleCache,
    name: Cow<'static, str>,
    kind: SpanKind,
    attributes: Vec<KeyValue>,
    parent: Parent,
}

#[derive(Debug)]
enum Parent {
    /// The span current in the subscriber.
    Current,
    /// None.
    Root,
    /// An explicit parent's `tracing` span (`None`: it has none, a root).
    Span(Option<Arc<Forwarded>>),
}

impl<B: SpanBuilderBackend> SpanBuilderBackend for ForwardSpanBuilder<'_, B> {
    type Span = ForwardSpan<B::Span>;

    #[inline]
    fn is_live(&self) -> bool {
        self.pending.is_some() || self.inner.is_live()
    }

    #[inline]
    fn set_kind(&mut self, kind: SpanKind) {
        if let Some(pending) = &mut self.pending {
            pending.kind = kind;
        }
        self.inner.set_kind(kind);
    }

    #[inline]
    fn push_attribute(&mut self, kv: KeyValue) {
        match &mut self.pending {
            Some(pending) => {
                if self.inner.is_live() {
                    self.inner.push_attribute(kv.clone());
                }
                pending.attributes.push(kv);
            }
            None => self.inner.push_attribute(kv),
        }
    }

    #[inline]
    fn push_link(&mut self, cx: TraceContext, attributes: Vec<KeyValue>) {
        // `tracing` has no links to another trace's span.
        self.inner.push_link(cx, attributes);
    }

    #[inline]
    fn set_parent_span(&mut self, parent: &ForwardSpan<B::Span>) {
        if let Some(pending) = &mut self.pending {
            pending.parent = Parent::Span(parent.fwd.clone());
        }
        self.inner.set_parent_span(&parent.inner);
    }

    #[inline]
    fn set_parent_context(&mut self, cx: TraceContext) {
        // A remote parent: a new local root for `tracing`.
        if let Some(pending) = &mut self.pending {
            pending.parent = Parent::Root;
        }
        self.inner.set_parent_context(cx);
    }

    #[inline]
    fn set_root(&mut self) {
        if let Some(pending) = &mut self.pending {
            pending.parent = Parent::Root;
        }
        self.inner.set_root();
    }

    #[inline]
    fn start(self) -> ForwardSpan<B::Span> {
        ForwardSpan {
            inner: self.inner.start(),
            fwd: self.pending.and_then(|pending| (*pending).start()),
        }
    }
}

/// `tracing`'s name of a span kind (`otel.kind`, as `tracing-opentelemetry`
/// and this crate's `tracing` bridge read it).
fn kind_name(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Internal => "internal",
        SpanKind::Server => "server",
        SpanKind::Client => "client",
        SpanKind::Producer => "producer",
        SpanKind::Consumer => "consumer",
    }
}

impl Pending<'_> {
    /// Makes the `tracing` span, when a subscriber wants it.
    #[inline(never)]
    fn start(self) -> Option<Arc<Forwarded>> {
        let _crossing = tracing_origin::cross(INTO_TRACING)?;
        let mut names = Names::new();
        for kv in &self.attributes {
            names.push_unique(kv.key.as_str());
        }
        for name in SPAN_SUFFIX {
            names.push_unique(name);
        }
        let specific = match names.overflowed() {
            true => None,
            false => callsite::find(
                Some(self.cache),
                &Shape {
                    kind: CallsiteKind::Span,
                    level: SPAN_LEVEL,
                    name: &self.name,
                    target: self.scope,
                    fields: names.as_slice(),
                },
            ),
        };
        let callsite = match specific {
            Some(callsite) => callsite.latest(),
            None => callsite::generic(CallsiteKind::Span, SPAN_LEVEL),
        };
        // An explicit parent's dispatcher, else the current one.
        let dispatch = match &self.parent {
            Parent::Span(Some(parent)) => callsite
                .enabled_in(&parent.dispatch)
                .then(|| parent.dispatch.clone())?,
            _ => callsite.enabled_dispatch()?,
        };
        let fields = callsite.fields();
        let mut slots: [Option<TValue<'_>>; MAX_FIELDS] = std::array::from_fn(|_| None);
        let mut set = |name: &str, value| {
            if let Some(i) = fields.iter().position(|f| f.name() == name) {
                slots[i] = Some(value);
            }
        };
        match specific {
            Some(_) => {
                for kv in &self.attributes {
                    set(
                        kv.key.as_str(),
                        values::of_value(kv.key.as_str(), &kv.value),
                    );
                }
            }
            None => {
                let rendered = values::render(self.attributes.iter().map(|kv| {
                    (
                        kv.key.as_str(),
                        values::of_value(kv.key.as_str(), &kv.value),
                    )
                }));
                set("otel.name", TValue::Str(&self.name));
                set("logger", TValue::Str(self.scope));
                set("fields", TValue::Owned(rendered));
            }
        }
        if self.kind != SpanKind::Internal {
            set("otel.kind", TValue::Str(kind_name(self.kind)));
        }
        let pairs: [_; MAX_FIELDS] = std::array::from_fn(|i| match (fields.get(i), &slots[i]) {
            (Some(field), value) => (field, value.as_ref().map(TValue::as_value)),
            (None, _) => (&fields[0], None),
        });
        let meta = callsite.meta();
        let values = meta.fields().value_set(&pairs);
        let attributes = match &self.parent {
            Parent::Current => Attributes::new(meta, &values),
            Parent::Root | Parent::Span(None) => Attributes::new_root(meta, &values),
            Parent::Span(Some(parent)) => Attributes::child_of(parent.id.clone(), meta, &values),
        };
        let id = dispatch.new_span(&attributes);
        Some(Arc::new(Forwarded::new(dispatch, id, meta)))
    }
}

/// A `tracing` span held by one of our handles (or a captured `Context`):
/// closed (once) when the last holder drops it.
pub(crate) struct Forwarded {
    dispatch: Dispatch,
    id: Id,
    metadata: &'static Metadata<'static>,
    /// `Ok` was recorded: the status is final.
    status_final: AtomicBool,
}

impl std::fmt::Debug for Forwarded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Forwarded")
            .field("id", &self.id)
            .field("name", &self.metadata.name())
            .finish_non_exhaustive()
    }
}

impl Forwarded {
    fn new(dispatch: Dispatch, id: Id, metadata: &'static Metadata<'static>) -> Forwarded {
        Forwarded {
            dispatch,
            id,
            metadata,
            status_final: AtomicBool::new(false),
        }
    }

    /// Enters the `tracing` span on this thread until the guard drops.
    pub(super) fn enter(self: &Arc<Self>) -> Entered {
        let _crossing = tracing_origin::mark(INTO_TRACING);
        self.dispatch.enter(&self.id);
        Entered(Arc::clone(self))
    }

    /// The dispatcher and id of the span, for what happens inside it.
    pub(super) fn parts(&self) -> (&Dispatch, &Id) {
        (&self.dispatch, &self.id)
    }

    /// Records values of fields the span declares (at most [`MAX_FIELDS`]).
    fn record(&self, values: &[(&str, TValue<'_>)]) {
        let Some(_crossing) = tracing_origin::cross(INTO_TRACING) else {
            return;
        };
        let fields = self.metadata.fields();
        let found: Vec<_> = values
            .iter()
            .filter_map(|(name, value)| Some((fields.field(name)?, value)))
            .collect();
        let Some((first, _)) = found.first() else {
            return;
        };
        let pairs: [_; MAX_FIELDS] = std::array::from_fn(|i| match found.get(i) {
            Some((field, value)) => (field, Some(value.as_value())),
            None => (first, None),
        });
        self.dispatch
            .record(&self.id, &Record::new(&fields.value_set(&pairs)));
    }

    /// Sets an attribute: recorded when the span declares its key, else
    /// learned by our callsite for the next spans of its shape.
    fn set_attribute(&self, key: &str, value: &Value) {
        if self.metadata.fields().field(key).is_some() {
            self.record(&[(key, values::of_value(key, value))]);
        } else if let Some(ours) = callsite::ours(self.metadata) {
            ours.learn(key);
        }
    }

    /// An event inside the span (`exception`, what `record_error` adds, at
    /// `ERROR`; others at `INFO`).
    fn add_event(&self, name: &str, attributes: &[KeyValue]) {
        let Some(_crossing) = tracing_origin::cross(INTO_TRACING) else {
            return;
        };
        let level = match name {
            "exception" => tracing_core::Level::ERROR,
            _ => tracing_core::Level::INFO,
        };
        let fields = attributes.iter().map(|kv| {
            let key = kv.key.as_str();
            (values::field_name(key), values::of_value(key, &kv.value))
        });
        super::log::emit(
            level,
            self.metadata.target(),
            name,
            None,
            Some(self),
            fields,
        );
    }

    fn set_status(&self, status: &Status) {
        if self.status_final.load(Ordering::Relaxed) {
            return;
        }
        match status {
            Status::Unset => {}
            Status::Ok => {
                self.status_final.store(true, Ordering::Relaxed);
                self.record(&[("otel.status_code", TValue::Str("OK"))]);
            }
            Status::Error { description } => self.record(&[
                ("otel.status_code", TValue::Str("ERROR")),
                ("otel.status_message", TValue::Str(description)),
            ]),
        }
    }
}

impl Drop for Forwarded {
    fn drop(&mut self) {
        let _crossing = tracing_origin::mark(INTO_TRACING);
        self.dispatch.try_close(self.id.clone());
    }
}

/// A `tracing` span entered; leaves it when dropped.
pub(crate) struct Entered(Arc<Forwarded>);

impl Drop for Entered {
    fn drop(&mut self) {
        let _crossing = tracing_origin::mark(INTO_TRACING);
        self.0.dispatch.exit(&self.0.id);
    }
}

impl std::fmt::Debug for Entered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Entered").field(&self.0).finish()
    }
}

/// What entering a span (or attaching a context) returns: the `tracing`
/// span is left first, then the wrapped backend's guard restores its
/// context (declaration order is drop order).
#[derive(Debug)]
pub(crate) struct ForwardGuard<G> {
    pub(super) _fwd: Option<Entered>,
    pub(super) _inner: G,
}

/// A span: the wrapped backend's, and its `tracing` span while forwarded.
#[derive(Debug)]
pub(crate) struct ForwardSpan<S> {
    inner: S,
    fwd: Option<Arc<Forwarded>>,
}

impl<S: SpanBackend> SpanBackend for ForwardSpan<S> {
    type Guard = ForwardGuard<S::Guard>;
    type FutureSlot<F> = Option<F>;

    #[inline]
    fn is_recording(&self) -> bool {
        self.fwd.is_some() || self.inner.is_recording()
    }

    fn set_attribute(&self, key: Key, value: Value) {
        match &self.fwd {
            Some(fwd) => {
                fwd.set_attribute(key.as_str(), &value);
                if self.inner.is_recording() {
                    self.inner.set_attribute(key, value);
                }
            }
            None => self.inner.set_attribute(key, value),
        }
    }

    fn add_event(&self, name: Cow<'static, str>, attributes: Vec<KeyValue>) {
        match &self.fwd {
            Some(fwd) => {
                fwd.add_event(&name, &attributes);
                if self.inner.is_recording() {
                    self.inner.add_event(name, attributes);
                }
            }
            None => self.inner.add_event(name, attributes),
        }
    }

    fn set_status(&self, status: Status) {
        if let Some(fwd) = &self.fwd {
            fwd.set_status(&status);
        }
        if self.inner.is_recording() {
            self.inner.set_status(status);
        }
    }

    fn update_name(&self, name: Cow<'static, str>) {
        if let Some(fwd) = &self.fwd {
            fwd.record(&[("otel.name", TValue::Str(&name))]);
        }
        if self.inner.is_recording() {
            self.inner.update_name(name);
        }
    }

    #[inline]
    fn context(&self) -> Option<TraceContext> {
        self.inner.context()
    }

    #[inline]
    fn enter(&self) -> ForwardGuard<S::Guard> {
        let inner = self.inner.enter();
        ForwardGuard {
            _fwd: self.fwd.as_ref().map(Forwarded::enter),
            _inner: inner,
        }
    }

    #[inline]
    fn end_in_place(&mut self) {
        self.inner.end_in_place();
        self.fwd = None;
    }
}
