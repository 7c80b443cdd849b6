//! The behaviour every build promises, written once without any `cfg`: it
//! runs unchanged under each feature combination. Where builds differ (real
//! spans or none), the expectation is computed from `BUILD`, never skipped.

use std::cell::Cell;
use std::fmt;

use telemetry_facade::testing::{self, SpanRecord};
use telemetry_facade::{
    get_telemetry, telemetry, KeyValue, Span, SpanId, SpanKind, Status, TraceContext, TraceFlags,
    TraceId, Value, BUILD,
};

/// The one span called `name`, when this build records spans; asserts none
/// was captured otherwise.
fn finished(name: &str) -> Option<SpanRecord> {
    let spans = testing::capture().spans_named(name);
    if BUILD.traces {
        assert_eq!(spans.len(), 1, "exactly one span named {name}: {spans:?}");
        spans.into_iter().next()
    } else {
        assert!(spans.is_empty(), "no-op build captured {spans:?}");
        None
    }
}

#[derive(Debug)]
struct Boom;

impl fmt::Display for Boom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("boom: disk on fire")
    }
}

impl std::error::Error for Boom {}

#[test]
fn span_name_kind_and_attributes() {
    testing::capture();
    let tracer = get_telemetry("api::attrs").tracer().clone();
    let span = tracer
        .span("api_attrs")
        .kind(SpanKind::Client)
        .attribute("at.start", 1)
        .attributes([("many.a", Value::from(true)), ("many.b", Value::from("b"))])
        .start();
    assert_eq!(span.is_recording(), BUILD.traces);
    span.set_attribute("one", 2.5);
    span.set_attributes([
        KeyValue::new("later.a", 7u8),
        KeyValue::new("later.b", u64::MAX),
    ]);
    span.end();

    if let Some(rec) = finished("api_attrs") {
        assert_eq!(rec.kind, SpanKind::Client);
        assert_eq!(rec.scope, "api::attrs");
        assert_eq!(rec.attribute("at.start"), Some(&Value::I64(1)));
        assert_eq!(rec.attribute("many.a"), Some(&Value::Bool(true)));
        assert_eq!(rec.attribute("many.b"), Some(&Value::from("b")));
        assert_eq!(rec.attribute("one"), Some(&Value::F64(2.5)));
        assert_eq!(rec.attribute("later.a"), Some(&Value::I64(7)));
        // OpenTelemetry has no u64: values past i64::MAX become strings.
        assert_eq!(
            rec.attribute("later.b"),
            Some(&Value::from(u64::MAX.to_string()))
        );
    }
}

#[test]
fn events_status_and_errors() {
    testing::capture();
    let tracer = get_telemetry("api::events").tracer().clone();
    tracer.in_span("api_events", |span| {
        span.add_event("cache_miss", [KeyValue::new("key", "user:1")]);
        span.record_error(&Boom);
    });
    tracer.in_span("api_ok", |span| {
        span.set_status(Status::Ok);
        span.set_status(Status::error("too late: ok is final"));
    });

    if let Some(rec) = finished("api_events") {
        assert_eq!(rec.events.len(), 2);
        assert_eq!(rec.events[0].name, "cache_miss");
        assert_eq!(rec.events[0].attribute("key"), Some(&Value::from("user:1")));
        let exception = &rec.events[1];
        assert_eq!(exception.name, "exception");
        assert_eq!(
            exception.attribute("exception.type"),
            Some(&Value::from("api::Boom"))
        );
        assert_eq!(
            exception.attribute("exception.message"),
            Some(&Value::from("boom: disk on fire"))
        );
        assert_eq!(rec.status, Status::error("boom: disk on fire"));
    }
    if let Some(rec) = finished("api_ok") {
        assert_eq!(rec.status, Status::Ok);
    }
}

#[test]
fn record_error_through_dyn_error() {
    testing::capture();
    let tracer = get_telemetry("api::dyn").tracer().clone();
    let err: Box<dyn std::error::Error> = Box::new(Boom);
    tracer.in_span("api_dyn_error", |span| span.record_error(err.as_ref()));
    if let Some(rec) = finished("api_dyn_error") {
        assert_eq!(
            rec.events[0].attribute("exception.message"),
            Some(&Value::from("boom: disk on fire"))
        );
        assert!(matches!(rec.status, Status::Error { .. }));
    }
}

#[test]
fn parent_and_child_ids() {
    testing::capture();
    let tracer = get_telemetry("api::tree").tracer().clone();
    let (parent_cx, child_cx) = tracer.in_span("api_parent", |parent| {
        let child = tracer.start("api_child");
        let child_cx = child.context();
        assert_eq!(child_cx.is_some(), BUILD.traces);
        (parent.context(), child_cx)
    });
    assert_eq!(
        parent_cx.and_then(|cx| cx.parent_span_id()),
        None,
        "a root span has no parent"
    );
    if let (Some(parent), Some(child)) = (finished("api_parent"), finished("api_child")) {
        let (parent_cx, child_cx) = (parent_cx.unwrap(), child_cx.unwrap());
        assert_eq!(child.trace_id, parent.trace_id);
        assert_eq!(child.parent_span_id, Some(parent.span_id));
        assert_eq!(parent.parent_span_id, None);
        assert_eq!(child_cx.parent_span_id(), Some(parent_cx.span_id()));
        assert_eq!(child_cx.trace_id(), parent_cx.trace_id());
        assert_eq!(parent_cx.span_id(), parent.span_id);
    }
}

