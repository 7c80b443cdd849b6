//! Case `facade-on-in-span` (issue 18): `facade-on`'s unit written with
//! `SpanBuilder::in_span`, initialised: what the closure form costs when
//! telemetry is on (against `facade-on`).

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init, facade_unit_in_span,
};

bench_case!(
    "facade-on-in-span",
    setup = || {
        expect_facade_build("facade-on-in-span", true, true);
        facade_init()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-on-in-span", 1);
    },
    |i| facade_unit_in_span(i)
);
