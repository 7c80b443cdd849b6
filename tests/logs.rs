//! Logging behaviour, written once for every build: JSON lines parsed back
//! field by field with the `json` feature, readable lines with `slog`
//! alone, and nothing at all (not even argument evaluation) without a
//! logger backend.

#[path = "support/captured.rs"]
mod captured;

use std::cell::Cell;
use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};

use captured::lines_of;
use serde_json::Value as Json;
use telemetry_facade::testing;
use telemetry_facade::{
    critical, debug, error, get_telemetry, info, trace, warn, Field, Level, Status, BUILD,
};

/// The captured lines of one logger, parsed; checks the count first.
fn json_of(logger: &str, expected: usize) -> Vec<Json> {
    let lines = lines_of(logger);
    let expected = if BUILD.logs { expected } else { 0 };
    assert_eq!(lines.len(), expected, "lines of {logger}: {lines:#?}");
    if !BUILD.json {
        return Vec::new();
    }
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// A `Display` that counts its calls (`%` values are `Sync`, so the count
/// is atomic).
struct Counted<'a>(&'a AtomicU32, &'static str);

impl fmt::Display for Counted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fetch_add(1, Ordering::Relaxed);
        f.write_str(self.1)
    }
}

#[test]
fn a_record_is_one_json_line_with_the_documented_fields() {
    testing::capture();
    let logger = get_telemetry("logs::basic").logger().clone();
    let addr = std::net::Ipv4Addr::new(10, 0, 0, 1);
    info!(logger, "processing_data", data_size = 42, name = "ada", peer = %addr, pair = ?(1, "x"), ratio = 0.5, ok = true, big = u64::MAX);
    for line in lines_of("logs::basic") {
        assert_eq!(line.matches('\n').count(), 0);
    }
    for v in json_of("logs::basic", 1) {
        let ts = v["timestamp"].as_str().unwrap();
        assert_eq!(ts.len(), 27, "{ts}");
        assert!(
            ts.ends_with('Z') && ts.as_bytes()[10] == b'T' && ts.as_bytes()[19] == b'.',
            "{ts}"
        );
        assert_eq!(v["level"], "info");
        assert_eq!(v["logger"], "logs::basic");
        assert_eq!(v["event"], "processing_data");
        assert_eq!(v["data_size"], 42);
        assert_eq!(v["name"], "ada");
        assert_eq!(v["peer"], "10.0.0.1");
        assert_eq!(v["pair"], "(1, \"x\")");
        assert_eq!(v["ratio"], 0.5);
        assert_eq!(v["ok"], true);
        assert_eq!(v["big"], u64::MAX);
        for key in ["trace_id", "span_id", "trace_flags", "parent_span_id"] {
            assert!(v.get(key).is_none(), "no {key} outside a span: {v}");
        }
        // The documented order: timestamp, level, logger, event, fields.
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            &keys[..4],
            ["timestamp", "level", "logger", "event"],
            "{keys:?}"
        );
    }
}

#[test]
fn every_level_has_its_name() {
    testing::capture();
    let logger = get_telemetry("logs::levels").logger().clone();
    trace!(logger, "e");
    debug!(logger, "e");
    info!(logger, "e");
    warn!(logger, "e");
    error!(logger, "e");
    critical!(logger, "e");
    logger.log(Level::Info, "plain", &[Field::new("via", "method")]);
    let levels: Vec<Json> = json_of("logs::levels", 7)
        .iter()
        .map(|v| v["level"].clone())
        .collect();
    if BUILD.json {
        assert_eq!(
            levels,
            ["trace", "debug", "info", "warning", "error", "critical", "info"]
        );
    }
    for level in Level::ALL {
        assert_eq!(logger.enabled(level), BUILD.logs);
    }
}

#[test]
fn bound_fields_come_before_call_fields() {
    testing::capture();
    let base = get_telemetry("logs::bound").logger().clone();
    let request = base.bind(&[Field::new("request_id", "r-1")]);
    let user = request.bind(&[Field::new("user", &7)]);
    info!(user, "step", n = 1);
    info!(base, "unbound");
    let lines = json_of("logs::bound", 2);
    if BUILD.json {
        let v = &lines[0];
        assert_eq!(v["request_id"], "r-1");
        assert_eq!(v["user"], 7);
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(&keys[4..], ["request_id", "user", "n"]);
        assert!(
            lines[1].get("request_id").is_none(),
            "binding made a child, not a change"
        );
    }
}

