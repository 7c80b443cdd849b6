//! `OtelTracer`, `OtelSpanBuilder` and `OtelSpan`: the trace contract over
//! `opentelemetry_sdk`.
//!
//! A started span lives inside an `opentelemetry::Context`, so spans made
//! by other OpenTelemetry instrumentation in the same process see ours as
//! their parent, and the other way round.

use std::borrow::Cow;

use once_cell::sync::OnceCell;
use opentelemetry::trace::{self as ot, TraceContextExt, Tracer as _};
use opentelemetry::{Context, ContextGuard, InstrumentationScope};
use opentelemetry_sdk::trace::SdkTracer;

use super::{convert, provider};
use crate::backend::{SpanBackend, SpanBuilderBackend, TracerBackend};
use crate::propagation::{Headers, SharedRemote};
use crate::{Key, KeyValue, SpanId, SpanKind, Status, TraceContext, Value};

#[derive(Clone, Debug)]
pub(crate) struct OtelTracer {
    scope: Cow<'static, str>,
    /// The SDK tracer, made at the first span after `init`.
    sdk: OnceCell<SdkTracer>,
}

impl OtelTracer {
    #[inline]
    fn sdk(&self) -> Option<&SdkTracer> {
        let provider = provider::active()?;
        Some(self.sdk.get_or_init(|| {
            use opentelemetry::trace::TracerProvider as _;
            provider.tracer_with_scope(InstrumentationScope::builder(self.scope.clone()).build())
        }))
    }
}

impl TracerBackend for OtelTracer {
    type Span = OtelSpan;
    type Builder<'a> = OtelSpanBuilder<'a>;

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
                Box::new(Live {
                    tracer,
                    builder: ot::SpanBuilder::from_name(name),
                    parent: Parent::Current,
                })
            }),
        }
    }

    #[inline]
    fn current() -> OtelSpan {
        Context::map_current(|cx| {
            if cx.has_active_span() {
                OtelSpan {
                    recording: cx.span().is_recording(),
                    cx: Some(cx.clone()),
                    owned: false,
                }
            } else {
                OtelSpan::NONE
            }
        })
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
            if cx.has_active_span() {
                cx.span()
                    .set_status(ot::Status::error(description.to_owned()));
            }
        })
    }

    type Context = Context;
    type ContextGuard = ContextGuard;

    #[inline]
    fn capture_context() -> Context {
        Context::current()
    }

    #[inline]
    fn attach_context(cx: &Context) -> ContextGuard {
        cx.clone().attach()
    }

    fn with_remote(base: &Context, remote: SharedRemote) -> Context {
        let mut cx = base.clone();
        if let Some((parent, state)) = &remote.parent {
            let trace_state = ot::TraceState::from_key_value(state.iter()).unwrap_or_default();
            let sc = ot::SpanContext::new(
                ot::TraceId::from_bytes(parent.trace_id().to_bytes()),
                ot::SpanId::from_bytes(parent.span_id().to_bytes()),
                ot::TraceFlags::new(parent.trace_flags().bits()),
                true,
                trace_state,
            );
            cx = cx.with_remote_span_context(sc);
        }
        if !remote.baggage.is_empty() {
            cx = cx.with_value(CurrentBaggage(remote.baggage.clone()));
        }
        cx
    }

    fn with_tracestate(base: &Context, key: &str, value: &str) -> Context {
        let mut updates = base
            .get::<TraceStateUpdates>()
            .map_or_else(Vec::new, |u| u.0.clone());
        updates.retain(|(k, _)| k != key);
        updates.push((key.to_owned(), value.to_owned()));
        base.with_value(TraceStateUpdates(updates))
    }

    fn outgoing_headers() -> Headers {
        Context::map_current(|cx| {
            let span = cx.span();
            let sc = span.span_context();
            let (traceparent, tracestate) = if sc.is_valid() {
                let ours = convert::trace_context_back(sc, None);
                let mut state = sc.trace_state().clone();
                // Updates made with `Context::with_tracestate`, oldest first:
                // each moves its key to the front (Trace Context §3.5).
                if let Some(updates) = cx.get::<TraceStateUpdates>() {
                    for (k, v) in updates.0.iter() {
                        state = state.insert(k.clone(), v.clone()).unwrap_or(state);
                    }
                }
                (
                    Some(crate::propagation::format_traceparent(&ours)),
                    Some(state.header()),
                )
            } else {
                (None, None)
            };
            Headers {
                traceparent,
                tracestate,
                baggage: cx.get::<CurrentBaggage>().map(|b| b.0.header()),
            }
        })
    }
}

/// `tracestate` entries to put first when this context is injected.
#[derive(Debug)]
struct TraceStateUpdates(Vec<(String, String)>);

/// The baggage extracted with a context, carried in it for `inject`.
#[derive(Debug)]
struct CurrentBaggage(crate::propagation::Baggage);

enum Parent {
    Current,
    Context(Context),
    Root,
}

struct Live<'a> {
    tracer: &'a SdkTracer,
    builder: ot::SpanBuilder,
    parent: Parent,
}

pub(crate) struct OtelSpanBuilder<'a> {
    /// `None` when nothing can record (before `init`, disabled, shut down).
    /// Boxed: the builder is moved through every chained call, and a
    /// pointer is all the disabled path then copies.
    live: Option<Box<Live<'a>>>,
}