#[test]
fn explicit_parent_root_and_remote_parent() {
    testing::capture();
    let tracer = get_telemetry("api::explicit").tracer().clone();
    let explicit_parent = tracer.start("api_explicit_parent");
    tracer.in_span("api_unrelated_current", |_| {
        tracer
            .span("api_explicit_child")
            .parent(&explicit_parent)
            .start()
            .end();
        tracer.span("api_root").root().start().end();
    });
    explicit_parent.end();

    let remote = TraceContext::new(
        TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap(),
        SpanId::from_hex("00f067aa0ba902b7").unwrap(),
        TraceFlags::SAMPLED,
    );
    let child = tracer
        .span("api_remote_child")
        .parent_context(remote)
        .start();
    if let Some(cx) = child.context() {
        assert_eq!(cx.trace_id(), remote.trace_id());
        assert_eq!(cx.parent_span_id(), Some(remote.span_id()));
        assert!(cx.is_sampled());
    }
    child.end();

    if let (Some(parent), Some(child), Some(root), Some(unrelated)) = (
        finished("api_explicit_parent"),
        finished("api_explicit_child"),
        finished("api_root"),
        finished("api_unrelated_current"),
    ) {
        assert_eq!(child.parent_span_id, Some(parent.span_id));
        assert_eq!(child.trace_id, parent.trace_id);
        assert_eq!(root.parent_span_id, None);
        assert_ne!(root.trace_id, unrelated.trace_id);
    }
    if let Some(rec) = finished("api_remote_child") {
        assert_eq!(rec.trace_id, remote.trace_id());
        assert_eq!(rec.parent_span_id, Some(remote.span_id()));
    }
}

#[test]
fn links() {
    testing::capture();
    let tracer = get_telemetry("api::links").tracer().clone();
    let target = TraceContext::new(
        TraceId::from_hex("0af7651916cd43dd8448eb211c80319c").unwrap(),
        SpanId::from_hex("b7ad6b7169203331").unwrap(),
        TraceFlags::SAMPLED,
    );
    tracer
        .span("api_links")
        .link(target)
        .link_with_attributes(target, [("link.reason", "retry")])
        .start()
        .end();
    if let Some(rec) = finished("api_links") {
        assert_eq!(rec.links.len(), 2);
        assert_eq!(rec.links[0].trace_id(), target.trace_id());
        assert_eq!(rec.links[1].span_id(), target.span_id());
    }
}

#[test]
fn lazy_attributes_run_only_when_recording() {
    testing::capture();
    let tracer = get_telemetry("api::lazy").tracer().clone();
    let calls = Cell::new(0);
    let span = tracer.start("api_lazy");
    span.set_attribute_with("digest", || {
        calls.set(calls.get() + 1);
        "computed"
    });
    span.end();
    assert_eq!(calls.get(), usize::from(BUILD.traces));

    // A span nothing records (a sampler-dropped or no-op span) never calls it.
    let none = Span::current();
    assert!(!none.is_recording());
    none.set_attribute_with("digest", || -> Value {
        panic!("evaluated for a non-recording span")
    });

    if let Some(rec) = finished("api_lazy") {
        assert_eq!(rec.attribute("digest"), Some(&Value::from("computed")));
    }
}

#[test]
fn enter_guard_and_current_span() {
    testing::capture();
    let tracer = get_telemetry("api::enter").tracer().clone();
    assert!(
        TraceContext::current().is_none(),
        "nothing current at test start"
    );
    let span = tracer.start("api_enter");
    {
        let _guard = span.enter();
        assert_eq!(TraceContext::current(), span.context());
        assert_eq!(Span::current().is_recording(), BUILD.traces);
        // A handle on the current span does not end it when dropped.
        drop(Span::current());
        Span::current().set_attribute("via.current", true);
        let child = tracer.start("api_enter_child");
        assert_eq!(
            child.context().map(|c| c.parent_span_id()),
            span.context().map(|c| Some(c.span_id()))
        );
    }
    assert!(
        TraceContext::current().is_none(),
        "guard restored the context"
    );
    span.end();
    if let Some(rec) = finished("api_enter") {
        assert_eq!(rec.attribute("via.current"), Some(&Value::Bool(true)));
    }
}

#[test]
fn in_span_returns_value_and_ends_on_unwind() {
    testing::capture();
    let tracer = get_telemetry("api::unwind").tracer().clone();
    assert_eq!(tracer.in_span("api_value", |_| 41 + 1), 42);
    let result = std::panic::catch_unwind(|| {
        tracer.in_span("api_unwind", |_| panic!("inside a span"));
    });
    assert!(result.is_err());
    assert!(
        TraceContext::current().is_none(),
        "unwinding restored the context"
    );
    finished("api_value");
    finished("api_unwind");
}

#[test]
fn update_name() {
    testing::capture();
    let tracer = get_telemetry("api::rename").tracer().clone();
    let span = tracer.start("api_before_rename");
    span.update_name("api_after_rename");
    drop(span);
    assert!(testing::capture()
        .spans_named("api_before_rename")
        .is_empty());
    finished("api_after_rename");
}

#[test]
fn telemetry_macro_caches_per_call_site() {
    fn site() -> &'static telemetry_facade::Telemetry {
        telemetry!()
    }
    assert!(std::ptr::eq(site(), site()));
    let named = telemetry!("api::named");
    named.tracer().in_span("api_macro", |_| {});
    let (tracer, _logger, _meter) = named.split();
    tracer.start("api_split").end();
    if let Some(rec) = finished("api_macro") {
        assert_eq!(rec.scope, "api::named");
    }
    finished("api_split");
}
