//! The shared parts of the benchmark cases of issue 8: the work unit, the
//! harness every case binary runs, and a span exporter that discards.
//!
//! Every case is its own bench target (`benches/`, `harness = false`), so
//! global providers and subscribers of one case cannot change what another
//! costs. A case is made by [`bench_case!`]: it defines `work_unit` (one
//! unit, never inlined), `measured_loop` (the loop callgrind collects, with
//! `--toggle-collect=<case>::measured_loop`, e.g. `facade_on::measured_loop`)
//! and a divan benchmark of `work_unit`, then runs [`run`].
//!
//! `bash bench/run.sh` builds every case and runs it under callgrind (the
//! stable figure); `cargo bench -p telemetry-facade-bench --features
//! facade-on` runs the cases under divan (wall-clock, informational). See
//! `BENCHMARKS.md`.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

pub use divan;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

/// Units run before the measured loop (not collected by callgrind).
pub const WARM_UP: u64 = 1_000;
/// Units of the measured loop when the command line gives none.
pub const DEFAULT_N: u64 = 10_000;

/// The attribute and field values of every case.
pub const KIND: &str = "bench";
/// The `&str` field of the log event.
pub const NAME: &str = "abc";

/// The real work inside the span: a small fold the optimiser cannot see
/// through. The same in every case, including the baseline.
#[inline(always)]
pub fn real_work(i: u64) -> u64 {
    let data = black_box([3u64, 1, 4, 1, 5, 9, 2, 6]);
    data.iter()
        .fold(i, |acc, x| acc.wrapping_mul(31).wrapping_add(*x))
}

/// Defines the case's `work_unit` (from the expression given, over `i`)
/// and `measured_loop`, and a `main` that runs `setup`, the warm-up, the
/// measured loop and `teardown`.
///
/// ```ignore
/// bench_case!("baseline", |i| real_work(i));
/// bench_case!("facade-on", setup = setup, teardown = teardown, |i| facade_unit(i));
/// bench_case!("metrics-on", state = setup, teardown = teardown, |m: &Instruments, i| unit(m, i));
/// ```
#[macro_export]
macro_rules! bench_case {
    ($case:literal, |$i:ident| $unit:expr) => {
        $crate::bench_case!($case, setup = || (), teardown = |()| (), |$i| $unit);
    };
    ($case:literal, setup = $setup:expr, teardown = $teardown:expr, |$i:ident| $unit:expr) => {
        /// One work unit.
        #[inline(never)]
        fn work_unit($i: u64) -> u64 {
            $unit
        }

        /// The loop callgrind collects: `n` work units, nothing else.
        #[inline(never)]
        fn measured_loop(n: u64) {
            for i in 0..n {
                ::std::hint::black_box(work_unit(::std::hint::black_box(i)));
            }
        }

        /// The work unit under divan (`cargo bench`).
        #[$crate::divan::bench(crate = $crate::divan, name = $case)]
        fn divan_work_unit(bencher: $crate::divan::Bencher) {
            $crate::divan_unit(bencher, work_unit);
        }

        fn main() {
            let state = ($setup)();
            $crate::run($case, work_unit, measured_loop);
            ($teardown)(state);
        }
    };
    // A case whose work unit reads what `setup` made (instruments, a
    // provider): kept in a `static`, read once by `measured_loop` and
    // passed to each unit by reference, as an application passes its own
    // struct. The reference costs nothing per unit: the compiler passes
    // the static's address as a constant (or drops the argument when the
    // unit does not read it), so `measured_loop` is `baseline`'s.
    ($case:literal, state = $setup:expr, teardown = $teardown:expr, |$s:ident: &$ty:ty, $i:ident| $unit:expr) => {
        static STATE: ::std::sync::OnceLock<$ty> = ::std::sync::OnceLock::new();

        /// One work unit, on the state.
        #[inline(never)]
        fn work_unit_with($s: &$ty, $i: u64) -> u64 {
            $unit
        }

        /// One work unit (warm-up, divan).
        fn work_unit(i: u64) -> u64 {
            work_unit_with(STATE.get().expect("set by setup"), i)
        }

        /// The loop callgrind collects: `n` work units, nothing else.
        #[inline(never)]
        fn measured_loop(n: u64) {
            let state = STATE.get().expect("set by setup");
            for i in 0..n {
                ::std::hint::black_box(work_unit_with(state, ::std::hint::black_box(i)));
            }
        }

        /// The work unit under divan (`cargo bench`).
        #[$crate::divan::bench(crate = $crate::divan, name = $case)]
        fn divan_work_unit(bencher: $crate::divan::Bencher) {
            $crate::divan_unit(bencher, work_unit);
        }

        fn main() {
            if STATE.set(($setup)()).is_err() {
                unreachable!("main runs once");
            }
            $crate::run($case, work_unit, measured_loop);
            ($teardown)(STATE.get().expect("set above"));
        }
    };
}

