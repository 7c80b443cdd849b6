//! Spans sent to an OpenTelemetry collector over OTLP, with JSON log lines
//! on stdout that carry the same trace and span ids (and, with
//! `OTEL_LOGS_EXPORTER=otlp,console`, the same log records over OTLP too).
//!
//! With a collector listening on the default port (4318, HTTP/protobuf):
//!
//! ```text
//! OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 cargo run --example otlp --features otlp
//! ```
//!
//! Everything else comes from the standard variables too:
//! `OTEL_EXPORTER_OTLP_PROTOCOL=grpc` (and port 4317),
//! `OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer%20token`,
//! `OTEL_EXPORTER_OTLP_COMPRESSION=gzip`, `OTEL_SERVICE_NAME`,
//! `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_LOGS_EXPORTER`... The program exits with
//! status 1 when a span (or a log record sent over OTLP) did not reach the
//! collector.

use telemetry_facade::{
    get_telemetry, info, init, warn, Config, InitError, SpanExport, SpanKind, Status,
};

fn charge(order: u32, amount_cents: u64) -> Result<(), String> {
    let t = get_telemetry("otlp_example::payments");
    t.tracer()
        .span("charge_card")
        .kind(SpanKind::Client)
        .attribute("order.id", order)
        .attribute("amount.cents", amount_cents)
        .in_span(|span| {
            if amount_cents > 10_000 {
                warn!(
                    t.logger(),
                    "charge_declined",
                    order_id = order,
                    amount_cents = amount_cents
                );
                span.add_event("declined", [("reason", "limit exceeded")]);
                span.set_status(Status::error("card declined"));
                Err(format!("order {order}: card declined"))
            } else {
                info!(
                    t.logger(),
                    "charged",
                    order_id = order,
                    amount_cents = amount_cents
                );
                Ok(())
            }
        })
}

fn main() {
    // Defaults in code, the environment over them.
    let config = Config::new()
        .service_name("otlp-example")
        .span_export(SpanExport::Otlp)
        .with_env();
    let endpoint = config.get_otlp().traces_endpoint();
    let protocol = config.get_otlp().get_protocol();
    let guard = init(config).expect("telemetry initialises once");

    let t = get_telemetry("otlp_example");
    for (order, amount) in [(1, 2_500), (2, 25_000), (3, 900)] {
        t.tracer()
            .span("handle_order")
            .kind(SpanKind::Server)
            .attribute("order.id", order)
            .in_span(|_| {
                info!(t.logger(), "order_received", order_id = order);
                let _ = charge(order, amount);
            });
    }

    // Dropping the guard would flush too; shutting down by hand shows the
    // outcome.
    match guard.shutdown() {
        Ok(()) => eprintln!("otlp example: 6 spans sent to {endpoint} over {protocol}"),
        Err(InitError::SpansLost(loss)) => {
            eprintln!("otlp example: {loss} (endpoint {endpoint}, {protocol})");
            std::process::exit(1);
        }
        Err(InitError::LogsLost(loss)) => {
            eprintln!("otlp example: {loss} ({protocol})");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("otlp example: {e}");
            std::process::exit(1);
        }
    }
}
