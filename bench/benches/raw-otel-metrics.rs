//! Case `raw-otel-metrics` (issue 14): `opentelemetry_sdk`'s metrics API
//! directly, doing what `metrics-on` does: an `SdkMeterProvider` with a
//! `PeriodicReader` (24 h interval, so no collection during the run) over a
//! discarding exporter, `u64_counter` and `f64_histogram` from
//! `provider.meter("bench")`, made once; per unit one `add` and one
//! `record` with the same 2 attributes. At shutdown the exporter must see
//! one count and one histogram value per unit run.

use std::sync::atomic::Ordering;

use telemetry_facade_bench::{
    bench_case, check_metric_totals, raw_otel_metrics_unit, RawOtelInstruments,
    EXPORTED_COUNTER_TOTAL, EXPORTED_HISTOGRAM_COUNT,
};

bench_case!(
    "raw-otel-metrics",
    state = RawOtelInstruments::new,
    teardown = |m: &RawOtelInstruments| {
        m.provider.shutdown().expect("shutdown");
        check_metric_totals(
            "raw-otel-metrics",
            EXPORTED_COUNTER_TOTAL.load(Ordering::Relaxed),
            EXPORTED_HISTOGRAM_COUNT.load(Ordering::Relaxed),
            1,
        );
    },
    |m: &RawOtelInstruments, i| raw_otel_metrics_unit(m, i)
);
