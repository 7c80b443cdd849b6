//! Case `facade-sampled-out`: `facade-on-log-only`'s log event, with log
//! sampling limiting the logger to no record at all (`LogSampling::new(0,
//! 1 h)`): every record passes the level check and is dropped by the
//! sampler, with the real clock. What a sampled-out record costs
//! (issue 16: ≤ 30 instructions, no allocation).

use telemetry_facade_bench::{
    bench_case, expect_facade_build, facade_init_with, facade_log_only_unit,
};

bench_case!(
    "facade-sampled-out",
    setup = || {
        expect_facade_build("facade-sampled-out", true, true);
        let sampling = telemetry_facade::LogSampling::new(0, std::time::Duration::from_secs(3600));
        facade_init_with(telemetry_facade::Config::new().log_sampling(sampling))
    },
    teardown = |guard: telemetry_facade::TelemetryGuard| {
        // The shutdown summary names the records dropped: warm-up and loop.
        guard.shutdown().expect("shutdown");
    },
    |i| facade_log_only_unit(i)
);
