//! Case `facade-on`: the facade with `otel` and `json`, initialised: JSON
//! lines to `io::sink()`, spans to a discarding exporter.

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init, facade_unit,
};

bench_case!(
    "facade-on",
    setup = || {
        expect_facade_build("facade-on", true, true);
        facade_init()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-on", 1);
    },
    |i| facade_unit(i)
);
