//! `LogExport` in every build: where records go when OTLP is asked for,
//! when it cannot be had, and when nothing is asked for. `init` is once per
//! process and prints to the process's stderr, so each case runs in a child
//! process (this binary, one of the ignored tests below) and the parent
//! checks its exit status and what it printed.
//!
//! What each build promises (`BUILD`): with `otlp` and a logger backend,
//! `LogExport::Otlp` writes nothing to the log output and counts every
//! record the unreachable collector did not get; with a logger backend but
//! no `otlp`, `init` warns once and the records go to the log output; with
//! no logger backend, `init` warns once and nothing is written.

mod support;

use std::process::Command;
use std::time::Duration;

use support::buffer::SharedBuffer;
use telemetry_facade::{
    error, get_telemetry, info, init, Config, InitError, Level, LogExport, LogOutput, BUILD,
};

const WARNING: &str = "telemetry-facade: warning: log records are not sent over OTLP: LogExport::Otlp needs telemetry-facade's `otlp` feature and a logger backend (`slog` or `json`); they go to the log output";

/// Runs the ignored test `name` in a child process; returns its stderr.
fn child(name: &str) -> String {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .args(["--ignored", "--exact", name, "--nocapture"])
        .output()
        .expect("child test runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{name} failed:\n{stderr}");
    stderr
}

fn count(stderr: &str, line: &str) -> usize {
    stderr.lines().filter(|l| *l == line).count()
}

#[test]
fn otlp_only_sends_nothing_to_the_output_or_warns_and_falls_back() {
    let stderr = child("child_otlp_only_to_nowhere");
    let expected = usize::from(!BUILD.otlp_logs);
    assert_eq!(count(&stderr, WARNING), expected, "stderr:\n{stderr}");
}

#[test]
fn nowhere_disables_every_logger() {
    let stderr = child("child_log_export_none");
    assert_eq!(count(&stderr, WARNING), 0, "stderr:\n{stderr}");
}

/// Records sent over OTLP only, to a port nothing listens on.
#[test]
#[ignore = "run in a child process by otlp_only_sends_nothing_to_the_output_or_warns_and_falls_back"]
fn child_otlp_only_to_nowhere() {
    let out = SharedBuffer::default();
    let config = Config::from_vars([
        ("OTEL_LOGS_EXPORTER", "otlp"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"),
        ("OTEL_EXPORTER_OTLP_TIMEOUT", "500"),
    ])
    .log_output(LogOutput::writer(out.clone()))
    .shutdown_timeout(Duration::from_secs(5));
    assert_eq!(config.get_log_export(), LogExport::Otlp);
    let guard = init(config).expect("first init");
    let log = get_telemetry("log_export_test").logger().clone();
    assert_eq!(log.enabled(Level::Info), BUILD.logs);
    for i in 0..10 {
        info!(log, "sent_nowhere", i = i);
    }
    error!(log, "failed", password = "hunter2");
    let result = guard.shutdown();
    let lines = out.lines();
    if BUILD.otlp_logs {
        assert!(lines.is_empty(), "OTLP only: {lines:?}");
        let Err(InitError::LogsLost(loss)) = result else {
            panic!("the 11 records the collector never got are reported: {result:?}");
        };
        assert_eq!(loss.dropped + loss.failed + loss.pending, 11, "{loss:?}");
        assert!(loss.failed >= 1, "{loss:?}");
    } else {
        assert!(result.is_ok(), "{result:?}");
        assert_eq!(lines.len(), if BUILD.logs { 11 } else { 0 }, "{lines:?}");
    }
}

/// `OTEL_LOGS_EXPORTER=none`: nothing is written, every logger is off.
#[test]
#[ignore = "run in a child process by nowhere_disables_every_logger"]
fn child_log_export_none() {
    let out = SharedBuffer::default();
    let config = Config::from_vars([("OTEL_LOGS_EXPORTER", "none")])
        .log_output(LogOutput::writer(out.clone()));
    assert_eq!(config.get_log_export(), LogExport::None);
    let guard = init(config).expect("first init");
    let log = get_telemetry("log_export_test").logger().clone();
    assert!(!log.enabled(Level::Critical));
    error!(log, "unseen");
    guard.shutdown().expect("nothing to lose");
    assert!(out.lines().is_empty(), "{:?}", out.lines());
}