/// Runs the warm-up, then the measured loop once, timed from outside (so
/// callgrind's collection holds only the loop), and prints one line:
/// `<case> n=<N> ns_per_unit=<wall-clock ns per unit>`.
///
/// The command line's first argument is N (default [`DEFAULT_N`]).
///
/// Under `cargo bench` (which passes `--bench`), divan runs the case's
/// benchmark instead.
pub fn run(case: &str, work_unit: fn(u64) -> u64, measured_loop: fn(u64)) {
    if std::env::args().any(|a| a == "--bench") {
        divan::main();
        return;
    }
    let n = match std::env::args().nth(1) {
        Some(arg) => arg.parse().unwrap_or_else(|_| {
            eprintln!("usage: {case} [N]   (N: work units to measure, default {DEFAULT_N})");
            std::process::exit(2)
        }),
        None => DEFAULT_N,
    };
    warm_up(work_unit, WARM_UP);
    let start = Instant::now();
    measured_loop(n);
    let elapsed = start.elapsed();
    println!(
        "{case} n={n} ns_per_unit={:.1}",
        elapsed.as_nanos() as f64 / n.max(1) as f64
    );
}

/// Work units divan ran (zero in the callgrind mode).
static DIVAN_UNITS: AtomicU64 = AtomicU64::new(0);

/// Runs `work_unit` under divan's timer, counting the units.
pub fn divan_unit(bencher: divan::Bencher<'_, '_>, work_unit: fn(u64) -> u64) {
    let mut i = 0u64;
    bencher.bench_local(|| {
        i += 1;
        DIVAN_UNITS.fetch_add(1, Ordering::Relaxed);
        work_unit(black_box(i))
    });
}

#[inline(never)]
fn warm_up(work_unit: fn(u64) -> u64, n: u64) {
    for i in 0..n {
        black_box(work_unit(black_box(i)));
    }
}

/// A counter alone in its 128 bytes (two cache lines: x86 cores prefetch
/// lines in pairs), so that the benchmark's own writes to it do not make
/// the facade's statics that the linker puts next to it move between
/// cores: in `facade-threads` the span counter below shared a cache line
/// with the facade's tracer provider cell, read by every span start.
#[derive(Debug)]
#[repr(align(128))]
pub struct PaddedCounter(pub AtomicU64);

/// Spans handed to [`DiscardExporter`]s so far.
pub static EXPORTED_SPANS: PaddedCounter = PaddedCounter(AtomicU64::new(0));

/// A span exporter that counts the spans it is given and drops them.
#[derive(Debug, Default)]
pub struct DiscardExporter;

impl SpanExporter for DiscardExporter {
    fn export(
        &self,
        batch: Vec<SpanData>,
    ) -> impl std::future::Future<Output = OTelSdkResult> + Send {
        EXPORTED_SPANS
            .0
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        drop(batch);
        std::future::ready(Ok(()))
    }
}

/// Checks, after the run, that every work unit exported exactly one span
/// (warm-up included, or every unit divan ran); exits with an error
/// otherwise.
pub fn check_exported(case: &str, expected_per_unit: u64) {
    check_exported_plus(case, expected_per_unit, 0);
}

/// [`check_exported`] for a case whose setup exported `extra` spans of
/// its own (issue 18's scale cases).
pub fn check_exported_plus(case: &str, expected_per_unit: u64, extra: u64) {
    let expected = units_run() * expected_per_unit + extra;
    let got = EXPORTED_SPANS.0.load(Ordering::Relaxed);
    if got != expected {
        eprintln!("{case}: {got} spans exported, expected {expected}");
        std::process::exit(1);
    }
}

/// Work units this process ran: the warm-up and the measured loop, or
/// every unit divan ran.
pub fn units_run() -> u64 {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(DEFAULT_N);
    match DIVAN_UNITS.load(Ordering::Relaxed) {
        0 => n + WARM_UP,
        divan => divan,
    }
}

/// The same work unit through the facade: one span "work" with 2
/// attributes, entered, one `info` event with 3 fields inside, then the
/// real work. The telemetry handle is the cached one `telemetry!()` gives,
/// as in a library.
#[inline(always)]
pub fn facade_unit(i: u64) -> u64 {
    facade_unit_with(telemetry_facade::telemetry!("bench"), i)
}

/// The facade's work unit on a given handle.
#[inline(always)]
pub fn facade_unit_with(t: &telemetry_facade::Telemetry, i: u64) -> u64 {
    use telemetry_facade::info;
    let span = t
        .tracer()
        .span("work")
        .attribute("work.index", i as i64)
        .attribute("work.kind", KIND)
        .start();
    let _guard = span.enter();
    info!(t.logger(), "processing", count = i, name = NAME, ok = true);
    real_work(i)
}

