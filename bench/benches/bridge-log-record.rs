//! Case `bridge-log-record` (issue 15): a `log::info!` with 3 key-values
//! (an integer, a `&str`, a `bool`) through the facade's `log` bridge,
//! which `init` installed as `log`'s logger: one JSON line of ours (the
//! record's target as `logger`, its key-values as fields), no span, to a
//! [`CountingSink`](telemetry_facade_bench::CountingSink).

use telemetry_facade_bench::{
    bench_case, check_exported, check_written, expect_facade_build, facade_init_counted, real_work,
    NAME,
};

bench_case!(
    "bridge-log-record",
    setup = || {
        expect_facade_build("bridge-log-record", true, true);
        facade_init_counted()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("bridge-log-record", 0);
        check_written("bridge-log-record");
    },
    |i| {
        log::info!(count = i, name = NAME, ok = true; "processing");
        real_work(i)
    }
);
