//! The parsers of rotel's printed spans and log records
//! (`support/otlp/rotel_spans.rs`, `support/otlp/rotel_logs.rs`), on text
//! rotel 0.0.1a15 really printed: `support/otlp/rotel_capture.txt`, captured
//! from `rotel-agent start --debug-log traces --debug-log logs
//! --debug-log-verbosity detailed` (stdout) fed, over OTLP/HTTP, one logs
//! request (four records: every attribute type, a multi-line body, a map
//! body, a scope without a name), one traces request, then another logs
//! request (two resources, bytes/empty/double/bool bodies, a multi-line
//! attribute). So log blocks come before and after a span block, with
//! rotel's own log lines in between. No receiver runs here.

mod support;

use support::otlp::{parse_rotel_logs, parse_rotel_spans, RotelLog, RotelSpan};

const CAPTURE: &str = include_str!("support/otlp/rotel_capture.txt");

fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn log_records_are_parsed_whole() {
    let logs = parse_rotel_logs(&lines(CAPTURE));
    assert_eq!(logs.len(), 8, "{logs:#?}");
    let resource = pairs(&[("service.name", "Str(svc-x)"), ("team", "Str(a,b)")]);
    assert_eq!(
        logs[0],
        RotelLog {
            trace_id: "000102030405060708090a0b0c0d0e0f".into(),
            span_id: "08090a0b0c0d0e0f".into(),
            flags: 1,
            severity_number: 13,
            severity_name: "SEVERITY_NUMBER_WARN".into(),
            severity_text: "WARN".into(),
            body: "Str(disk (almost) full)".into(),
            event_name: "my.event".into(),
            time_unix_nano: 1_700_000_000_000_000_001,
            observed_time_unix_nano: 1_700_000_000_000_000_002,
            attributes: pairs(&[
                ("s", "Str(a b)"),
                ("i", "Int(42)"),
                ("f", "Double(1.5)"),
                ("b", "Bool(true)"),
                ("arr", "Slice(Str(x), Int(2))"),
                ("by", "Bytes([1, 2])"),
                ("kvl", "Map(in:Int(1))"),
                ("none", "Empty"),
            ]),
            resource: resource.clone(),
            scope: "my-scope 1.0".into(),
        }
    );
    assert_eq!(logs[0].body_str(), Some("disk (almost) full"));
    assert_eq!(logs[0].attribute("i"), Some("Int(42)"));
    assert_eq!(logs[0].resource_attribute("team"), Some("Str(a,b)"));

    // No trace, no text, no event name, a body with a newline.
    assert_eq!(logs[1].trace_id, "");
    assert_eq!(logs[1].span_id, "");
    assert_eq!(logs[1].flags, 0);
    assert_eq!(logs[1].severity_number, 9);
    assert_eq!(logs[1].severity_text, "");
    assert_eq!(logs[1].event_name, "");
    assert_eq!(logs[1].time_unix_nano, 0);
    assert_eq!(logs[1].body, "Str(line1\nline2)");
    assert_eq!(logs[1].body_str(), Some("line1\nline2"));
    assert!(logs[1].attributes.is_empty());
    assert_eq!(logs[1].resource, resource);

    assert_eq!(logs[2].severity_number, 17);
    assert_eq!(logs[2].severity_text, "ERROR");
    assert_eq!(logs[2].body, "Map(msg:Str(m), n:Int(7))");
    assert_eq!(logs[2].body_str(), None);
    assert_eq!(logs[2].attributes, pairs(&[("k", "Str(v)")]));
    assert_eq!(logs[2].scope, "my-scope 1.0");

    // A second ScopeLogs without a scope.
    assert_eq!(logs[3].scope, "");
    assert_eq!(logs[3].severity_name, "SEVERITY_NUMBER_UNSPECIFIED");
    assert_eq!(logs[3].severity_number, 0);
    assert_eq!(logs[3].body, "Int(5)");
    assert_eq!(logs[3].resource, resource);

    // The second request, after the span block: its resources have no
    // attributes, its scope has no version.
    for log in &logs[4..] {
        assert!(log.resource.is_empty(), "{log:?}");
        assert_eq!(log.scope, "noversion");
    }
    assert_eq!(logs[4].body, "Bytes([0, 255])");
    assert_eq!(logs[4].severity_number, 21);
    assert_eq!(logs[5].body, "Empty");
    assert_eq!(logs[6].body, "Double(2.5)");
    assert_eq!(logs[6].severity_text, "custom");
    assert_eq!(logs[7].body, "Bool(true)");
    assert_eq!(logs[7].attributes, pairs(&[("multi", "Str(x\ny)")]));
}

#[test]
fn spans_are_parsed_between_log_blocks() {
    let spans = parse_rotel_spans(&lines(CAPTURE));
    assert_eq!(
        spans,
        [RotelSpan {
            trace_id: "000102030405060708090a0b0c0d0e0f".into(),
            parent_id: String::new(),
            span_id: "0707070707070707".into(),
            name: "span-a".into(),
            kind: "SPAN_KIND_SERVER".into(),
            start_time_unix_nano: 1,
            end_time_unix_nano: 2,
            attributes: pairs(&[("k1", "Int(42)")]),
            resource: pairs(&[("service.name", "Str(svc-t)")]),
            scope: "tscope".into(),
            ..RotelSpan::default()
        }]
    );
}

#[test]
fn each_parser_finds_nothing_in_the_other_signal() {
    let start = CAPTURE.find("ResourceSpans #0").expect("a span block");
    let end = start
        + CAPTURE[start..]
            .find("ResourceLog #0")
            .expect("a log block after it");
    let (spans_only, logs_only) = (
        &CAPTURE[start..end],
        format!("{}{}", &CAPTURE[..start], &CAPTURE[end..]),
    );
    assert_eq!(parse_rotel_spans(&lines(spans_only)).len(), 1);
    assert_eq!(parse_rotel_logs(&lines(spans_only)), []);
    assert_eq!(parse_rotel_spans(&lines(&logs_only)), []);
    assert_eq!(parse_rotel_logs(&lines(&logs_only)).len(), 8);
}
