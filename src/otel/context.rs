//! `OtelContext`: the context contract over `opentelemetry::Context` —
//! what `Context::current()` captures, and what propagation reads into and
//! writes from it.

use opentelemetry::trace::{self as ot, TraceContextExt};
use opentelemetry::Context;

use super::attach::{self, Attached};
use super::convert;
use crate::backend::context::ContextBackend;
use crate::propagation::{Headers, SharedRemote, TraceState};
use crate::{TraceContext, TraceFlags};

/// The context backend of the `otel` build.
#[derive(Debug)]
pub(crate) struct OtelContext;

impl ContextBackend for OtelContext {
    type Snapshot = Context;
    type Guard = Attached;

    #[inline]
    fn capture() -> Context {
        Context::current()
    }

    #[inline]
    fn attach(cx: &Context) -> Attached {
        attach::attach(cx).0
    }

    fn with_remote(base: &Context, remote: SharedRemote) -> Context {
        let mut cx = base.clone();
        if let Some((parent, state)) = &remote.parent {
            // The SDK's own TraceState checks keys by the Level 1 grammar
            // and drops the whole header for one Level 2 key: it only gets
            // what it accepts; `inject` writes ours (`RemoteTraceState`).
            let trace_state = ot::TraceState::from_key_value(state.iter()).unwrap_or_default();
            let trace_id = ot::TraceId::from_bytes(parent.trace_id().to_bytes());
            let sc = ot::SpanContext::new(
                trace_id,
                ot::SpanId::from_bytes(parent.span_id().to_bytes()),
                ot::TraceFlags::new(parent.trace_flags().bits()),
                true,
                trace_state,
            );
            cx = cx.with_remote_span_context(sc);
            if parent.trace_flags().is_random() {
                cx = cx.with_value(RandomTraceId(trace_id));
            }
            cx = cx.with_value(RemoteTraceState(trace_id, state.clone()));
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
                let mut ours = convert::trace_context_back(sc, None);
                // The SDK gives a sampled-out span flags 00: the random bit
                // of the remote parent is kept for its trace id all the same.
                if cx
                    .get::<RandomTraceId>()
                    .is_some_and(|r| r.0 == sc.trace_id())
                {
                    let flags = ours.trace_flags().bits() | TraceFlags::RANDOM.bits();
                    ours =
                        TraceContext::new(ours.trace_id(), ours.span_id(), TraceFlags::new(flags));
                }
                // The remote parent's tracestate as we parsed it (Level 2
                // keys included) for its trace, else the SDK's.
                let mut state = match cx.get::<RemoteTraceState>() {
                    Some(remote) if remote.0 == sc.trace_id() => remote.1.clone(),
                    _ => TraceState::parse(&[&sc.trace_state().header()]),
                };
                // Updates made with `Context::with_tracestate`, oldest first:
                // each moves its key to the front (Trace Context §3.5).
                if let Some(updates) = cx.get::<TraceStateUpdates>() {
                    for (k, v) in updates.0.iter() {
                        state = state.clone().insert(k, v).unwrap_or(state);
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

/// The trace id of a remote parent whose random-trace-id flag was set: every
/// outgoing `traceparent` with that trace id keeps the flag ("If the flag is
/// set in the incoming traceparent header, it MUST also be set in all
/// outgoing traceparent headers which use the same trace-id", Trace Context
/// Level 2 §3.2.2.5.2).
#[derive(Debug)]
struct RandomTraceId(ot::TraceId);

/// The remote parent's `tracestate` as this crate parsed it, for its trace.
#[derive(Debug)]
struct RemoteTraceState(ot::TraceId, TraceState);

/// `tracestate` entries to put first when this context is injected.
#[derive(Debug)]
struct TraceStateUpdates(Vec<(String, String)>);

/// The baggage extracted with a context, carried in it for `inject`.
#[derive(Debug)]
struct CurrentBaggage(crate::propagation::Baggage);
