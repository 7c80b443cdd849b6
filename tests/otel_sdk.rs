//! The otel backend checked through the SDK's own `InMemorySpanExporter`:
//! what reaches an OpenTelemetry exporter, in OpenTelemetry's types.
#![cfg(feature = "otel")]

use opentelemetry::trace::{SpanKind, Status, TraceContextExt};
use opentelemetry::{KeyValue, Value};
use opentelemetry_sdk::trace::InMemorySpanExporter;
use telemetry_facade::{get_telemetry, init, Config, SpanId, TraceContext, TraceFlags, TraceId};

#[derive(Debug)]
struct Refused;
impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection refused")
    }
}
impl std::error::Error for Refused {}

/// The value of the attribute `name` among `attributes`.
fn attribute(attributes: &[KeyValue], name: &str) -> Option<Value> {
    attributes
        .iter()
        .find(|kv| kv.key.as_str() == name)
        .map(|kv| kv.value.clone())
}

#[test]
fn spans_reach_the_sdk_exporter_with_every_property() {
    let exporter = InMemorySpanExporter::default();
    let _guard = init(Config::new().with_span_exporter(exporter.clone())).unwrap();
    let tracer = get_telemetry("otel_sdk").tracer().clone();
    let link = TraceContext::new(
        TraceId::from_hex("0af7651916cd43dd8448eb211c80319c").unwrap(),
        SpanId::from_hex("b7ad6b7169203331").unwrap(),
        TraceFlags::SAMPLED,
    );
    let evaluated = std::cell::Cell::new(0);
    tracer
        .span("sdk_parent")
        .kind(telemetry_facade::SpanKind::Producer)
        .attribute("at.start", true)
        .link(link)
        .in_span(|parent| {
            parent.set_attribute_with("lazy", || {
                evaluated.set(evaluated.get() + 1);
                "computed"
            });
            parent.add_event("step", [("n", 1)]);
            tracer.in_span("sdk_child", |child| child.record_error(&Refused));
            // Other OpenTelemetry instrumentation sees our span as current.
            let current = opentelemetry::Context::current();
            assert_eq!(
                current.span().span_context().span_id().to_bytes(),
                parent.context().unwrap().span_id().to_bytes()
            );
        });
    assert_eq!(evaluated.get(), 1);

    let spans = exporter.get_finished_spans().unwrap();
    let parent = spans.iter().find(|s| s.name == "sdk_parent").unwrap();
    let child = spans.iter().find(|s| s.name == "sdk_child").unwrap();
    assert_eq!(parent.span_kind, SpanKind::Producer);
    assert_eq!(parent.instrumentation_scope.name(), "otel_sdk");
    let attr = |name: &str| attribute(&parent.attributes, name);
    assert_eq!(attr("at.start"), Some(Value::Bool(true)));
    assert_eq!(attr("lazy"), Some(Value::from("computed")));
    assert_eq!(parent.events.events[0].name, "step");
    assert_eq!(
        parent.links.links[0].span_context.trace_id().to_bytes(),
        link.trace_id().to_bytes()
    );
    assert_eq!(child.parent_span_id, parent.span_context.span_id());
    assert_eq!(
        child.span_context.trace_id(),
        parent.span_context.trace_id()
    );
    assert_eq!(child.status, Status::error("connection refused"));
    let exception = &child.events.events[0];
    assert_eq!(exception.name, "exception");
    let ev = |name: &str| attribute(&exception.attributes, name).map(|v| v.to_string());
    assert_eq!(ev("exception.type").as_deref(), Some("otel_sdk::Refused"));
    assert_eq!(
        ev("exception.message").as_deref(),
        Some("connection refused")
    );
}
