//! Log records over OTLP end to end (`LogExport`), against receivers on
//! loopback: our recording receiver (`scripts/otlp_receiver.py`, the
//! official protobuf definitions) for field-level checks over both
//! transports, the Rotel collector (an independent OTLP implementation),
//! then a collector that is gone and one that never answers.
//!
//! Every record written in a span must carry that span's trace id and span
//! id as exported, its severity, body, attributes (redacted) and the
//! resource; the JSON lines written beside it carry the same ids.
//!
//! `init` is once per process: each scenario runs in a child process of its
//! own (see `support::scenarios`). The receivers come from
//! `eval "$(bash scripts/otlp_venv.sh)"`; without them every scenario
//! fails, none is skipped.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::buffer::SharedBuffer;
use support::otlp::{self, Transport};
use support::poll::poll_until;
use support::scenarios::Scenario;
use support::secrets::{KEYS, MARKER, SECRET};
use telemetry_facade::{
    critical, error, get_telemetry, info, init, warn, Config, Field, InitError, LogOutput,
    SpanKind, TelemetryGuard,
};

fn scenarios() -> Vec<Scenario> {
    #[allow(unused_mut)] // without `otlp-tls`
    let mut all: Vec<Scenario> = vec![
        ("receiver_http_protobuf", || receiver(Transport::Http), None),
        ("receiver_grpc", || receiver(Transport::Grpc), None),
        ("rotel_http_protobuf", || rotel(Transport::Http), None),
        ("rotel_grpc", || rotel(Transport::Grpc), None),
        ("otlp_only_http_protobuf", otlp_only, None),
        (
            "collector_gone_http_protobuf",
            || collector_gone(Transport::Http),
            None,
        ),
        (
            "collector_gone_grpc",
            || collector_gone(Transport::Grpc),
            None,
        ),
        (
            "collector_stalled_http_protobuf",
            || collector_stalled(Transport::Http),
            Some(STALLED_REPORT),
        ),
        (
            "collector_stalled_grpc",
            || collector_stalled(Transport::Grpc),
            Some(STALLED_REPORT),
        ),
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

/// Records emitted right before the guard shuts down.
const BURST: usize = 500;
/// Records the workload writes in spans, before the burst.
const IN_SPANS: usize = 3;
/// Records the workload writes outside spans, before the burst.
const OUTSIDE: usize = 2;

/// Spans and log records to `endpoint`; JSON lines beside OTLP.
fn env(transport: Transport, endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OTEL_TRACES_EXPORTER", "otlp".into()),
        ("OTEL_LOGS_EXPORTER", "console,otlp".into()),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", transport.protocol().into()),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.into()),
        ("OTEL_SERVICE_NAME", "otlp-logs-test".into()),
        (
            "OTEL_RESOURCE_ATTRIBUTES",
            "deployment.environment=staging,deploy.token=t0ps3cret".into(),
        ),
        ("OTEL_BSP_SCHEDULE_DELAY", "50".into()),
        ("OTEL_BLRP_SCHEDULE_DELAY", "50".into()),
    ]
}

fn start(vars: Vec<(&'static str, String)>, lines: &SharedBuffer) -> TelemetryGuard {
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(lines.clone()))
        .shutdown_timeout(Duration::from_secs(20));
    assert!(config.warnings().is_empty(), "{:?}", config.warnings());
    init(config).expect("first init")
}

/// Log records of every level and field type in nested spans, one outside
/// any span, then `BURST` records right before shutdown.
fn workload() {
    let t = get_telemetry("otlp_logs_test::orders");
    let (tracer, log) = (t.tracer(), t.logger());
    tracer
        .span("handle_request")
        .kind(SpanKind::Server)
        .in_span(|_| {
            info!(
                log,
                "request_started",
                user = "ada",
                password = "hunter2",
                attempts = 3i64,
                ratio = 0.5,
                cached = true
            );
            tracer.span("query_db").in_span(|_| {
                warn!(log, "slow_query", rows = 3u64, big = u64::MAX);
            });
            error!(log, "charge_failed", reason = "card declined");
        });
    critical!(log, "outside_any_span");
    // Every key of the redaction table, at the collector.
    let fields: Vec<Field<'_>> = KEYS.iter().map(|(k, _)| Field::new(k, &SECRET)).collect();
    log.info("secrets", &fields);
    for i in 0..BURST {
        info!(log, "burst", i = i as i64);
    }
}

/// The records of every logs request, each with the request it came in.
fn log_records(requests: &[Value]) -> Vec<(Value, &Value)> {
    requests
        .iter()
        .filter(|r| r["signal"] == "logs")
        .flat_map(|r| {
            r["logs"]
                .as_array()
                .expect("logs")
                .iter()
                .map(move |l| (l.clone(), r))
        })
        .collect()
}

fn receiver(transport: Transport) {
    let receiver = otlp::Receiver::start();
    let mut vars = env(transport, &transport.endpoint(receiver.ports()));
    // Per-signal settings: these only on log export requests.
    vars.push(("OTEL_EXPORTER_OTLP_LOGS_HEADERS", "x-signal=logs".into()));
    vars.push(("OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "gzip".into()));
    let lines = SharedBuffer::default();
    let guard = start(vars, &lines);
    workload();
    guard.shutdown().expect("every span and record exported");
    let requests = receiver.requests();
    for r in &requests {
        assert_eq!(r.get("error"), None, "refused: {r}");
        let logs = r["signal"] == "logs";
        assert_eq!(r["headers"].get("x-signal").is_some(), logs, "{r}");
        assert_eq!(r["compression"] == "gzip", logs, "{r}");
        if logs {
            let path = match transport {
                Transport::Http => "/v1/logs",
                Transport::Grpc => "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
            };
            assert_eq!(r["path"], path, "{r}");
        }
    }
    let records = log_records(&requests);
    assert_eq!(
        records.len(),
        IN_SPANS + OUTSIDE + BURST,
        "every record, once"
    );
    let spans: HashMap<String, Value> = requests
        .iter()
        .flat_map(|r| r["spans"].as_array().expect("spans").iter())
        .map(|s| (s["name"].as_str().unwrap().to_owned(), s.clone()))
        .collect();
    let by_body = |body: &str| -> &Value {
        &records
            .iter()
            .find(|(l, _)| l["body"] == body)
            .unwrap_or_else(|| panic!("no record {body}"))
            .0
    };
    let server = &spans["handle_request"];
    let db = &spans["query_db"];
    let started = by_body("request_started");
    let slow = by_body("slow_query");
    let failed = by_body("charge_failed");
    let outside = by_body("outside_any_span");
    for (record, span) in [(started, server), (slow, db), (failed, server)] {
        assert_eq!(record["trace_id"], span["trace_id"], "{record}");
        assert_eq!(record["span_id"], span["span_id"], "{record}");
        assert_eq!(
            record["flags"].as_u64().unwrap() & 1,
            1,
            "sampled: {record}"
        );
    }
    assert_eq!(outside["trace_id"], "", "{outside}");
    assert_eq!(outside["span_id"], "");
    for (record, number, text) in [
        (started, 9, "info"),
        (slow, 13, "warning"),
        (failed, 17, "error"),
        (outside, 21, "critical"),
    ] {
        assert_eq!(record["severity_number"], number, "{record}");
        assert_eq!(record["severity_text"], text, "{record}");
        assert_eq!(record["scope"], "otlp_logs_test::orders");
        assert_eq!(record["resource"]["service.name"], "otlp-logs-test");
        assert_eq!(record["resource"]["deployment.environment"], "staging");
        assert_eq!(record["resource"]["deploy.token"], "[REDACTED]");
        assert!(record["time_unix_nano"].as_u64().unwrap() > 0, "{record}");
        let attributes = record["attributes"].as_object().unwrap();
        for key in ["logger", "event", "trace_id", "span_id", "level"] {
            assert!(!attributes.contains_key(key), "{key} in {record}");
        }
    }
    let a = &started["attributes"];
    assert_eq!(a["user"], "ada");
    assert_eq!(a["password"], "[REDACTED]", "redacted as in the lines");
    assert_eq!(a["attempts"], 3);
    assert_eq!(a["ratio"], 0.5);
    assert_eq!(a["cached"], true);
    assert_eq!(slow["attributes"]["rows"], 3);
    assert_eq!(
        slow["attributes"]["big"],
        u64::MAX.to_string(),
        "too big for OTLP's int"
    );
    assert_eq!(failed["attributes"]["reason"], "card declined");
    let secrets = &by_body("secrets")["attributes"];
    for (key, secret) in KEYS {
        let expected = if *secret { MARKER } else { SECRET };
        assert_eq!(secrets[*key], expected, "{key}: {secrets}");
    }
    // The lines written beside carry the same ids.
    let written = lines.json_lines();
    assert_eq!(written.len(), IN_SPANS + OUTSIDE + BURST);
    for line in written.iter().filter(|l| l.get("span_id").is_some()) {
        let record = by_body(line["event"].as_str().unwrap());
        assert_eq!(line["trace_id"], record["trace_id"], "{line}");
        assert_eq!(line["span_id"], record["span_id"], "{line}");
    }
    let started_line = written.iter().find(|l| l["event"] == "request_started");
    assert_eq!(started_line.unwrap()["password"], MARKER);
    println!(
        "{transport:?}: {} log records in {} requests, fields checked",
        records.len(),
        requests.iter().filter(|r| r["signal"] == "logs").count()
    );
}

fn rotel(transport: Transport) {
    let rotel = otlp::Rotel::start();
    let lines = SharedBuffer::default();
    let guard = start(env(transport, &transport.endpoint(rotel.ports())), &lines);
    workload();
    // Dropped, not shut down by hand: the burst must arrive either way.
    drop(guard);
    let logs = rotel.wait_for_logs(IN_SPANS + OUTSIDE + BURST, Duration::from_secs(30));
    assert_eq!(
        logs.len(),
        IN_SPANS + OUTSIDE + BURST,
        "rotel printed every record, once"
    );
    let spans = rotel.wait_for_spans(2, Duration::from_secs(30));
    let span_of = |name: &str| {
        spans
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no span {name}"))
    };
    let by_body = |body: &str| {
        logs.iter()
            .find(|l| l.body == format!("Str({body})"))
            .unwrap_or_else(|| panic!("no record {body}: {logs:?}"))
    };
    let started = by_body("request_started");
    let slow = by_body("slow_query");
    for (record, span) in [
        (started, span_of("handle_request")),
        (slow, span_of("query_db")),
    ] {
        assert_eq!(record.trace_id, span.trace_id);
        assert_eq!(record.span_id, span.span_id);
    }
    assert_eq!(started.severity_number, 9);
    assert_eq!(slow.severity_number, 13);
    assert_eq!(started.attribute("password"), Some("Str([REDACTED])"));
    assert_eq!(started.attribute("attempts"), Some("Int(3)"));
    assert_eq!(started.scope, "otlp_logs_test::orders");
    assert_eq!(
        started.resource_attribute("deploy.token"),
        Some("Str([REDACTED])")
    );
    for line in lines
        .json_lines()
        .iter()
        .filter(|l| l.get("span_id").is_some())
    {
        let record = by_body(line["event"].as_str().unwrap());
        assert_eq!(line["trace_id"].as_str(), Some(record.trace_id.as_str()));
        assert_eq!(line["span_id"].as_str(), Some(record.span_id.as_str()));
    }
    println!("{transport:?}: rotel printed {} log records", logs.len());
}

/// `OTEL_LOGS_EXPORTER=otlp`: records reach the collector, none the output.
fn otlp_only() {
    let receiver = otlp::Receiver::start();
    let mut vars = env(Transport::Http, &Transport::Http.endpoint(receiver.ports()));
    vars.retain(|(k, _)| *k != "OTEL_LOGS_EXPORTER");
    vars.push(("OTEL_LOGS_EXPORTER", "otlp".into()));
    let lines = SharedBuffer::default();
    let guard = start(vars, &lines);
    workload();
    guard.shutdown().expect("every record exported");
    assert!(lines.lines().is_empty(), "{:?}", lines.lines());
    assert_eq!(
        log_records(&receiver.requests()).len(),
        IN_SPANS + OUTSIDE + BURST
    );
}

/// Emits `n` records; none of these calls may wait for the network.
fn emit_records(n: usize) {
    let log = get_telemetry("otlp_logs_test").logger().clone();
    for i in 0..n {
        info!(log, "doomed", i = i as i64);
    }
}

/// Only log records, to `endpoint`, with a small queue.
fn logs_only_env(transport: Transport, endpoint: &str) -> Vec<(&'static str, String)> {
    let mut vars = env(transport, endpoint);
    vars.retain(|(k, _)| *k != "OTEL_TRACES_EXPORTER" && *k != "OTEL_LOGS_EXPORTER");
    vars.push(("OTEL_LOGS_EXPORTER", "otlp".into()));
    vars.push(("OTEL_BLRP_MAX_QUEUE_SIZE", "256".into()));
    vars.push(("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "64".into()));
    vars
}

/// Nothing listens: exports fail, the queue drops what does not fit, and
/// shutdown reports the loss, counted exactly, within its timeout.
fn collector_gone(transport: Transport) {
    let port = otlp::free_port();
    let mut vars = logs_only_env(transport, &format!("http://127.0.0.1:{port}"));
    vars.push(("OTEL_EXPORTER_OTLP_TIMEOUT", "300".into()));
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(std::io::sink()))
        .shutdown_timeout(Duration::from_secs(3));
    let guard = init(config).expect("init");
    const N: u64 = 5000;
    let started = Instant::now();
    emit_records(N as usize);
    let emitting = started.elapsed();
    let started = Instant::now();
    let result = guard.shutdown();
    let took = started.elapsed();
    let Err(InitError::LogsLost(loss)) = result else {
        panic!("expected the loss to be reported, got {result:?}");
    };
    println!("{transport:?}: {loss} (emitting took {emitting:?}, shutdown {took:?})");
    assert_eq!(
        loss.dropped + loss.failed + loss.pending,
        N,
        "every record accounted for: {loss:?}"
    );
    assert!(loss.failed >= 1, "a request was tried and failed: {loss:?}");
    assert!(
        took < Duration::from_secs(5),
        "shutdown is bounded: {took:?}"
    );
}

const STALLED_REPORT: &str = "telemetry-facade: log export: 100064 log records were not exported: ";

/// A collector that accepts and never answers: emitting goes on while a
/// request hangs, the queue bounds memory, and dropping the guard returns
/// within its timeout, printing the loss once.
fn collector_stalled(transport: Transport) {
    let stalled = otlp::Stalled::start();
    let mut vars = logs_only_env(transport, &stalled.endpoint());
    vars.push(("OTEL_EXPORTER_OTLP_TIMEOUT", "600000".into()));
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(std::io::sink()))
        .shutdown_timeout(Duration::from_secs(1));
    let guard = init(config).expect("init");
    // One full batch, then wait until its request is on the wire.
    emit_records(64);
    poll_until(
        "an export request to reach the stalled collector",
        Duration::from_secs(30),
        || (stalled.bytes_received() > 0).then_some(()),
    )
    .unwrap_or_else(|timed_out| panic!("{timed_out}"));
    let started = Instant::now();
    emit_records(100_000);
    let emitting = started.elapsed();
    let started = Instant::now();
    drop(guard);
    let took = started.elapsed();
    println!("{transport:?}: emitting 100000 took {emitting:?}, dropping the guard {took:?}");
    assert!(took < Duration::from_secs(3), "bounded shutdown: {took:?}");
}

/// Log records to an `https://` receiver that requires a client
/// certificate, configured by the `OTEL_EXPORTER_OTLP_LOGS_*` certificate
/// variables alone (spans are not exported).
#[cfg(feature = "otlp-tls")]
fn mutual_tls(transport: Transport) {
    let files = otlp::TlsFiles::generate();
    let receiver = otlp::Receiver::start_tls(&files, true);
    let ports = receiver.ports();
    let endpoint = match transport {
        Transport::Http => ports.https_endpoint(),
        Transport::Grpc => ports.grpcs_endpoint(),
    };
    let mut vars = logs_only_env(transport, &endpoint);
    for (name, file) in [
        ("OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE", &files.ca_cert),
        (
            "OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE",
            &files.client_cert,
        ),
        ("OTEL_EXPORTER_OTLP_LOGS_CLIENT_KEY", &files.client_key),
    ] {
        vars.push((name, file.display().to_string()));
    }
    let lines = SharedBuffer::default();
    let guard = start(vars, &lines);
    emit_records(100);
    guard.shutdown().expect("every record exported over TLS");
    let requests = receiver.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r["tls"], true, "{r}");
        assert_eq!(r["client_cert_subject"], "otlp-test-client", "{r}");
        assert_eq!(r["signal"], "logs", "{r}");
    }
    assert_eq!(log_records(&requests).len(), 100);
    println!("{transport:?}: 100 log records over mutual TLS");
}
