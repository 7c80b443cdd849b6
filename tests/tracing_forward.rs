//! The `tracing` forward (feature `tracing-forward`): before `init`, our
//! spans and records reach an application's `tracing` subscriber. The
//! receiving subscriber is `tracing-subscriber`'s own JSON `fmt` layer,
//! writing into memory; each line is parsed and its level, target, fields
//! and span list (`spans`, outermost first) are checked.
//!
//! Written once for every build with the feature (alone, with the real
//! backends, with the `tracing` bridge). This process never calls `init`:
//! every test shares one global subscriber and tells its lines apart by
//! target. What needs `init` runs in child processes (this binary again,
//! with `--ignored --exact NAME`).

mod support;

#[path = "support/child.rs"]
mod child;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use serde_json::Value as Json;
use support::buffer::SharedBuffer;
use telemetry_facade::{
    critical, debug, error, get_telemetry, info, trace, warn, with_fields, Field, FutureExt, Level,
    Span, SpanKind, Status,
};
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::format::FmtSpan;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::Layer as _;

/// The application's subscriber: a JSON `fmt` layer (a line when a span
/// closes, too) at `DEBUG`, with `fwd::muted` turned off.
fn output() -> &'static SharedBuffer {
    static OUTPUT: OnceLock<SharedBuffer> = OnceLock::new();
    OUTPUT.get_or_init(|| {
        let buffer = SharedBuffer::default();
        let writer = buffer.clone();
        let layer = tracing_subscriber::fmt::layer()
            .json()
            .with_writer(move || writer.clone())
            .with_span_events(FmtSpan::CLOSE)
            .with_filter(
                Targets::new()
                    .with_default(LevelFilter::DEBUG)
                    .with_target("fwd::muted", LevelFilter::OFF),
            );
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(layer))
            .expect("the first global subscriber");
        buffer
    })
}

/// The lines of `target` written so far.
fn lines(target: &str) -> Vec<Json> {
    output()
        .json_lines()
        .into_iter()
        .filter(|line| line["target"] == target)
        .collect()
}

/// The lines of `target` whose message is `message`.
fn named(target: &str, message: &str) -> Vec<Json> {
    lines(target)
        .into_iter()
        .filter(|line| line["fields"]["message"] == message)
        .collect()
}

/// The one line of `target` whose message is `message`.
fn one(target: &str, message: &str) -> Json {
    let mut found = named(target, message);
    assert_eq!(found.len(), 1, "{message:?} in {:#?}", lines(target));
    found.remove(0)
}

