//! What needs a process of its own: `init` and the guard with a stderr that
//! cannot be written (full, or a pipe nobody reads), an endless shutdown
//! timeout, and environment values that are not UTF-8. Each case runs this
//! binary again as a child (the ignored tests below) and checks how it
//! ended: never a panic.

mod support;

use std::os::unix::ffi::OsStringExt;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use support::buffer::SharedBuffer;
use telemetry_facade::{init, Config, SpanExport};

fn child(test: &str, configure: impl FnOnce(&mut Command)) -> Output {
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.args([
        "--ignored",
        "--exact",
        test,
        "--nocapture",
        "--test-threads=1",
    ]);
    cmd.stdout(Stdio::piped());
    configure(&mut cmd);
    cmd.output().expect("child test runs")
}

fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "child failed: {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn warnings_to_a_full_stderr_never_panic() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = child("child_init_with_warnings", |cmd| {
        cmd.stderr(full).env("CHILD_EXPECTS_UNWRITTEN", "1");
    });
    assert_success(&out);
}

#[test]
fn warnings_to_a_closed_pipe_never_panic() {
    // The read end is closed before the child writes: each write fails
    // with EPIPE (Rust ignores SIGPIPE).
    let mut cmd = Command::new(std::env::current_exe().expect("own path"));
    cmd.args([
        "--ignored",
        "--exact",
        "child_init_with_warnings",
        "--nocapture",
        "--test-threads=1",
    ]);
    cmd.stdout(Stdio::null())
        .stderr(Stdio::piped())
        .env("CHILD_EXPECTS_UNWRITTEN", "1")
        .env("CHILD_WAIT_FOR_CLOSED_STDERR", "1");
    let mut running = cmd.spawn().expect("child runs");
    drop(running.stderr.take());
    let status = running.wait().expect("child ends");
    assert!(status.success(), "{status:?}");
}

#[test]
fn warnings_to_a_working_stderr_are_written() {
    let out = child("child_init_with_warnings", |cmd| {
        cmd.stderr(Stdio::piped())
            .env("CHILD_EXPECTS_UNWRITTEN", "0");
    });
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("telemetry-facade: warning: OTEL_TRACES_SAMPLER=\"bogus\""),
        "{stderr}"
    );
}

/// Run by the tests above.
#[test]
#[ignore = "run in a child process"]
fn child_init_with_warnings() {
    if std::env::var_os("CHILD_WAIT_FOR_CLOSED_STDERR").is_some() {
        // Give the parent time to close its end of the pipe.
        std::thread::sleep(Duration::from_millis(300));
    }
    let config = Config::from_vars([("OTEL_TRACES_SAMPLER", "bogus"), ("RUST_LOG", "a=b,c=d")])
        .span_export(SpanExport::Otlp)
        .log_output(telemetry_facade::LogOutput::Stderr);
    let guard = init(config).expect("first init");
    let expects = std::env::var("CHILD_EXPECTS_UNWRITTEN").unwrap_or_default();
    if expects == "1" {
        assert!(
            guard.unwritten_diagnostics() > 0,
            "the lost lines are counted"
        );
    } else {
        assert_eq!(guard.unwritten_diagnostics(), 0);
    }
    telemetry_facade::error!(
        telemetry_facade::get_telemetry("hostile::stderr").logger(),
        "a_record_to_a_broken_stderr"
    );
    drop(guard);
}

#[test]
fn an_endless_shutdown_timeout_does_not_panic_at_drop() {
    let out = child("child_endless_shutdown_timeout", |cmd| {
        cmd.stderr(Stdio::piped());
    });
    assert_success(&out);
}

#[test]
#[ignore = "run in a child process"]
fn child_endless_shutdown_timeout() {
    let guard = init(Config::new().shutdown_timeout(Duration::MAX)).expect("first init");
    let _span = telemetry_facade::get_telemetry("hostile")
        .tracer()
        .start("s");
    drop(guard);
}

#[test]
fn a_value_that_is_not_utf8_is_named_in_a_warning() {
    let out = child("child_reads_a_non_utf8_value", |cmd| {
        cmd.stderr(Stdio::piped()).env(
            "OTEL_SDK_DISABLED",
            std::ffi::OsString::from_vec(b"true\xff".to_vec()),
        );
    });
    assert_success(&out);
}

#[test]
#[ignore = "run in a child process"]
fn child_reads_a_non_utf8_value() {
    let config = Config::from_env();
    assert_eq!(
        config.warnings(),
        ["OTEL_SDK_DISABLED=\"true\u{fffd}\" is not valid UTF-8; using its default"]
    );
    assert!(!config.is_sdk_disabled());
}

#[test]
fn every_thread_that_saw_init_return_has_its_records_written() {
    let out = child("child_concurrent_init", |cmd| {
        cmd.stderr(Stdio::piped());
    });
    assert_success(&out);
}

#[test]
#[ignore = "run in a child process"]
fn child_concurrent_init() {
    use std::sync::{Arc, Barrier};

    const THREADS: usize = 16;
    let lines = SharedBuffer::default();
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let (lines, barrier) = (lines.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let logger = telemetry_facade::get_telemetry("hostile::init")
                    .logger()
                    .clone();
                barrier.wait();
                let result = init(
                    Config::new()
                        .log_output(telemetry_facade::LogOutput::writer(lines))
                        .span_export(SpanExport::None),
                );
                telemetry_facade::info!(logger, "after_init", thread = i);
                result.ok()
            })
        })
        .collect();
    let guards: Vec<_> = handles
        .into_iter()
        .filter_map(|h| h.join().unwrap())
        .collect();
    assert_eq!(guards.len(), 1, "exactly one init succeeds");
    let written = lines.text();
    let expected = if telemetry_facade::BUILD.logs {
        THREADS
    } else {
        0
    };
    assert_eq!(written.lines().count(), expected, "{written}");
}

#[test]
fn log_lines_to_a_full_device_are_counted_never_a_panic() {
    let out = child("child_logs_to_a_full_device", |cmd| {
        cmd.stderr(Stdio::piped());
    });
    assert_success(&out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if telemetry_facade::BUILD.logs {
        assert!(
            stderr.contains("telemetry-facade: log output: 10 records were dropped"),
            "{stderr}"
        );
    }
}

/// Run by the test above: the log output is `/dev/full` (every write
/// fails with "no space left on device").
#[test]
#[ignore = "run in a child process"]
fn child_logs_to_a_full_device() {
    let output = telemetry_facade::LogOutput::File("/dev/full".into());
    let guard = init(Config::new().log_output(output)).expect("first init");
    let logger = telemetry_facade::get_telemetry("hostile::full")
        .logger()
        .clone();
    for i in 0..10 {
        telemetry_facade::info!(logger, "to_dev_full", i = i);
    }
    drop(guard);
}