impl std::fmt::Debug for OtelSpanBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OtelSpanBuilder")
            .field("name", &self.live.as_ref().map(|l| &l.builder.name))
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
        if let Some(live) = &mut self.live {
            live.builder.span_kind = Some(convert::kind(kind));
        }
    }

    #[inline]
    fn push_attribute(&mut self, kv: KeyValue) {
        if let Some(live) = &mut self.live {
            live.builder
                .attributes
                .get_or_insert_with(Vec::new)
                .push(convert::key_value(kv));
        }
    }

    #[inline]
    fn push_link(&mut self, cx: TraceContext, attributes: Vec<KeyValue>) {
        if let Some(live) = &mut self.live {
            let link = ot::Link::new(
                convert::span_context(&cx),
                convert::key_values(attributes),
                0,
            );
            live.builder.links.get_or_insert_with(Vec::new).push(link);
        }
    }

    #[inline]
    fn set_parent_span(&mut self, parent: &OtelSpan) {
        if let Some(live) = &mut self.live {
            live.parent = match &parent.cx {
                Some(cx) => Parent::Context(cx.clone()),
                None => Parent::Root,
            };
        }
    }

    #[inline]
    fn set_parent_context(&mut self, cx: TraceContext) {
        if let Some(live) = &mut self.live {
            let remote = convert::span_context(&cx.into_remote());
            live.parent = Parent::Context(Context::new().with_remote_span_context(remote));
        }
    }

    #[inline]
    fn set_root(&mut self) {
        if let Some(live) = &mut self.live {
            live.parent = Parent::Root;
        }
    }

    #[inline]
    fn start(self) -> OtelSpan {
        // Only a live builder is moved into the (out-of-line) start: the
        // disabled path copies nothing.
        match self.live {
            None => OtelSpan::NONE,
            Some(live) => start_live(live),
        }
    }
}

#[inline(never)]
#[allow(clippy::boxed_local)] // moving the box, not 152 bytes, is the point
fn start_live(live: Box<Live<'_>>) -> OtelSpan {
    let live = *live;
    let parent_cx = match live.parent {
        Parent::Current => Context::current(),
        Parent::Context(cx) => cx,
        Parent::Root => Context::new(),
    };
    let parent_span_id = {
        let parent = parent_cx.span();
        let sc = parent.span_context();
        sc.is_valid().then(|| convert::span_id_back(sc.span_id()))
    };
    let span = live.tracer.build_with_context(live.builder, &parent_cx);
    let recording = ot::Span::is_recording(&span);
    let meta = SpanMeta {
        span_id: ot::Span::span_context(&span).span_id(),
        parent_span_id,
    };
    let cx = parent_cx.with_value(meta).with_span(span);
    OtelSpan {
        cx: Some(cx),
        owned: true,
        recording,
    }
}

/// What the SDK span does not tell us back: its parent's id. Stored in the
/// span's context; only trusted when `span_id` matches the context's span
/// (a span started by other instrumentation inherits our entries).
#[derive(Debug)]
struct SpanMeta {
    span_id: ot::SpanId,
    parent_span_id: Option<SpanId>,
}

#[derive(Debug)]
pub(crate) struct OtelSpan {
    /// The context holding the span; `None` for a span that never started.
    cx: Option<Context>,
    /// Whether dropping this handle ends the span.
    owned: bool,
    /// The sampling decision, fixed at start.
    recording: bool,
}

impl OtelSpan {
    const NONE: OtelSpan = OtelSpan {
        cx: None,
        owned: false,
        recording: false,
    };

    #[inline]
    fn with_span(&self, f: impl FnOnce(ot::SpanRef<'_>)) {
        if let Some(cx) = &self.cx {
            f(cx.span());
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
    let parent = cx
        .get::<SpanMeta>()
        .filter(|meta| meta.span_id == sc.span_id())
        .and_then(|meta| meta.parent_span_id);
    Some(convert::trace_context_back(sc, parent))
}

impl SpanBackend for OtelSpan {
    type Guard = Option<ContextGuard>;

    #[inline]
    fn is_recording(&self) -> bool {
        self.recording
    }

    fn set_attribute(&self, key: Key, value: Value) {
        self.with_span(|s| {
            s.set_attribute(opentelemetry::KeyValue::new(
                convert::key(key),
                convert::value(value),
            ))
        });
    }

    fn add_event(&self, name: Cow<'static, str>, attributes: Vec<KeyValue>) {
        self.with_span(|s| s.add_event(name, convert::key_values(attributes)));
    }

    fn set_status(&self, status: Status) {
        self.with_span(|s| s.set_status(convert::status(status)));
    }

    fn update_name(&self, name: Cow<'static, str>) {
        self.with_span(|s| s.update_name(name));
    }

    fn context(&self) -> Option<TraceContext> {
        self.cx.as_ref().and_then(trace_context_of)
    }

    #[inline]
    fn enter(&self) -> Option<ContextGuard> {
        self.cx.as_ref().map(|cx| cx.clone().attach())
    }

    fn end_in_place(&mut self) {
        if self.owned {
            self.owned = false;
            self.recording = false;
            if let Some(cx) = &self.cx {
                cx.span().end();
            }
        }
    }
}

impl Drop for OtelSpan {
    #[inline]
    fn drop(&mut self) {
        if self.owned {
            if let Some(cx) = &self.cx {
                cx.span().end();
            }
        }
    }
}
