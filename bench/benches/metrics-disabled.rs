//! Case `metrics-disabled` (issue 14): the facade built with `metrics`
//! (`--features facade-metrics`), its counter and histogram made once,
//! `init()` never called: per unit one `add` and one `record` with 2
//! attributes each, passed by value, which record nothing.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_unit, FacadeInstruments,
};

bench_case!(
    "metrics-disabled",
    state = || {
        expect_facade_build("metrics-disabled", true, true);
        expect_metrics_build("metrics-disabled", true);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_unit(m, i)
);
