//! Case `facade-noop`: the facade's API in the build with no features
//! (`--features facade-noop` alone). Must execute what `baseline` executes.

use telemetry_facade_bench::{bench_case, expect_facade_build, facade_unit};

bench_case!(
    "facade-noop",
    setup = || expect_facade_build("facade-noop", false, false),
    teardown = |()| (),
    |i| facade_unit(i)
);
