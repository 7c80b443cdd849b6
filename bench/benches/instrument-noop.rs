//! Case `instrument-noop`: the work unit in a function wrapped by
//! `#[instrument]` (its argument recorded as an attribute), in the build
//! with no backend feature (`--features facade-noop` alone, which turns on
//! the facade's `macros`). Must execute what `baseline` executes.

use telemetry_facade_bench::{bench_case, expect_facade_build, real_work};

/// The work unit, instrumented: a span `work` with the attribute `i`.
#[telemetry_facade::instrument(name = "work", kind = "internal")]
#[inline(always)]
fn instrumented_work(i: u64) -> u64 {
    real_work(i)
}

bench_case!(
    "instrument-noop",
    setup = || expect_facade_build("instrument-noop", false, false),
    teardown = |()| (),
    |i| instrumented_work(i)
);
