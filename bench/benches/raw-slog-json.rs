//! Case `raw-slog-json`: slog + slog-json to `io::sink()`, one line with 3
//! fields, no span.

use std::sync::OnceLock;

use telemetry_facade_bench::{bench_case, raw_slog_logger, raw_slog_unit};

static LOGGER: OnceLock<slog::Logger> = OnceLock::new();

bench_case!(
    "raw-slog-json",
    setup = || {
        let _ = LOGGER.set(raw_slog_logger());
    },
    teardown = |()| (),
    |i| raw_slog_unit(LOGGER.get().expect("set in setup"), i)
);
