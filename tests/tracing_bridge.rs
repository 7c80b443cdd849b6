//! The `tracing` bridge (feature `tracing-bridge`): real `tracing` macros
//! — events become our records with the trace fields of the current span,
//! spans become our spans, nested both ways with ours — written once for
//! every build that has the feature (with or without backends).
//!
//! `testing::capture()` calls `init`, which installs the layer as the
//! global `tracing` subscriber; the cases that need another configuration
//! (directives, an application's own subscriber) run in child processes.

#[path = "support/captured.rs"]
mod captured;
#[path = "support/child.rs"]
mod child;

use captured::lines_of;
use child::run_child;
use serde_json::Value as Json;
use telemetry_facade::testing::SpanRecord;
use telemetry_facade::{get_telemetry, testing, Span, SpanKind, Status, Value, BUILD};
use tracing::Instrument as _;

fn parse(lines: &[String]) -> Vec<Json> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

fn one_span(name: &str) -> Option<SpanRecord> {
    let spans = testing::capture().spans_named(name);
    assert_eq!(spans.len(), usize::from(BUILD.traces), "{name}: {spans:?}");
    spans.into_iter().next()
}

#[test]
fn events_become_records_with_fields_and_the_trace_of_our_span() {
    let capture = testing::capture();
    let tracer = get_telemetry("bridge").tracer().clone();
    tracer.in_span("ours_around_events", |span| {
        tracing::info!(target: "dep::net", peer = "10.0.0.1", port = 8080u16, ok = true, ratio = 0.5, delta = -3i64, "connected to {}", "db");
        tracing::error!(target: "dep::net", error = %std::io::Error::other("reset"), "connection lost");
        tracing::debug!(target: "dep::net", password = "hunter2", "auth");
        tracing::trace!(target: "dep::net", answer = ?Some(42));
        let lines = lines_of("dep::net");
        assert_eq!(lines.len(), 4 * usize::from(BUILD.logs), "{lines:?}");
        if BUILD.json {
            let v = parse(&lines);
            assert_eq!(v[0]["level"], "info");
            assert_eq!(v[0]["event"], "connected to db");
            assert_eq!(v[0]["peer"], "10.0.0.1");
            assert_eq!(v[0]["port"], 8080);
            assert_eq!(v[0]["ok"], true);
            assert_eq!(v[0]["ratio"], 0.5);
            assert_eq!(v[0]["delta"], -3);
            assert!(v[0].get("message").is_none(), "the message is the event");
            assert_eq!(v[1]["level"], "error");
            assert_eq!(v[1]["error"], "reset");
            assert_eq!(v[2]["level"], "debug");
            assert_eq!(v[2]["password"], "[REDACTED]");
            assert_eq!(v[3]["level"], "trace");
            assert_eq!(v[3]["answer"], "Some(42)");
            // No message: the callsite's name.
            assert!(v[3]["event"].as_str().unwrap().starts_with("event "), "{}", v[3]);
            for line in &v {
                match span.context() {
                    Some(cx) => {
                        assert_eq!(line["trace_id"], cx.trace_id().to_string());
                        assert_eq!(line["span_id"], cx.span_id().to_string());
                    }
                    None => assert!(line.get("trace_id").is_none()),
                }
            }
        }
    });
    // The error record marked our span (when both backends record).
    for s in capture.spans_named("ours_around_events") {
        let expected = match BUILD.logs {
            true => Status::error("connection lost"),
            false => Status::Unset,
        };
        assert_eq!(s.status, expected);
    }
}

#[test]
fn tracing_spans_become_ours_and_their_events_carry_them() {
    testing::capture();
    let span = tracing::info_span!(target: "dep::svc", "handle_request", user = 7, route = "/users", otel.kind = "server");
    let ours = span.in_scope(|| {
        tracing::warn!(target: "dep::svc::inner", "slow");
        Span::current().context()
    });
    span.record("route", "/users/{id}");
    drop(span);
    assert_eq!(ours.is_some(), BUILD.traces);
    if let Some(record) = one_span("handle_request") {
        assert_eq!(record.scope, "dep::svc");
        assert_eq!(record.kind, SpanKind::Server);
        assert_eq!(record.attribute("user"), Some(&Value::I64(7)));
        // Recorded later: the last value set (the SDK keeps both).
        let route = record
            .attributes
            .iter()
            .rev()
            .find(|kv| kv.key.as_str() == "route");
        assert_eq!(route.map(|kv| &kv.value), Some(&Value::from("/users/{id}")));
        assert_eq!(Some(record.span_id), ours.map(|cx| cx.span_id()));
    }
    let lines = lines_of("dep::svc::inner");
    assert_eq!(lines.len(), usize::from(BUILD.logs), "{lines:?}");
    if BUILD.json {
        let v = parse(&lines);
        assert_eq!(v[0]["level"], "warning");
        match ours {
            Some(cx) => {
                assert_eq!(v[0]["trace_id"], cx.trace_id().to_string());
                assert_eq!(v[0]["span_id"], cx.span_id().to_string());
            }
            None => assert!(v[0].get("span_id").is_none()),
        }
    }
}

