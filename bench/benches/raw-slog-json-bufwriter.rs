//! Reference case `raw-slog-json-bufwriter`: as `raw-slog-json`, but each
//! line is written into a `BufWriter` over `io::sink()` and flushed, so the
//! line is materialised before it is written, as the facade's output does.

use std::sync::OnceLock;

use telemetry_facade_bench::{bench_case, raw_slog_logger_buffered, raw_slog_unit};

static LOGGER: OnceLock<slog::Logger> = OnceLock::new();

bench_case!(
    "raw-slog-json-bufwriter",
    setup = || {
        let _ = LOGGER.set(raw_slog_logger_buffered());
    },
    teardown = |()| (),
    |i| raw_slog_unit(LOGGER.get().expect("set in setup"), i)
);
