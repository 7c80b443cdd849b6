//! Case `facade-log-5-fields`: the facade's `info!` with 5 fields (`count`,
//! `name`, `ok`, `user`, `elapsed_ms`; none a secret key), no span, JSON line
//! to `io::sink()`, redaction on with the default key set (the default).
//! Against `facade-log-5-fields-unredacted`: issue 16's redaction target.

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init, facade_log_5_fields_unit,
};

bench_case!(
    "facade-log-5-fields",
    setup = || {
        expect_facade_build("facade-log-5-fields", true, true);
        facade_init()
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-log-5-fields", 0);
    },
    |i| facade_log_5_fields_unit(i)
);