/// [`facade_unit`] written with [`SpanBuilder::in_span`]: the same span
/// (2 attributes), current while the closure runs the same log line and
/// real work (issue 18's disabled-path form: the closure runs on its own
/// path when nothing can record).
///
/// [`SpanBuilder::in_span`]: telemetry_facade::SpanBuilder::in_span
#[inline(always)]
pub fn facade_unit_in_span(i: u64) -> u64 {
    use telemetry_facade::info;
    let t = telemetry_facade::telemetry!("bench");
    t.tracer()
        .span("work")
        .attribute("work.index", i as i64)
        .attribute("work.kind", KIND)
        .in_span(move |_| {
            info!(t.logger(), "processing", count = i, name = NAME, ok = true);
            real_work(i)
        })
}

/// The span of [`facade_unit`] on its own: "work" with the 2 attributes,
/// started and returned (not entered): what issue 18's scale and memory
/// cases keep alive.
#[inline(always)]
pub fn facade_span(t: &telemetry_facade::Telemetry, i: u64) -> telemetry_facade::Span {
    t.tracer()
        .span("work")
        .attribute("work.index", i as i64)
        .attribute("work.kind", KIND)
        .start()
}

/// `k` live spans for issue 18's scale cases: a root span ("request"),
/// made current on this thread for the rest of the process (its guard is
/// forgotten, so the measured loop's spans are its children, with a
/// parent id in the side table), and `k - 1` spans started inside it and
/// kept open, not entered. Each of those has a parent, so the side table
/// holds `k - 1` entries while the loop runs. Ending them is the
/// teardown's: [`LiveSpans::end`].
#[derive(Debug)]
pub struct LiveSpans {
    root: telemetry_facade::Span,
    children: Vec<telemetry_facade::Span>,
}

impl LiveSpans {
    /// Starts the spans (see [`LiveSpans`]).
    pub fn start(k: usize) -> LiveSpans {
        assert!(k >= 1, "the root span is one of the live spans");
        let t = telemetry_facade::telemetry!("bench");
        let root = t.tracer().start("request");
        // The root stays current after this returns: the measured loop
        // runs inside it.
        std::mem::forget(root.enter());
        let children = (1..k as u64).map(|i| facade_span(t, i)).collect();
        LiveSpans { root, children }
    }

    /// How many spans are live (the root included).
    pub fn len(&self) -> u64 {
        1 + self.children.len() as u64
    }

    /// Never empty: the root is live. (For clippy's `len_without_is_empty`.)
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Ends every span, the root last.
    pub fn end(self) {
        drop(self.children);
        self.root.end();
    }
}

/// `n` handles with distinct names (`bench::component<i>`), each used
/// once (one `info` line and one span), kept for issue 18's case with
/// many logger names.
pub fn distinct_loggers(n: usize) -> Vec<telemetry_facade::Telemetry> {
    use telemetry_facade::{get_telemetry, info};
    (0..n)
        .map(|i| {
            let t = get_telemetry(format!("bench::component{i}"));
            info!(t.logger(), "first", index = i);
            t.tracer().start("first").end();
            t
        })
        .collect()
}

/// A global allocator that counts (issue 18's memory case): the system
/// allocator, plus the bytes asked for and the blocks not yet freed. The counts are relaxed atomic adds: a case that
/// installs it measures memory, not speed.
#[derive(Debug)]
pub struct CountingAlloc;

/// Bytes allocated through [`CountingAlloc`] and not freed.
pub static LIVE_BYTES: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
/// Blocks allocated through [`CountingAlloc`] and not freed.
pub static LIVE_BLOCKS: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

// SAFETY: every method forwards to `System` with the caller's arguments,
// which keeps `GlobalAlloc`'s contract; the counting touches only atomics.
unsafe impl std::alloc::GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded (see above).
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size() as i64, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded (see above).
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE_BYTES.fetch_sub(layout.size() as i64, Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: forwarded (see above).
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        LIVE_BYTES.fetch_add(new_size as i64 - layout.size() as i64, Ordering::Relaxed);
        // SAFETY: forwarded (see above).
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }
}

/// The facade's log event alone (no span).
#[inline(always)]
pub fn facade_log_only_unit(i: u64) -> u64 {
    use telemetry_facade::{info, telemetry};
    let t = telemetry!("bench");
    info!(t.logger(), "processing", count = i, name = NAME, ok = true);
    real_work(i)
}