/// The names in a line's span list, outermost first.
fn span_names(line: &Json) -> Vec<String> {
    line["spans"]
        .as_array()
        .map(|spans| {
            spans
                .iter()
                .map(|s| s["name"].as_str().expect("a name").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The close lines of the spans called `name` (of `target`).
fn closed(target: &str, name: &str) -> Vec<Json> {
    named(target, "close")
        .into_iter()
        .filter(|line| line["span"]["name"] == name)
        .collect()
}

#[test]
fn records_become_events_with_their_level_target_and_fields() {
    output();
    let logger = get_telemetry("fwd::records").logger().clone();
    assert!(logger.enabled(Level::Debug));
    assert!(
        !logger.enabled(Level::Trace),
        "the subscriber's maximum is DEBUG"
    );
    let request = logger.bind(&[Field::new("request_id", "r-1")]);
    let peer = std::net::Ipv4Addr::LOCALHOST;
    info!(
        request,
        "connected",
        port = 8080u16,
        big = u64::MAX,
        delta = -3i64,
        ok = true,
        ratio = 0.5,
        host = "db1",
        peer = %peer,
        answer = ?Some(42),
        password = "hunter2",
    );
    debug!(logger, "at_debug");
    warn!(logger, "at_warn");
    error!(logger, "at_error");
    critical!(logger, "at_critical");
    info!(logger, "with_text", items = 2; "loaded {} items", 2);
    with_fields(&[Field::new("tenant", "acme")], || {
        info!(logger, "scoped", step = 1);
    });

    let line = one("fwd::records", "connected");
    assert_eq!(line["level"], "INFO");
    let fields = &line["fields"];
    assert_eq!(fields["request_id"], "r-1");
    assert_eq!(fields["port"], 8080);
    assert_eq!(fields["big"], u64::MAX);
    assert_eq!(fields["delta"], -3);
    assert_eq!(fields["ok"], true);
    assert_eq!(fields["ratio"], 0.5);
    assert_eq!(fields["host"], "db1");
    assert_eq!(fields["peer"], "127.0.0.1");
    assert_eq!(fields["answer"], "Some(42)");
    assert_eq!(fields["password"], "[REDACTED]");
    assert!(line.get("span").is_none(), "outside any span: {line}");

    for (message, level) in [
        ("at_debug", "DEBUG"),
        ("at_warn", "WARN"),
        ("at_error", "ERROR"),
        ("at_critical", "ERROR"),
    ] {
        assert_eq!(one("fwd::records", message)["level"], level, "{message}");
    }
    // The event is the message; the formatted message keeps its text.
    let line = one("fwd::records", "with_text");
    assert_eq!(line["fields"]["fields.message"], "loaded 2 items");
    assert_eq!(line["fields"]["items"], 2);
    let line = one("fwd::records", "scoped");
    assert_eq!(line["fields"]["tenant"], "acme");
    assert_eq!(line["fields"]["step"], 1);
    // Outside the scope, its fields are gone.
    info!(logger, "unscoped");
    assert!(one("fwd::records", "unscoped")["fields"]
        .get("tenant")
        .is_none());
}

#[test]
fn disabled_levels_and_targets_cost_no_argument() {
    output();
    let evaluated = AtomicUsize::new(0);
    let costly = || {
        evaluated.fetch_add(1, Ordering::Relaxed);
        1
    };
    let logger = get_telemetry("fwd::levels").logger().clone();
    trace!(logger, "at_trace", n = costly());
    assert_eq!(
        evaluated.load(Ordering::Relaxed),
        0,
        "TRACE is above the maximum"
    );
    assert!(named("fwd::levels", "at_trace").is_empty());
    // The subscriber's own filter: asked once the callsite exists.
    let muted = get_telemetry("fwd::muted");
    info!(muted.logger(), "silenced", n = 1);
    let span = muted.tracer().start("silenced_span");
    assert!(!span.is_recording(), "the subscriber does not want it");
    drop(span);
    assert!(lines("fwd::muted").is_empty(), "{:#?}", lines("fwd::muted"));
}

#[test]
fn spans_nest_like_ours_with_their_fields() {
    output();
    let t = get_telemetry("fwd::spans");
    let (tracer, logger) = (t.tracer(), t.logger());
    tracer
        .span("request")
        .kind(SpanKind::Server)
        .attribute("http.method", "GET")
        .attribute("authorization", "Bearer secret")
        .in_span(|request| {
            assert!(request.is_recording());
            info!(logger, "in_request");
            tracer.in_span("query", |query| {
                query.set_attribute("db.system", "sqlite");
                info!(logger, "in_query", rows = 3);
            });
            // An explicit parent, from another thread.
            std::thread::scope(|s| {
                s.spawn(|| {
                    let child = tracer.span("explicit_child").parent(request).start();
                    let _entered = child.enter();
                    info!(logger, "in_explicit_child");
                });
            });
            // `root()`: no parent, whatever is current.
            tracer
                .span("background")
                .root()
                .in_span(|_| info!(logger, "in_background"));
        });
    info!(logger, "after_request");

    let line = one("fwd::spans", "in_request");
    assert_eq!(span_names(&line), ["request"]);
    let request = &line["span"];
    assert_eq!(request["http.method"], "GET");
    assert_eq!(request["authorization"], "[REDACTED]");
    assert_eq!(request["otel.kind"], "server");
    let line = one("fwd::spans", "in_query");
    assert_eq!(span_names(&line), ["request", "query"]);
    assert_eq!(line["fields"]["rows"], 3);
    assert_eq!(
        span_names(&one("fwd::spans", "in_explicit_child")),
        ["request", "explicit_child"]
    );
    assert_eq!(
        span_names(&one("fwd::spans", "in_background")),
        ["background"]
    );
    assert!(one("fwd::spans", "after_request").get("span").is_none());
    // Every span closed once, when ours ended.
    for name in ["request", "query", "explicit_child", "background"] {
        assert_eq!(closed("fwd::spans", name).len(), 1, "{name}");
    }
}

#[test]
fn attributes_events_status_and_names_set_later() {
    output();
    let tracer = get_telemetry("fwd::late").tracer().clone();
    // A key set after the start is learned by the callsite: the next spans
    // of the same shape declare it.
    for i in 0..2 {
        tracer
            .span("load")
            .attribute("attempt", i)
            .in_span(|span| span.set_attribute("bytes", 10 * i));
    }
    let loads = closed("fwd::late", "load");
    assert_eq!(loads.len(), 2, "{loads:#?}");
    assert!(loads[0]["span"].get("bytes").is_none(), "{}", loads[0]);
    assert_eq!(loads[1]["span"]["bytes"], 10);
    assert_eq!(loads[1]["span"]["attempt"], 1);
    // The same through `Span::current()`.
    for _ in 0..2 {
        tracer.in_span("counted", |_| Span::current().set_attribute("db.rows", 3));
    }
    assert_eq!(closed("fwd::late", "counted")[1]["span"]["db.rows"], 3);

    tracer.in_span("failing", |span| {
        span.add_event("retrying", [("attempt", 2)]);
        span.record_error(&std::io::Error::other("disk full"));
    });
    let event = one("fwd::late", "retrying");
    assert_eq!(event["level"], "INFO");
    assert_eq!(event["fields"]["attempt"], 2);
    assert_eq!(span_names(&event), ["failing"]);
    let exception = one("fwd::late", "exception");
    assert_eq!(exception["level"], "ERROR");
    assert_eq!(exception["fields"]["exception.message"], "disk full");
    assert_eq!(span_names(&exception), ["failing"]);
    let failing = &closed("fwd::late", "failing")[0]["span"];
    assert_eq!(failing["otel.status_code"], "ERROR");
    assert_eq!(failing["otel.status_message"], "disk full");

    tracer.in_span("GET", |span| {
        span.update_name("GET /users/{id}");
        span.set_status(Status::Ok);
        span.set_status(Status::error("ignored: Ok is final"));
    });
    let renamed = &closed("fwd::late", "GET")[0]["span"];
    assert_eq!(renamed["otel.name"], "GET /users/{id}");
    assert_eq!(renamed["otel.status_code"], "OK");
}

#[test]
fn dynamic_names_and_many_fields() {
    output();
    let t = get_telemetry(format!("fwd::dynamic::{}", 7));
    let span = t
        .tracer()
        .span(format!("job-{}", 7))
        .attribute(format!("key.{}", 1), "one")
        .start();
    {
        let _entered = span.enter();
        info!(t.logger(), "in_job");
    }
    drop(span);
    let line = one("fwd::dynamic::7", "in_job");
    assert_eq!(span_names(&line), ["job-7"]);
    assert_eq!(line["span"]["key.1"], "one");

    // More fields than a callsite holds: the generic callsite carries them
    // in one `fields` value, and the target as `logger`.
    let many: Vec<Field<'_>> = (0..40)
        .map(|i| Field::new(["a", "b", "c", "d", "e"][i % 5], &1))
        .chain((0..40).map(|_| Field::new("x", &2)))
        .collect();
    let keys: Vec<&'static str> = (0..40)
        .map(|i| &*Box::leak(format!("k{i}").into_boxed_str()))
        .collect();
    let wide: Vec<Field<'_>> = keys.iter().map(|k| Field::new(k, &1)).collect();
    let logger = get_telemetry("fwd::wide").logger().clone();
    logger.info("few_distinct", &many);
    logger.info("many_distinct", &wide);
    let line = one("fwd::wide", "few_distinct");
    assert_eq!(line["fields"]["a"], 1);
    assert_eq!(line["fields"]["x"], 2, "the last value of a key wins");
    let generic: Vec<Json> = output()
        .json_lines()
        .into_iter()
        .filter(|l| l["fields"]["message"] == "many_distinct")
        .collect();
    assert_eq!(generic.len(), 1, "{generic:#?}");
    assert_eq!(generic[0]["target"], "telemetry_facade");
    assert_eq!(generic[0]["fields"]["logger"], "fwd::wide");
    let rendered = generic[0]["fields"]["fields"].as_str().expect("one value");
    assert!(rendered.starts_with("k0=1 k1=1 "), "{rendered}");
}

#[test]
fn context_survives_await_on_a_multi_threaded_runtime() {
    output();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .expect("runtime");
    let t = get_telemetry("fwd::tasks");
    runtime.block_on(async {
        let tasks: Vec<_> = (0..64i64)
            .map(|n| {
                let (tracer, logger, _) = t.split();
                tokio::spawn(
                    async move {
                        info!(logger, "step", task = n);
                        tokio::task::yield_now().await;
                        async {
                            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                            info!(logger, "step", task = n);
                        }
                        .in_span(tracer.span("child").attribute("task", n).start())
                        .await;
                        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
                        info!(logger, "step", task = n);
                    }
                    .in_span(t.tracer().span("task").attribute("task", n).start()),
                )
            })
            .collect();
        for task in tasks {
            task.await.expect("task");
        }
        // A task spawned with the context current where it was made.
        let (tracer, logger, _) = t.split();
        let spawned = tracer.in_span("spawner", |_| {
            tokio::spawn(
                async move {
                    tokio::task::yield_now().await;
                    info!(logger, "spawned");
                }
                .with_current_context(),
            )
        });
        spawned.await.expect("spawned");
    });
    let steps = named("fwd::tasks", "step");
    assert_eq!(steps.len(), 3 * 64);
    let mut in_child = 0;
    for line in &steps {
        let n = &line["fields"]["task"];
        let names = span_names(line);
        assert!(names == ["task"] || names == ["task", "child"], "{line}");
        in_child += usize::from(names.len() == 2);
        for span in line["spans"].as_array().expect("spans") {
            assert_eq!(&span["task"], n, "each task in its own spans: {line}");
        }
    }
    assert_eq!(in_child, 64);
    assert_eq!(closed("fwd::tasks", "task").len(), 64);
    assert_eq!(closed("fwd::tasks", "child").len(), 64);
    assert_eq!(span_names(&one("fwd::tasks", "spawned")), ["spawner"]);
    // Nothing stays current here.
    let logger = t.logger();
    info!(logger, "after_runtime");
    assert!(one("fwd::tasks", "after_runtime").get("span").is_none());
}

/// A value whose `Display` logs through us while it is being written.
struct Chatty;

impl std::fmt::Display for Chatty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        info!(get_telemetry("fwd::reentrant").logger(), "from_display");
        f.write_str("chatty")
    }
}

#[test]
fn a_record_made_while_one_is_forwarded_is_dropped() {
    output();
    let logger = get_telemetry("fwd::reentrant").logger().clone();
    info!(logger, "outer", value = %Chatty);
    assert_eq!(one("fwd::reentrant", "outer")["fields"]["value"], "chatty");
    assert!(named("fwd::reentrant", "from_display").is_empty());
    // Outside a forwarded record, the same `Display` logs once.
    let _ = Chatty.to_string();
    assert_eq!(named("fwd::reentrant", "from_display").len(), 1);
}

// ---- what needs `init` (or no subscriber at all): child processes ----

/// What the child test `name` printed (it must succeed).
fn child_stdout(name: &str, env: &[(&str, &str)]) -> String {
    String::from_utf8(child::run_child(name, env).stdout).expect("UTF-8")
}

/// The lines a child printed with `prefix` (`tracing: ` or `ours: `).
fn printed<'a>(stdout: &'a str, prefix: &str) -> Vec<&'a str> {
    stdout
        .lines()
        .filter_map(|line| line.strip_prefix(prefix))
        .collect()
}

