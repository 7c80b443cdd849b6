//! Spans nested deeper than OpenTelemetry's context stack on one thread
//! (65 535 places): a span that cannot be made current says so with an
//! attribute, and `init`'s process gets one warning; nothing is silently
//! wrong. Every build: without a trace backend nothing is current.

#[test]
fn spans_past_the_context_stack_are_marked_not_current() {
    // On its own thread: the guards are forgotten (the stack is never
    // unwound), as 66 000 nested scopes would be too deep to recurse.
    std::thread::spawn(|| {
        let capture = telemetry_facade::testing::capture();
        let tracer = telemetry_facade::get_telemetry("otel::deep")
            .tracer()
            .clone();
        let mut spans = Vec::new();
        for _ in 0..66_000 {
            spans.push(tracer.start("deep_nesting"));
            std::mem::forget(spans.last().unwrap().enter());
        }
        let Some(current) = telemetry_facade::TraceContext::current() else {
            let traces = telemetry_facade::BUILD.traces;
            assert!(!traces, "a trace backend has a current span");
            assert!(capture.spans_named("deep_nesting").is_empty());
            return;
        };
        let deepest_current = spans
            .iter()
            .rev()
            .find(|s| s.context().unwrap().span_id() == current.span_id())
            .map(|s| s.context().unwrap());
        assert!(deepest_current.is_some(), "the current span is one of ours");
        let n = spans.len();
        while let Some(s) = spans.pop() {
            s.end();
        }
        let done = capture.spans_named("deep_nesting");
        assert_eq!(done.len(), n);
        let marked = done
            .iter()
            .filter(|s| s.attribute("telemetry_facade.not_current").is_some())
            .count();
        // Everything past the stack's 65 534 places (the base holds one).
        assert!((400..=1_000).contains(&marked), "{marked} spans marked");
    })
    .join()
    .unwrap();
}
