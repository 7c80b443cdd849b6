//! Case `instrument-disabled` (issue 18): `instrument-noop`'s function
//! (the real work wrapped by `#[instrument]`, its argument recorded as an
//! attribute), with the facade built with `otel` and `json` and `init()`
//! never called (runtime-disabled).

use telemetry_facade_bench::{bench_case, check_exported, expect_facade_build, real_work};

/// The work unit, instrumented: a span `work` with the attribute `i`.
#[telemetry_facade::instrument(name = "work", kind = "internal")]
#[inline(always)]
fn instrumented_work(i: u64) -> u64 {
    real_work(i)
}

bench_case!(
    "instrument-disabled",
    setup = || expect_facade_build("instrument-disabled", true, true),
    teardown = |()| check_exported("instrument-disabled", 0),
    |i| instrumented_work(i)
);