/// The lines that hold `marker` as a whole JSON string.
fn count(lines: &[&str], marker: &str) -> usize {
    let quoted = format!("\"{marker}\"");
    lines.iter().filter(|line| line.contains(&quoted)).count()
}

/// A child's subscriber: the JSON `fmt` layer into `buffer` (and, with the
/// bridge, our layer next to it when `with_our_layer`).
fn child_subscriber(buffer: &SharedBuffer, with_our_layer: bool) {
    let writer = buffer.clone();
    let fmt = tracing_subscriber::fmt::layer()
        .json()
        .with_writer(move || writer.clone())
        .with_span_events(FmtSpan::CLOSE);
    let registry = tracing_subscriber::registry().with(fmt);
    match with_our_layer {
        true => our_layer(registry),
        false => tracing::subscriber::set_global_default(registry).expect("first subscriber"),
    }
}

/// Sets `registry` with our `tracing` bridge layer next to its own as the
/// global subscriber (with the `tracing-bridge` feature only).
#[cfg(feature = "tracing-bridge")]
fn our_layer<S>(registry: S)
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a> + Send + Sync,
{
    tracing::subscriber::set_global_default(registry.with(telemetry_facade::tracing_layer()))
        .expect("first subscriber");
}

#[cfg(not(feature = "tracing-bridge"))]
fn our_layer<S>(_registry: S) {
    unreachable!("the bridge's layer needs the tracing-bridge feature")
}

