//! Metrics over OTLP end to end (`metrics` with `otlp`), against receivers
//! on loopback: our recording receiver (`scripts/otlp_receiver.py`, the
//! official protobuf definitions) for field-level checks over both
//! transports and both temporalities, and the Rotel collector (an
//! independent OTLP implementation).
//!
//! `init` is once per process: each scenario runs in a child process of its
//! own (see `support::scenarios`). The receivers come from
//! `eval "$(bash scripts/otlp_venv.sh)"`; without them every scenario
//! fails, none is skipped.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::otlp::{self, Transport};
use support::scenarios::Scenario;
use telemetry_facade::{get_telemetry, init, Config, KeyValue, LogOutput, TelemetryGuard};

fn scenarios() -> Vec<Scenario> {
    #[allow(unused_mut)] // without `otlp-tls`
    let mut all: Vec<Scenario> = vec![
        (
            "receiver_http_protobuf",
            || receiver(Transport::Http, "cumulative"),
            None,
        ),
        (
            "receiver_grpc",
            || receiver(Transport::Grpc, "cumulative"),
            None,
        ),
        (
            "receiver_delta_http_protobuf",
            || receiver(Transport::Http, "delta"),
            None,
        ),
        ("rotel_http_protobuf", || rotel(Transport::Http), None),
        ("rotel_grpc", || rotel(Transport::Grpc), None),
    ];
    // Mutual TLS with the per-signal certificate variables (`otlp-tls`).
    #[cfg(feature = "otlp-tls")]
    all.extend([
        (
            "mutual_tls_http_protobuf",
            (|| mutual_tls(Transport::Http)) as fn(),
            None,
        ),
        ("mutual_tls_grpc", || mutual_tls(Transport::Grpc), None),
    ]);
    all
}

fn main() {
    support::scenarios::main(scenarios);
}

fn env(transport: Transport, endpoint: &str, temporality: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OTEL_METRICS_EXPORTER", "otlp".into()),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", transport.protocol().into()),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.into()),
        (
            "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
            "x-signal=metrics".into(),
        ),
        (
            "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
            temporality.into(),
        ),
        // Long: the one export checked is the final one, at shutdown.
        ("OTEL_METRIC_EXPORT_INTERVAL", "600000".into()),
        ("OTEL_SERVICE_NAME", "otlp-metrics-test".into()),
        ("OTEL_RESOURCE_ATTRIBUTES", "deploy.token=t0ps3cret".into()),
    ]
}

fn start(vars: Vec<(&'static str, String)>) -> TelemetryGuard {
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(std::io::sink()))
        .shutdown_timeout(Duration::from_secs(20));
    assert!(config.warnings().is_empty(), "{:?}", config.warnings());
    init(config).expect("first init")
}

/// Every instrument kind, with attributes.
fn workload() {
    let meter = get_telemetry("otlp_metrics_test::orders").meter().clone();
    let orders = meter
        .u64_counter("orders.placed")
        .description("Orders placed")
        .unit("{order}")
        .build();
    let eu = [KeyValue::new("region", "eu")];
    orders.add(2, &eu);
    orders.add(3, &eu);
    orders.add(7, &[KeyValue::new("region", "us")]);
    let latency = meter
        .f64_histogram("orders.duration")
        .unit("s")
        .boundaries(vec![0.1, 0.5, 1.0])
        .build();
    for v in [0.05, 0.2, 0.3, 0.7, 2.0] {
        latency.record(v, &[]);
    }
    let active = meter.i64_up_down_counter("orders.active").build();
    active.add(4, &[]);
    active.add(-1, &[]);
    meter.u64_gauge("orders.limit").build().record(32, &[]);
    let _queue = meter
        .i64_observable_gauge("orders.queue")
        .callback(|o| o.observe(11, &[KeyValue::new("password", "hunter2")]))
        .build();
}

fn metric<'a>(metrics: &'a [Value], name: &str) -> &'a Value {
    metrics
        .iter()
        .rev()
        .find(|m| m["name"] == name)
        .unwrap_or_else(|| panic!("no metric {name}: {metrics:?}"))
}

