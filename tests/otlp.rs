//! OTLP export end to end, against receivers on loopback: our recording
//! receiver (`scripts/otlp_receiver.py`, the official protobuf definitions)
//! for field-level checks, and the Rotel collector (an independent OTLP
//! implementation) for both transports; then a collector that is gone and
//! one that accepts and never answers.
//!
//! `init` is once per process, so this is a `harness = false` test: `main`
//! runs every scenario in a child process of its own (this same binary with
//! `--scenario NAME`), in parallel, and fails when any child fails. Extra
//! arguments filter scenarios by substring, like libtest.
//!
//! The receivers come from `eval "$(bash scripts/otlp_venv.sh)"` (the test
//! command does it); without them every scenario fails, none is skipped.

mod support;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::buffer::SharedBuffer;
use support::otlp::{self, Transport};
use support::poll::poll_until;
use telemetry_facade::{
    get_telemetry, info, init, Config, InitError, KeyValue, LogOutput, SpanKind, Status,
};

use support::scenarios::Scenario;

/// The scenarios, each run in its own process.
fn scenarios() -> Vec<Scenario> {
    let mut all: Vec<Scenario> = vec![
        (
            "receiver_http_protobuf",
            || receiver_fields(Transport::Http),
            None,
        ),
        ("receiver_grpc", || receiver_fields(Transport::Grpc), None),
        ("rotel_http_protobuf", || rotel(Transport::Http), None),
        ("rotel_grpc", || rotel(Transport::Grpc), None),
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
        // Dropping the guard prints the loss once, with the exact total.
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
        (
            "inside_tokio_http_protobuf",
            || inside_tokio(Transport::Http),
            None,
        ),
        ("inside_tokio_grpc", || inside_tokio(Transport::Grpc), None),
    ];
    // Without `otlp-tls`, an https:// endpoint is refused with a warning.
    #[cfg(not(feature = "otlp-tls"))]
    all.push((
        "https_endpoint_is_refused_with_a_warning",
        https_refused,
        Some("telemetry-facade: warning: OTLP span export is off: https://127.0.0.1:9/v1/traces is an https:// endpoint, which needs telemetry-facade's `otlp-tls` feature"),
    ));
    #[cfg(feature = "otlp-tls")]
    all.extend(tls::scenarios());
    all
}

const STALLED_REPORT: &str = "telemetry-facade: span export: 100064 spans were not exported: ";

fn main() {
    support::scenarios::main(scenarios);
}

/// The environment of a scenario: where to send, how, and the resource.
fn env(transport: Transport, endpoint: &str) -> Vec<(&'static str, String)> {
    vec![
        ("OTEL_TRACES_EXPORTER", "otlp".into()),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", transport.protocol().into()),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.into()),
        ("OTEL_SERVICE_NAME", "otlp-test".into()),
        (
            "OTEL_RESOURCE_ATTRIBUTES",
            "deployment.environment=stag%20ing,team=a%2Cb,deploy.token=t0ps3cret".into(),
        ),
        ("OTEL_BSP_SCHEDULE_DELAY", "50".into()),
    ]
}

/// How many spans end right before the guard shuts down.
const BURST: usize = 1000;

/// Spans of every shape, with log lines inside; then `BURST` spans ended
/// right before shutdown. Returns the log lines.
fn workload(logs: &SharedBuffer) -> Vec<Value> {
    let t = get_telemetry("otlp_test");
    let tracer = t.tracer();
    let log = t.logger();
    tracer
        .span("handle_request")
        .kind(SpanKind::Server)
        .attribute("http.method", "GET")
        .attribute("retries", 3i64)
        .attribute("ratio", 0.5)
        .attribute("cached", true)
        .in_span(|server| {
            info!(log, "request_started", user = "ada");
            tracer
                .span("query_db")
                .kind(SpanKind::Client)
                .attribute("db.system", "postgresql")
                .attribute("db.password", "hunter2")
                .in_span(|db| {
                    db.add_event("retry", [KeyValue::new("attempt", 2i64)]);
                    info!(log, "query_done", rows = 3);
                });
            tracer
                .span("charge")
                .kind(SpanKind::Producer)
                .in_span(|charge| {
                    info!(log, "charging");
                    charge.record_error(&std::io::Error::other("card declined"));
                });
            server.set_status(Status::Ok);
        });
    for i in 0..BURST {
        tracer.span("burst").attribute("i", i as i64).start().end();
    }
    logs.json_lines()
}

