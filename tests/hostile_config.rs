//! Hostile configuration and hostile values, in every build: a bad or huge
//! value costs a bounded warning and a safe default, never a panic; a
//! `Display` that fails or panics never escapes one of our calls.

use std::fmt;
use std::time::Duration;

use telemetry_facade::{
    get_telemetry, testing, with_fields, BatchSettings, Config, Context, Field, FutureExt, Sampler,
};

/// Every warning of `c`, checked to be short and few.
fn bounded(c: &Config) -> Vec<String> {
    let w = c.warnings().to_vec();
    assert!(
        w.len() <= 8,
        "{} warnings: {:?}",
        w.len(),
        &w[..w.len().min(10)]
    );
    for line in &w {
        assert!(
            line.len() < 400,
            "a warning of {} bytes: {}…",
            line.len(),
            &line[..200]
        );
    }
    w
}

#[test]
fn many_bad_directives_are_summarised_and_name_rust_log() {
    let spec: Vec<String> = (0..1000).map(|i| format!("bad part {i}")).collect();
    let c = Config::from_vars([("RUST_LOG", spec.join(","))]);
    let w = bounded(&c);
    assert_eq!(w.len(), 5, "{w:?}");
    assert!(w.iter().all(|l| l.starts_with("RUST_LOG: ")), "{w:?}");
    assert_eq!(
        w[0],
        "RUST_LOG: directive \"bad part 0\" ignored: not a level or a logger name"
    );
    assert_eq!(w[4], "RUST_LOG: and 996 more problems");
}

#[test]
fn directives_set_in_code_warn_too_and_the_last_set_counts() {
    let c = Config::new()
        .log_directives("a=b")
        .log_directives("info,x=nope");
    assert_eq!(
        c.warnings(),
        ["log directives: directive \"x=nope\" ignored: \"nope\" is not a level (trace, debug, info, warn, error, critical, off)"]
    );
    assert!(Config::new()
        .log_directives("warn,a::b=debug")
        .warnings()
        .is_empty());
}

#[test]
fn a_mebibyte_value_gives_short_warnings() {
    let mib = "x".repeat(1 << 20);
    let bad_level = format!("{mib}=nope");
    let bad_members = "a b=1,".repeat((1 << 20) / 6);
    let no_equals = "member,".repeat((1 << 20) / 7);
    for (var, value) in [
        ("RUST_LOG", bad_level.as_str()),
        ("RUST_LOG", bad_members.as_str()),
        ("OTEL_RESOURCE_ATTRIBUTES", mib.as_str()),
        ("OTEL_EXPORTER_OTLP_HEADERS", no_equals.as_str()),
        ("OTEL_EXPORTER_OTLP_HEADERS", bad_members.as_str()),
        ("OTEL_TRACES_SAMPLER", mib.as_str()),
        ("OTEL_BSP_MAX_QUEUE_SIZE", mib.as_str()),
        ("LOG_FORMAT", mib.as_str()),
    ] {
        let c = Config::from_vars([(var, value)]);
        let w = bounded(&c);
        assert!(!w.is_empty(), "{var}: no warning");
        assert!(w.iter().all(|l| l.contains(var)), "{var}: {w:?}");
    }
}

#[test]
fn sampler_ratios_outside_zero_one_are_refused_with_a_warning() {
    for ratio in [f64::NAN, -1.0, f64::INFINITY, 2.0] {
        let c = Config::new().sampler(Sampler::TraceIdRatio(ratio));
        assert_eq!(c.get_sampler(), Sampler::TraceIdRatio(1.0), "{ratio}");
        assert_eq!(
            c.warnings(),
            [format!(
                "Config::sampler: the ratio {ratio} is not within [0, 1]; using 1.0"
            )]
        );
        let c = Config::new().sampler(Sampler::ParentBasedTraceIdRatio(ratio));
        assert_eq!(
            c.get_sampler(),
            Sampler::ParentBasedTraceIdRatio(1.0),
            "{ratio}"
        );
    }
    let c = Config::new().sampler(Sampler::TraceIdRatio(0.25));
    assert_eq!(
        (c.get_sampler(), c.warnings().len()),
        (Sampler::TraceIdRatio(0.25), 0)
    );
}

