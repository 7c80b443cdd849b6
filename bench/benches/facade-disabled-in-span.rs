//! Case `facade-disabled-in-span` (issue 18): `facade-disabled`'s unit
//! written with `SpanBuilder::in_span` (the span current while a closure
//! runs the log line and the real work); the facade built with `otel` and
//! `json`, `init()` never called.

use telemetry_facade_bench::{
    bench_case, check_exported, expect_facade_build, facade_unit_in_span,
};

bench_case!(
    "facade-disabled-in-span",
    setup = || expect_facade_build("facade-disabled-in-span", true, true),
    teardown = |()| check_exported("facade-disabled-in-span", 0),
    |i| facade_unit_in_span(i)
);
