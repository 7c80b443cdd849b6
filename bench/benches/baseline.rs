//! Case `baseline`: the work unit with no instrumentation at all.

use telemetry_facade_bench::{bench_case, real_work};

bench_case!("baseline", |i| real_work(i));
