//! Case `facade-threads` (issue 18, threads): the work unit run by 1, 2, 4
//! and 8 threads at once on the same handles (`telemetry!("bench")`, one
//! provider, one output), native (wall-clock, not callgrind). For each
//! thread count, every thread runs the warm-up, waits at a barrier, then
//! runs its units; the rate is all threads' units over the time from the
//! first thread's start past the barrier to the last thread's end. Each rate is the best of RUNS runs
//! (thread counts and units interleaved, so that each is measured under
//! the same load as the others).
//!
//! Units: `control` (about a microsecond of arithmetic on the thread's own
//! registers: what the machine gives two threads at that moment),
//! `facade` (`facade-on`'s whole unit), `span-only` and `log-only` (its
//! two halves, to tell which one scales worse), and `raw-span` (`raw-otel`'s
//! unit: the SDK span alone, on a provider of its own with the same simple
//! processor and discarding exporter: what the SDK gives two threads).
//!
//! ```text
//! facade-threads [UNITS_PER_THREAD [RUNS [UNIT:THREADS]]]
//! ```
//!
//! Prints one line per unit and thread count, `facade-threads unit=<unit>
//! threads=<T> units_per_s=<best> per_thread=<best / T> cpus=<CPUs the
//! threads got in that run> units_per_cpu_s=<best of any run> runs=<RUNS>`,
//! then the 2-thread / 1-thread ratios of each unit. The CPUs are the
//! threads' CPU time (`CLOCK_THREAD_CPUTIME_ID`) over the wall time:
//! on a machine busy with other work, the units per CPU-second tell
//! contention (threads slowing each other) from a lack of CPU.
//! `UNIT:THREADS` (e.g. `facade:2`) runs only that, for profiling.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier, OnceLock};
use std::time::Instant;

use telemetry_facade_bench::{
    expect_facade_build, facade_init, facade_log_only_unit, facade_span_only_unit, facade_unit,
    raw_otel_enter, raw_otel_provider, real_work, EXPORTED_SPANS, WARM_UP,
};

const THREADS: [usize; 4] = [1, 2, 4, 8];
const DEFAULT_UNITS_PER_THREAD: u64 = 50_000;
const DEFAULT_RUNS: usize = 5;
/// Rounds of `real_work` in the control unit: about the whole facade
/// unit's time on one thread.
const CONTROL_ROUNDS: u64 = 150;

/// One kind of work unit, and the spans each unit exports.
struct Unit {
    name: &'static str,
    run: fn(u64) -> u64,
    spans: u64,
}

#[inline(never)]
fn control(i: u64) -> u64 {
    (0..CONTROL_ROUNDS).fold(i, |acc, r| real_work(acc ^ r))
}

#[inline(never)]
fn facade(i: u64) -> u64 {
    facade_unit(i)
}

#[inline(never)]
fn span_only(i: u64) -> u64 {
    facade_span_only_unit(i)
}

#[inline(never)]
fn log_only(i: u64) -> u64 {
    facade_log_only_unit(i)
}

/// The raw SDK's tracer for `raw-span`: a provider of its own (not the
/// facade's), made on first use and kept for the process.
fn raw_tracer() -> &'static opentelemetry_sdk::trace::SdkTracer {
    use opentelemetry::trace::TracerProvider as _;
    static TRACER: OnceLock<opentelemetry_sdk::trace::SdkTracer> = OnceLock::new();
    TRACER.get_or_init(|| raw_otel_provider().tracer("bench"))
}

#[inline(never)]
fn raw_span(i: u64) -> u64 {
    let _guard = raw_otel_enter(raw_tracer(), i);
    real_work(i)
}

const UNITS: [Unit; 5] = [
    Unit {
        name: "control",
        run: control,
        spans: 0,
    },
    Unit {
        name: "facade",
        run: facade,
        spans: 1,
    },
    Unit {
        name: "span-only",
        run: span_only,
        spans: 1,
    },
    Unit {
        name: "log-only",
        run: log_only,
        spans: 0,
    },
    Unit {
        name: "raw-span",
        run: raw_span,
        spans: 1,
    },
];

/// Spans the units run so far must have exported.
static SPANS_EXPECTED: AtomicU64 = AtomicU64::new(0);

/// CPU time this thread has run, in nanoseconds
/// (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, which counts the running
/// slice too; 0 where it cannot be read).
#[cfg(target_os = "linux")]
fn thread_cpu_ns() -> u64 {
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid `struct timespec` (two 64-bit fields on
    // 64-bit Linux) for the call to write.
    match unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) } {
        0 => t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64,
        _ => 0,
    }
}

/// Elsewhere: not measured (the per-CPU figures print `n/a`).
#[cfg(not(target_os = "linux"))]
fn thread_cpu_ns() -> u64 {
    0
}

/// One measurement: units per second (wall clock), and the CPUs the
/// threads were given meanwhile (their CPU time over the wall time).
#[derive(Clone, Copy, Default)]
struct Rate {
    units_per_s: f64,
    cpus: f64,
}

