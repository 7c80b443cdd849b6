//! `extract` and `inject`: the propagation headers to and from the current
//! [`Context`](crate::Context), following `OTEL_PROPAGATORS`.

use std::sync::Arc;

use once_cell::sync::OnceCell;

use super::{parse_traceparent, Baggage, Carrier, TraceState};
use crate::{Context, Propagator, TraceContext};

/// What a carrier held, parsed, with the raw text kept for the
/// pass-through of the build without a trace backend.
#[derive(Clone, Debug, Default)]
pub(crate) struct Remote {
    /// The remote parent and its `tracestate`, when `traceparent` was valid.
    pub(crate) parent: Option<(TraceContext, TraceState)>,
    pub(crate) baggage: Baggage,
    pub(crate) raw: Headers,
}

/// The three headers' values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Headers {
    pub(crate) traceparent: Option<String>,
    pub(crate) tracestate: Option<String>,
    pub(crate) baggage: Option<String>,
}

/// A shared, immutable `Remote`.
pub(crate) type SharedRemote = Arc<Remote>;

static PROPAGATORS: OnceCell<Vec<Propagator>> = OnceCell::new();

/// Fixes the propagators at `init` (`OTEL_PROPAGATORS`).
pub(crate) fn set_propagators(list: &[Propagator]) {
    let _ = PROPAGATORS.set(list.to_vec());
}

fn enabled(p: Propagator) -> bool {
    match PROPAGATORS.get() {
        Some(list) => list.contains(&p),
        // Before `init`: the specification's default, both.
        None => true,
    }
}

/// Header lines with the same name combined as HTTP requires (RFC 9110
/// §5.3): joined with commas, in order.
fn combined(values: &[&str]) -> Option<String> {
    (!values.is_empty()).then(|| values.join(","))
}

/// Reads the propagation headers of `carrier` into a [`Context`]: the
/// current one, with the remote parent (`traceparent`, `tracestate`) and
/// the `baggage` added. Spans started while it is current are children of
/// the remote parent; [`inject`] inside it forwards the context.
///
/// A missing or invalid `traceparent` (see
/// [`parse_traceparent`](super::parse_traceparent)) adds no parent, and then
/// `tracestate` is not read (Trace Context §3.3). Several `traceparent`
/// lines are invalid. Which headers are read follows `OTEL_PROPAGATORS`.
///
/// In a build without the `otel` feature, the context keeps the headers
/// as received, and `inject` writes them back unchanged: an uninstrumented
/// hop does not cut the trace.
///
/// # Examples
///
/// ```
/// use std::collections::HashMap;
/// use telemetry_facade::propagation::{extract, inject};
///
/// let mut incoming = HashMap::new();
/// incoming.insert("traceparent".to_owned(),
///     "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned());
/// let cx = extract(&incoming);
///
/// let mut outgoing = HashMap::new();
/// cx.run(|| inject(&mut outgoing));
/// // The trace continues: same trace id, in every build.
/// assert!(outgoing["traceparent"].starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
/// ```
pub fn extract<C: Carrier + ?Sized>(carrier: &C) -> Context {
    let mut remote = Remote::default();
    if enabled(Propagator::TraceContext) {
        let lines = carrier.get_all("traceparent");
        if let [line] = lines[..] {
            if let Ok(parent) = parse_traceparent(line) {
                let states = carrier.get_all("tracestate");
                remote.parent = Some((parent, TraceState::parse(&states)));
                remote.raw.traceparent = Some(line.to_owned());
                remote.raw.tracestate = combined(&states);
            }
        }
    }
    if enabled(Propagator::Baggage) {
        let lines = carrier.get_all("baggage");
        remote.baggage = Baggage::parse(&lines);
        remote.raw.baggage = combined(&lines);
    }
    Context::current().with_remote(Arc::new(remote))
}

/// Writes the current context's propagation headers into `carrier`:
/// `traceparent` (version 00, with the sampled and random flags) and
/// `tracestate` of the current span, and the current `baggage`. Headers
/// with nothing to say are not written.
///
/// In a build without the `otel` feature it writes back what [`extract`]
/// received, unchanged.
///
/// # Examples
///
/// ```
/// use std::collections::HashMap;
/// use telemetry_facade::{get_telemetry, init, propagation, Config, SpanKind, BUILD};
///
/// let guard = init(Config::new()).expect("first init");
/// let tracer = get_telemetry("my_crate::client").tracer().clone();
/// let headers = tracer.span("GET /users").kind(SpanKind::Client).in_span(|_span| {
///     let mut headers = HashMap::new();
///     propagation::inject(&mut headers); // the outgoing request's headers
///     headers
/// });
/// // A trace that starts here is sent on when spans are real.
/// assert_eq!(headers.contains_key("traceparent"), BUILD.traces);
/// drop(guard);
/// ```
pub fn inject<C: Carrier + ?Sized>(carrier: &mut C) {
    let headers = crate::backend::context::outgoing_headers();
    if enabled(Propagator::TraceContext) {
        if let Some(tp) = headers.traceparent {
            carrier.set("traceparent", tp);
            if let Some(ts) = headers.tracestate.filter(|s| !s.is_empty()) {
                carrier.set("tracestate", ts);
            }
        }
    }
    if enabled(Propagator::Baggage) {
        if let Some(b) = headers.baggage.filter(|s| !s.is_empty()) {
            carrier.set("baggage", b);
        }
    }
}

/// [`inject`] for a given context rather than the current one.
///
/// # Examples
///
/// ```
/// use std::collections::HashMap;
/// use telemetry_facade::propagation::{extract, inject_context};
///
/// let mut incoming = HashMap::new();
/// incoming.insert("traceparent".to_owned(),
///     "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned());
/// let cx = extract(&incoming); // kept, say, with a queued job
///
/// let mut outgoing = HashMap::new();
/// inject_context(&cx, &mut outgoing);
/// assert!(outgoing["traceparent"].starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
/// ```
pub fn inject_context<C: Carrier + ?Sized>(cx: &Context, carrier: &mut C) {
    cx.run(|| inject(carrier))
}
