//! `OtelTracer`, `OtelSpanBuilder` and `OtelSpan`: the trace contract over
//! `opentelemetry_sdk`.
//!
//! A started span lives inside an `opentelemetry::Context`, so spans made
//! by other OpenTelemetry instrumentation in the same process see ours as
//! their parent, and the other way round.

use std::borrow::Cow;
use std::time::Duration;

use once_cell::sync::OnceCell;
use opentelemetry::trace::{self as ot, TraceContextExt, Tracer as _};
use opentelemetry::{Context, InstrumentationScope};
use opentelemetry_sdk::trace::SdkTracer;

use super::attach::{self, Attached};
use super::escape_hatch::SpanExporters;
use super::span_capture::SpanCapture;
use super::{convert, parent_ids, provider, span_status};
use crate::backend::trace::{SpanBackend, SpanBuilderBackend, TracerBackend};
use crate::backend::Install;
use crate::testing::SpanRecord;
use crate::{Config, InitError, Key, KeyValue, SpanKind, SpanLoss, Status, TraceContext, Value};

#[derive(Clone, Debug)]
pub(crate) struct OtelTracer {
    scope: Cow<'static, str>,
    /// The SDK tracer, made at the first span after `init`.
    sdk: OnceCell<SdkTracer>,
}

impl OtelTracer {
    /// [`TracerBackend::new`] for a `'static` name, usable in a `static`.
    pub(crate) const fn named(scope: &'static str) -> Self {
        OtelTracer {
            scope: Cow::Borrowed(scope),
            sdk: OnceCell::new(),
        }
    }

    #[inline]
    fn sdk(&self) -> Option<&SdkTracer> {
        let provider = provider::active()?;
        Some(self.sdk.get_or_init(|| {
            use opentelemetry::trace::TracerProvider as _;
            provider.tracer_with_scope(InstrumentationScope::builder(self.scope.clone()).build())
        }))
    }
}

impl Install for OtelTracer {
    const RECORDS: bool = true;
    type ConfigPayload = SpanExporters;

    fn install(config: &mut Config) -> Result<(), InitError> {
        provider::install(config)
    }

    fn shutdown(deadline: Duration) -> Result<(), InitError> {
        crate::lifecycle::bounded(deadline, move || provider::shutdown(deadline))
    }

    fn flush(deadline: Duration) {
        let _ = crate::lifecycle::bounded(deadline, || {
            provider::flush();
            Ok(())
        });
    }

    type Capture = SpanCapture;

    fn capture_into(config: Config, capture: &SpanCapture) -> Config {
        config.with_span_exporter(capture.clone())
    }
}

impl TracerBackend for OtelTracer {
    type Span = OtelSpan;
    type Builder<'a> = OtelSpanBuilder<'a>;
    const EXPORTS_OTLP: bool = super::otlp_export::AVAILABLE;

    fn new(scope: Cow<'static, str>) -> Self {
        OtelTracer {
            scope,
            sdk: OnceCell::new(),
        }
    }

    #[inline]
    fn builder(&self, name: Cow<'static, str>) -> OtelSpanBuilder<'_> {
        OtelSpanBuilder {
            live: self.sdk().map(|tracer| {
                let slot = Slot::Building {
                    builder: ot::SpanBuilder::from_name(name),
                    parent: Parent::Current,
                };
                (tracer, Box::new(slot))
            }),
        }
    }

    #[inline]
    fn current() -> OtelSpan {
        Context::map_current(|cx| {
            if cx.has_active_span() {
                OtelSpan {
                    slot: Some(Box::new(Slot::Started(Started {
                        recording: cx.span().is_recording(),
                        cx: cx.clone(),
                        owned: false,
                        has_parent: false,
                    }))),
                }
            } else {
                OtelSpan::NONE
            }
        })
    }

    fn current_context() -> Option<TraceContext> {
        Context::map_current(trace_context_of)
    }

    fn current_recording() -> Option<TraceContext> {
        Context::map_current(|cx| {
            if cx.has_active_span() && cx.span().is_recording() {
                trace_context_of(cx)
            } else {
                None
            }
        })
    }

    fn mark_current_error(description: &str) {
        Context::map_current(|cx| {
            let span = cx.span();
            if cx.has_active_span() && span.is_recording() {
                span_status::set_from_log(span.span_context().span_id(), description);
            }
        })
    }

    fn span_loss() -> SpanLoss {
        provider::span_loss()
    }

    fn captured_spans(capture: &SpanCapture) -> Vec<SpanRecord> {
        capture.records()
    }
}

enum Parent {
    Current,
    Context(Context),
    Root,
}

/// A span's state behind one allocation: the builder's settings, then, in
/// the same box, the started span. The disabled path holds no box at all,
/// so every check on it is a test of one pointer.
enum Slot {
    Building {
        builder: ot::SpanBuilder,
        parent: Parent,
    },
    Started(Started),
}

struct Started {
    /// The context holding the span.
    cx: Context,
    /// Whether dropping this handle ends the span.
    owned: bool,
    /// The sampling decision, fixed at start.
    recording: bool,
    /// Whether the parent side table has an entry for this span.
    has_parent: bool,
}

pub(crate) struct OtelSpanBuilder<'a> {
    /// `None` when nothing can record (before `init`, disabled, shut down).
    live: Option<(&'a SdkTracer, Box<Slot>)>,
}

impl OtelSpanBuilder<'_> {
    #[inline]
    fn building(&mut self) -> Option<(&mut ot::SpanBuilder, &mut Parent)> {
        match &mut self.live {
            Some((_, slot)) => match &mut **slot {
                Slot::Building { builder, parent } => Some((builder, parent)),
                Slot::Started(_) => None,
            },
            None => None,
        }
    }
}

