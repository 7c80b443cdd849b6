//! Diagnostic case `facade-noop-uncached`: as `facade-noop`, but the handle
//! is made in the work unit with `get_telemetry` instead of the cached
//! `telemetry!()`. In the no-op build this isolates the cost of the API
//! calls themselves from the cost of `telemetry!()`'s lazy static. (Do not
//! write this in the enabled build: each call would make a new handle.)

use telemetry_facade_bench::{bench_case, expect_facade_build, facade_unit_with};

bench_case!(
    "facade-noop-uncached",
    setup = || expect_facade_build("facade-noop-uncached", false, false),
    teardown = |()| (),
    |i| facade_unit_with(&telemetry_facade::get_telemetry("bench"), i)
);
