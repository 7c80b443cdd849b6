//! Handles made before `init` record nothing until `init`, then follow the
//! configuration. Its own test binary: `init` is once per process.

use telemetry_facade::{telemetry, testing, Span, BUILD};

fn tel() -> &'static telemetry_facade::Telemetry {
    telemetry!("before_init")
}

#[test]
fn static_handles_made_before_init_produce_real_spans_after() {
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