/// The facade's log event with 5 fields (an integer, a `&str`, a `bool`, a
/// string literal, an `f64`; none of them a secret key), no span: the line
/// of issue 16's redaction target.
#[inline(always)]
pub fn facade_log_5_fields_unit(i: u64) -> u64 {
    use telemetry_facade::{info, telemetry};
    let t = telemetry!("bench");
    info!(
        t.logger(),
        "processing",
        count = i,
        name = NAME,
        ok = true,
        user = "ada",
        elapsed_ms = 12.5
    );
    real_work(i)
}

/// The facade's span alone (entered, no log event).
#[inline(always)]
pub fn facade_span_only_unit(i: u64) -> u64 {
    use telemetry_facade::telemetry;
    let t = telemetry!("bench");
    let span = t
        .tracer()
        .span("work")
        .attribute("work.index", i as i64)
        .attribute("work.kind", KIND)
        .start();
    let _guard = span.enter();
    real_work(i)
}

/// `init` for the enabled facade cases: JSON lines to `io::sink()` (or to
/// stderr with `BENCH_SHOW=1`, to look at them), spans to a
/// [`DiscardExporter`] through a simple span processor.
#[cfg(feature = "facade-on")]
pub fn facade_init() -> telemetry_facade::TelemetryGuard {
    facade_init_with(telemetry_facade::Config::new())
}

/// [`facade_init`] from `config` (a case's own settings).
#[cfg(feature = "facade-on")]
pub fn facade_init_with(config: telemetry_facade::Config) -> telemetry_facade::TelemetryGuard {
    use telemetry_facade::{init, LogOutput};
    let output = if std::env::var_os("BENCH_SHOW").is_some() {
        LogOutput::writer(std::io::stderr())
    } else {
        LogOutput::writer(std::io::sink())
    };
    init(
        config
            .service_name("telemetry-facade-bench")
            .log_output(output)
            .with_span_exporter(DiscardExporter),
    )
    .expect("init runs once")
}

/// Writes handed to [`CountingSink`]s so far.
pub static SINK_WRITES: AtomicU64 = AtomicU64::new(0);

/// The writer of the bridge cases (issue 15): `io::sink()` that counts its
/// `write` calls (one relaxed atomic add each), so that a case can check
/// at exit that its lines were written; with `BENCH_SHOW=1` it copies them
/// to stderr, to look at them. Every bridge case and its comparisons write
/// through it, each line in one `write`.
#[derive(Debug, Default)]
pub struct CountingSink {
    show: bool,
}

impl CountingSink {
    /// A counting sink (showing its lines with `BENCH_SHOW=1`).
    pub fn new() -> CountingSink {
        CountingSink {
            show: std::env::var_os("BENCH_SHOW").is_some(),
        }
    }
}

impl std::io::Write for CountingSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        SINK_WRITES.fetch_add(1, Ordering::Relaxed);
        if self.show {
            std::io::stderr().write_all(buf)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Checks, after the run, that every work unit wrote its line: one
/// [`CountingSink`] write per unit run (warm-up included, or every unit
/// divan ran); exits with an error otherwise.
pub fn check_written(case: &str) {
    let expected = units_run();
    let got = SINK_WRITES.load(Ordering::Relaxed);
    if got != expected {
        eprintln!("{case}: {got} lines written, expected {expected}");
        std::process::exit(1);
    }
}

/// `init` for the bridge cases: as [`facade_init`], but the JSON lines go
/// to a [`CountingSink`]; `init` installs both bridges (the `log` logger
/// and the `tracing` subscriber, on by default).
#[cfg(feature = "facade-bridges")]
pub fn facade_init_counted() -> telemetry_facade::TelemetryGuard {
    use telemetry_facade::{init, Config, LogOutput};
    init(
        Config::new()
            .service_name("telemetry-facade-bench")
            .log_output(LogOutput::writer(CountingSink::new()))
            .with_span_exporter(DiscardExporter),
    )
    .expect("init runs once")
}

/// Exits with an error unless the facade was built with the given
/// backends: a case must measure the build it claims to.
pub fn expect_facade_build(case: &str, traces: bool, logs: bool) {
    let build = telemetry_facade::BUILD;
    if build.traces != traces || build.logs != logs {
        eprintln!(
            "{case}: the facade was built with {build:?}, this case needs traces={traces} logs={logs}; \
             build it with `--features facade-noop` alone (no-op) or `--features facade-on`"
        );
        std::process::exit(1);
    }
}

/// Raw `opentelemetry_sdk`: a provider with the [`DiscardExporter`] on a
/// simple span processor, and its tracer.
pub fn raw_otel_provider() -> opentelemetry_sdk::trace::SdkTracerProvider {
    opentelemetry_sdk::trace::SdkTracerProvider::builder()
        .with_simple_exporter(DiscardExporter)
        .build()
}

/// The raw SDK span of the work unit, made current: 2 attributes,
/// `Context::current_with_span`, attached. The span ends when the returned
/// guard drops (the context it holds is the span's last owner).
#[inline(always)]
pub fn raw_otel_enter(
    tracer: &opentelemetry_sdk::trace::SdkTracer,
    i: u64,
) -> opentelemetry::ContextGuard {
    use opentelemetry::trace::{TraceContextExt as _, Tracer as _};
    use opentelemetry::{Context, KeyValue};
    let span = tracer
        .span_builder("work")
        .with_attributes([
            KeyValue::new("work.index", i as i64),
            KeyValue::new("work.kind", KIND),
        ])
        .start(tracer);
    Context::current_with_span(span).attach()
}

/// The obvious slog + slog-json logger: the default keys (`ts`, `level`,
/// `msg`), JSON to `io::sink()`, behind a mutex.
pub fn raw_slog_logger() -> slog::Logger {
    raw_slog_logger_to(std::io::sink(), false)
}

/// The same logger writing each line into a `BufWriter` over `io::sink()`,
/// flushed after every record: the line is materialised, then written at
/// once, as any line-at-a-time output does (the `-bufwriter` cases; with a
/// bare `io::sink()` every small write of the serializer costs nothing).
pub fn raw_slog_logger_buffered() -> slog::Logger {
    raw_slog_logger_to(std::io::BufWriter::new(std::io::sink()), true)
}

fn raw_slog_logger_to<W: std::io::Write + Send + 'static>(writer: W, flush: bool) -> slog::Logger {
    use slog::Drain as _;
    let drain = slog_json::Json::new(writer)
        .add_default_keys()
        .set_flush(flush)
        .build()
        .fuse();
    let drain = std::sync::Mutex::new(drain).fuse();
    slog::Logger::root(drain, slog::o!())
}

