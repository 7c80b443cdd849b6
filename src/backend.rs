//! The private contract every backend implements.
//!
//! The public handles in `trace.rs` and `logger.rs` hold one backend value
//! each; `cfg_if!` in those files picks which. Because the no-op backend is
//! compiled in every build, a method added to one backend and not the other
//! fails to compile in the `--all-features` build.

use std::borrow::Cow;

use crate::field::Field;
use crate::propagation::{Headers, SharedRemote};
use crate::{Key, KeyValue, Level, SpanKind, Status, TraceContext, Value};

/// A tracer: starts spans for one instrumentation scope.
pub(crate) trait TracerBackend: Sized {
    /// The span type this tracer starts.
    type Span: SpanBackend;
    /// The builder type this tracer hands out.
    type Builder<'a>: SpanBuilderBackend<Span = Self::Span>
    where
        Self: 'a;

    fn new(scope: Cow<'static, str>) -> Self;
    fn builder(&self, name: Cow<'static, str>) -> Self::Builder<'_>;
    /// A non-owning handle on the span current on this thread.
    fn current() -> Self::Span;
    /// The current span's context, only when that span records (what log
    /// records carry).
    fn current_recording() -> Option<TraceContext>;
    /// Sets the current span's status to `Error` (what error logs do).
    fn mark_current_error(description: &str);

    /// The trace part of a captured `Context`.
    type Context: Clone + Default + Send + Sync + 'static;
    /// What `attach_context` returns; dropping it restores the previous one.
    type ContextGuard;
    fn capture_context() -> Self::Context;
    fn attach_context(cx: &Self::Context) -> Self::ContextGuard;
    /// `base` with a context extracted from a carrier.
    fn with_remote(base: &Self::Context, remote: SharedRemote) -> Self::Context;
    /// The propagation headers of the current context.
    fn outgoing_headers() -> Headers;
    /// `base` with `key=value` put first in the `tracestate` it propagates
    /// (both already validated).
    fn with_tracestate(base: &Self::Context, key: &str, value: &str) -> Self::Context;
}

/// A span being configured before it starts.
pub(crate) trait SpanBuilderBackend: Sized {
    type Span: SpanBackend;

    /// Whether the span could record: when `false`, callers skip building
    /// attributes at all.
    fn is_live(&self) -> bool;
    fn set_kind(&mut self, kind: SpanKind);
    fn push_attribute(&mut self, kv: KeyValue);
    fn push_link(&mut self, cx: TraceContext, attributes: Vec<KeyValue>);
    fn set_parent_span(&mut self, parent: &Self::Span);
    fn set_parent_context(&mut self, cx: TraceContext);
    fn set_root(&mut self);
    fn start(self) -> Self::Span;
}

/// A started span; ends when dropped (if it owns the span).
pub(crate) trait SpanBackend: Send + Sync + Sized {
    /// What `enter` returns; dropping it restores the previous context.
    type Guard;

    fn is_recording(&self) -> bool;
    fn set_attribute(&self, key: Key, value: Value);
    fn add_event(&self, name: Cow<'static, str>, attributes: Vec<KeyValue>);
    fn set_status(&self, status: Status);
    fn update_name(&self, name: Cow<'static, str>);
    fn context(&self) -> Option<TraceContext>;
    fn enter(&self) -> Self::Guard;
    /// Ends the span now; dropping it later does nothing more.
    fn end_in_place(&mut self);
}

/// A logger: writes records for one named component.
pub(crate) trait LoggerBackend: Sized {
    fn new(name: Cow<'static, str>) -> Self;
    fn enabled(&self, level: Level) -> bool;
    fn log(&self, level: Level, event: &str, fields: &[Field<'_>]);
    fn bind(&self, fields: &[Field<'_>]) -> Self;

    /// Scoped fields: a captured set, and the guard of a set made current.
    type Scope: Clone + Default + Send + Sync + 'static;
    type ScopeGuard;
    fn current_scope() -> Self::Scope;
    fn scope_with(base: &Self::Scope, fields: &[Field<'_>]) -> Self::Scope;
    fn enter_scope(scope: &Self::Scope) -> Self::ScopeGuard;
}
