//! Reference case `raw-hand-glued-bufwriter`: as `raw-hand-glued`, but the
//! slog-json line goes through a flushed `BufWriter` over `io::sink()` (see
//! `raw-slog-json-bufwriter`).

use std::sync::OnceLock;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use telemetry_facade_bench::{
    bench_case, check_exported, hand_glued_unit, raw_otel_provider, raw_slog_logger_buffered,
};

static TRACER: OnceLock<SdkTracer> = OnceLock::new();
static LOGGER: OnceLock<slog::Logger> = OnceLock::new();

bench_case!(
    "raw-hand-glued-bufwriter",
    setup = || {
        let provider = raw_otel_provider();
        let _ = TRACER.set(provider.tracer("bench"));
        let _ = LOGGER.set(raw_slog_logger_buffered());
        provider
    },
    teardown = |provider: SdkTracerProvider| {
        provider.shutdown().expect("shutdown");
        check_exported("raw-hand-glued-bufwriter", 1);
    },
    |i| hand_glued_unit(
        TRACER.get().expect("set in setup"),
        LOGGER.get().expect("set in setup"),
        i
    )
);