/// The raw slog-json line of the work unit: 3 fields, no span.
#[inline(always)]
pub fn raw_slog_unit(log: &slog::Logger, i: u64) -> u64 {
    slog::info!(log, "processing"; "count" => i, "name" => NAME, "ok" => true);
    real_work(i)
}

/// The hand-glued work unit: the raw SDK span of [`raw_otel_enter`], and the
/// slog-json line carrying `trace_id` and `span_id`, read from
/// `Context::current()` and formatted by hand: the obvious glue code.
#[inline(always)]
pub fn hand_glued_unit(
    tracer: &opentelemetry_sdk::trace::SdkTracer,
    log: &slog::Logger,
    i: u64,
) -> u64 {
    use opentelemetry::trace::TraceContextExt as _;
    let _guard = raw_otel_enter(tracer, i);
    let cx = opentelemetry::Context::current();
    let span = cx.span();
    let sc = span.span_context();
    slog::info!(log, "processing";
        "count" => i, "name" => NAME, "ok" => true,
        "trace_id" => format!("{:032x}", sc.trace_id()),
        "span_id" => format!("{:016x}", sc.span_id()));
    real_work(i)
}

/// A batch configuration that keeps every record of a run queued: queue and
/// batch size 1 000 000 (the most `Config::log_batch` takes), an export
/// every hour. Nothing is exported, or dropped, during the measured loop.
#[cfg(feature = "facade-otlp")]
pub fn keep_all_log_batch() -> telemetry_facade::BatchSettings {
    let mut batch = telemetry_facade::BatchSettings::for_logs();
    batch.max_queue_size = 1_000_000;
    batch.max_export_batch_size = 1_000_000;
    batch.schedule_delay = std::time::Duration::from_secs(3600);
    batch
}

/// Log records handed to [`DiscardLogExporter`]s so far.
#[cfg(feature = "facade-otlp")]
pub static EXPORTED_LOGS: AtomicU64 = AtomicU64::new(0);

/// A log exporter that counts the records it is given and drops them.
#[cfg(feature = "facade-otlp")]
#[derive(Debug, Default)]
pub struct DiscardLogExporter;

#[cfg(feature = "facade-otlp")]
impl opentelemetry_sdk::logs::LogExporter for DiscardLogExporter {
    fn export(
        &self,
        batch: opentelemetry_sdk::logs::LogBatch<'_>,
    ) -> impl std::future::Future<Output = OTelSdkResult> + Send {
        EXPORTED_LOGS.fetch_add(batch.iter().count() as u64, Ordering::Relaxed);
        std::future::ready(Ok(()))
    }
}

