//! Redaction, on by default: a field or attribute whose key names a secret
//! is written as "[REDACTED]" in every output (JSON lines, the pretty
//! format, exported spans, event and link attributes), and its value is
//! never formatted; near-misses are left alone. Values that look like
//! secrets (opt-in) are checked in a child process with
//! `redact_values(true)`. Every build: without a backend nothing is written.

mod support;

use std::fmt;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use support::buffer::SharedBuffer;
use support::secrets::{KEYS, MARKER, SECRET};
use telemetry_facade::{get_telemetry, info, init, testing, Config, Field, KeyValue, BUILD};

fn leaked(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// A `Display` that counts how often it was formatted.
struct Counted<'a>(&'a AtomicUsize);
impl fmt::Display for Counted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fetch_add(1, Ordering::Relaxed);
        f.write_str(SECRET)
    }
}

#[test]
fn secret_keys_are_redacted_in_every_output_and_near_misses_are_not() {
    let capture = testing::capture();
    let t = get_telemetry("redaction::keys");
    let formatted = AtomicUsize::new(0);
    for (i, (key, secret)) in KEYS.iter().enumerate() {
        let key: &'static str = leaked(key);
        let event = leaked(&format!("case_{i}"));
        let before = formatted.load(Ordering::Relaxed);
        t.tracer()
            .span(event)
            .attribute(key, SECRET)
            .in_span(|span| {
                span.set_attribute(key, SECRET);
                span.set_attribute_with(key, || {
                    formatted.fetch_add(1, Ordering::Relaxed);
                    SECRET
                });
                span.add_event("ev", [KeyValue::new(key, SECRET)]);
                let bound = t.logger().bind(&[Field::new(key, &SECRET)]);
                bound.info(event, &[Field::display(key, &Counted(&formatted))]);
            });
        let calls = formatted.load(Ordering::Relaxed) - before;
        // Lines: one per case, in the order written.
        let lines: Vec<String> = capture
            .log_lines()
            .into_iter()
            .filter(|l| l.contains(&format!("case_{i}\"")) || l.contains(&format!(" case_{i} ")))
            .collect();
        assert_eq!(lines.len(), usize::from(BUILD.logs), "{key}: {lines:?}");
        for line in &lines {
            assert_eq!(line.contains(SECRET), !secret, "{key}: {line}");
            assert_eq!(line.contains(MARKER), *secret, "{key}: {line}");
        }
        let spans = capture.spans_named(event);
        assert_eq!(spans.len(), usize::from(BUILD.traces), "{key}");
        for span in &spans {
            let expected = if *secret { MARKER } else { SECRET };
            assert_eq!(
                span.attribute(key).and_then(|v| v.as_str()),
                Some(expected),
                "{key}"
            );
            assert_eq!(
                span.events[0].attribute(key).and_then(|v| v.as_str()),
                Some(expected),
                "{key}"
            );
        }
        if *secret {
            assert_eq!(
                calls, 0,
                "{key}: a redacted value was computed or formatted"
            );
        }
    }
}

#[test]
fn a_display_under_a_secret_key_is_never_formatted_even_if_it_would_panic() {
    struct Panics;
    impl fmt::Display for Panics {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            panic!("a secret's Display must not run")
        }
    }
    testing::capture();
    let logger = get_telemetry("redaction::panics").logger().clone();
    info!(logger, "login", password = %Panics, token = ?"x");
    let lines: Vec<String> = testing::capture()
        .log_lines()
        .into_iter()
        .filter(|l| l.contains("redaction::panics"))
        .collect();
    assert_eq!(lines.len(), usize::from(BUILD.logs));
    for line in lines {
        assert!(!line.contains("formatting failed"), "{line}");
        assert_eq!(line.matches(MARKER).count(), 2, "{line}");
    }
}

/// (value, looks like a secret)
const VALUES: &[(&str, bool)] = &[
    ("Bearer abcdefgh12345678", true),
    (
        "bearer eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo",
        true,
    ),
    ("Basic dXNlcjpwYXNzd29yZA==", true),
    (
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJl",
        true,
    ),
    ("4111 1111 1111 1111", true),
    ("4111-1111-1111-1111", true),
    ("5500005555555559", true),
    ("378282246310005", true),
    (
        "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----",
        true,
    ),
    (
        "-----BEGIN RSA PRIVATE KEY-----MIIE-----END RSA PRIVATE KEY-----",
        true,
    ),
    ("Bearer", false),
    ("the bearer of good news", false),
    ("basic idea", false),
    ("4111 1111 1111 1112", false),
    ("1234 5678", false),
    ("order 4111111111111111", false),
    ("2026-11-30", false),
    ("eyJ.x.y", false),
    ("1.2.3", false),
    ("-----BEGIN CERTIFICATE-----", false),
    ("hello", false),
];

#[test]
fn values_that_look_like_secrets_are_redacted_when_asked() {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .args([
            "--ignored",
            "--exact",
            "child_value_detection",
            "--nocapture",
        ])
        .output()
        .expect("child test runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
#[ignore = "run in a child process"]
fn child_value_detection() {
    let lines = SharedBuffer::default();
    let config = Config::from_vars([("TELEMETRY_FACADE_REDACT_VALUES", "true")])
        .log_output(telemetry_facade::LogOutput::writer(lines.clone()));
    assert!(config.get_redact_values());
    let guard = init(config).expect("first init");
    let logger = get_telemetry("redaction::values").logger().clone();
    for (value, _) in VALUES {
        info!(logger, "value", note = *value, shown = %value);
    }
    drop(guard);
    let written = lines.lines();
    assert_eq!(written.len(), VALUES.len() * usize::from(BUILD.logs));
    for (line, (value, secret)) in written.iter().zip(VALUES) {
        let first_line_of_value = value.lines().next().unwrap();
        assert_eq!(
            line.matches(MARKER).count(),
            if *secret { 2 } else { 0 },
            "{value:?}: {line}"
        );
        if *secret {
            assert!(!line.contains(first_line_of_value), "{value:?}: {line}");
        }
    }
}