#[test]
fn batch_sizes_and_durations_are_bounded() {
    let mut b = BatchSettings::default();
    b.max_queue_size = usize::MAX;
    b.max_export_batch_size = 0;
    b.schedule_delay = Duration::MAX;
    b.export_timeout = Some(Duration::MAX);
    let c = Config::new().batch(b);
    let got = c.get_batch();
    assert_eq!(got.max_queue_size, 1_000_000);
    assert_eq!(got.max_export_batch_size, 512);
    assert!(got.schedule_delay < Duration::from_secs(30 * 24 * 3600));
    assert!(got.export_timeout.unwrap() < Duration::from_secs(30 * 24 * 3600));
    assert_eq!(c.warnings().len(), 4, "{:?}", c.warnings());
    assert!(c
        .warnings()
        .iter()
        .all(|w| w.starts_with("Config::batch: ")));

    let c = Config::from_vars([
        ("OTEL_BSP_MAX_QUEUE_SIZE", "18446744073709551615"),
        ("OTEL_BSP_SCHEDULE_DELAY", "18446744073709551615"),
    ]);
    assert_eq!(c.get_batch().max_queue_size, 1_000_000);
    assert!(c.get_batch().schedule_delay < Duration::from_secs(30 * 24 * 3600));
    let w = bounded(&c);
    assert!(
        w.iter()
            .any(|l| l.starts_with("OTEL_BSP_MAX_QUEUE_SIZE=\"18446744073709551615\" is above")),
        "{w:?}"
    );
    assert!(
        w.iter().any(|l| l.starts_with("OTEL_BSP_SCHEDULE_DELAY=")),
        "{w:?}"
    );
}

#[test]
fn an_endless_shutdown_timeout_is_cut_with_a_warning() {
    let c = Config::new().shutdown_timeout(Duration::MAX);
    assert_eq!(c.warnings().len(), 1, "{:?}", c.warnings());
    assert!(c.warnings()[0].starts_with("Config::shutdown_timeout: "));
}

struct Fails;
impl fmt::Display for Fails {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}
impl fmt::Debug for Fails {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Err(fmt::Error)
    }
}
impl std::error::Error for Fails {}

struct Panics;
impl fmt::Display for Panics {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("a Display that panics")
    }
}
impl fmt::Debug for Panics {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        panic!("a Debug that panics")
    }
}
impl std::error::Error for Panics {}

fn hostile_fields() -> [Field<'static>; 4] {
    [
        Field::display("fails", &Fails),
        Field::debug("fails_debug", &Fails),
        Field::display("panics", &Panics),
        Field::debug("panics_debug", &Panics),
    ]
}

/// Before `init` (a library in a build where telemetry is off) and after,
/// no call that formats a user's value lets its failure out.
#[test]
fn failing_and_panicking_display_never_escape_our_calls() {
    let exercise = || {
        let t = get_telemetry("hostile::display");
        let bound = t.logger().bind(&hostile_fields());
        bound.error("with_bad_bound_fields", &hostile_fields());
        with_fields(&hostile_fields(), || {
            bound.info("inside_scope", &[]);
        });
        let cx = Context::current().with_fields(&hostile_fields());
        cx.run(|| bound.info("inside_context", &[]));
        let fut = async { 1 }.with_fields(&hostile_fields());
        drop(fut);
        t.tracer().in_span("hostile_display", |span| {
            span.record_error(&Fails);
            span.record_error(&Panics);
        });
    };
    exercise();
    let capture = testing::capture();
    exercise();
    let lines: Vec<String> = capture
        .log_lines()
        .into_iter()
        .filter(|l| l.contains("hostile::display"))
        .collect();
    assert_eq!(
        lines.len(),
        3 * usize::from(telemetry_facade::BUILD.logs),
        "{lines:?}"
    );
    for line in &lines {
        assert!(line.contains("<formatting failed>"), "{line}");
    }
    for span in capture.spans_named("hostile_display") {
        assert_eq!(span.events.len(), 2);
        for event in &span.events {
            assert_eq!(
                event
                    .attribute("exception.message")
                    .and_then(|v| v.as_str()),
                Some("<formatting failed>")
            );
        }
    }
}