#[test]
fn arguments_are_evaluated_only_when_written() {
    testing::capture();
    let logger = get_telemetry("logs::lazy").logger().clone();
    let calls = AtomicU32::new(0);
    let evaluated = Cell::new(0);
    let expensive = || {
        evaluated.set(evaluated.get() + 1);
        5
    };
    info!(logger, "lazy", value = expensive(), shown = %Counted(&calls, "x"));
    let expected = u32::from(BUILD.logs);
    assert_eq!(evaluated.get(), expected, "argument expressions");
    assert_eq!(
        calls.load(Ordering::Relaxed),
        expected,
        "Display runs once, only when written"
    );
    json_of("logs::lazy", 1);
}

#[test]
fn lines_inside_spans_carry_the_span() {
    testing::capture();
    let t = get_telemetry("logs::spans");
    let (tracer, logger, _) = t.split();
    let (outer_cx, inner_cx) = tracer.in_span("logs_outer", |outer| {
        info!(logger, "in_outer");
        let inner_cx = tracer.in_span("logs_inner", |inner| {
            info!(logger, "in_inner");
            inner.context()
        });
        (outer.context(), inner_cx)
    });
    info!(logger, "after");
    let lines = json_of("logs::spans", 3);
    if BUILD.json && BUILD.traces {
        let (outer, inner) = (outer_cx.unwrap(), inner_cx.unwrap());
        assert_eq!(lines[0]["trace_id"], outer.trace_id().to_string());
        assert_eq!(lines[0]["span_id"], outer.span_id().to_string());
        assert_eq!(lines[0]["trace_flags"], "01");
        assert!(
            lines[0].get("parent_span_id").is_none(),
            "a root span has no parent"
        );
        assert_eq!(lines[1]["trace_id"], inner.trace_id().to_string());
        assert_eq!(lines[1]["span_id"], inner.span_id().to_string());
        assert_eq!(lines[1]["parent_span_id"], outer.span_id().to_string());
        assert_eq!(lines[0]["trace_id"].as_str().unwrap().len(), 32);
        assert_eq!(lines[1]["span_id"].as_str().unwrap().len(), 16);
    }
    if BUILD.json {
        assert!(
            lines[2].get("trace_id").is_none(),
            "no trace keys after the span: {}",
            lines[2]
        );
        if !BUILD.traces {
            assert!(lines[0].get("trace_id").is_none());
        }
    }
}

#[test]
fn error_logs_mark_the_span_as_failed() {
    let capture = testing::capture();
    let t = get_telemetry("logs::status");
    let (tracer, logger, _) = t.split();
    tracer.in_span("logs_error_span", |_| error!(logger, "it_broke", code = 7));
    tracer.in_span("logs_critical_span", |_| critical!(logger, "very_broken"));
    tracer.in_span("logs_warn_span", |_| warn!(logger, "only_a_warning"));
    json_of("logs::status", 3);
    let status = |name: &str| capture.spans_named(name).first().map(|s| s.status.clone());
    if BUILD.traces && BUILD.logs {
        assert_eq!(status("logs_error_span"), Some(Status::error("it_broke")));
        assert_eq!(
            status("logs_critical_span"),
            Some(Status::error("very_broken"))
        );
        assert_eq!(status("logs_warn_span"), Some(Status::Unset));
    } else if BUILD.traces {
        assert_eq!(
            status("logs_error_span"),
            Some(Status::Unset),
            "no logger, no status change"
        );
    }
}

#[test]
fn hostile_values_stay_one_valid_line() {
    testing::capture();
    let logger = get_telemetry("logs::hostile").logger().clone();
    let nasty =
        "quote\" backslash\\ newline\n cr\r tab\t nul\0 bell\x07 esc\x1b ünïcödé 🚀 \u{2028}";
    let forged = "x\n{\"level\":\"critical\",\"event\":\"forged\"}";
    info!(
        logger,
        "hostile",
        s = nasty,
        forged = forged,
        nan = f64::NAN,
        inf = f64::INFINITY,
        ninf = f64::NEG_INFINITY,
        "" = "empty key",
        dup = 1,
        dup = 2,
        huge = "y".repeat(100_000)
    );
    info!(logger, "event with \"quotes\"\nand a newline");
    let lines = json_of("logs::hostile", 2);
    if BUILD.json {
        let v = &lines[0];
        assert_eq!(v["s"], nasty);
        assert_eq!(v["forged"], forged);
        // serde_json writes non-finite floats as null: documented.
        assert_eq!(v["nan"], Json::Null);
        assert_eq!(v["inf"], Json::Null);
        assert_eq!(v["ninf"], Json::Null);
        assert_eq!(v[""], "empty key");
        // Duplicate keys are both written; JSON readers keep the last.
        assert_eq!(v["dup"], 2);
        assert_eq!(v["huge"].as_str().unwrap().len(), 100_000);
        assert_eq!(lines[1]["event"], "event with \"quotes\"\nand a newline");
    }
    assert!(
        testing::capture()
            .log_lines()
            .iter()
            .all(|l| !l.contains("\"event\":\"forged\"") || l.contains("\"logger\"")),
        "a value forged a line"
    );
}

