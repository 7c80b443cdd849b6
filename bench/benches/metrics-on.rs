//! Case `metrics-on` (issue 14): the facade built with `metrics`,
//! initialised by `testing::capture()` (its metrics reader is a
//! `PeriodicReader` with a 24 h interval over an in-memory exporter, so
//! nothing is collected during the run), the counter and histogram made
//! once: per unit one `add` and one `record` with 2 attributes each.
//! Against `raw-otel-metrics`. At exit the capture must hold one count and
//! one histogram value per unit run.

use telemetry_facade::testing;
use telemetry_facade_bench::{
    bench_case, captured_metric_totals, check_metric_totals, expect_facade_build,
    expect_metrics_build, facade_metrics_unit, FacadeInstruments,
};

bench_case!(
    "metrics-on",
    state = || {
        expect_facade_build("metrics-on", true, true);
        expect_metrics_build("metrics-on", true);
        let _ = testing::capture();
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| {
        let (counter, histogram) = captured_metric_totals(testing::capture());
        check_metric_totals("metrics-on", counter, histogram, 1);
    },
    |m: &FacadeInstruments, i| facade_metrics_unit(m, i)
);