/// Prints what each side wrote, one prefixed line each.
fn print_both(tracing_out: &SharedBuffer, ours: &SharedBuffer) {
    // After the test harness's own line, which has no line end yet.
    println!();
    for line in tracing_out.lines() {
        println!("tracing: {line}");
    }
    for line in ours.lines() {
        println!("ours: {line}");
    }
}

#[test]
fn init_stops_the_forward_and_nothing_is_written_twice() {
    let stdout = child_stdout("child_calls_init", &[]);
    let tracing_lines = printed(&stdout, "tracing: ");
    let ours = printed(&stdout, "ours: ");
    let logs = usize::from(telemetry_facade::BUILD.logs);
    // Before init: forwarded only (nothing of ours is written before init).
    assert_eq!(count(&tracing_lines, "before_init"), 1, "{stdout}");
    assert_eq!(count(&ours, "before_init"), 0, "{stdout}");
    // After init: ours only.
    assert_eq!(count(&tracing_lines, "after_init"), 0, "{stdout}");
    assert_eq!(count(&ours, "after_init"), logs, "{stdout}");
    assert_eq!(count(&tracing_lines, "span_after_init"), 0, "{stdout}");
    assert_eq!(count(&tracing_lines, "in_span_after_init"), 0, "{stdout}");
    assert_eq!(count(&ours, "in_span_after_init"), logs, "{stdout}");
    // A span forwarded before init stays `tracing`'s until it ends: the
    // record inside it after init is ours, and it closes in `tracing`.
    assert_eq!(count(&tracing_lines, "span_before_init"), 1, "{stdout}");
    assert_eq!(count(&tracing_lines, "close"), 1, "{stdout}");
    assert_eq!(count(&ours, "inside_early_span"), logs, "{stdout}");
    assert_eq!(count(&tracing_lines, "inside_early_span"), 0, "{stdout}");
}

