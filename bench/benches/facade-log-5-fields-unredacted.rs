//! Case `facade-log-5-fields-unredacted`: `facade-log-5-fields` with key
//! redaction off (`Config::redact_keys(Vec::<String>::new())`; value
//! redaction is off by default). What the line costs without redaction.

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init_with, facade_log_5_fields_unit,
};

bench_case!(
    "facade-log-5-fields-unredacted",
    setup = || {
        expect_facade_build("facade-log-5-fields-unredacted", true, true);
        let config = telemetry_facade::Config::new().redact_keys(Vec::<String>::new());
        assert!(config.get_redact_keys().is_empty() && !config.get_redact_values());
        facade_init_with(config)
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        guard.shutdown().expect("shutdown");
        check_exported("facade-log-5-fields-unredacted", 0);
    },
    |i| facade_log_5_fields_unit(i)
);
