//! Case `tracing-json-event` (issue 15): `bridge-tracing-event`'s
//! `tracing::info!` through `tracing_subscriber::fmt().json()` instead (all
//! defaults: timestamp, level, fields, target; `INFO` and up), written to a
//! [`CountingSink`](telemetry_facade_bench::CountingSink), set as the
//! global subscriber. The facade is not initialised.

use telemetry_facade_bench::{bench_case, check_written, real_work, CountingSink, NAME};

bench_case!(
    "tracing-json-event",
    setup = || {
        let subscriber = tracing_subscriber::fmt()
            .json()
            .with_writer(CountingSink::new)
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
    },
    teardown = |()| check_written("tracing-json-event"),
    |i| {
        tracing::info!(count = i, name = NAME, ok = true, "processing");
        real_work(i)
    }
);