impl std::fmt::Debug for OtelSpanBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match &self.live {
            Some((_, slot)) => match &**slot {
                Slot::Building { builder, .. } => Some(&builder.name),
                Slot::Started(_) => None,
            },
            None => None,
        };
        f.debug_struct("OtelSpanBuilder")
            .field("name", &name)
            .finish()
    }
}

impl SpanBuilderBackend for OtelSpanBuilder<'_> {
    type Span = OtelSpan;

    #[inline]
    fn is_live(&self) -> bool {
        self.live.is_some()
    }

    #[inline]
    fn set_kind(&mut self, kind: SpanKind) {
        if let Some((builder, _)) = self.building() {
            builder.span_kind = Some(convert::kind(kind));
        }
    }

    #[inline]
    fn push_attribute(&mut self, kv: KeyValue) {
        if let Some((builder, _)) = self.building() {
            builder
                .attributes
                .get_or_insert_with(|| Vec::with_capacity(4))
                .push(convert::key_value(kv));
        }
    }

    #[inline]
    fn push_link(&mut self, cx: TraceContext, attributes: Vec<KeyValue>) {
        if let Some((builder, _)) = self.building() {
            let link = ot::Link::new(
                convert::span_context(&cx),
                convert::key_values(attributes),
                0,
            );
            builder.links.get_or_insert_with(Vec::new).push(link);
        }
    }

    #[inline]
    fn set_parent_span(&mut self, span: &OtelSpan) {
        let cx = span.started().map(|s| s.cx.clone());
        if let Some((_, parent)) = self.building() {
            *parent = match cx {
                Some(cx) => Parent::Context(cx),
                None => Parent::Root,
            };
        }
    }

    #[inline]
    fn set_parent_context(&mut self, cx: TraceContext) {
        if let Some((_, parent)) = self.building() {
            let remote = convert::span_context(&cx.into_remote());
            *parent = Parent::Context(Context::new().with_remote_span_context(remote));
        }
    }

    #[inline]
    fn set_root(&mut self) {
        if let Some((_, parent)) = self.building() {
            *parent = Parent::Root;
        }
    }

    #[inline]
    fn start(self) -> OtelSpan {
        // Only a live builder goes into the (out-of-line) start: the
        // disabled path is one pointer test.
        match self.live {
            None => OtelSpan::NONE,
            Some((tracer, slot)) => start_live(tracer, slot),
        }
    }
}

#[inline(never)]
fn start_live(tracer: &SdkTracer, mut slot: Box<Slot>) -> OtelSpan {
    let (builder, parent) = match std::mem::replace(
        &mut *slot,
        Slot::Started(Started {
            cx: Context::new(),
            owned: false,
            recording: false,
            has_parent: false,
        }),
    ) {
        Slot::Building { builder, parent } => (builder, parent),
        Slot::Started(_) => return OtelSpan::NONE,
    };
    let parent_cx = match parent {
        Parent::Current => Context::current(),
        Parent::Context(cx) => cx,
        Parent::Root => Context::new(),
    };
    let parent_id = {
        let parent = parent_cx.span();
        let sc = parent.span_context();
        sc.is_valid().then(|| sc.span_id())
    };
    let span = tracer.build_with_context(builder, &parent_cx);
    let recording = ot::Span::is_recording(&span);
    let has_parent = match parent_id {
        Some(parent_id) if recording => {
            parent_ids::insert(ot::Span::span_context(&span).span_id(), parent_id);
            true
        }
        _ => false,
    };
    // The same box now holds the started span: no second allocation.
    *slot = Slot::Started(Started {
        cx: parent_cx.with_span(span),
        owned: true,
        recording,
        has_parent,
    });
    OtelSpan { slot: Some(slot) }
}