impl Rate {
    /// Units per second of CPU time: what the threads did with the CPU
    /// they got, whatever else the machine was running.
    fn per_cpu_s(self) -> f64 {
        if self.cpus > 0.0 {
            self.units_per_s / self.cpus
        } else {
            0.0
        }
    }
}

/// Units per second of `threads` threads each running `n` units, from
/// the first thread's start (after the barrier) to the last one's end.
fn rate(unit: &Unit, threads: usize, n: u64) -> Rate {
    let barrier = Arc::new(Barrier::new(threads + 1));
    let run = unit.run;
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                for i in 0..WARM_UP {
                    black_box(run(black_box(i)));
                }
                barrier.wait();
                let (start, cpu) = (Instant::now(), thread_cpu_ns());
                for i in 0..n {
                    black_box(run(black_box(i)));
                }
                (start, Instant::now(), thread_cpu_ns() - cpu)
            })
        })
        .collect();
    barrier.wait();
    let (mut start, mut end, mut cpu_ns) = (None::<Instant>, None::<Instant>, 0);
    for w in workers {
        let (s, e, cpu) = w.join().expect("a worker panicked");
        start = Some(start.map_or(s, |t| t.min(s)));
        end = Some(end.map_or(e, |t| t.max(e)));
        cpu_ns += cpu;
    }
    let (start, end) = (start.expect("a worker"), end.expect("a worker"));
    SPANS_EXPECTED.fetch_add(
        unit.spans * threads as u64 * (WARM_UP + n),
        Ordering::Relaxed,
    );
    // From the first thread's start to the last one's end.
    let wall = end.duration_since(start).as_secs_f64().max(1e-9);
    Rate {
        units_per_s: (threads as u64 * n) as f64 / wall,
        cpus: cpu_ns as f64 / 1e9 / wall,
    }
}

fn main() {
    // `cargo bench` passes `--bench`: run the measurement as it is.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let usage = || -> ! {
        eprintln!("usage: facade-threads [UNITS_PER_THREAD [RUNS [UNIT:THREADS]]]");
        std::process::exit(2)
    };
    let n: u64 = match args.first() {
        Some(a) => a.parse().unwrap_or_else(|_| usage()),
        None => DEFAULT_UNITS_PER_THREAD,
    };
    let runs: usize = match args.get(1) {
        Some(a) => a.parse().unwrap_or_else(|_| usage()),
        None => DEFAULT_RUNS,
    };
    let only: Option<(String, usize)> = args.get(2).map(|a| match a.split_once(':') {
        Some((unit, t)) => (unit.to_owned(), t.parse().unwrap_or_else(|_| usage())),
        None => usage(),
    });

    expect_facade_build("facade-threads", true, true);
    let guard = facade_init();

    // Per unit and thread count: the run with the most units per second,
    // and the most units per CPU-second of any run.
    let mut best = [[Rate::default(); THREADS.len()]; UNITS.len()];
    let mut best_per_cpu = [[0f64; THREADS.len()]; UNITS.len()];
    for _ in 0..runs {
        for (k, &threads) in THREADS.iter().enumerate() {
            for (u, unit) in UNITS.iter().enumerate() {
                if let Some((name, t)) = &only {
                    if name != unit.name || *t != threads {
                        continue;
                    }
                }
                let r = rate(unit, threads, n);
                if r.units_per_s > best[u][k].units_per_s {
                    best[u][k] = r;
                }
                best_per_cpu[u][k] = best_per_cpu[u][k].max(r.per_cpu_s());
            }
        }
    }

    for (u, unit) in UNITS.iter().enumerate() {
        for (k, &threads) in THREADS.iter().enumerate() {
            let r = best[u][k];
            if r.units_per_s > 0.0 {
                println!(
                    "facade-threads unit={} threads={threads} units_per_s={:.0} per_thread={:.0} \
                     cpus={:.2} units_per_cpu_s={:.0} runs={runs}",
                    unit.name,
                    r.units_per_s,
                    r.units_per_s / threads as f64,
                    r.cpus,
                    best_per_cpu[u][k],
                );
            }
        }
    }
    for (u, unit) in UNITS.iter().enumerate() {
        let (one, two) = (best[u][0], best[u][1]);
        if one.units_per_s > 0.0 && two.units_per_s > 0.0 {
            // Without the threads' CPU time, no per-CPU ratio.
            let per_cpu = match (best_per_cpu[u][0], best_per_cpu[u][1]) {
                (a, b) if a > 0.0 && b > 0.0 => format!("{:.3}", b / a),
                _ => "n/a".to_owned(),
            };
            println!(
                "facade-threads unit={} ratio_2_to_1={:.3} per_cpu_ratio_2_to_1={per_cpu}",
                unit.name,
                two.units_per_s / one.units_per_s,
            );
        }
    }

    guard.shutdown().expect("shutdown");
    let (got, expected) = (
        EXPORTED_SPANS.0.load(Ordering::Relaxed),
        SPANS_EXPECTED.load(Ordering::Relaxed),
    );
    if got != expected {
        eprintln!("facade-threads: {got} spans exported, expected {expected}");
        std::process::exit(1);
    }
}
