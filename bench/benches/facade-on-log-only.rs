//! Case `facade-on-log-only`: as `facade-on`, but only the log event, with
//! no span (so no trace fields).

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init, facade_log_only_unit,
};

bench_case!(
    "facade-on-log-only",
    setup = || {
        expect_facade_build("facade-on-log-only", true, true);
        facade_init()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-on-log-only", 0);
    },
    |i| facade_log_only_unit(i)
);
