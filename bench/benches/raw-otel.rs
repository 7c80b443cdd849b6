//! Case `raw-otel`: `opentelemetry_sdk` directly: a span with 2 attributes,
//! made current with `Context::current_with_span` + `attach`; no log.

use std::sync::OnceLock;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_sdk::trace::SdkTracer;
use telemetry_facade_bench::{
    bench_case, check_exported, raw_otel_enter, raw_otel_provider, real_work,
};

static TRACER: OnceLock<SdkTracer> = OnceLock::new();

bench_case!(
    "raw-otel",
    setup = || {
        let provider = raw_otel_provider();
        let _ = TRACER.set(provider.tracer("bench"));
        provider
    },
    teardown = |provider: opentelemetry_sdk::trace::SdkTracerProvider| {
        provider.shutdown().expect("shutdown");
        check_exported("raw-otel", 1);
    },
    |i| {
        let _guard = raw_otel_enter(TRACER.get().expect("set in setup"), i);
        real_work(i)
    }
);
