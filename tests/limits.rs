//! `OTEL_ATTRIBUTE_COUNT_LIMIT` and `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT` apply
//! to span attributes and to log fields. Its own process: `init` is once.
#![cfg(all(feature = "otel", feature = "json"))]

mod support;

use opentelemetry_sdk::trace::InMemorySpanExporter;
use support::buffer::SharedBuffer;
use telemetry_facade::{get_telemetry, info, init, Config, Field, LogOutput};

#[test]
fn limits_apply_to_attributes_and_fields() {
    let spans = InMemorySpanExporter::default();
    let logs = SharedBuffer::default();
    let _guard = init(
        Config::from_vars([
            ("OTEL_ATTRIBUTE_COUNT_LIMIT", "3"),
            ("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "4"),
        ])
        .with_span_exporter(spans.clone())
        .log_output(LogOutput::writer(logs.clone())),
    )
    .unwrap();
    let t = get_telemetry("limits");
    t.tracer().in_span("limited", |span| {
        span.set_attribute("a", "ünïcode");
        span.set_attributes([("b", 1), ("c", 2), ("d", 3)]);
    });
    let bound = t.logger().bind(&[Field::new("request_id", "abcdefgh")]);
    info!(bound, "fields", x = "0123456789", y = %"displayed", z = 3, dropped = 4);

    let span = &spans.get_finished_spans().unwrap()[0];
    assert_eq!(span.attributes.len(), 3, "{:?}", span.attributes);
    assert_eq!(
        span.attributes[0].value.as_str(),
        "ünïc",
        "cut at 4 characters"
    );
    assert_eq!(span.dropped_attributes_count, 1);

    let line = &logs.json_lines()[0];
    assert_eq!(line["request_id"], "abcd");
    assert_eq!(line["x"], "0123");
    assert_eq!(line["y"], "disp");
    assert!(
        line.get("z").is_none() && line.get("dropped").is_none(),
        "3 fields at most: {line}"
    );
    assert_eq!(line["event"], "fields", "logger and event are not fields");
}
