//! Log sampling (`Config::log_sampling`), written once for every build: with
//! a logger backend, exact line counts and exact `log_records_sampled_out`
//! summaries under a manual clock; without one, nothing at all.
//!
//! One process, one configuration, one manual clock: the cases run in
//! order from `main` (`harness = false`), each on its own loggers, and the
//! last one shuts telemetry down to read the shutdown summaries. The
//! `sample_errors` case and the environment variable run in a child
//! process. `LOG_SAMPLING_FLOOD` sets the flood's records per thread
//! (default 1 000 000).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::process::Command;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde_json::Value as Json;
use telemetry_facade::testing::ManualClock;
use telemetry_facade::{
    critical, debug, error, get_telemetry, info, init, warn, Config, Level, LogLimit, LogOutput,
    LogSampling, BUILD,
};

const FLOOD_LOGGER: &str = "sampling::flood";
const FLOOD_FIRST: u32 = 1000;
const FLOOD_ONE_IN: u32 = 997;
const FLOOD_THREADS: u64 = 8;

/// Stores every line but the flood's, which it only counts.
#[derive(Clone, Default)]
struct Out(Arc<Mutex<OutState>>);

#[derive(Default)]
struct OutState {
    pending: Vec<u8>,
    lines: Vec<String>,
    flood_lines: u64,
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state.pending.extend_from_slice(buf);
        while let Some(end) = state.pending.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = state.pending.drain(..=end).collect();
            let line = String::from_utf8(line).expect("UTF-8");
            let line = line.trim_end().to_owned();
            if line.contains(FLOOD_LOGGER) && !line.contains("log_records_sampled_out") {
                state.flood_lines += 1;
            } else {
                state.lines.push(line);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Out {
    /// The stored lines of `logger` (its records, not summaries).
    fn lines_of(&self, logger: &str) -> Vec<String> {
        let needle = format!("\"logger\":\"{logger}\"");
        let pretty = format!(" {logger} ");
        let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .lines
            .iter()
            .filter(|l| l.contains(&needle) || (!BUILD.json && l.contains(&pretty)))
            .cloned()
            .collect()
    }

    /// The summary records (JSON builds only), parsed.
    fn summaries(&self) -> Vec<Json> {
        let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .lines
            .iter()
            .filter(|l| l.contains("log_records_sampled_out"))
            .filter(|_| BUILD.json)
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
            .collect()
    }

    fn summary_count(&self) -> usize {
        let state = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        state
            .lines
            .iter()
            .filter(|l| l.contains("log_records_sampled_out"))
            .count()
    }

    fn flood_lines(&self) -> u64 {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .flood_lines
    }
}

/// `n` when records are written in this build, else 0.
fn written(n: usize) -> usize {
    if BUILD.logs {
        n
    } else {
        0
    }
}

fn assert_lines(out: &Out, logger: &str, expected: usize) {
    let lines = out.lines_of(logger);
    assert_eq!(lines.len(), written(expected), "{logger}: {lines:#?}");
}

/// `(sampled_logger, sampled_level) -> dropped` of the summaries from
/// index `from` on; checks each summary's fixed fields.
fn dropped_by(
    summaries: &[Json],
    interval_ms: &BTreeMap<&str, u64>,
) -> BTreeMap<(String, String), u64> {
    let mut by = BTreeMap::new();
    for s in summaries {
        assert_eq!(s["logger"], "telemetry_facade", "{s}");
        assert_eq!(s["level"], "warning", "{s}");
        assert_eq!(s["event"], "log_records_sampled_out", "{s}");
        let logger = s["sampled_logger"]
            .as_str()
            .expect("sampled_logger")
            .to_owned();
        let level = s["sampled_level"]
            .as_str()
            .expect("sampled_level")
            .to_owned();
        if let Some(ms) = interval_ms.get(logger.as_str()) {
            assert_eq!(s["interval_ms"], *ms, "{s}");
        }
        let dropped = s["dropped"].as_u64().expect("dropped");
        assert!(dropped > 0, "{s}");
        *by.entry((logger, level)).or_insert(0) += dropped;
    }
    by
}

fn key(logger: &str, level: &str) -> (String, String) {
    (logger.to_owned(), level.to_owned())
}

fn main() {
    if std::env::var_os("LOG_SAMPLING_CHILD").is_some() {
        return child();
    }
    let started = Instant::now();
    let clock = ManualClock::install();
    let out = Out::default();
    let second = Duration::from_secs(1);
    let sampling = LogSampling::new(3, second)
        .logger("sampling::one_in", LogLimit::new(2, second).then_one_in(4))
        .logger(
            "sampling::override",
            LogLimit::new(1, Duration::from_secs(60)),
        )
        .logger("sampling::override::free", LogLimit::unlimited())
        .logger(
            FLOOD_LOGGER,
            LogLimit::new(FLOOD_FIRST, second).then_one_in(FLOOD_ONE_IN),
        )
        .keep_sampled_traces(true);
    let guard = init(
        Config::new()
            .log_level(Level::Trace)
            .log_output(LogOutput::writer(out.clone()))
            .log_sampling(sampling),
    )
    .expect("first init");
    let intervals: BTreeMap<&str, u64> = [
        ("sampling::basic", 1000),
        ("sampling::one_in", 1000),
        ("sampling::override::x", 60_000),
        ("sampling::levels", 1000),
        ("sampling::traced", 1000),
        (FLOOD_LOGGER, 1000),
    ]
    .into();

    // First N per interval, then nothing; a new interval starts afresh, and
    // its first record reports what the last one dropped.
    let basic = get_telemetry("sampling::basic").logger().clone();
    for i in 0..10 {
        info!(basic, "tick", i = i);
    }
    assert_lines(&out, "sampling::basic", 3);
    assert_eq!(out.summary_count(), 0, "no summary before the window ends");
    clock.advance(second);
    for i in 0..10 {
        info!(basic, "tick", i = i);
    }
    assert_lines(&out, "sampling::basic", 6);
    assert_eq!(out.summary_count(), written(1));
    let summaries = out.summaries();
    if BUILD.json {
        let s = &summaries[0];
        let keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "timestamp",
                "level",
                "logger",
                "event",
                "sampled_logger",
                "sampled_level",
                "dropped",
                "interval_ms"
            ]
        );
        assert_eq!(
            dropped_by(&summaries, &intervals),
            [(key("sampling::basic", "info"), 7)].into()
        );
        let kept: Vec<i64> = out
            .lines_of("sampling::basic")
            .iter()
            .map(|l| {
                serde_json::from_str::<Json>(l).unwrap()["i"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        assert_eq!(kept, [0, 1, 2, 0, 1, 2], "the first ones of each window");
    }

    // First 2, then one in 4: indices 0, 1, then 2, 6, 10, 14, 18.
    let one_in = get_telemetry("sampling::one_in").logger().clone();
    for i in 0..20 {
        info!(one_in, "tick", i = i);
    }
    assert_lines(&out, "sampling::one_in", 7);
    if BUILD.json {
        let kept: Vec<i64> = out
            .lines_of("sampling::one_in")
            .iter()
            .map(|l| {
                serde_json::from_str::<Json>(l).unwrap()["i"]
                    .as_i64()
                    .unwrap()
            })
            .collect();
        assert_eq!(kept, [0, 1, 2, 6, 10, 14, 18]);
    }

    // Per-logger limits: the longest name wins, `unlimited` exempts; a
    // child logger (`bind`) shares its parent's budget.
    let limited = get_telemetry("sampling::override::x").logger().clone();
    let free = get_telemetry("sampling::override::free::y")
        .logger()
        .clone();
    let child = limited.bind(&[telemetry_facade::Field::new("child", &true)]);
    for _ in 0..5 {
        info!(limited, "tick");
        info!(child, "tick");
        info!(free, "tick");
    }
    assert_lines(&out, "sampling::override::x", 1);
    assert_lines(&out, "sampling::override::free::y", 5);
    // A handle made anew (as the `log` bridge makes one per record) finds
    // the same budget.
    info!(get_telemetry("sampling::override::x").logger(), "tick");
    assert_lines(&out, "sampling::override::x", 1);

    // Each level has its own budget; error and critical are never sampled.
    let levels = get_telemetry("sampling::levels").logger().clone();
    for _ in 0..5 {
        debug!(levels, "tick");
        info!(levels, "tick");
        warn!(levels, "tick");
        error!(levels, "tick");
        critical!(levels, "tick");
    }
    assert_lines(&out, "sampling::levels", 3 + 3 + 3 + 5 + 5);

    // Inside a sampled span every record is kept and not counted; outside,
    // the budget applies (without spans in this build, to both).
    let traced = get_telemetry("sampling::traced");
    traced.tracer().in_span("sampled", |_| {
        for _ in 0..10 {
            info!(traced.logger(), "in_span");
        }
    });
    for _ in 0..10 {
        info!(traced.logger(), "outside");
    }
    let (in_span, outside) = if BUILD.traces { (10, 3) } else { (3, 0) };
    assert_lines(&out, "sampling::traced", in_span + outside);

    // The flood: 8 threads at one call site, one window (the clock is
    // frozen): exactly the first N, then one in M.
    let per_thread: u64 = std::env::var("LOG_SAMPLING_FLOOD")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let flood_started = Instant::now();
    let threads: Vec<_> = (0..FLOOD_THREADS)
        .map(|_| {
            std::thread::spawn(move || {
                let logger = get_telemetry(FLOOD_LOGGER).logger().clone();
                for i in 0..per_thread {
                    info!(logger, "flood", i = i);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("flood thread");
    }
    let flood_took = flood_started.elapsed();
    let total = FLOOD_THREADS * per_thread;
    let (first, one_in) = (u64::from(FLOOD_FIRST), u64::from(FLOOD_ONE_IN));
    let kept = total.min(first) + total.saturating_sub(first).div_ceil(one_in);
    assert_eq!(
        out.flood_lines(),
        if BUILD.logs { kept } else { 0 },
        "flood lines"
    );

    // Shutdown: one summary per logger and level with drops still pending,
    // and nothing else is written after.
    let before = out.summaries().len();
    guard.shutdown().expect("shutdown");
    let summaries = out.summaries();
    let expected: BTreeMap<(String, String), u64> = [
        (key("sampling::basic", "info"), 7),
        (key("sampling::one_in", "info"), 13),
        (key("sampling::override::x", "info"), 10),
        (key("sampling::levels", "debug"), 2),
        (key("sampling::levels", "info"), 2),
        (key("sampling::levels", "warning"), 2),
        (
            key("sampling::traced", "info"),
            if BUILD.traces { 7 } else { 17 },
        ),
        (key(FLOOD_LOGGER, "info"), total - kept),
    ]
    .into();
    if BUILD.json {
        assert_eq!(dropped_by(&summaries[before..], &intervals), expected);
        let order: Vec<&str> = summaries[before..]
            .iter()
            .map(|s| s["sampled_logger"].as_str().unwrap())
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "by logger name");
    } else {
        assert_eq!(out.summary_count(), written(1 + expected.len()));
    }
    info!(basic, "after_shutdown");
    assert_lines(&out, "sampling::basic", 6);

    child_process_case();
    println!(
        "log_sampling: all cases passed in {:?} (flood of {total} records: {flood_took:?})",
        started.elapsed()
    );
}

/// `sample_errors` and the environment variable, in a child process: the
/// errors over the limit are dropped, and counted at shutdown, on stdout
/// (the records) and stderr (the total).
fn child_process_case() {
    let output = Command::new(std::env::current_exe().expect("own path"))
        .env("LOG_SAMPLING_CHILD", "1")
        .env("TELEMETRY_FACADE_LOG_SAMPLING", "2/1m, sample_errors, 1/0s")
        .env_remove("RUST_LOG")
        .output()
        .expect("child runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(output.status.success(), "child: {stdout}\n{stderr}");
    assert!(
        stderr.contains(
            "TELEMETRY_FACADE_LOG_SAMPLING: \"1/0s\" has an interval of zero; skipping it"
        ),
        "{stderr}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let errors = lines.iter().filter(|l| l.contains("child_error")).count();
    let summaries: Vec<&&str> = lines
        .iter()
        .filter(|l| l.contains("log_records_sampled_out"))
        .collect();
    assert_eq!(errors, written(2), "{stdout}");
    assert_eq!(summaries.len(), written(1), "{stdout}");
    assert_eq!(
        stderr.contains("log sampling: 8 records were sampled out"),
        BUILD.logs,
        "{stderr}"
    );
    if BUILD.json {
        let s: Json = serde_json::from_str(summaries[0]).expect("JSON");
        assert_eq!(s["sampled_logger"], "sampling::child");
        assert_eq!(s["sampled_level"], "error");
        assert_eq!(s["dropped"], 8);
        assert_eq!(s["interval_ms"], 60_000);
    }
}

fn child() {
    let config = Config::from_env().log_output(LogOutput::Stdout);
    let guard = init(config).expect("first init");
    let logger = get_telemetry("sampling::child").logger().clone();
    for i in 0..10 {
        error!(logger, "child_error", i = i);
    }
    drop(guard);
}