struct Panics;
impl fmt::Display for Panics {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("Display panicked");
    }
}

struct Fails;
impl fmt::Display for Fails {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}

struct LogsWhileFormatting;
impl fmt::Display for LogsWhileFormatting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = get_telemetry("logs::reentrant").logger().clone();
        info!(inner, "from_display", depth = 2);
        f.write_str("outer value")
    }
}

#[test]
fn broken_and_reentrant_fields_neither_panic_nor_deadlock() {
    testing::capture();
    let logger = get_telemetry("logs::broken").logger().clone();
    info!(logger, "bad_display", a = %Panics, b = %Fails, c = 1);
    let reentrant = get_telemetry("logs::reentrant").logger().clone();
    info!(reentrant, "outer", v = %LogsWhileFormatting);
    let broken = json_of("logs::broken", 1);
    let both = json_of("logs::reentrant", 2);
    if BUILD.json {
        assert_eq!(broken[0]["a"], "<formatting failed>");
        assert_eq!(broken[0]["b"], "<formatting failed>");
        assert_eq!(broken[0]["c"], 1);
        let events: Vec<&Json> = both.iter().map(|v| &v["event"]).collect();
        assert_eq!(events, ["from_display", "outer"]);
        assert_eq!(both[1]["v"], "outer value");
    }
}

#[test]
fn many_threads_never_tear_or_lose_a_line() {
    testing::capture();
    const THREADS: usize = 8;
    const PER_THREAD: usize = 10_000;
    std::thread::scope(|s| {
        for t in 0..THREADS {
            s.spawn(move || {
                let logger = get_telemetry("logs::threads").logger().clone();
                for i in 0..PER_THREAD {
                    info!(
                        logger,
                        "tick",
                        thread = t,
                        i = i,
                        pad = "some padding to make lines longer"
                    );
                }
            });
        }
    });
    let lines = lines_of("logs::threads");
    let expected = if BUILD.logs { THREADS * PER_THREAD } else { 0 };
    assert_eq!(lines.len(), expected);
    if BUILD.json {
        let mut seen = vec![vec![false; PER_THREAD]; THREADS];
        for line in &lines {
            let v: Json =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("torn line ({e}): {line}"));
            let (t, i) = (
                v["thread"].as_u64().unwrap() as usize,
                v["i"].as_u64().unwrap() as usize,
            );
            assert!(!seen[t][i], "duplicate {t}/{i}");
            seen[t][i] = true;
        }
        assert!(seen.iter().flatten().all(|s| *s), "a record was lost");
    }
}

#[test]
fn pretty_lines_are_readable_when_json_is_off() {
    testing::capture();
    let logger = get_telemetry("logs::pretty").logger().clone();
    info!(logger, "pretty_event", user = "ada", note = "two words");
    let lines = lines_of("logs::pretty");
    assert_eq!(lines.len(), usize::from(BUILD.logs));
    if BUILD.logs && !BUILD.json {
        let line = &lines[0];
        assert!(line.contains(" INFO "), "{line}");
        assert!(
            line.contains(" logs::pretty pretty_event user=ada note=\"two words\""),
            "{line}"
        );
        assert!(
            !line.contains('\x1b'),
            "no colour when not writing to a terminal: {line:?}"
        );
    }
}

#[test]
fn line_separators_are_escaped_in_json() {
    testing::capture();
    let logger = get_telemetry("logs::separators").logger().clone();
    let value = "a\u{2028}b\u{2029}c\u{85}d é";
    info!(logger, "separators", s = value);
    let lines = lines_of("logs::separators");
    assert_eq!(lines.len(), usize::from(BUILD.logs));
    if BUILD.json {
        let raw = &lines[0];
        for c in ['\u{2028}', '\u{2029}', '\u{85}'] {
            assert!(!raw.contains(c), "{c:?} written raw: {raw}");
        }
        assert!(raw.contains(r"a\u2028b\u2029c\u0085d é"), "{raw}");
        assert_eq!(raw.split_terminator(['\n', '\r']).count(), 1);
        let v: Json = serde_json::from_str(raw).unwrap();
        assert_eq!(v["s"], value, "the escapes read back as the characters");
    }
}

