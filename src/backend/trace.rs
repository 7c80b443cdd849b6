//! The trace axis: tracer, span builder and span. The `cfg_if!` below is
//! the one place that picks the trace backend: OpenTelemetry (`otel`) or
//! the no-op one, wrapped by the `tracing` forward (`tracing-forward`).

use std::borrow::Cow;
use std::pin::Pin;

use super::Install;
use crate::testing::SpanRecord;
use crate::{Key, KeyValue, SpanKind, SpanLoss, Status, TraceContext, Value};

cfg_if::cfg_if! {
    if #[cfg(all(feature = "tracing-forward", feature = "otel"))] {
        pub(crate) type SelectedTracer = crate::forward::ForwardTracer<crate::otel::OtelTracer>;
        impl SelectedTracer {
            /// The forward around [`OtelTracer::named`], in a `const` context.
            pub(crate) const fn named(scope: &'static str) -> Self {
                crate::forward::ForwardTracer::wrapping(crate::otel::OtelTracer::named(scope), scope)
            }
        }
    } else if #[cfg(feature = "tracing-forward")] {
        pub(crate) type SelectedTracer = crate::forward::ForwardTracer<crate::noop::trace::NoopTracer>;
        impl SelectedTracer {
            /// The forward around [`NoopTracer::named`], in a `const` context.
            pub(crate) const fn named(scope: &'static str) -> Self {
                crate::forward::ForwardTracer::wrapping(crate::noop::trace::NoopTracer::named(scope), scope)
            }
        }
    } else if #[cfg(feature = "otel")] {
        pub(crate) use crate::otel::OtelTracer as SelectedTracer;
    } else {
        pub(crate) use crate::noop::trace::NoopTracer as SelectedTracer;
    }
}

/// The span type of the selected backend.
pub(crate) type SelectedSpan = <SelectedTracer as TracerBackend>::Span;
/// The span builder type of the selected backend.
pub(crate) type SelectedBuilder<'a> = <SelectedTracer as TracerBackend>::Builder<'a>;
/// What entering a span of the selected backend returns.
pub(crate) type SelectedEnterGuard = <SelectedSpan as SpanBackend>::Guard;

/// A tracer: starts spans for one instrumentation scope.
pub(crate) trait TracerBackend: Install + Sized {
    /// The span type this tracer starts.
    type Span: SpanBackend;
    /// The builder type this tracer hands out.
    type Builder<'a>: SpanBuilderBackend<Span = Self::Span>
    where
        Self: 'a;

    /// Whether `SpanExport::Otlp` can export (the `otlp` sub-feature).
    const EXPORTS_OTLP: bool;

    fn new(scope: Cow<'static, str>) -> Self;
    fn builder(&self, name: Cow<'static, str>) -> Self::Builder<'_>;
    /// A non-owning handle on the span current on this thread.
    fn current() -> Self::Span;
    /// The current span's context, recording or not; allocates nothing.
    fn current_context() -> Option<TraceContext>;
    /// The current span's context, only when that span records (what log
    /// records carry). Allocates nothing.
    #[allow(dead_code)] // used by log backends; unused in builds without one
    fn current_recording() -> Option<TraceContext>;
    /// Sets the current span's status to `Error` (what error logs do).
    #[allow(dead_code)] // used by log backends; unused in builds without one
    fn mark_current_error(description: &str);

    /// What the export path lost, read after shutdown.
    fn span_loss() -> SpanLoss;
    /// The spans a capture holds, in the crate's own vocabulary.
    fn captured_spans(capture: &Self::Capture) -> Vec<SpanRecord>;
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
    /// How `Instrumented` holds its inner future, which it drops with the
    /// span entered: [`Option`] where entering does something, the future
    /// itself ([`Direct`]) where it does not (no byte more).
    type FutureSlot<F>: FutureSlot<F>;

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

/// A future held by a span-carrying wrapper, that can be dropped early (in
/// place: it is pinned).
pub(crate) trait FutureSlot<F> {
    fn new(future: F) -> Self;
    /// The future, unless it was dropped.
    fn get(self: Pin<&mut Self>) -> Option<Pin<&mut F>>;
    /// Drops the future now, where that is needed for it to happen with the
    /// span entered; else leaves it to be dropped with the wrapper.
    fn drop_now(self: Pin<&mut Self>);
}

impl<F> FutureSlot<F> for Option<F> {
    #[inline]
    fn new(future: F) -> Self {
        Some(future)
    }
    #[inline]
    fn get(self: Pin<&mut Self>) -> Option<Pin<&mut F>> {
        self.as_pin_mut()
    }
    #[inline]
    fn drop_now(mut self: Pin<&mut Self>) {
        self.set(None);
    }
}

pin_project_lite::pin_project! {
    /// The future itself: for backends whose `enter` does nothing.
    #[derive(Debug)]
    pub(crate) struct Direct<F> {
        #[pin]
        future: F,
    }
}

impl<F> FutureSlot<F> for Direct<F> {
    #[inline(always)]
    fn new(future: F) -> Self {
        Direct { future }
    }
    #[inline(always)]
    fn get(self: Pin<&mut Self>) -> Option<Pin<&mut F>> {
        Some(self.project().future)
    }
    #[inline(always)]
    fn drop_now(self: Pin<&mut Self>) {}
}

/// How the selected span backend holds an instrumented future.
pub(crate) type SelectedFutureSlot<F> = <SelectedSpan as SpanBackend>::FutureSlot<F>;

/// The current span's context, recording or not.
#[inline]
pub(crate) fn current_context() -> Option<TraceContext> {
    SelectedTracer::current_context()
}

/// The current span's context when it records; what log records carry.
#[inline]
#[allow(dead_code)] // used by log backends; unused in builds without one
pub(crate) fn current_recording() -> Option<TraceContext> {
    SelectedTracer::current_recording()
}

/// Sets the current span's status to `Error`; what error logs do.
#[inline]
#[allow(dead_code)] // used by log backends; unused in builds without one
pub(crate) fn mark_current_error(description: &str) {
    SelectedTracer::mark_current_error(description)
}
