//! Case `metrics-disabled-add` (issue 14): `metrics-disabled` with one
//! recording per unit instead of two: the counter's `add` with the 2
//! attributes by value, `init()` never called, which records nothing.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_add_unit,
    FacadeInstruments,
};

bench_case!(
    "metrics-disabled-add",
    state = || {
        expect_facade_build("metrics-disabled-add", true, true);
        expect_metrics_build("metrics-disabled-add", true);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_add_unit(m, i)
);