/// Raw `opentelemetry_sdk` logs: a logger provider with a
/// [`BatchLogProcessor`](opentelemetry_sdk::logs::BatchLogProcessor) over a
/// [`DiscardLogExporter`], configured as [`keep_all_log_batch`].
#[cfg(feature = "facade-otlp")]
pub fn raw_otel_log_provider() -> opentelemetry_sdk::logs::SdkLoggerProvider {
    use opentelemetry_sdk::logs::{BatchConfigBuilder, BatchLogProcessor, SdkLoggerProvider};
    let batch = keep_all_log_batch();
    let config = BatchConfigBuilder::default()
        .with_max_queue_size(batch.max_queue_size)
        .with_max_export_batch_size(batch.max_export_batch_size)
        .with_scheduled_delay(batch.schedule_delay)
        .build();
    let processor = BatchLogProcessor::builder(DiscardLogExporter)
        .with_batch_config(config)
        .build();
    SdkLoggerProvider::builder()
        .with_log_processor(processor)
        .build()
}

/// The raw SDK log record of the work unit, what an SDK log bridge does
/// with `facade-on-log-only`'s event: timestamp and observed timestamp,
/// severity `Info` / "info", body "processing", 3 attributes, emitted.
#[cfg(feature = "facade-otlp")]
#[inline(always)]
pub fn raw_otel_log_unit(logger: &opentelemetry_sdk::logs::SdkLogger, i: u64) -> u64 {
    use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, Severity};
    let mut record = logger.create_log_record();
    let now = std::time::SystemTime::now();
    record.set_timestamp(now);
    record.set_observed_timestamp(now);
    record.set_severity_number(Severity::Info);
    record.set_severity_text("info");
    record.set_body(AnyValue::from("processing"));
    record.add_attribute("count", i as i64);
    record.add_attribute("name", NAME);
    record.add_attribute("ok", true);
    logger.emit(record);
    real_work(i)
}

/// The attributes of every metrics case (issue 14): the same two, static
/// strings, on the counter and on the histogram.
pub const ROUTE: (&str, &str) = ("http.route", "/orders");
/// See [`ROUTE`].
pub const METHOD: (&str, &str) = ("http.method", "GET");
/// The counter of the metrics cases.
pub const COUNTER_NAME: &str = "bench.requests";
/// The histogram of the metrics cases.
pub const HISTOGRAM_NAME: &str = "bench.duration";
/// The bucket boundaries of every histogram of the metrics cases: the
/// OpenTelemetry SDK's default ones, set explicitly where a library has
/// other defaults (the Prometheus recorder).
pub const BOUNDARIES: [f64; 15] = [
    0.0, 5.0, 10.0, 25.0, 50.0, 75.0, 100.0, 250.0, 500.0, 750.0, 1000.0, 2500.0, 5000.0, 7500.0,
    10000.0,
];

/// The histogram value of unit `i`: 0 to 95.25 in steps of 0.75, so the
/// values fall into several buckets.
#[inline(always)]
pub fn histogram_value(i: u64) -> f64 {
    (i % 128) as f64 * 0.75
}

/// The facade's instruments of the metrics cases, made once.
#[derive(Debug)]
pub struct FacadeInstruments {
    /// `u64_counter(COUNTER_NAME)`.
    pub requests: telemetry_facade::Counter<u64>,
    /// `f64_histogram(HISTOGRAM_NAME)`.
    pub duration: telemetry_facade::Histogram<f64>,
}

impl FacadeInstruments {
    /// The instruments, from `telemetry!("bench").meter()`.
    #[inline(always)]
    pub fn new() -> FacadeInstruments {
        let meter = telemetry_facade::telemetry!("bench").meter();
        FacadeInstruments {
            requests: meter.u64_counter(COUNTER_NAME).build(),
            duration: meter.f64_histogram(HISTOGRAM_NAME).build(),
        }
    }
}

impl Default for FacadeInstruments {
    fn default() -> Self {
        Self::new()
    }
}

/// The metrics work unit through the facade: one counter add and one
/// histogram record, each with the 2 attributes, then the real work.
#[inline(always)]
pub fn facade_metrics_unit(m: &FacadeInstruments, i: u64) -> u64 {
    facade_metrics_record(m, i);
    real_work(i)
}

/// [`facade_metrics_shared_unit`] behind one `Counter::enabled()` check:
/// the one set is built and both instruments record only when it is true
/// (the specification's *Enabled* operation, issue 14).
#[inline(always)]
pub fn facade_metrics_unit_checked(m: &FacadeInstruments, i: u64) -> u64 {
    if m.requests.enabled() {
        facade_metrics_shared_unit(m, i)
    } else {
        real_work(i)
    }
}

/// The recordings of the metrics units: one add, one record, each given
/// the 2 attributes by value (the form `Attributes` documents: the set is
/// built only when the instrument records).
#[inline(always)]
fn facade_metrics_record(m: &FacadeInstruments, i: u64) {
    use telemetry_facade::KeyValue;
    m.requests.add(
        1,
        [
            KeyValue::new(ROUTE.0, ROUTE.1),
            KeyValue::new(METHOD.0, METHOD.1),
        ],
    );
    m.duration.record(
        histogram_value(i),
        [
            KeyValue::new(ROUTE.0, ROUTE.1),
            KeyValue::new(METHOD.0, METHOD.1),
        ],
    );
}