#[test]
fn spans_nest_both_ways() {
    testing::capture();
    let tracer = get_telemetry("bridge::nesting").tracer().clone();
    let explicit_parent = tracer.in_span("n_outer_ours", |_| {
        let middle = tracing::info_span!(target: "dep::nest", "n_middle_tracing");
        middle.in_scope(|| {
            tracer.in_span("n_inner_ours", |_| {
                tracing::info_span!(target: "dep::nest", "n_innermost_tracing").in_scope(|| {
                    tracing::info!(target: "dep::nest", "deepest");
                });
            });
        });
        // Made outside `middle`, with it as explicit parent.
        let explicit =
            tracing::info_span!(target: "dep::nest", parent: &middle, "n_explicit_child");
        let root = tracing::info_span!(target: "dep::nest", parent: None, "n_explicit_root");
        (explicit, root)
    });
    drop(explicit_parent);
    let (Some(outer), Some(middle), Some(inner), Some(innermost), Some(explicit), Some(root)) = (
        one_span("n_outer_ours"),
        one_span("n_middle_tracing"),
        one_span("n_inner_ours"),
        one_span("n_innermost_tracing"),
        one_span("n_explicit_child"),
        one_span("n_explicit_root"),
    ) else {
        // `one_span` checked that no span was recorded: a build without traces.
        return;
    };
    assert_eq!(outer.parent_span_id, None);
    assert_eq!(
        middle.parent_span_id,
        Some(outer.span_id),
        "tracing span in ours"
    );
    assert_eq!(
        inner.parent_span_id,
        Some(middle.span_id),
        "ours in a tracing span"
    );
    assert_eq!(
        innermost.parent_span_id,
        Some(inner.span_id),
        "tracing span in ours, again"
    );
    assert_eq!(
        explicit.parent_span_id,
        Some(middle.span_id),
        "explicit tracing parent"
    );
    assert_eq!(root.parent_span_id, None, "explicit root");
    assert_ne!(root.trace_id, outer.trace_id);
    for s in [&middle, &inner, &innermost, &explicit] {
        assert_eq!(s.trace_id, outer.trace_id);
    }
    if BUILD.json {
        let v = parse(&lines_of("dep::nest"));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0]["span_id"], innermost.span_id.to_string());
        assert_eq!(v[0]["parent_span_id"], inner.span_id.to_string());
    }
}

#[test]
fn instrumented_tasks_keep_their_own_span_across_threads() {
    testing::capture();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let tasks: Vec<_> = (0..50u64)
            .map(|n| {
                tokio::spawn(
                    async move {
                        tokio::task::yield_now().await;
                        tracing::info!(target: "dep::tasks", n, "step");
                        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                        tracing::info!(target: "dep::tasks", n, "step");
                        Span::current().context().map(|cx| cx.span_id().to_string())
                    }
                    .instrument(tracing::info_span!(target: "dep::tasks", "task", n)),
                )
            })
            .collect();
        let mut ids = Vec::new();
        for task in tasks {
            ids.push(task.await.expect("task"));
        }
        if BUILD.traces {
            let unique: std::collections::HashSet<_> = ids.iter().collect();
            assert_eq!(unique.len(), 50, "each task its own span: {ids:?}");
        }
        if BUILD.json {
            let v = parse(&lines_of("dep::tasks"));
            assert_eq!(v.len(), 100);
            for line in &v {
                let n = line["n"].as_u64().expect("n") as usize;
                match &ids[n] {
                    Some(id) => assert_eq!(line["span_id"].as_str(), Some(id.as_str())),
                    None => assert!(line.get("span_id").is_none()),
                }
            }
        }
    });
    // Nothing stays current on this thread.
    assert!(Span::current().context().is_none());
}

/// A value whose `Debug` itself logs through `tracing`.
struct Chatty;

impl std::fmt::Debug for Chatty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        tracing::info!(target: "dep::loop", "from_debug");
        f.write_str("chatty")
    }
}

