//! Case `facade-on-span-only`: as `facade-on`, but only the span (entered,
//! 2 attributes), with no log event.

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init, facade_span_only_unit,
};

bench_case!(
    "facade-on-span-only",
    setup = || {
        expect_facade_build("facade-on-span-only", true, true);
        facade_init()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-on-span-only", 1);
    },
    |i| facade_span_only_unit(i)
);
