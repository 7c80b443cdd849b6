//! A small instrumented workload, configured from the environment on top of
//! its defaults. With the default features it prints JSON
//! log lines and each finished span on stdout; the `trace_id`/`span_id` of
//! every log line written inside a span match that span's line.
//!
//! `cargo run --example quickstart`

use std::time::Duration;

use telemetry_facade::{error, get_telemetry, info, init, Config, SpanExport, SpanKind, Status};

#[derive(Debug)]
struct NotFound(u32);

impl std::fmt::Display for NotFound {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "order {} not found", self.0)
    }
}

impl std::error::Error for NotFound {}

fn load_order(id: u32) -> Result<u64, NotFound> {
    let t = get_telemetry("quickstart::db");
    t.tracer()
        .span("load_order")
        .kind(SpanKind::Client)
        .attribute("order.id", id)
        .in_span(|span| {
            std::thread::sleep(Duration::from_millis(2));
            if id.is_multiple_of(3) {
                let err = NotFound(id);
                // An error record marks the span as failed; record_error
                // then adds the exception event and the precise message.
                error!(t.logger(), "order_missing", order_id = id, reason = %err);
                span.record_error(&err);
                Err(err)
            } else {
                info!(t.logger(), "order_loaded", order_id = id, items = id * 2);
                span.set_status(Status::Ok);
                Ok(u64::from(id) * 100)
            }
        })
}

fn main() {
    // Defaults in code, then the environment: `LOG_FORMAT=pretty`,
    // `OTEL_TRACES_EXPORTER=none`, `RUST_LOG=warn`, `OTEL_SDK_DISABLED=true`...
    let guard = init(
        Config::new()
            .service_name("quickstart")
            .span_export(SpanExport::Stdout)
            .with_env(),
    )
    .expect("telemetry initialises once");

    let t = get_telemetry("quickstart");
    let total: u64 = t.tracer().in_span("handle_batch", |span| {
        let ids = [1, 2, 3, 4];
        span.set_attribute("batch.size", ids.len());
        ids.iter().filter_map(|id| load_order(*id).ok()).sum()
    });
    info!(t.logger(), "batch_done", total = total);

    // Dropping the guard flushes every finished span before exit.
    drop(guard);
}
