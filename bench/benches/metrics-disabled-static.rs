//! Case `metrics-disabled-static` (issue 14): `metrics-disabled` with the
//! 2 attributes in a `static` made at compile time
//! (`KeyValue::from_static`) instead of built per unit: what is left when
//! nothing records is the checks.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_static_unit,
    FacadeInstruments,
};

bench_case!(
    "metrics-disabled-static",
    state = || {
        expect_facade_build("metrics-disabled-static", true, true);
        expect_metrics_build("metrics-disabled-static", true);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_static_unit(m, i)
);
