//! The panic hook (`Config::record_panics`), in a child process (a hook is
//! process-wide): a panic inside a span, inside a `Display` being logged,
//! in a spawned Tokio task, and while other threads log — each gives one
//! `critical` record with the message, location, thread and the span's
//! trace ids; the span ends with status `Error`; the previous hook runs;
//! nothing deadlocks.

mod support;

use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use serde_json::Value as Json;
use support::buffer::SharedBuffer;
use telemetry_facade::{get_telemetry, info, init, Config, FutureExt, LogOutput, BUILD};

#[test]
fn panics_are_recorded_with_their_trace() {
    let out = std::process::Command::new(std::env::current_exe().expect("own path"))
        .args([
            "--ignored",
            "--exact",
            "child_panics",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("child test runs");
    assert!(
        out.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A writer that takes a millisecond per write.
struct Slow(SharedBuffer);
impl std::io::Write for Slow {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        std::thread::sleep(std::time::Duration::from_millis(1));
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The `panic` records written so far.
fn panic_records(lines: &SharedBuffer) -> Vec<Json> {
    lines
        .lines()
        .iter()
        .filter(|l| l.contains("\"event\":\"panic\""))
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

struct PanicsWhenShown;
impl fmt::Display for PanicsWhenShown {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("in a Display")
    }
}

static PREVIOUS_HOOK_RAN: AtomicUsize = AtomicUsize::new(0);

#[test]
#[ignore = "run in a child process"]
fn child_panics() {
    std::panic::set_hook(Box::new(|info| {
        PREVIOUS_HOOK_RAN.fetch_add(1, Ordering::SeqCst);
        eprintln!("previous hook: {info}");
    }));
    let lines = SharedBuffer::default();
    // Each line takes a while to write, so that under load (case 4) the
    // writer is nearly always held by another thread when the panic comes.
    let config = Config::new()
        .record_panics(true)
        .log_output(LogOutput::writer(Slow(lines.clone())));
    #[cfg(feature = "otel")]
    let spans = opentelemetry_sdk::trace::InMemorySpanExporter::default();
    #[cfg(feature = "otel")]
    let config = config.with_span_exporter(spans.clone());
    let _guard = init(config).expect("first init");
    let t = get_telemetry("panics");
    let expect_records = usize::from(BUILD.json);

    // 1. Inside a span.
    let mut cx = None;
    let caught = catch_unwind(AssertUnwindSafe(|| {
        t.tracer().in_span("panicking_span", |span| {
            cx = span.context();
            panic!("boom in a span");
        })
    }));
    assert!(caught.is_err());
    assert_eq!(
        PREVIOUS_HOOK_RAN.load(Ordering::SeqCst),
        1,
        "the previous hook ran"
    );
    let records = panic_records(&lines);
    assert_eq!(records.len(), expect_records);
    if let Some(r) = records.first() {
        assert_eq!(r["level"], "critical");
        assert_eq!(r["logger"], "panic");
        assert_eq!(r["panic.message"], "boom in a span");
        assert!(
            r["panic.location"].as_str().unwrap().contains("panics.rs:"),
            "{r}"
        );
        assert!(
            r["thread.name"].as_str().is_some_and(|n| !n.is_empty()),
            "{r}"
        );
        match cx {
            Some(cx) => assert_eq!(r["span_id"], cx.span_id().to_string()),
            None => assert!(r.get("span_id").is_none()),
        }
    }
    #[cfg(feature = "otel")]
    {
        let done = spans.get_finished_spans().unwrap();
        let s = done
            .iter()
            .find(|s| s.name == "panicking_span")
            .expect("exported");
        assert_eq!(
            s.status,
            opentelemetry::trace::Status::error("boom in a span"),
            "the span ends with Error"
        );
    }

    // 2. Inside a Display being logged: both records, the outer one intact.
    info!(t.logger(), "outer", v = %PanicsWhenShown);
    let records = panic_records(&lines);
    assert_eq!(records.len(), 2 * expect_records);
    if let Some(r) = records.get(1) {
        assert_eq!(r["panic.message"], "in a Display");
    }
    let text = lines.text();
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("\"event\":\"outer\""))
            .count(),
        expect_records
    );

    // 3. In a spawned Tokio task, in its span.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let task_span = t.tracer().start("panicking_task");
    let task_cx = task_span.context();
    let joined = rt.block_on(async {
        tokio::spawn(
            async {
                tokio::task::yield_now().await;
                panic!("boom in a task");
            }
            .in_span(task_span),
        )
        .await
    });
    assert!(joined.is_err());
    let records = panic_records(&lines);
    assert_eq!(records.len(), 3 * expect_records);
    if let (Some(r), Some(cx)) = (records.get(2), task_cx) {
        assert_eq!(r["panic.message"], "boom in a task");
        assert_eq!(r["trace_id"], cx.trace_id().to_string());
    }

    // 4. While other threads log: no deadlock, one record.
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..4)
        .map(|i| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let logger = get_telemetry("panics::load").logger().clone();
                while !stop.load(Ordering::Relaxed) {
                    info!(logger, "busy", thread = i);
                }
            })
        })
        .collect();
    let caught = catch_unwind(|| panic!("boom under load"));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    assert!(caught.is_err());
    let records = panic_records(&lines);
    assert_eq!(records.len(), 4 * expect_records);
    // Four panics; the Display one only where a record formats its fields.
    let panics = 3 + usize::from(BUILD.logs);
    assert_eq!(PREVIOUS_HOOK_RAN.load(Ordering::SeqCst), panics);
}