fn start(
    vars: Vec<(&'static str, String)>,
    logs: &SharedBuffer,
) -> telemetry_facade::TelemetryGuard {
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(logs.clone()))
        .shutdown_timeout(Duration::from_secs(20));
    assert!(config.warnings().is_empty(), "{:?}", config.warnings());
    init(config).expect("first init")
}

/// Runs the workload exporting to `receiver` with `vars` and shuts down,
/// every span exported; returns the log lines and the requests the receiver
/// recorded (all there by the time shutdown returned), none refused.
fn export_to_receiver(
    receiver: &otlp::Receiver,
    vars: Vec<(&'static str, String)>,
) -> (Vec<Value>, Vec<Value>) {
    let logs = SharedBuffer::default();
    let guard = start(vars, &logs);
    let lines = workload(&logs);
    guard.shutdown().expect("every span exported");
    let requests = receiver.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.get("error"), None, "refused: {r}");
    }
    (lines, requests)
}

/// span id → trace id of the spans our receiver recorded.
fn exported_ids<'a>(spans: impl IntoIterator<Item = &'a Value>) -> HashMap<String, String> {
    spans
        .into_iter()
        .map(|s| {
            (
                s["span_id"].as_str().unwrap().to_owned(),
                s["trace_id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every log line written in a span names an exported span: same trace id,
/// same span id.
fn assert_correlated(lines: &[Value], exported: &HashMap<String, String>) {
    assert_eq!(lines.len(), 3, "{lines:?}");
    for line in lines {
        let span_id = line["span_id"]
            .as_str()
            .expect("log line in a span has span_id");
        let trace_id = line["trace_id"].as_str().expect("and trace_id");
        assert_eq!(
            exported.get(span_id).map(String::as_str),
            Some(trace_id),
            "log line {line} names a span that was not exported with that trace id"
        );
    }
}

fn receiver_fields(transport: Transport) {
    let receiver = otlp::Receiver::start();
    let endpoint = transport.endpoint(receiver.ports());
    let mut vars = env(transport, &endpoint);
    vars.push((
        "OTEL_EXPORTER_OTLP_HEADERS",
        "x-api-key=s3cr%20et,x-tenant=acme".into(),
    ));
    vars.push(("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip".into()));
    let (lines, requests) = export_to_receiver(&receiver, vars);
    for r in &requests {
        assert_eq!(r["headers"]["x-api-key"], "s3cr et", "{r}");
        assert_eq!(r["headers"]["x-tenant"], "acme");
        assert_eq!(r["compression"], "gzip", "{r}");
        match transport {
            Transport::Http => {
                assert_eq!(r["path"], "/v1/traces");
                assert_eq!(r["content_type"], "application/x-protobuf");
            }
            Transport::Grpc => {
                assert_eq!(
                    r["path"],
                    "/opentelemetry.proto.collector.trace.v1.TraceService/Export"
                );
                assert!(r["content_type"]
                    .as_str()
                    .unwrap()
                    .starts_with("application/grpc"));
            }
        }
    }
    let spans: Vec<&Value> = requests
        .iter()
        .flat_map(|r| r["spans"].as_array().unwrap())
        .collect();
    assert_eq!(spans.len(), BURST + 3, "every ended span arrives, once");
    let ids: HashSet<&str> = spans
        .iter()
        .map(|s| s["span_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), spans.len(), "no span twice");
    let bursts = spans.iter().filter(|s| s["name"] == "burst").count();
    assert_eq!(bursts, BURST);

    let by_name = |name: &str| -> &Value {
        spans
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no span {name}"))
    };
    let server = by_name("handle_request");
    let db = by_name("query_db");
    let charge = by_name("charge");
    for s in [server, db, charge] {
        assert_eq!(s["resource"]["service.name"], "otlp-test");
        assert_eq!(s["resource"]["deployment.environment"], "stag ing");
        assert_eq!(s["resource"]["team"], "a,b");
        assert_eq!(
            s["resource"]["deploy.token"], "[REDACTED]",
            "redacted resource"
        );
        assert_eq!(s["resource"]["telemetry.sdk.language"], "rust");
        assert_eq!(s["scope"], "otlp_test");
        assert_eq!(s["trace_id"], server["trace_id"]);
        assert!(s["end_time_unix_nano"].as_u64() >= s["start_time_unix_nano"].as_u64());
    }
    assert_eq!(server["kind"], "SPAN_KIND_SERVER");
    assert_eq!(server["parent_span_id"], "");
    assert_eq!(server["attributes"]["http.method"], "GET");
    assert_eq!(server["attributes"]["retries"], 3);
    assert_eq!(server["attributes"]["ratio"], 0.5);
    assert_eq!(server["attributes"]["cached"], true);
    assert_eq!(server["status"]["code"], "STATUS_CODE_OK");
    assert_eq!(db["kind"], "SPAN_KIND_CLIENT");
    assert_eq!(db["parent_span_id"], server["span_id"]);
    assert_eq!(db["attributes"]["db.system"], "postgresql");
    assert_eq!(
        db["attributes"]["db.password"], "[REDACTED]",
        "redacted at the collector"
    );
    assert_eq!(db["events"][0]["name"], "retry");
    assert_eq!(db["events"][0]["attributes"]["attempt"], 2);
    assert_eq!(db["status"]["code"], "STATUS_CODE_UNSET");
    assert_eq!(charge["kind"], "SPAN_KIND_PRODUCER");
    assert_eq!(charge["parent_span_id"], server["span_id"]);
    assert_eq!(charge["status"]["code"], "STATUS_CODE_ERROR");
    assert_eq!(charge["status"]["message"], "card declined");
    assert_eq!(charge["events"][0]["name"], "exception");
    assert_eq!(
        charge["events"][0]["attributes"]["exception.message"],
        "card declined"
    );

    assert_correlated(&lines, &exported_ids(spans.iter().copied()));
    println!(
        "{transport:?}: {} requests, {} spans, all fields checked",
        requests.len(),
        spans.len()
    );
}

fn rotel(transport: Transport) {
    let rotel = otlp::Rotel::start();
    let endpoint = transport.endpoint(rotel.ports());
    let logs = SharedBuffer::default();
    let guard = start(env(transport, &endpoint), &logs);
    let lines = workload(&logs);
    // Here the guard is dropped (the receiver scenarios call `shutdown`):
    // the 1 000 spans ended just before must all arrive either way.
    drop(guard);

    let spans = rotel.wait_for_spans(BURST + 3, Duration::from_secs(30));
    assert_eq!(spans.len(), BURST + 3, "rotel printed every span, once");
    let by_name = |name: &str| -> &otlp::RotelSpan {
        spans
            .iter()
            .find(|s| s.name == name)
            .unwrap_or_else(|| panic!("no span {name}"))
    };
    let server = by_name("handle_request");
    let db = by_name("query_db");
    let charge = by_name("charge");
    assert_eq!(server.kind, "SPAN_KIND_SERVER");
    assert_eq!(server.parent_id, "");
    assert_eq!(server.attribute("http.method"), Some("Str(GET)"));
    assert_eq!(server.attribute("retries"), Some("Int(3)"));
    assert_eq!(server.attribute("ratio"), Some("Double(0.5)"));
    assert_eq!(server.attribute("cached"), Some("Bool(true)"));
    assert_eq!(server.status, "STATUS_CODE_OK");
    assert_eq!(db.kind, "SPAN_KIND_CLIENT");
    assert_eq!(db.parent_id, server.span_id);
    assert_eq!(db.trace_id, server.trace_id);
    assert_eq!(db.events, ["retry"]);
    assert_eq!(db.attribute("db.password"), Some("Str([REDACTED])"));
    assert_eq!(charge.parent_id, server.span_id);
    assert_eq!(charge.status, "STATUS_CODE_ERROR");
    assert_eq!(charge.status_message, "card declined");
    assert_eq!(charge.events, ["exception"]);
    for s in [server, db, charge] {
        assert_eq!(s.resource_attribute("service.name"), Some("Str(otlp-test)"));
        assert_eq!(
            s.resource_attribute("deployment.environment"),
            Some("Str(stag ing)")
        );
        assert_eq!(s.resource_attribute("team"), Some("Str(a,b)"));
        assert_eq!(
            s.resource_attribute("deploy.token"),
            Some("Str([REDACTED])")
        );
    }
    let exported: HashMap<String, String> = spans
        .iter()
        .map(|s| (s.span_id.clone(), s.trace_id.clone()))
        .collect();
    assert_correlated(&lines, &exported);
    println!(
        "{transport:?}: rotel printed {} spans, fields checked",
        spans.len()
    );
}

/// Ends `n` spans; none of these calls may wait for the network.
fn end_spans(n: usize) {
    let t = get_telemetry("otlp_test");
    let tracer = t.tracer();
    for i in 0..n {
        tracer.span("doomed").attribute("i", i as i64).start().end();
    }
}

/// Nothing listens: exports fail, the queue drops what does not fit, and
/// shutdown reports the loss, counted exactly.
fn collector_gone(transport: Transport) {
    let port = otlp::free_port();
    let mut vars = env(transport, &format!("http://127.0.0.1:{port}"));
    vars.push(("OTEL_EXPORTER_OTLP_TIMEOUT", "300".into()));
    vars.push(("OTEL_BSP_MAX_QUEUE_SIZE", "200".into()));
    vars.push(("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "50".into()));
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(std::io::sink()))
        .shutdown_timeout(Duration::from_secs(3));
    let guard = init(config).expect("init");
    const N: u64 = 5000;
    end_spans(N as usize);
    let started = Instant::now();
    let result = guard.shutdown();
    let took = started.elapsed();
    let Err(InitError::SpansLost(loss)) = result else {
        panic!("expected the loss to be reported, got {result:?}");
    };
    println!("{transport:?}: {loss} (shutdown took {took:?})");
    assert_eq!(
        loss.dropped + loss.failed + loss.pending,
        N,
        "every span accounted for: {loss:?}"
    );
    assert!(
        loss.failed >= 1,
        "at least one request was tried and failed: {loss:?}"
    );
    assert!(
        loss.dropped >= N - 200 - 50 * 10,
        "the bounded queue dropped the rest: {loss:?}"
    );
    let error = loss.last_error.clone().unwrap_or_default();
    assert!(
        error.contains("Connection refused"),
        "the reason is named: {error}"
    );
    assert!(
        took < Duration::from_secs(3) + Duration::from_secs(2),
        "shutdown is bounded: {took:?}"
    );
}

/// A collector that accepts and never answers: ending spans goes on while
/// an export request hangs, memory stays bounded by the queue, and dropping
/// the guard returns within its timeout, printing the loss once.
fn collector_stalled(transport: Transport) {
    let stalled = otlp::Stalled::start();
    let mut vars = env(transport, &stalled.endpoint());
    // Far longer than the scenario: the request stays unanswered.
    vars.push(("OTEL_EXPORTER_OTLP_TIMEOUT", "600000".into()));
    vars.push(("OTEL_BSP_MAX_QUEUE_SIZE", "256".into()));
    vars.push(("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "64".into()));
    let config = Config::from_vars(vars)
        .log_output(LogOutput::writer(std::io::sink()))
        .shutdown_timeout(Duration::from_secs(1));
    let guard = init(config).expect("init");

    // Fill one batch and wait until its request is on the wire, unanswered.
    end_spans(64);
    poll_until(
        "an export request to reach the stalled collector",
        Duration::from_secs(30),
        || (stalled.bytes_received() > 0).then_some(()),
    )
    .unwrap_or_else(|timed_out| panic!("{timed_out}"));

    // While that request hangs (for up to ten minutes), 100 000 spans with
    // 1 KiB attributes end. Held in memory they would take over 100 MB.
    let before = rss_kib();
    let t = get_telemetry("otlp_test");
    let tracer = t.tracer();
    let payload = "x".repeat(1024);
    for i in 0..100_000i64 {
        tracer
            .span("doomed")
            .attribute("i", i)
            .attribute("payload", payload.clone())
            .start()
            .end();
    }
    let grown_mib = rss_kib().saturating_sub(before) / 1024;
    println!("{transport:?}: resident memory grew by {grown_mib} MiB over 100 000 spans");
    assert!(
        grown_mib < 40,
        "memory is bounded by the queue, not by the spans ended: +{grown_mib} MiB"
    );
    assert!(stalled.connections() >= 1);

    let started = Instant::now();
    drop(guard);
    let took = started.elapsed();
    println!("{transport:?}: the guard dropped in {took:?}");
    assert!(
        took < Duration::from_secs(1) + Duration::from_secs(2),
        "drop is bounded by the timeout: {took:?}"
    );
}

/// The resident set size of this process, in KiB (Linux).
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS line")
}

/// An `https://` endpoint: this build has no TLS, so `init` warns and goes
/// on without export; spans still record and the guard has nothing to
/// report.
#[cfg(not(feature = "otlp-tls"))]
fn https_refused() {
    let vars = env(Transport::Http, "https://127.0.0.1:9");
    let logs = SharedBuffer::default();
    let guard = start(vars, &logs);
    let t = get_telemetry("otlp_test");
    t.tracer().in_span("still_recorded", |span| {
        assert!(span.is_recording());
        info!(t.logger(), "inside");
    });
    guard
        .shutdown()
        .expect("nothing to lose: nothing was queued");
    assert_eq!(logs.json_lines().len(), 1);
}

/// An application on a multi-threaded Tokio runtime: `init` runs inside
/// it, spans end on its worker threads across `.await`s, and the guard is
/// dropped inside an async block. The exporter's own runtime (gRPC) and
/// the blocking HTTP client must neither panic nor block the workers.
fn inside_tokio(transport: Transport) {
    use telemetry_facade::FutureExt;

    let receiver = otlp::Receiver::start();
    let endpoint = transport.endpoint(receiver.ports());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    const TASKS: usize = 200;
    runtime.block_on(async {
        let logs = SharedBuffer::default();
        let guard = start(env(transport, &endpoint), &logs);
        let t = get_telemetry("otlp_test");
        let tasks: Vec<_> = (0..TASKS)
            .map(|i| {
                let tracer = t.tracer().clone();
                tokio::spawn(
                    async move {
                        tokio::task::yield_now().await;
                        let child = tracer.start("child");
                        tokio::time::sleep(Duration::from_millis(1)).await;
                        drop(child);
                    }
                    .in_span(t.tracer().span("task").attribute("i", i as i64).start()),
                )
            })
            .collect();
        for task in tasks {
            task.await.expect("task");
        }
        drop(guard);
    });
    let spans = receiver.spans();
    assert_eq!(spans.len(), 2 * TASKS, "every span arrived, once");
    let tasks: HashMap<&str, &Value> = spans
        .iter()
        .filter(|s| s["name"] == "task")
        .map(|s| (s["span_id"].as_str().unwrap(), s))
        .collect();
    for child in spans.iter().filter(|s| s["name"] == "child") {
        let parent = tasks
            .get(child["parent_span_id"].as_str().unwrap())
            .unwrap_or_else(|| panic!("child without its task span: {child}"));
        assert_eq!(parent["trace_id"], child["trace_id"]);
    }
    println!(
        "{transport:?}: {} spans from {TASKS} tasks on a multi-threaded runtime",
        spans.len()
    );
}

/// Export to `https://` receivers (the `otlp-tls` feature): a private CA
/// given by `OTEL_EXPORTER_OTLP_CERTIFICATE`, mutual TLS with the client
/// certificate variables, and a server the configured CAs do not vouch for.
#[cfg(feature = "otlp-tls")]
mod tls {
    use super::*;

    pub(super) fn scenarios() -> Vec<Scenario> {
        vec![
            (
                "tls_http_protobuf",
                || exported_over_tls(Transport::Http, false),
                None,
            ),
            (
                "tls_grpc",
                || exported_over_tls(Transport::Grpc, false),
                None,
            ),
            (
                "mutual_tls_http_protobuf",
                || exported_over_tls(Transport::Http, true),
                None,
            ),
            (
                "mutual_tls_grpc",
                || exported_over_tls(Transport::Grpc, true),
                None,
            ),
            (
                "untrusted_server_http_protobuf",
                || untrusted_server(Transport::Http),
                None,
            ),
            (
                "untrusted_server_grpc",
                || untrusted_server(Transport::Grpc),
                None,
            ),
        ]
    }

    fn endpoint(receiver: &otlp::Receiver, transport: Transport) -> String {
        let ports = receiver.ports();
        match transport {
            Transport::Http => ports.https_endpoint(),
            Transport::Grpc => ports.grpcs_endpoint(),
        }
    }

    fn exported_over_tls(transport: Transport, mutual: bool) {
        let files = otlp::TlsFiles::generate();
        let receiver = otlp::Receiver::start_tls(&files, mutual);
        let mut vars = env(transport, &endpoint(&receiver, transport));
        vars.push((
            "OTEL_EXPORTER_OTLP_CERTIFICATE",
            files.ca_cert.display().to_string(),
        ));
        if mutual {
            vars.push((
                "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
                files.client_cert.display().to_string(),
            ));
            vars.push((
                "OTEL_EXPORTER_OTLP_CLIENT_KEY",
                files.client_key.display().to_string(),
            ));
        }
        let (lines, requests) = export_to_receiver(&receiver, vars);
        for r in &requests {
            assert_eq!(r["tls"], true, "{r}");
            let subject = if mutual {
                Value::from("otlp-test-client")
            } else {
                Value::Null
            };
            assert_eq!(r["client_cert_subject"], subject, "{r}");
        }
        let spans = receiver.spans();
        assert_eq!(spans.len(), BURST + 3);
        assert_correlated(&lines, &exported_ids(&spans));
        println!(
            "{transport:?} over TLS (mutual: {mutual}): {} spans in {} requests",
            spans.len(),
            requests.len()
        );
    }

    fn untrusted_server(transport: Transport) {
        let files = otlp::TlsFiles::generate();
        let receiver = otlp::Receiver::start_tls(&files, false);
        let mut vars = env(transport, &endpoint(&receiver, transport));
        // A CA that did not sign the receiver's certificate.
        vars.push((
            "OTEL_EXPORTER_OTLP_CERTIFICATE",
            files.other_ca_cert.display().to_string(),
        ));
        vars.push(("OTEL_EXPORTER_OTLP_TIMEOUT", "2000".into()));
        let config = Config::from_vars(vars)
            .log_output(LogOutput::writer(std::io::sink()))
            .shutdown_timeout(Duration::from_secs(10));
        let guard = init(config).expect("init");
        end_spans(10);
        let result = guard.shutdown();
        let Err(InitError::SpansLost(loss)) = result else {
            panic!("spans sent to a server nobody vouches for must be lost, got {result:?}");
        };
        println!("{transport:?}: {loss}");
        assert_eq!(loss.failed, 10, "{loss:?}");
        assert!(
            receiver.spans().is_empty(),
            "nothing may reach an untrusted server"
        );
    }
}
