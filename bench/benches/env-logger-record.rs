//! Case `env-logger-record` (issue 15): `bridge-log-record`'s `log::info!`
//! through `env_logger` instead (its default format, `[<timestamp> INFO
//! <target>] <message> <key>=<value> ...`, with the RFC 3339 timestamp in
//! microseconds as ours is; `Info` and up; no colours), written to a
//! [`CountingSink`](telemetry_facade_bench::CountingSink) by
//! `Target::Pipe`. The facade is not initialised.

use telemetry_facade_bench::{bench_case, check_written, real_work, CountingSink, NAME};

bench_case!(
    "env-logger-record",
    setup = || {
        env_logger::Builder::new()
            .filter_level(log::LevelFilter::Info)
            .format_timestamp_micros()
            .target(env_logger::Target::Pipe(Box::new(CountingSink::new())))
            .try_init()
            .expect("the first logger");
    },
    teardown = |()| check_written("env-logger-record"),
    |i| {
        log::info!(count = i, name = NAME, ok = true; "processing");
        real_work(i)
    }
);
