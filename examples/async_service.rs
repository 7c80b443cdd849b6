//! A small async service on a multi-threaded tokio runtime: 200 concurrent
//! requests, each with its own span and a scoped `request_id`, logging
//! across `.await` points and from spawned child tasks. With the default
//! features every `request_id` in the output maps to exactly one
//! `trace_id`, and every `trace_id` to one `request_id`.
//!
//! `cargo run --example async_service`

use std::time::Duration;

use telemetry_facade::{get_telemetry, info, init, warn, Config, Field, FutureExt};

async fn lookup(user: u32) -> Result<String, std::io::Error> {
    let t = get_telemetry("async_service::db");
    async move {
        tokio::time::sleep(Duration::from_millis(u64::from(user % 7))).await;
        info!(t.logger(), "db_lookup", user = user);
        Ok(format!("user-{user}"))
    }
    .try_in_span(get_telemetry("async_service::db").tracer().start("lookup"))
    .await
}

async fn handle(request: u32) {
    let t = get_telemetry("async_service::http");
    info!(t.logger(), "request_received");
    tokio::task::yield_now().await;
    let name = lookup(request).await.unwrap_or_default();
    // A child task: it keeps the span and the request_id.
    let logger = t.logger().clone();
    let audit = tokio::spawn(
        async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            info!(logger, "audit_written", name = name.as_str());
        }
        .with_current_context(),
    );
    audit
        .await
        .unwrap_or_else(|e| warn!(t.logger(), "audit_failed", error = %e));
    info!(t.logger(), "request_done");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let guard = init(Config::new().service_name("async_service").with_env()).expect("first init");
    let tracer = get_telemetry("async_service::http").tracer().clone();

    let mut tasks = Vec::new();
    for request in 0..200u32 {
        let id = format!("req-{request:03}");
        let span = tracer.span("handle_request").root().start();
        span.set_attribute("request.id", id.clone());
        let fields = [Field::new("request_id", id.as_str())];
        tasks.push(tokio::spawn(
            handle(request).with_fields(&fields).in_span(span),
        ));
    }
    for task in tasks {
        task.await.expect("request task");
    }
    drop(guard);
}
