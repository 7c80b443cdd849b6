//! Case `facade-log-counted` (issue 15): the facade's own `info!` with the
//! same 3 fields (`facade-on-log-only`'s unit), in the bridges' build and
//! to their [`CountingSink`](telemetry_facade_bench::CountingSink): what
//! the bridge cases cost beyond is the bridges' own work.

use telemetry_facade_bench::{
    bench_case, check_exported, check_written, expect_facade_build, facade_init_counted,
    facade_log_only_unit,
};

bench_case!(
    "facade-log-counted",
    setup = || {
        expect_facade_build("facade-log-counted", true, true);
        facade_init_counted()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-log-counted", 0);
        check_written("facade-log-counted");
    },
    |i| facade_log_only_unit(i)
);
