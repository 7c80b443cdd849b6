//! The handles have the same auto traits in every build.

use telemetry_facade::{
    Config, Field, Key, KeyValue, Level, Logger, Span, SpanBuilder, SpanGuard, SpanKind, Status,
    Telemetry, TelemetryGuard, TraceContext, Tracer, Value,
};

fn send_sync_static<T: Send + Sync + 'static>() {}
fn clone<T: Clone>() {}
fn unpin<T: Unpin>() {}
fn unwind_safe<T: std::panic::UnwindSafe + std::panic::RefUnwindSafe>() {}

#[test]
fn handles_are_send_sync_static() {
    send_sync_static::<Telemetry>();
    send_sync_static::<Tracer>();
    send_sync_static::<Logger>();
    send_sync_static::<Span>();
    send_sync_static::<SpanBuilder<'static>>();
    send_sync_static::<TraceContext>();
    send_sync_static::<Key>();
    send_sync_static::<Value>();
    send_sync_static::<KeyValue>();
    send_sync_static::<Status>();
    send_sync_static::<SpanKind>();
    send_sync_static::<Level>();
    send_sync_static::<TelemetryGuard>();
    send_sync_static::<Config>();
    send_sync_static::<telemetry_facade::Context>();
    clone::<telemetry_facade::Context>();
    unpin::<Span>();
}

#[test]
fn handles_are_unwind_safe() {
    unwind_safe::<Telemetry>();
    unwind_safe::<Tracer>();
    unwind_safe::<Logger>();
    unwind_safe::<Span>();
    unwind_safe::<SpanBuilder<'static>>();
    unwind_safe::<TraceContext>();
    unwind_safe::<Config>();
    unwind_safe::<telemetry_facade::Context>();
}

#[test]
fn cheap_handles_are_clone() {
    clone::<Telemetry>();
    clone::<Tracer>();
    clone::<Logger>();
    clone::<TraceContext>();
    clone::<Field<'static>>();
}

/// `SpanGuard` is `!Send` in every build; the compile_fail doctest on
/// `Span::enter` pins that. Here: it is at least usable on its thread.
#[test]
fn guard_is_usable_on_its_thread() {
    let span = telemetry_facade::get_telemetry("auto").tracer().start("g");
    let guard: SpanGuard<'_> = span.enter();
    drop(guard);
}
