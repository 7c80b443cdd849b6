//! `OtelContext`: the context contract over `opentelemetry::Context` —
//! what `Context::current()` captures, and what propagation reads into and
//! writes from it.

use opentelemetry::trace::{self as ot, TraceContextExt};
use opentelemetry::{Context, ContextGuard};

use super::convert;
use crate::backend::context::ContextBackend;
use crate::propagation::{Headers, SharedRemote};

/// The context backend of the `otel` build.
#[derive(Debug)]
pub(crate) struct OtelContext;

impl ContextBackend for OtelContext {
    type Snapshot = Context;
    type Guard = ContextGuard;

    #[inline]
    fn capture() -> Context {
        Context::current()
    }

    #[inline]
    fn attach(cx: &Context) -> ContextGuard {
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