#[test]
fn the_loop_guard_drops_what_our_own_path_says() {
    testing::capture();
    // What the OpenTelemetry crates say about themselves (internal-logs).
    tracing::warn!(target: "opentelemetry_sdk", name = "BatchSpanProcessor.ExportError", "export failed");
    tracing::warn!(target: "opentelemetry", "internal");
    tracing::info_span!(target: "opentelemetry_otlp", "export").in_scope(|| {});
    // What is said on an export thread (hyper, h2, tonic about our export).
    std::thread::Builder::new()
        .name("OpenTelemetry.Traces.BatchProcessor".into())
        .spawn(|| tracing::info!(target: "dep::loop", "on_export_thread"))
        .expect("thread")
        .join()
        .expect("joined");
    // What is said while the bridge writes a record.
    tracing::info!(target: "dep::loop", value = ?Chatty, "outer");
    let lines = lines_of("dep::loop");
    assert_eq!(lines.len(), usize::from(BUILD.logs), "{lines:?}");
    assert!(lines
        .iter()
        .all(|l| l.contains("outer") && l.contains("chatty")));
    let own: Vec<String> = testing::capture()
        .log_lines()
        .into_iter()
        .filter(|l| l.contains("opentelemetry"))
        .collect();
    assert!(own.is_empty(), "{own:?}");
    assert!(testing::capture().spans_named("export").is_empty());
    // Outside the bridge's write, the same `Debug` is logged once.
    let _ = format!("{Chatty:?}");
    assert_eq!(
        lines_of("dep::loop")
            .iter()
            .filter(|l| l.contains("from_debug"))
            .count(),
        usize::from(BUILD.logs)
    );
}

#[test]
fn directives_apply_to_events_and_spans() {
    let out = run_child("child_with_directives", &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let count = |marker: &str| stdout.lines().filter(|l| l.contains(marker)).count();
    let logs = usize::from(BUILD.logs);
    assert_eq!(count("quiet_info"), 0, "{stdout}");
    assert_eq!(count("quiet_warn"), logs, "{stdout}");
    assert_eq!(count("chatty_debug"), logs, "{stdout}");
    assert_eq!(count("chatty_trace"), 0, "{stdout}");
    // The child checked the spans; its records carried them.
    if BUILD.json && BUILD.traces {
        let kept = stdout.lines().find(|l| l.contains("chatty_debug")).unwrap();
        assert!(kept.contains("\"span_id\""), "{kept}");
        let in_dropped = stdout.lines().find(|l| l.contains("quiet_warn")).unwrap();
        assert!(!in_dropped.contains("\"span_id\""), "{in_dropped}");
    }
}

/// Run by the test above: `warn` by default, `debug` for `dep::chatty`.
#[test]
#[ignore = "run in a child process"]
fn child_with_directives() {
    let guard = telemetry_facade::init(
        telemetry_facade::Config::new().log_directives("warn,dep::chatty=debug"),
    )
    .expect("first init");
    // A span the directives drop (info in dep::quiet) is none of ours.
    tracing::info_span!(target: "dep::quiet", "quiet_span").in_scope(|| {
        assert!(Span::current().context().is_none());
        tracing::info!(target: "dep::quiet", "quiet_info");
        tracing::warn!(target: "dep::quiet", "quiet_warn");
    });
    tracing::debug_span!(target: "dep::chatty", "chatty_span").in_scope(|| {
        assert_eq!(Span::current().context().is_some(), BUILD.traces);
        tracing::debug!(target: "dep::chatty", "chatty_debug");
        tracing::trace!(target: "dep::chatty", "chatty_trace");
    });
    drop(guard);
}

#[test]
fn an_application_subscriber_is_kept_with_a_warning() {
    let out = run_child("child_with_its_own_subscriber", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warned = stderr
        .lines()
        .filter(|l| {
            l.starts_with(
                "telemetry-facade: warning: the tracing crate already has a global subscriber",
            )
        })
        .count();
    assert_eq!(warned, usize::from(BUILD.logs || BUILD.traces), "{stderr}");
    // Its events did not reach us.
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("not_ours"), "{stdout}");
}

/// Run by the test above: the application set a global subscriber of its
/// own, without our layer, before `init`.
#[test]
#[ignore = "run in a child process"]
fn child_with_its_own_subscriber() {
    tracing::subscriber::set_global_default(tracing_subscriber::registry())
        .expect("first global subscriber");
    let guard = telemetry_facade::init(telemetry_facade::Config::new()).expect("first init");
    tracing::warn!(target: "dep::app", "not_ours");
    drop(guard);
}

#[test]
fn an_application_subscriber_with_our_layer() {
    let out = run_child("child_with_our_layer_in_its_subscriber", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines = stdout
        .lines()
        .filter(|l| l.contains("through_our_layer"))
        .count();
    assert_eq!(lines, usize::from(BUILD.logs), "{stdout}");
}

/// Run by the test above: the application added our layer to its own
/// subscriber, next to another layer, before `init`.
#[test]
#[ignore = "run in a child process"]
fn child_with_our_layer_in_its_subscriber() {
    use tracing_subscriber::layer::SubscriberExt as _;
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::DEBUG)
        .with(telemetry_facade::tracing_layer());
    tracing::subscriber::set_global_default(subscriber).expect("first global subscriber");
    let guard = telemetry_facade::init(telemetry_facade::Config::new()).expect("first init");
    tracing::info_span!(target: "dep::app", "app_span").in_scope(|| {
        tracing::info!(target: "dep::app", "through_our_layer");
    });
    drop(guard);
}
