//! Case `facade-otlp-log`: `facade-on-log-only`'s `info!` with 3 fields,
//! sent over OTLP only (`LogExport::Otlp`: no line is written), in the build
//! with the facade's `otlp` feature (`--features facade-otlp`). The endpoint
//! is one nothing listens on, and the batch log record processor keeps every
//! record of the run queued (`keep_all_log_batch`), so the measured loop
//! makes and queues records and nothing else: no export, no drop. Against
//! `raw-otel-log`.
//!
//! At shutdown the queued records cannot be exported: the guard reports them
//! as lost (`InitError::LogsLost`), which is expected, with exactly one
//! record per unit run.

use telemetry_facade::{Config, InitError, LogExport, OtlpSettings, TelemetryGuard};
use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_init_with, facade_log_only_unit,
    keep_all_log_batch, units_run,
};

bench_case!(
    "facade-otlp-log",
    setup = || {
        expect_facade_build("facade-otlp-log", true, true);
        facade_init_with(
            Config::new()
                .log_export(LogExport::Otlp)
                .otlp(OtlpSettings::new().base_endpoint("http://127.0.0.1:9"))
                .log_batch(keep_all_log_batch()),
        )
    },
    teardown = |guard: TelemetryGuard| {
        let expected = units_run();
        match guard.shutdown() {
            Err(InitError::LogsLost(loss))
                if loss.dropped + loss.failed + loss.pending == expected => {}
            other => {
                eprintln!(
                    "facade-otlp-log: shutdown returned {other:?}, expected {expected} log records lost"
                );
                std::process::exit(1);
            }
        }
        check_exported("facade-otlp-log", 0);
    },
    |i| facade_log_only_unit(i)
);