/// One recording alone: the counter's `add` with the 2 attributes by
/// value, then the real work (what one recording costs, where
/// [`facade_metrics_unit`] makes two).
#[inline(always)]
pub fn facade_metrics_add_unit(m: &FacadeInstruments, i: u64) -> u64 {
    use telemetry_facade::KeyValue;
    m.requests.add(
        1,
        [
            KeyValue::new(ROUTE.0, ROUTE.1),
            KeyValue::new(METHOD.0, METHOD.1),
        ],
    );
    real_work(i)
}

/// One recording alone: the histogram's `record` with the 2 attributes by
/// value, then the real work.
#[inline(always)]
pub fn facade_metrics_record_unit(m: &FacadeInstruments, i: u64) -> u64 {
    use telemetry_facade::KeyValue;
    m.duration.record(
        histogram_value(i),
        [
            KeyValue::new(ROUTE.0, ROUTE.1),
            KeyValue::new(METHOD.0, METHOD.1),
        ],
    );
    real_work(i)
}

/// [`facade_metrics_unit`] with the 2 attributes built once per unit and
/// shared by reference between the add and the record (`&attributes`):
/// the set is built before either check.
#[inline(always)]
pub fn facade_metrics_shared_unit(m: &FacadeInstruments, i: u64) -> u64 {
    use telemetry_facade::KeyValue;
    let attributes = [
        KeyValue::new(ROUTE.0, ROUTE.1),
        KeyValue::new(METHOD.0, METHOD.1),
    ];
    m.requests.add(1, &attributes);
    m.duration.record(histogram_value(i), &attributes);
    real_work(i)
}

/// [`facade_metrics_unit`]'s 2 attributes, made once at compile time
/// (`KeyValue::from_static`).
pub static STATIC_ATTRIBUTES: [telemetry_facade::KeyValue; 2] = [
    telemetry_facade::KeyValue::from_static(
        ROUTE.0,
        telemetry_facade::Value::from_static_str(ROUTE.1),
    ),
    telemetry_facade::KeyValue::from_static(
        METHOD.0,
        telemetry_facade::Value::from_static_str(METHOD.1),
    ),
];

/// [`facade_metrics_unit`] with its attributes in a `static`
/// ([`STATIC_ATTRIBUTES`]) instead of built per unit.
#[inline(always)]
pub fn facade_metrics_static_unit(m: &FacadeInstruments, i: u64) -> u64 {
    m.requests.add(1, &STATIC_ATTRIBUTES);
    m.duration.record(histogram_value(i), &STATIC_ATTRIBUTES);
    real_work(i)
}

/// What the last collection handed to a [`DiscardMetricExporter`] held:
/// the counter's total over its points.
#[cfg(feature = "facade-metrics")]
pub static EXPORTED_COUNTER_TOTAL: AtomicU64 = AtomicU64::new(0);
/// The same, the histogram's count of values over its points.
#[cfg(feature = "facade-metrics")]
pub static EXPORTED_HISTOGRAM_COUNT: AtomicU64 = AtomicU64::new(0);

/// A push metric exporter that notes the counter's total and the
/// histogram's count of each collection ([`EXPORTED_COUNTER_TOTAL`],
/// [`EXPORTED_HISTOGRAM_COUNT`]) and drops the rest.
#[cfg(feature = "facade-metrics")]
#[derive(Debug, Default)]
pub struct DiscardMetricExporter;

