//! Case `bridge-tracing-event` (issue 15): a `tracing::info!` with 3 fields
//! (an integer, a `&str`, a `bool`) through the facade's `tracing` bridge,
//! the layer `init` installed as the global subscriber: one JSON line of
//! ours (the event's target as `logger`, its fields as fields), no span,
//! to a [`CountingSink`](telemetry_facade_bench::CountingSink).

use telemetry_facade_bench::{
    bench_case, check_exported, check_written, expect_facade_build, facade_init_counted, real_work,
    NAME,
};

bench_case!(
    "bridge-tracing-event",
    setup = || {
        expect_facade_build("bridge-tracing-event", true, true);
        facade_init_counted()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("bridge-tracing-event", 0);
        check_written("bridge-tracing-event");
    },
    |i| {
        tracing::info!(count = i, name = NAME, ok = true, "processing");
        real_work(i)
    }
);
