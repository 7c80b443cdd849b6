//! Case `facade-scale` (issue 18, scale): `facade-on`'s work unit, run
//! inside a root span made current before the loop (so the unit's span is
//! its child, with a parent id in the side table, and its line carries
//! `parent_span_id`), with more live spans or more logger names around
//! it, as the environment says:
//!
//! - `BENCH_LIVE_SPANS=K` (default 1): K live spans, the root and K - 1
//!   spans started inside it and kept open, not entered;
//! - `BENCH_LOGGERS=L` (default 0): L handles with distinct names
//!   (`get_telemetry(format!(..))`), each having written one line and
//!   ended one span, kept alive.
//!
//! One executable for every setting, so that the code and its layout are
//! the same and only the data differs: `bench/run.sh` runs it as
//! `facade-scale` (the defaults), `facade-scale-1k-spans`,
//! `facade-scale-100k-spans` and `facade-scale-10k-loggers`. Issue 18's
//! target: the unit costs at most 10 % more than with the defaults.

use telemetry_facade_bench::{
    bench_case, check_exported_plus, distinct_loggers, expect_facade_build, facade_init,
    facade_unit, LiveSpans,
};

/// A count from the environment, or `default`.
fn from_env(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v.parse().unwrap_or_else(|_| {
            eprintln!("facade-scale: {name}={v} is not a count");
            std::process::exit(2)
        }),
        Err(_) => default,
    }
}

bench_case!(
    "facade-scale",
    setup = || {
        expect_facade_build("facade-scale", true, true);
        let guard = facade_init();
        let loggers = distinct_loggers(from_env("BENCH_LOGGERS", 0));
        let live = LiveSpans::start(from_env("BENCH_LIVE_SPANS", 1));
        (guard, live, loggers)
    },
    teardown = |(guard, live, loggers): (
        telemetry_facade::TelemetryGuard,
        LiveSpans,
        Vec<telemetry_facade::Telemetry>
    )| {
        let extra = live.len() + loggers.len() as u64;
        live.end();
        drop(loggers);
        guard.shutdown().expect("shutdown");
        check_exported_plus("facade-scale", 1, extra);
    },
    |i| facade_unit(i)
);
