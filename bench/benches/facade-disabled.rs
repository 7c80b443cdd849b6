//! Case `facade-disabled`: the facade built with `otel` and `json`, but
//! `init()` never called (runtime-disabled).

use telemetry_facade_bench::{bench_case, check_exported, expect_facade_build, facade_unit};

bench_case!(
    "facade-disabled",
    setup = || expect_facade_build("facade-disabled", true, true),
    teardown = |()| check_exported("facade-disabled", 0),
    |i| facade_unit(i)
);
