//! Case `tracing-stack`: the usual `tracing` stack: `tracing-subscriber`'s
//! JSON formatter to `io::sink()` and a `tracing-opentelemetry` layer on an
//! SDK tracer with the discarding exporter. `info_span!` with 2 fields,
//! entered, and `info!` with 3 fields inside.

use opentelemetry::trace::TracerProvider as _;
use telemetry_facade_bench::{
    bench_case, check_exported, raw_otel_provider, real_work, KIND, NAME,
};
use tracing_subscriber::layer::SubscriberExt as _;

bench_case!(
    "tracing-stack",
    setup = || {
        let provider = raw_otel_provider();
        let subscriber = tracing_subscriber::registry()
            .with(
                tracing_subscriber::fmt::layer()
                    .json()
                    .with_writer(std::io::sink),
            )
            .with(tracing_opentelemetry::layer().with_tracer(provider.tracer("bench")));
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        provider
    },
    teardown = |provider: opentelemetry_sdk::trace::SdkTracerProvider| {
        provider.shutdown().expect("shutdown");
        check_exported("tracing-stack", 1);
    },
    |i| {
        let span = tracing::info_span!("work", work.index = i as i64, work.kind = KIND);
        let _entered = span.enter();
        tracing::info!(count = i, name = NAME, ok = true, "processing");
        real_work(i)
    }
);