#[cfg(feature = "facade-metrics")]
impl opentelemetry_sdk::metrics::exporter::PushMetricExporter for DiscardMetricExporter {
    async fn export(
        &self,
        metrics: &opentelemetry_sdk::metrics::data::ResourceMetrics,
    ) -> OTelSdkResult {
        use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData};
        for scope in metrics.scope_metrics() {
            for metric in scope.metrics() {
                match (metric.name(), metric.data()) {
                    (COUNTER_NAME, AggregatedMetrics::U64(MetricData::Sum(sum))) => {
                        let total = sum.data_points().map(|p| p.value()).sum();
                        EXPORTED_COUNTER_TOTAL.store(total, Ordering::Relaxed);
                    }
                    (HISTOGRAM_NAME, AggregatedMetrics::F64(MetricData::Histogram(h))) => {
                        let count = h.data_points().map(|p| p.count()).sum();
                        EXPORTED_HISTOGRAM_COUNT.store(count, Ordering::Relaxed);
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: std::time::Duration) -> OTelSdkResult {
        Ok(())
    }

    fn temporality(&self) -> opentelemetry_sdk::metrics::Temporality {
        opentelemetry_sdk::metrics::Temporality::Cumulative
    }
}

/// Raw `opentelemetry_sdk` metrics: a meter provider with a
/// `PeriodicReader` that exports every 24 h (so never during a run) to a
/// [`DiscardMetricExporter`], and the instruments of the metrics cases from
/// `provider.meter("bench")`.
#[cfg(feature = "facade-metrics")]
#[derive(Debug)]
pub struct RawOtelInstruments {
    /// The provider (shut down at the end of the case).
    pub provider: opentelemetry_sdk::metrics::SdkMeterProvider,
    /// `u64_counter(COUNTER_NAME)`.
    pub requests: opentelemetry::metrics::Counter<u64>,
    /// `f64_histogram(HISTOGRAM_NAME)`.
    pub duration: opentelemetry::metrics::Histogram<f64>,
}

#[cfg(feature = "facade-metrics")]
impl RawOtelInstruments {
    /// The provider and its instruments.
    pub fn new() -> RawOtelInstruments {
        use opentelemetry::metrics::MeterProvider as _;
        use opentelemetry_sdk::metrics::{PeriodicReader, SdkMeterProvider};
        let reader = PeriodicReader::builder(DiscardMetricExporter)
            .with_interval(std::time::Duration::from_secs(24 * 3600))
            .build();
        let provider = SdkMeterProvider::builder().with_reader(reader).build();
        let meter = provider.meter("bench");
        RawOtelInstruments {
            requests: meter.u64_counter(COUNTER_NAME).build(),
            duration: meter.f64_histogram(HISTOGRAM_NAME).build(),
            provider,
        }
    }
}

#[cfg(feature = "facade-metrics")]
impl Default for RawOtelInstruments {
    fn default() -> Self {
        Self::new()
    }
}

/// The metrics work unit on the raw SDK instruments: the same 2 attributes
/// as `opentelemetry::KeyValue`s, one `add`, one `record`, the real work.
#[cfg(feature = "facade-metrics")]
#[inline(always)]
pub fn raw_otel_metrics_unit(m: &RawOtelInstruments, i: u64) -> u64 {
    use opentelemetry::KeyValue;
    let attributes = [
        KeyValue::new(ROUTE.0, ROUTE.1),
        KeyValue::new(METHOD.0, METHOD.1),
    ];
    m.requests.add(1, &attributes);
    m.duration.record(histogram_value(i), &attributes);
    real_work(i)
}

/// The metrics work unit through the `metrics` crate's macros, on whatever
/// recorder is installed: `counter!` and `histogram!` with the 2 labels
/// (static strings: the macros build a static key), `increment(1)`,
/// `record(v)`, the real work.
#[cfg(feature = "facade-metrics")]
#[inline(always)]
pub fn metrics_crate_unit(i: u64) -> u64 {
    metrics::counter!("bench.requests", "http.route" => "/orders", "http.method" => "GET")
        .increment(1);
    metrics::histogram!("bench.duration", "http.route" => "/orders", "http.method" => "GET")
        .record(histogram_value(i));
    real_work(i)
}

/// Exits with an error unless the facade was built with (or without) real
/// instruments, as the case claims.
pub fn expect_metrics_build(case: &str, metrics: bool) {
    let build = telemetry_facade::BUILD;
    if build.metrics != metrics {
        eprintln!(
            "{case}: the facade was built with {build:?}, this case needs metrics={metrics}; \
             build it with `--features facade-noop` alone (no-op) or `--features facade-metrics`"
        );
        std::process::exit(1);
    }
}

/// Exits with an error unless the counter's total and the histogram's
/// count are what the run recorded: `expected_per_unit` per unit run.
pub fn check_metric_totals(case: &str, counter: u64, histogram: u64, expected_per_unit: u64) {
    let expected = units_run() * expected_per_unit;
    if counter != expected || histogram != expected {
        eprintln!(
            "{case}: counter total {counter}, histogram count {histogram}, expected {expected} each"
        );
        std::process::exit(1);
    }
}

/// The facade's counter total and histogram count as `testing::capture()`
/// collects them now (0 where an instrument recorded nothing).
#[cfg(feature = "facade-metrics")]
pub fn captured_metric_totals(capture: &telemetry_facade::testing::Capture) -> (u64, u64) {
    use telemetry_facade::testing::PointValue;
    let (mut counter, mut histogram) = (0, 0);
    for metric in capture.metrics() {
        for point in &metric.points {
            match (metric.name.as_str(), &point.value) {
                (COUNTER_NAME, PointValue::U64(v)) => counter += v,
                (HISTOGRAM_NAME, PointValue::Histogram { count, .. }) => histogram += count,
                _ => {}
            }
        }
    }
    (counter, histogram)
}
