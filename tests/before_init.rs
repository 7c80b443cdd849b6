//! Handles made before `init` record nothing until `init`, then follow the
//! configuration. Its own test binary: `init` is once per process.

use std::sync::LazyLock;

use telemetry_facade::testing::PointValue;
use telemetry_facade::{telemetry, testing, Counter, KeyValue, ObservableGauge, Span, BUILD};

/// Instruments in `static`s, as the README shows: made before `init`.
static EARLY_COUNTER: LazyLock<Counter<u64>> =
    LazyLock::new(|| tel().meter().u64_counter("before_init.counter").build());
static EARLY_GAUGE: LazyLock<ObservableGauge<u64>> = LazyLock::new(|| {
    tel()
        .meter()
        .u64_observable_gauge("before_init.gauge")
        .callback(|o| o.observe(7, &[]))
        .build()
});

fn tel() -> &'static telemetry_facade::Telemetry {
    telemetry!("before_init")
}

#[test]
fn handles_made_before_init_record_after_it() {
    spans();
    metrics();
}

/// Instruments made and used before `init` record from `init` on.
fn metrics() {
    // `spans` made them and counted 5 before `init`.
    let capture = testing::capture();
    assert_eq!(EARLY_COUNTER.enabled(), BUILD.metrics, "after init");
    EARLY_COUNTER.add(2, &[KeyValue::new("phase", "after")]);
    let counter = capture.metric("before_init.counter");
    let gauge = capture.metric("before_init.gauge");
    assert_eq!(counter.is_some(), BUILD.metrics);
    assert_eq!(gauge.is_some(), BUILD.metrics);
    if let Some(counter) = counter {
        assert_eq!(counter.points.len(), 1, "nothing before init: {counter:?}");
        let after = counter.point(&[KeyValue::new("phase", "after")]).unwrap();
        assert_eq!(after.value, PointValue::U64(2));
    }
    if let Some(gauge) = gauge {
        assert_eq!(gauge.points[0].value, PointValue::U64(7));
    }
}

fn spans() {
    LazyLock::force(&EARLY_GAUGE);
    assert!(!EARLY_COUNTER.enabled(), "nothing records before init");
    EARLY_COUNTER.add(5, &[KeyValue::new("phase", "before")]);
    // Made (and used) before anything is initialised.
    let early = tel().tracer().start("before_init_early");
    assert!(!early.is_recording());
    assert!(early.context().is_none());
    early.end();
    let early_child_parent = tel().tracer().start("before_init_parent");

    let capture = testing::capture();
    assert!(capture.spans_named("before_init_early").is_empty());

    // The same static handle now produces real spans.
    let late = tel().tracer().start("before_init_late");
    assert_eq!(late.is_recording(), BUILD.traces);
    assert_eq!(late.context().is_some(), BUILD.traces);
    late.end();
    assert_eq!(
        capture.spans_named("before_init_late").len(),
        usize::from(BUILD.traces)
    );

    // A span that never started stays a no-op, even as an explicit parent.
    let orphan = tel()
        .tracer()
        .span("before_init_orphan")
        .parent(&early_child_parent)
        .start();
    assert!(orphan
        .context()
        .is_none_or(|cx| cx.parent_span_id().is_none()));
    drop((orphan, early_child_parent));
    assert!(capture.spans_named("before_init_parent").is_empty());
    assert!(!Span::current().is_recording());
}
