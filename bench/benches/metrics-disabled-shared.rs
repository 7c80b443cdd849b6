//! Case `metrics-disabled-shared` (issue 14): `metrics-disabled` with the
//! 2 attributes built once per unit and passed by reference to both the
//! `add` and the `record` (`&attributes`), which record nothing: the set
//! is built before the checks.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_shared_unit,
    FacadeInstruments,
};

bench_case!(
    "metrics-disabled-shared",
    state = || {
        expect_facade_build("metrics-disabled-shared", true, true);
        expect_metrics_build("metrics-disabled-shared", true);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_shared_unit(m, i)
);