fn receiver(transport: Transport, temporality: &str) {
    let receiver = otlp::Receiver::start();
    let guard = start(env(
        transport,
        &transport.endpoint(receiver.ports()),
        temporality,
    ));
    workload();
    guard.shutdown().expect("shut down cleanly");
    let requests = receiver.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.get("error"), None, "refused: {r}");
        assert_eq!(r["signal"], "metrics", "only metrics are exported: {r}");
        assert_eq!(r["headers"]["x-signal"], "metrics", "{r}");
        if transport == Transport::Http {
            assert_eq!(r["path"], "/v1/metrics");
        }
    }
    let metrics = receiver.metrics();
    let orders = metric(&metrics, "orders.placed");
    assert_eq!(orders["kind"], "sum");
    assert_eq!(orders["monotonic"], true);
    assert_eq!(orders["temporality"], temporality);
    assert_eq!(orders["unit"], "{order}");
    assert_eq!(orders["description"], "Orders placed");
    assert_eq!(orders["scope"], "otlp_metrics_test::orders");
    assert_eq!(orders["resource"]["service.name"], "otlp-metrics-test");
    assert_eq!(orders["resource"]["deploy.token"], "[REDACTED]");
    let value_of = |region: &str| {
        orders["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["attributes"]["region"] == region)
            .map(|p| p["value"].clone())
    };
    assert_eq!(value_of("eu"), Some(Value::from(5)));
    assert_eq!(value_of("us"), Some(Value::from(7)));
    let latency = metric(&metrics, "orders.duration");
    assert_eq!(latency["kind"], "histogram");
    assert_eq!(latency["unit"], "s");
    let point = &latency["points"][0];
    assert_eq!(point["count"], 5);
    assert!(
        (point["sum"].as_f64().unwrap() - 3.25).abs() < 1e-9,
        "{point}"
    );
    assert_eq!(point["explicit_bounds"], serde_json::json!([0.1, 0.5, 1.0]));
    assert_eq!(point["bucket_counts"], serde_json::json!([1, 2, 1, 1]));
    // opentelemetry_sdk 0.33 records no exemplar (its aggregations export
    // an empty list): nothing is faked here.
    assert_eq!(point["exemplars"], serde_json::json!([]));
    let active = metric(&metrics, "orders.active");
    assert_eq!(
        (active["kind"].as_str(), active["monotonic"].as_bool()),
        (Some("sum"), Some(false))
    );
    // Up-down counters stay cumulative with every preference.
    assert_eq!(active["temporality"], "cumulative");
    assert_eq!(active["points"][0]["value"], 3);
    let limit = metric(&metrics, "orders.limit");
    assert_eq!(limit["kind"], "gauge");
    assert_eq!(limit["points"][0]["value"], 32);
    let queue = metric(&metrics, "orders.queue");
    assert_eq!(queue["points"][0]["value"], 11);
    assert_eq!(queue["points"][0]["attributes"]["password"], "[REDACTED]");
    println!(
        "{transport:?} ({temporality}): {} metrics checked",
        metrics.len()
    );
}

fn rotel(transport: Transport) {
    let rotel = otlp::Rotel::start();
    let guard = start(env(
        transport,
        &transport.endpoint(rotel.ports()),
        "cumulative",
    ));
    workload();
    drop(guard);
    let metrics = rotel.wait_for_metrics(5, Duration::from_secs(30));
    let by_name = |name: &str| {
        metrics
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("no metric {name}: {metrics:?}"))
    };
    let orders = by_name("orders.placed");
    assert_eq!(orders.data_type, "Sum");
    assert_eq!(orders.monotonic, Some(true));
    assert_eq!(orders.temporality, "AGGREGATION_TEMPORALITY_CUMULATIVE");
    let eu = orders
        .points
        .iter()
        .find(|p| p.attribute("region") == Some("Str(eu)"))
        .expect("eu point");
    assert_eq!(eu.value_f64(), Some(5.0));
    assert_eq!(
        orders.resource_attribute("deploy.token"),
        Some("Str([REDACTED])")
    );
    let latency = by_name("orders.duration");
    assert_eq!(latency.data_type, "Histogram");
    assert_eq!(latency.points[0].count, Some(5));
    assert_eq!(latency.points[0].bucket_counts, [1, 2, 1, 1]);
    assert_eq!(by_name("orders.limit").points[0].value_f64(), Some(32.0));
    assert_eq!(by_name("orders.queue").points[0].value_f64(), Some(11.0));
    println!("{transport:?}: rotel printed {} metrics", metrics.len());
}

/// Metrics to an `https://` receiver that requires a client certificate,
/// configured by the `OTEL_EXPORTER_OTLP_METRICS_*` certificate variables
/// alone.
#[cfg(feature = "otlp-tls")]
fn mutual_tls(transport: Transport) {
    let files = otlp::TlsFiles::generate();
    let receiver = otlp::Receiver::start_tls(&files, true);
    let ports = receiver.ports();
    let endpoint = match transport {
        Transport::Http => ports.https_endpoint(),
        Transport::Grpc => ports.grpcs_endpoint(),
    };
    let mut vars = env(transport, &endpoint, "cumulative");
    for (name, file) in [
        ("OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE", &files.ca_cert),
        (
            "OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE",
            &files.client_cert,
        ),
        ("OTEL_EXPORTER_OTLP_METRICS_CLIENT_KEY", &files.client_key),
    ] {
        vars.push((name, file.display().to_string()));
    }
    let guard = start(vars);
    workload();
    guard.shutdown().expect("exported over TLS");
    let requests = receiver.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r["tls"], true, "{r}");
        assert_eq!(r["client_cert_subject"], "otlp-test-client", "{r}");
    }
    let metrics = receiver.metrics();
    assert_eq!(
        metric(&metrics, "orders.placed")["points"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    println!("{transport:?}: {} metrics over mutual TLS", metrics.len());
}
