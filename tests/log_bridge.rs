//! The `log` bridge (feature `log-bridge`): records of the `log` crate
//! become ours — target as logger, message as event, key-values as fields,
//! trace fields of the current span, an error marking the span — written
//! once for every build that has the feature (with or without backends).

#[path = "support/captured.rs"]
mod captured;

use captured::lines_of;
use serde_json::Value as Json;
use telemetry_facade::{get_telemetry, testing, Status, BUILD};

#[test]
fn log_records_become_ours_with_fields_and_trace() {
    let capture = testing::capture();
    let tracer = get_telemetry("bridge").tracer().clone();
    tracer.in_span("bridge_span", |span| {
        log::info!(target: "my_dep::net", peer = "10.0.0.1", port = 8080u16, ok = true; "connected to {}", "db");
        log::error!(target: "my_dep::net", "connection lost");
        log::debug!(target: "my_dep::net", password = "hunter2"; "auth");
        let lines = lines_of("my_dep::net");
        assert_eq!(lines.len(), 3 * usize::from(BUILD.logs), "{lines:?}");
        if BUILD.json {
            let v: Vec<Json> = lines.iter().map(|l| serde_json::from_str(l).unwrap()).collect();
            assert_eq!(v[0]["level"], "info");
            assert_eq!(v[0]["event"], "connected to db");
            assert_eq!(v[0]["peer"], "10.0.0.1");
            assert_eq!(v[0]["port"], 8080);
            assert_eq!(v[0]["ok"], true);
            assert_eq!(v[1]["level"], "error");
            assert_eq!(v[2]["level"], "debug");
            assert_eq!(v[2]["password"], "[REDACTED]");
            match span.context() {
                Some(cx) => assert_eq!(v[0]["span_id"], cx.span_id().to_string()),
                None => assert!(v[0].get("span_id").is_none()),
            }
        }
    });
    // The error record marked the span (when both backends record).
    for s in capture.spans_named("bridge_span") {
        let expected = if BUILD.logs {
            Status::error("connection lost")
        } else {
            Status::Unset
        };
        assert_eq!(s.status, expected);
    }
}

#[test]
fn directives_apply_to_log_targets() {
    testing::capture();
    // The capture logs every level; `log`'s own ceiling follows it.
    assert_eq!(
        log::max_level(),
        if BUILD.logs {
            log::LevelFilter::Trace
        } else {
            log::LevelFilter::Off
        }
    );
    log::trace!(target: "bridge::levels", "fine detail");
    assert_eq!(lines_of("bridge::levels").len(), usize::from(BUILD.logs));
}

#[test]
fn an_application_logger_is_kept_with_a_warning() {
    let out = std::process::Command::new(std::env::current_exe().expect("own path"))
        .args([
            "--ignored",
            "--exact",
            "child_with_its_own_log_logger",
            "--nocapture",
        ])
        .output()
        .expect("child test runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let warned = stderr
        .lines()
        .filter(|l| l.starts_with("telemetry-facade: warning: the log crate already has a logger"))
        .count();
    assert_eq!(warned, usize::from(BUILD.logs), "{stderr}");
}

/// Run by the test above: the application installed its own `log` logger
/// before `init`.
#[test]
#[ignore = "run in a child process"]
fn child_with_its_own_log_logger() {
    struct Mine;
    impl log::Log for Mine {
        fn enabled(&self, _: &log::Metadata<'_>) -> bool {
            true
        }
        fn log(&self, _: &log::Record<'_>) {}
        fn flush(&self) {}
    }
    log::set_logger(&Mine).expect("first logger");
    let guard = telemetry_facade::init(telemetry_facade::Config::new()).expect("first init");
    drop(guard);
}
