//! `SpanExport::Otlp` in a build without the `otlp` feature: `init` warns
//! once on stderr and goes on without export; with the feature there is no
//! such warning. `init` prints to the process's stderr, so the test runs
//! `init` in a child process (this binary, the ignored test below) and reads
//! what it printed.

use std::process::Command;

use telemetry_facade::{init, Config, SpanExport};

const WARNING: &str = "telemetry-facade: warning: spans are not exported: SpanExport::Otlp needs telemetry-facade's `otlp` feature";

#[test]
fn init_warns_when_otlp_export_is_asked_without_the_feature() {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .args([
            "--ignored",
            "--exact",
            "child_init_with_otlp_export",
            "--nocapture",
        ])
        .output()
        .expect("child test runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let found = stderr.lines().filter(|l| *l == WARNING).count();
    let expected = if cfg!(feature = "otlp") { 0 } else { 1 };
    assert_eq!(found, expected, "stderr of the child:\n{stderr}");
}

/// Run by the test above, in its own process.
#[test]
#[ignore = "run in a child process by init_warns_when_otlp_export_is_asked_without_the_feature"]
fn child_init_with_otlp_export() {
    // Port 9 on loopback: nothing is exported, nothing listens.
    let config = Config::from_vars([("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9")])
        .span_export(SpanExport::Otlp);
    let guard = init(config).expect("first init");
    drop(guard);
}
