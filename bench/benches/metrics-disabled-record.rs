//! Case `metrics-disabled-record` (issue 14): `metrics-disabled` with one
//! recording per unit instead of two: the histogram's `record` with the 2
//! attributes by value, `init()` never called, which records nothing.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_record_unit,
    FacadeInstruments,
};

bench_case!(
    "metrics-disabled-record",
    state = || {
        expect_facade_build("metrics-disabled-record", true, true);
        expect_metrics_build("metrics-disabled-record", true);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_record_unit(m, i)
);
