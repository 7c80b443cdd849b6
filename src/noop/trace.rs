//! No-op tracer, span builder and span: zero-sized, every method inlines to
//! nothing.

use std::borrow::Cow;

use super::Nothing;
use crate::backend::trace::{Direct, SpanBackend, SpanBuilderBackend, TracerBackend};
use crate::testing::SpanRecord;
use crate::{Key, KeyValue, SpanKind, SpanLoss, Status, TraceContext, Value};

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoopTracer;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoopSpanBuilder;

#[derive(Debug, Default)]
pub(crate) struct NoopSpan;

install_nothing!(NoopTracer);

impl NoopTracer {
    /// [`TracerBackend::new`] for a `'static` name, usable in a `static`.
    #[inline(always)]
    pub(crate) const fn named(_scope: &'static str) -> Self {
        NoopTracer
    }
}

impl TracerBackend for NoopTracer {
    type Span = NoopSpan;
    type Builder<'a> = NoopSpanBuilder;
    const EXPORTS_OTLP: bool = false;

    #[inline(always)]
    fn new(_scope: Cow<'static, str>) -> Self {
        NoopTracer
    }

    #[inline(always)]
    fn builder(&self, _name: Cow<'static, str>) -> NoopSpanBuilder {
        NoopSpanBuilder
    }

    #[inline(always)]
    fn current() -> NoopSpan {
        NoopSpan
    }

    #[inline(always)]
    fn current_context() -> Option<TraceContext> {
        None
    }

    #[inline(always)]
    fn current_recording() -> Option<TraceContext> {
        None
    }

    #[inline(always)]
    fn mark_current_error(_description: &str) {}

    fn span_loss() -> SpanLoss {
        SpanLoss::default()
    }

    fn captured_spans(_capture: &Nothing) -> Vec<SpanRecord> {
        Vec::new()
    }
}

impl SpanBuilderBackend for NoopSpanBuilder {
    type Span = NoopSpan;

    #[inline(always)]
    fn is_live(&self) -> bool {
        false
    }
    #[inline(always)]
    fn set_kind(&mut self, _kind: SpanKind) {}
    #[inline(always)]
    fn push_attribute(&mut self, _kv: KeyValue) {}
    #[inline(always)]
    fn push_link(&mut self, _cx: TraceContext, _attributes: Vec<KeyValue>) {}
    #[inline(always)]
    fn set_parent_span(&mut self, _parent: &NoopSpan) {}
    #[inline(always)]
    fn set_parent_context(&mut self, _cx: TraceContext) {}
    #[inline(always)]
    fn set_root(&mut self) {}
    #[inline(always)]
    fn start(self) -> NoopSpan {
        NoopSpan
    }
}

impl SpanBackend for NoopSpan {
    type Guard = ();
    type FutureSlot<F> = Direct<F>;

    #[inline(always)]
    fn is_recording(&self) -> bool {
        false
    }
    #[inline(always)]
    fn set_attribute(&self, _key: Key, _value: Value) {}
    #[inline(always)]
    fn add_event(&self, _name: Cow<'static, str>, _attributes: Vec<KeyValue>) {}
    #[inline(always)]
    fn set_status(&self, _status: Status) {}
    #[inline(always)]
    fn update_name(&self, _name: Cow<'static, str>) {}
    #[inline(always)]
    fn context(&self) -> Option<TraceContext> {
        None
    }
    #[inline(always)]
    fn enter(&self) {}
    #[inline(always)]
    fn end_in_place(&mut self) {}
}
