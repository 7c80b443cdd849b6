//! Standard output set non-blocking (O_NONBLOCK), as some container
//! runtimes and supervisors hand it to a process, and its reader away for a
//! second, then back: every line that arrives is whole (valid JSON), and
//! every record is either written or counted as dropped — in a
//! `log_records_dropped` record once lines get through again, and in the
//! shutdown report. A Python harness (the test command has `python3`) makes
//! the pipe non-blocking and plays the reader.
//!
//! `harness = false`: the child is this binary with `NONBLOCKING_CHILD`
//! set, and must write nothing to stdout but its records (libtest's own
//! lines could meet a full pipe).

use std::process::Command;

use serde_json::Value as Json;
use telemetry_facade::{init, Config, BUILD};

const THREADS: usize = 4;
const PER_THREAD: usize = 1_000;
/// Records written once the reader is back: they get through, and the
/// first is preceded by the summary of what was dropped.
const AFTER: usize = 10;

const HARNESS: &str = r#"
import json, os, subprocess, sys, time
r, w = os.pipe()
os.set_blocking(w, False)
child = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)
os.close(w)
data = bytearray()
# A reader that is away for a second (the pipe fills, records are dropped),
# then reads everything.
time.sleep(1.0)
while True:
    chunk = os.read(r, 65536)
    if not chunk:
        break
    data += chunk
err = child.stderr.read()
code = child.wait()
sys.stdout.write(json.dumps({"code": code, "stdout": data.decode("utf-8", "replace"), "stderr": err.decode("utf-8", "replace")}))
"#;

fn main() {
    if std::env::var_os("NONBLOCKING_CHILD").is_some() {
        child_logs_to_stdout();
    } else {
        a_slow_non_blocking_stdout_gets_whole_lines_and_drops_are_counted();
        println!("test result: ok. 1 passed (nonblocking_output)");
    }
}

fn a_slow_non_blocking_stdout_gets_whole_lines_and_drops_are_counted() {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new("python3")
        .args(["-c", HARNESS])
        .arg(exe)
        .env("NONBLOCKING_CHILD", "1")
        .output()
        .expect("python3 runs (the test command needs it)");
    assert!(out.status.success(), "harness: {out:?}");
    let report: Json = serde_json::from_slice(&out.stdout).expect("harness report");
    assert_eq!(report["code"], 0, "child: {}", report["stderr"]);
    let stdout = report["stdout"].as_str().unwrap();
    let stderr = report["stderr"].as_str().unwrap();
    if !BUILD.json {
        // Pretty lines (slog alone) or nothing: only the JSON lines are
        // parsed back here; the writing path is the same.
        assert!(BUILD.logs || stdout.is_empty(), "{stdout}");
        return;
    }

    let (mut records, mut summaries, mut summarised) = (0usize, 0usize, 0u64);
    for line in stdout.lines() {
        let v: Json =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("torn line ({e}): {line:?}"));
        match v["event"].as_str() {
            Some("record") | Some("after_the_stall") => records += 1,
            Some("log_records_dropped") => {
                summaries += 1;
                summarised += v["dropped"].as_u64().unwrap();
            }
            other => panic!("unexpected record {other:?}"),
        }
    }
    assert!(
        dropped_reported(stderr) > 0,
        "the absent reader made no record wait: {stderr}"
    );
    let total = THREADS * PER_THREAD + AFTER;
    assert!(summaries >= 1, "no log_records_dropped record");
    let dropped = dropped_reported(stderr);
    // Summary records are records too, and may themselves be dropped.
    let accounted = records as u64 + dropped;
    assert!(
        accounted >= total as u64 && accounted <= (total + summaries + 10) as u64,
        "{records} written + {dropped} dropped for {total} records (+{summaries} summaries); stderr: {stderr}"
    );
    assert!(
        summarised <= dropped,
        "{summarised} summarised, {dropped} dropped"
    );
    println!("non-blocking stdout: {records} written, {dropped} dropped, {summaries} summaries");
}

/// The count of the shutdown report's line, 0 without one.
fn dropped_reported(stderr: &str) -> u64 {
    stderr
        .lines()
        .find_map(|l| {
            l.strip_prefix("telemetry-facade: log output: ")
                .and_then(|rest| rest.split(' ').next())
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

/// Run by the test above with a non-blocking stdout.
fn child_logs_to_stdout() {
    let guard = init(Config::new()).expect("first init");
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            std::thread::spawn(move || {
                let logger = telemetry_facade::get_telemetry("nonblocking")
                    .logger()
                    .clone();
                for i in 0..PER_THREAD {
                    telemetry_facade::info!(
                        logger,
                        "record",
                        thread = t,
                        i = i,
                        pad = "x".repeat(100)
                    );
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    // The reader comes back after a second.
    std::thread::sleep(std::time::Duration::from_millis(2_000));
    let logger = telemetry_facade::get_telemetry("nonblocking")
        .logger()
        .clone();
    for i in 0..AFTER {
        telemetry_facade::info!(logger, "after_the_stall", i = i);
    }
    drop(guard);
}
