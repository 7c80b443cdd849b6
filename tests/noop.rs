//! The no-op build: zero-sized handles, nothing recorded, nothing printed.
//! (With `tracing-forward` the handles wrap the no-op ones and are not
//! zero-sized: `tests/tracing_forward.rs` covers that build.)
#![cfg(not(any(feature = "otel", feature = "tracing-forward")))]

use std::mem::size_of;

use telemetry_facade::{get_telemetry, Span, SpanGuard, TraceContext, Tracer};

#[test]
fn trace_handles_are_zero_sized() {
    assert_eq!(size_of::<Tracer>(), 0);
    assert_eq!(size_of::<Span>(), 0);
    assert_eq!(size_of::<SpanGuard<'static>>(), 0);
    assert_eq!(size_of::<telemetry_facade::SpanBuilder<'static>>(), 0);
}

#[test]
fn nothing_records() {
    let tracer = get_telemetry("noop").tracer().clone();
    let span = tracer.span("s").attribute("a", 1).start();
    assert!(!span.is_recording());
    assert!(span.context().is_none());
    let _g = span.enter();
    assert!(TraceContext::current().is_none());
    assert!(!Span::current().is_recording());
}

#[cfg(not(feature = "slog"))]
#[test]
fn context_and_future_wrappers_are_small() {
    use telemetry_facade::{Context, FutureExt};
    // A context holds only the headers `propagation::extract` received, for
    // the pass-through: one pointer.
    assert_eq!(size_of::<Context>(), size_of::<usize>());
    let fut = async { 1u64 };
    let size = std::mem::size_of_val(&fut);
    let span = get_telemetry("noop").tracer().start("f");
    assert_eq!(std::mem::size_of_val(&fut.in_span(span)), size);
    assert_eq!(
        std::mem::size_of_val(&async { 1u64 }.with_fields(&[])),
        size
    );
    let with_cx = std::mem::size_of_val(&async { 1u64 }.with_current_context());
    let word = size_of::<usize>();
    assert!(with_cx <= word + size.next_multiple_of(word), "{with_cx}");
}

#[cfg(not(feature = "slog"))]
#[test]
fn logger_is_zero_sized_and_never_enabled() {
    use telemetry_facade::{Level, Logger, Telemetry};
    assert_eq!(size_of::<Logger>(), 0);
    assert_eq!(size_of::<Telemetry>(), 0);
    let logger = get_telemetry("noop").logger().clone();
    assert!(Level::ALL.iter().all(|l| !logger.enabled(*l)));
}
