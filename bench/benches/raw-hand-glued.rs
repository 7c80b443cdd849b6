//! Case `raw-hand-glued`: the raw SDK span of `raw-otel`, plus the slog-json
//! line of `raw-slog-json` carrying `trace_id` and `span_id`, read from
//! `Context::current()` and formatted by hand: the obvious glue code.

use std::sync::OnceLock;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use telemetry_facade_bench::{
    bench_case, check_exported, hand_glued_unit, raw_otel_provider, raw_slog_logger,
};

static TRACER: OnceLock<SdkTracer> = OnceLock::new();
static LOGGER: OnceLock<slog::Logger> = OnceLock::new();

bench_case!(
    "raw-hand-glued",
    setup = || {
        let provider = raw_otel_provider();
        let _ = TRACER.set(provider.tracer("bench"));
        let _ = LOGGER.set(raw_slog_logger());
        provider
    },
    teardown = |provider: SdkTracerProvider| {
        provider.shutdown().expect("shutdown");
        check_exported("raw-hand-glued", 1);
    },
    |i| hand_glued_unit(
        TRACER.get().expect("set in setup"),
        LOGGER.get().expect("set in setup"),
        i
    )
);