#[test]
#[ignore = "run in a child process"]
fn child_calls_init() {
    let (tracing_out, ours) = (SharedBuffer::default(), SharedBuffer::default());
    child_subscriber(&tracing_out, false);
    let t = get_telemetry("fwd::child");
    info!(t.logger(), "before_init");
    let early = t.tracer().start("span_before_init");
    assert!(early.is_recording());
    let guard = telemetry_facade::init(
        telemetry_facade::Config::new()
            .capture_tracing(false)
            .log_output(telemetry_facade::LogOutput::writer(ours.clone())),
    )
    .expect("first init");
    info!(t.logger(), "after_init");
    t.tracer().in_span("span_after_init", |_| {
        info!(t.logger(), "in_span_after_init")
    });
    {
        let _entered = early.enter();
        info!(t.logger(), "inside_early_span");
    }
    drop(early);
    drop(guard);
    print_both(&tracing_out, &ours);
}

#[test]
fn otel_sdk_disabled_needs_init_to_stop_the_forward() {
    let stdout = child_stdout("child_sdk_disabled", &[("OTEL_SDK_DISABLED", "true")]);
    let tracing_lines = printed(&stdout, "tracing: ");
    let ours = printed(&stdout, "ours: ");
    assert_eq!(count(&tracing_lines, "without_init"), 1, "{stdout}");
    assert_eq!(count(&tracing_lines, "after_disabled_init"), 0, "{stdout}");
    assert!(ours.is_empty(), "{stdout}");
}