/// Ends the span (when this handle owns it) and frees its box.
#[inline(never)]
fn end_live(slot: &mut Slot) {
    if let Slot::Started(s) = slot {
        if s.owned {
            s.owned = false;
            s.recording = false;
            let span = s.cx.span();
            if s.has_parent {
                s.has_parent = false;
                parent_ids::remove(span.span_context().span_id());
            }
            span.end();
        }
    }
}

#[inline(never)]
fn enter_live(slot: &Slot) -> Option<Attached> {
    match slot {
        Slot::Started(s) => {
            let (attached, current) = attach::attach(&s.cx);
            if !current {
                nesting_limit_reached(s);
            }
            Some(attached)
        }
        Slot::Building { .. } => None,
    }
}

/// OpenTelemetry's context stack holds 65 535 contexts per thread; past
/// that, attaching changes nothing. The span that could not be made current
/// says so (`telemetry_facade.not_current = true`), and the process is told
/// once: spans started and records written inside it name the deepest span
/// that is current instead.
#[cold]
fn nesting_limit_reached(s: &Started) {
    static WARNED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    s.cx.span().set_attribute(opentelemetry::KeyValue::new(
        "telemetry_facade.not_current",
        true,
    ));
    if !WARNED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        crate::lifecycle::diagnostics::warn(format_args!(
            "spans nest deeper than OpenTelemetry's context stack (65535 on one thread): \
             a span past it is not made current (attribute telemetry_facade.not_current); \
             its children and log records name the deepest current span"
        ));
    }
}

#[derive(Debug)]
pub(crate) struct OtelSpan {
    /// `None` for a span that never started (nothing could record).
    slot: Option<Box<Slot>>,
}

impl std::fmt::Debug for Slot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Slot::Building { builder, .. } => f
                .debug_struct("Building")
                .field("name", &builder.name)
                .finish_non_exhaustive(),
            Slot::Started(s) => f
                .debug_struct("Started")
                .field("owned", &s.owned)
                .field("recording", &s.recording)
                .finish_non_exhaustive(),
        }
    }
}

impl OtelSpan {
    const NONE: OtelSpan = OtelSpan { slot: None };

    #[inline]
    fn started(&self) -> Option<&Started> {
        match self.slot.as_deref() {
            Some(Slot::Started(s)) => Some(s),
            _ => None,
        }
    }

    #[inline]
    fn with_span(&self, f: impl FnOnce(ot::SpanRef<'_>)) {
        if let Some(s) = self.started() {
            f(s.cx.span());
        }
    }
}

/// The context of the span in `cx`, with its parent id when we know it.
pub(crate) fn trace_context_of(cx: &Context) -> Option<TraceContext> {
    let span = cx.span();
    let sc = span.span_context();
    if !sc.is_valid() {
        return None;
    }
    let parent = parent_ids::get(sc.span_id()).map(convert::span_id_back);
    Some(convert::trace_context_back(sc, parent))
}

impl SpanBackend for OtelSpan {
    type Guard = Option<Attached>;
    type FutureSlot<F> = Option<F>;

    #[inline]
    fn is_recording(&self) -> bool {
        self.started().is_some_and(|s| s.recording)
    }

    fn set_attribute(&self, key: Key, value: Value) {
        self.with_span(|s| s.set_attribute(convert::attribute(key, value)));
    }

    fn add_event(&self, name: Cow<'static, str>, attributes: Vec<KeyValue>) {
        self.with_span(|s| s.add_event(name, convert::key_values(attributes)));
    }

    fn set_status(&self, status: Status) {
        self.with_span(|s| {
            if s.is_recording() {
                span_status::set_explicit(s.span_context().span_id(), convert::status(status));
            }
        });
    }

    fn update_name(&self, name: Cow<'static, str>) {
        self.with_span(|s| s.update_name(name));
    }

    fn context(&self) -> Option<TraceContext> {
        self.started().and_then(|s| trace_context_of(&s.cx))
    }

    #[inline]
    fn enter(&self) -> Option<Attached> {
        match &self.slot {
            Some(slot) => enter_live(slot),
            None => None,
        }
    }

    #[inline]
    fn end_in_place(&mut self) {
        if let Some(slot) = &mut self.slot {
            end_live(slot);
        }
    }
}

impl Drop for OtelSpan {
    #[inline]
    fn drop(&mut self) {
        if let Some(mut slot) = self.slot.take() {
            end_live(&mut slot);
            drop_slot(slot);
        }
    }
}

/// Out of line, so that dropping a span that never started is one test.
#[inline(never)]
fn drop_slot(slot: Box<Slot>) {
    drop(slot);
}
