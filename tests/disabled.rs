//! `OTEL_SDK_DISABLED=true`: `init` succeeds, every signal stays a no-op,
//! and the configuration is fixed. Its own process: `init` is once.

use std::cell::Cell;

use telemetry_facade::{get_telemetry, info, init, Config, InitError, Level, TraceContext};

#[test]
fn disabled_sdk_records_and_writes_nothing() {
    let config = Config::from_vars([
        ("OTEL_SDK_DISABLED", "true"),
        ("OTEL_TRACES_EXPORTER", "console"),
    ]);
    assert!(config.is_sdk_disabled());
    let guard = init(config).expect("a disabled SDK still initialises");

    let t = get_telemetry("disabled");
    let span = t.tracer().start("never_recorded");
    assert!(!span.is_recording());
    assert!(span.context().is_none());
    let _entered = span.enter();
    assert!(TraceContext::current().is_none());

    let evaluated = Cell::new(false);
    info!(
        t.logger(),
        "never_written",
        v = {
            evaluated.set(true);
            1
        }
    );
    assert!(
        !evaluated.get(),
        "arguments of disabled records are not evaluated"
    );
    assert!(Level::ALL.iter().all(|l| !t.logger().enabled(*l)));
    let counter = t.meter().u64_counter("never_counted").build();
    assert!(!counter.enabled());
    assert!(!t.meter().f64_histogram("never_recorded").build().enabled());

    assert!(matches!(
        init(Config::new()),
        Err(InitError::AlreadyInitialized)
    ));
    drop(guard);
}