#[test]
#[ignore = "run in a child process"]
fn child_sdk_disabled() {
    let (tracing_out, ours) = (SharedBuffer::default(), SharedBuffer::default());
    child_subscriber(&tracing_out, false);
    let logger = get_telemetry("fwd::disabled").logger().clone();
    info!(logger, "without_init");
    let guard = telemetry_facade::init(
        telemetry_facade::Config::from_env()
            .capture_tracing(false)
            .log_output(telemetry_facade::LogOutput::writer(ours.clone())),
    )
    .expect("first init");
    info!(logger, "after_disabled_init");
    drop(guard);
    print_both(&tracing_out, &ours);
}

#[cfg(feature = "tracing-bridge")]
#[test]
fn with_the_bridge_in_the_same_subscriber_nothing_loops_or_doubles() {
    let stdout = child_stdout("child_with_both_directions", &[]);
    let tracing_lines = printed(&stdout, "tracing: ");
    let ours = printed(&stdout, "ours: ");
    let logs = usize::from(telemetry_facade::BUILD.logs);
    // Before init: ours forwarded once, not taken back by the bridge;
    // `tracing`'s own event stays `tracing`'s.
    assert_eq!(count(&tracing_lines, "ours_before_init"), 1, "{stdout}");
    assert_eq!(count(&tracing_lines, "theirs_before_init"), 1, "{stdout}");
    assert_eq!(count(&ours, "ours_before_init"), 0, "{stdout}");
    assert_eq!(count(&ours, "theirs_before_init"), 0, "{stdout}");
    let nested = tracing_lines
        .iter()
        .find(|l| l.contains("theirs_in_our_span"))
        .expect("the event in our forwarded span");
    assert!(nested.contains("\"name\":\"our_span\""), "{nested}");
    // After init: ours in our output only; `tracing`'s in both, once each.
    assert_eq!(count(&tracing_lines, "ours_after_init"), 0, "{stdout}");
    assert_eq!(count(&ours, "ours_after_init"), logs, "{stdout}");
    assert_eq!(count(&tracing_lines, "theirs_after_init"), 1, "{stdout}");
    assert_eq!(count(&ours, "theirs_after_init"), logs, "{stdout}");
}

#[cfg(feature = "tracing-bridge")]
#[test]
#[ignore = "run in a child process"]
fn child_with_both_directions() {
    let (tracing_out, ours) = (SharedBuffer::default(), SharedBuffer::default());
    child_subscriber(&tracing_out, true);
    let t = get_telemetry("fwd::both");
    info!(t.logger(), "ours_before_init");
    tracing::info!(target: "fwd::app", "theirs_before_init");
    t.tracer().in_span("our_span", |_| {
        tracing::info!(target: "fwd::app", "theirs_in_our_span");
    });
    let guard = telemetry_facade::init(
        telemetry_facade::Config::new()
            .log_output(telemetry_facade::LogOutput::writer(ours.clone())),
    )
    .expect("first init");
    info!(t.logger(), "ours_after_init");
    tracing::info!(target: "fwd::app", "theirs_after_init");
    drop(guard);
    print_both(&tracing_out, &ours);
}
