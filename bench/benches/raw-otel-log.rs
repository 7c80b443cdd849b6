//! Case `raw-otel-log`: `opentelemetry_sdk`'s logs API directly, doing what
//! `facade-otlp-log` does per record (what an SDK log bridge does): a logger
//! made once, then per unit `create_log_record`, timestamp and observed
//! timestamp, severity `Info` / "info", body "processing", attributes
//! `count`, `name`, `ok`, `emit`; a `BatchLogProcessor` with the same batch
//! configuration (every record stays queued) over a discarding exporter.
//! Built with `facade-otlp`, so it shares the OTLP cases' dependency features.

use std::sync::OnceLock;

use opentelemetry::logs::LoggerProvider as _;
use opentelemetry_sdk::logs::{SdkLogger, SdkLoggerProvider};
use telemetry_facade_bench::{
    bench_case, raw_otel_log_provider, raw_otel_log_unit, units_run, EXPORTED_LOGS,
};

static LOGGER: OnceLock<SdkLogger> = OnceLock::new();

bench_case!(
    "raw-otel-log",
    setup = || {
        let provider = raw_otel_log_provider();
        let _ = LOGGER.set(provider.logger("bench"));
        provider
    },
    teardown = |provider: SdkLoggerProvider| {
        provider.shutdown().expect("shutdown");
        let (got, expected) = (
            EXPORTED_LOGS.load(std::sync::atomic::Ordering::Relaxed),
            units_run(),
        );
        if got != expected {
            eprintln!("raw-otel-log: {got} log records exported, expected {expected}");
            std::process::exit(1);
        }
    },
    |i| raw_otel_log_unit(LOGGER.get().expect("set in setup"), i)
);
