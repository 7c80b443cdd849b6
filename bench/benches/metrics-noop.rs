//! Case `metrics-noop` (issue 14): the facade's metrics API in the build
//! with no features (`--features facade-noop` alone): a `u64_counter` and
//! an `f64_histogram` made once from `telemetry!("bench").meter()`, then
//! per unit one `add` and one `record` with 2 attributes each. Every
//! handle is zero-sized: must execute what `baseline` executes.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_unit, FacadeInstruments,
};

bench_case!(
    "metrics-noop",
    state = || {
        expect_facade_build("metrics-noop", false, false);
        expect_metrics_build("metrics-noop", false);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_unit(m, i)
);
