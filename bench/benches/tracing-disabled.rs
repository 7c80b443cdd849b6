//! Case `tracing-disabled` (issue 18): `tracing-stack`'s work unit with no
//! subscriber installed (what a library instrumented with `tracing` costs
//! an application that never sets one): `info_span!` with 2 fields,
//! entered, and `info!` with 3 fields inside. The comparison for
//! `facade-disabled`.

use telemetry_facade_bench::{bench_case, real_work, KIND, NAME};

bench_case!(
    "tracing-disabled",
    setup = || {
        if tracing::dispatcher::has_been_set() {
            eprintln!("tracing-disabled: a global subscriber is set; this case needs none");
            std::process::exit(1);
        }
    },
    teardown = |()| (),
    |i| {
        let span = tracing::info_span!("work", work.index = i as i64, work.kind = KIND);
        let _entered = span.enter();
        tracing::info!(count = i, name = NAME, ok = true, "processing");
        real_work(i)
    }
);