#[test]
fn line_separators_in_keys_names_and_events_are_escaped_in_json() {
    // Not only in string values: in a key whatever its value's type, in
    // the logger's name and in the event.
    testing::capture();
    let name = "logs::keyseps\u{2028}x";
    let logger = get_telemetry(name).logger().clone();
    info!(logger, "event\u{2029}text", n = 1);
    // A plain name and event: only the key holds a separator.
    let plain = get_telemetry("logs::keyseps_plain").logger().clone();
    info!(plain, "plain", "key\u{2028}int" = 7, "key\u{85}bool" = true);
    let lines: Vec<String> = testing::capture()
        .log_lines()
        .into_iter()
        .filter(|l| l.contains("logs::keyseps"))
        .collect();
    assert_eq!(lines.len(), 2 * usize::from(BUILD.logs), "{lines:?}");
    if BUILD.json {
        for raw in &lines {
            for c in ['\u{2028}', '\u{2029}', '\u{85}'] {
                assert!(!raw.contains(c), "{c:?} written raw: {raw}");
            }
            assert_eq!(raw.split_terminator(['\n', '\r']).count(), 1);
        }
        let v: Json = serde_json::from_str(&lines[0]).unwrap();
        assert_eq!(v["logger"], name);
        assert_eq!(v["event"], "event\u{2029}text");
        let v: Json = serde_json::from_str(&lines[1]).unwrap();
        assert_eq!(v["key\u{2028}int"], 7);
        assert_eq!(v["key\u{85}bool"], true);
    }
}

#[test]
fn a_field_named_like_a_record_key_is_written_under_fields() {
    testing::capture();
    let t = get_telemetry("logs::reserved");
    let bound = t.logger().bind(&[Field::new("logger", &"bound-logger")]);
    t.tracer().in_span("reserved_names", |_| {
        info!(
            bound,
            "reserved",
            level = "fake-level",
            event = "fake-event",
            timestamp = 0,
            trace_id = "fake-trace",
            span = "fake-span"
        );
    });
    let lines = json_of("logs::reserved", 1);
    if let Some(v) = lines.first() {
        assert_eq!(v["level"], "info");
        assert_eq!(v["logger"], "logs::reserved");
        assert_eq!(v["event"], "reserved");
        assert!(v["timestamp"].as_str().is_some_and(|t| t.ends_with('Z')));
        assert_eq!(v["fields.logger"], "bound-logger");
        assert_eq!(v["fields.level"], "fake-level");
        assert_eq!(v["fields.event"], "fake-event");
        assert_eq!(v["fields.timestamp"], 0);
        assert_eq!(v["fields.trace_id"], "fake-trace");
        assert_eq!(v["fields.span"], "fake-span");
        if BUILD.traces {
            assert_eq!(v["trace_id"].as_str().map(str::len), Some(32));
        }
        // Each key once: the line has no duplicate.
        let raw = &lines_of("logs::reserved")[0];
        for key in ["\"level\":", "\"logger\":", "\"event\":", "\"timestamp\":"] {
            assert_eq!(raw.matches(key).count(), 1, "{key} in {raw}");
        }
    } else if BUILD.logs {
        // The pretty format: the record's own logger and level stay, the
        // user's fields are renamed.
        let line = &lines_of("logs::reserved")[0];
        assert!(line.contains("fields.logger="), "{line}");
        assert!(line.contains("fields.level="), "{line}");
    }
}

struct ScopesWhileFormatting;
impl fmt::Display for ScopesWhileFormatting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        telemetry_facade::with_fields(
            &[Field::new("inner_scope", &"set while formatting")],
            || {
                let inner = get_telemetry("logs::scoped_reentrant").logger().clone();
                info!(inner, "from_display");
            },
        );
        f.write_str("outer value")
    }
}

#[test]
fn scoped_fields_set_while_a_record_is_formatted_reach_the_inner_record() {
    testing::capture();
    telemetry_facade::with_fields(&[Field::new("outer_scope", &1)], || {
        let logger = get_telemetry("logs::scoped_reentrant").logger().clone();
        info!(logger, "outer", v = %ScopesWhileFormatting);
    });
    let both = json_of("logs::scoped_reentrant", 2);
    if BUILD.json {
        assert_eq!(both[0]["event"], "from_display");
        assert_eq!(both[0]["inner_scope"], "set while formatting");
        assert_eq!(both[0]["outer_scope"], 1, "the enclosing scope too");
        assert_eq!(both[1]["event"], "outer");
        assert_eq!(both[1]["outer_scope"], 1);
        assert!(both[1].get("inner_scope").is_none(), "{}", both[1]);
    }
}
