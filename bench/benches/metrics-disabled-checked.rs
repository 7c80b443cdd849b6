//! Case `metrics-disabled-checked` (issue 14): `metrics-disabled`'s unit
//! behind one `Counter::enabled()` check (the attributes built and both
//! instruments recorded only when it is true); `init()` never called.

use telemetry_facade_bench::{
    bench_case, expect_facade_build, expect_metrics_build, facade_metrics_unit_checked,
    FacadeInstruments,
};

bench_case!(
    "metrics-disabled-checked",
    state = || {
        expect_facade_build("metrics-disabled-checked", true, true);
        expect_metrics_build("metrics-disabled-checked", true);
        FacadeInstruments::new()
    },
    teardown = |_: &FacadeInstruments| (),
    |m: &FacadeInstruments, i| facade_metrics_unit_checked(m, i)
);
