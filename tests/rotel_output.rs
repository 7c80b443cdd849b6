//! The parsers of rotel's printed spans, log records and metrics
//! (`support/otlp/rotel_spans.rs`, `support/otlp/rotel_logs.rs`,
//! `support/otlp/rotel_metrics.rs`), on text rotel 0.0.1a15 really printed.
//! No receiver runs here.
//!
//! `support/otlp/rotel_capture.txt`, captured from `rotel-agent start
//! --debug-log traces --debug-log logs --debug-log-verbosity detailed`
//! (stdout) fed, over OTLP/HTTP, one logs request (four records: every
//! attribute type, a multi-line body, a map body, a scope without a name),
//! one traces request, then another logs request (two resources,
//! bytes/empty/double/bool bodies, a multi-line attribute). So log blocks
//! come before and after a span block, with rotel's own log lines in
//! between.
//!
//! `support/otlp/rotel_metrics_capture.txt`, captured from the same command
//! with `--debug-log metrics` added (as `Rotel` runs it) fed, over
//! OTLP/HTTP, one metrics request (a resource with attributes, a scope with
//! a version: a monotonic cumulative int sum with two points of different
//! attributes, a double gauge, a delta histogram with explicit bounds,
//! min/max and an exemplar with trace and span ids), one traces request, one
//! logs request, then another metrics request (a resource without
//! attributes, a scope without a version: a non-monotonic delta sum, a gauge
//! with a multi-line description, a multi-line attribute, a NaN and an unset
//! value, a histogram with nothing optional set and an exemplar with a
//! multi-line filtered attribute, an exponential histogram, a summary, a
//! metric without data, a second scope without a name, a second resource).
mod support;

use support::otlp::{
    parse_rotel_logs, parse_rotel_metrics, parse_rotel_spans, RotelDataPoint, RotelExemplar,
    RotelLog, RotelMetric, RotelSpan,
};

const CAPTURE: &str = include_str!("support/otlp/rotel_capture.txt");
const METRICS_CAPTURE: &str = include_str!("support/otlp/rotel_metrics_capture.txt");

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
    assert_eq!(parse_rotel_metrics(&lines(CAPTURE)), []);
}

#[test]
fn metrics_are_parsed_whole() {
    let metrics = parse_rotel_metrics(&lines(METRICS_CAPTURE));
    let names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "requests",
            "temperature",
            "latency",
            "queue.depth",
            "ints",
            "bare.hist",
            "exp",
            "rpc.summary",
            "nodata",
            "s2",
            "up"
        ]
    );
    let resource = pairs(&[("service.name", "Str(svc-m)"), ("team", "Str(a,b)")]);
    let point = |attributes: &[(&str, &str)], value: &str| RotelDataPoint {
        attributes: pairs(attributes),
        start_time_unix_nano: 1_700_000_000_000_000_000,
        time_unix_nano: 1_700_000_000_000_000_100,
        value: value.into(),
        ..RotelDataPoint::default()
    };
    assert_eq!(
        metrics[0],
        RotelMetric {
            name: "requests".into(),
            description: "Requests served".into(),
            unit: "{request}".into(),
            data_type: "Sum".into(),
            monotonic: Some(true),
            temporality: "AGGREGATION_TEMPORALITY_CUMULATIVE".into(),
            resource: resource.clone(),
            scope: "mscope 2.0".into(),
            points: vec![
                point(&[("route", "Str(/a)"), ("code", "Int(200)")], "7"),
                point(&[("route", "Str(/b)"), ("code", "Int(500)")], "3"),
            ],
        }
    );
    assert_eq!(metrics[0].resource_attribute("team"), Some("Str(a,b)"));
    assert_eq!(metrics[0].points[1].attribute("code"), Some("Int(500)"));
    assert_eq!(metrics[0].points[0].value_f64(), Some(7.0));

    let gauge = &metrics[1];
    assert_eq!(
        (
            gauge.data_type.as_str(),
            gauge.monotonic,
            gauge.temporality.as_str()
        ),
        ("Gauge", None, "")
    );
    assert_eq!(
        (gauge.unit.as_str(), gauge.scope.as_str()),
        ("Cel", "mscope 2.0")
    );
    assert_eq!(gauge.points.len(), 1);
    assert_eq!(gauge.points[0].value, "21.5");
    assert_eq!(gauge.points[0].start_time_unix_nano, 0);
    assert_eq!(
        gauge.points[0].attributes,
        pairs(&[("room", "Str(kitchen)")])
    );

    assert_eq!(
        metrics[2],
        RotelMetric {
            name: "latency".into(),
            description: "Request latency".into(),
            unit: "ms".into(),
            data_type: "Histogram".into(),
            monotonic: None,
            temporality: "AGGREGATION_TEMPORALITY_DELTA".into(),
            resource: resource.clone(),
            scope: "mscope 2.0".into(),
            points: vec![RotelDataPoint {
                attributes: pairs(&[("route", "Str(/a)")]),
                start_time_unix_nano: 1_700_000_000_000_000_000,
                time_unix_nano: 1_700_000_000_000_000_300,
                count: Some(6),
                sum: Some("123.5".into()),
                min: Some("1.5".into()),
                max: Some("80".into()),
                bucket_counts: vec![1, 2, 3],
                explicit_bounds: vec!["5".into(), "50".into()],
                exemplars: vec![RotelExemplar {
                    trace_id: "000102030405060708090a0b0c0d0e0f".into(),
                    span_id: "08090a0b0c0d0e0f".into(),
                    time_unix_nano: 1_700_000_000_000_000_250,
                    value: "42".into(),
                    filtered_attributes: pairs(&[("user", "Str(u1)")]),
                }],
                ..RotelDataPoint::default()
            }],
        }
    );
    assert_eq!(metrics[2].points[0].sum_f64(), Some(123.5));

    // The second request, after a span and a log block.
    for metric in &metrics[3..9] {
        assert!(metric.resource.is_empty(), "{metric:?}");
        assert_eq!(metric.scope, "noversion");
    }
    let depth = &metrics[3];
    assert_eq!(depth.monotonic, Some(false));
    assert_eq!(depth.temporality, "AGGREGATION_TEMPORALITY_DELTA");
    assert_eq!((depth.description.as_str(), depth.unit.as_str()), ("", ""));
    assert_eq!(depth.points[0].value, "-4");
    assert_eq!(depth.points[0].start_time_unix_nano, 4);
    assert_eq!(depth.points[0].time_unix_nano, 5);

    let ints = &metrics[4];
    assert_eq!(ints.description, "multi\nline desc");
    assert_eq!(ints.unit, "1");
    assert_eq!(ints.points.len(), 3);
    assert_eq!(
        ints.points[0].attributes,
        pairs(&[("multi", "Str(x\ny)"), ("f", "Double(2)")])
    );
    assert_eq!(ints.points[0].value, "7");
    assert_eq!(ints.points[1].value, "NaN");
    assert!(ints.points[1].value_f64().is_some_and(f64::is_nan));
    assert_eq!(ints.points[2].value, "", "no value sent");
    assert_eq!(ints.points[2].value_f64(), None);

    let bare = &metrics[5];
    assert_eq!(bare.temporality, "AGGREGATION_TEMPORALITY_UNSPECIFIED");
    assert_eq!(
        bare.points,
        [RotelDataPoint {
            time_unix_nano: 4,
            count: Some(0),
            exemplars: vec![RotelExemplar {
                span_id: "0001020304050607".into(),
                value: "3".into(),
                filtered_attributes: pairs(&[("ml", "Str(p\nq)"), ("n", "Int(1)")]),
                ..RotelExemplar::default()
            }],
            ..RotelDataPoint::default()
        }]
    );

    let exp = &metrics[6];
    assert_eq!(exp.data_type, "ExponentialHistogram");
    assert_eq!(exp.temporality, "AGGREGATION_TEMPORALITY_CUMULATIVE");
    let p = &exp.points[0];
    assert_eq!(p.attributes, pairs(&[("side", "Str(both)")]));
    assert_eq!((p.count, p.sum.as_deref()), (Some(5), Some("9")));
    assert_eq!((p.min.as_deref(), p.max.as_deref()), (Some("0"), Some("4")));
    assert_eq!(
        p.exponential_buckets,
        [
            ("[-1, -0.7071067811865476)".to_owned(), 1),
            ("[0, 0]".to_owned(), 1),
            ("(2, 2.82842712474619]".to_owned(), 1),
            ("(2.82842712474619, 4]".to_owned(), 2),
        ]
    );
    assert!(p.bucket_counts.is_empty() && p.explicit_bounds.is_empty());
    assert_eq!(
        p.exemplars,
        [RotelExemplar {
            trace_id: "ffffffffffffffffffffffffffffffff".into(),
            span_id: "eeeeeeeeeeeeeeee".into(),
            time_unix_nano: 3,
            value: "2.5".into(),
            filtered_attributes: Vec::new(),
        }]
    );

    let summary = &metrics[7];
    assert_eq!(
        (summary.data_type.as_str(), summary.temporality.as_str()),
        ("Summary", "")
    );
    let p = &summary.points[0];
    assert_eq!(p.attributes, pairs(&[("svc", "Str(x)")]));
    assert_eq!(
        (p.count, p.sum.as_deref(), p.min.as_deref()),
        (Some(10), Some("55"), None)
    );
    assert_eq!(p.quantiles, pairs(&[("0.5", "5"), ("0.99", "9.9")]));
    assert!(p.exemplars.is_empty());

    assert_eq!(metrics[8].data_type, "Empty");
    assert_eq!(metrics[8].unit, "x");
    assert!(metrics[8].points.is_empty());

    // A second ScopeMetrics without a scope, then a second resource.
    assert_eq!(metrics[9].scope, "");
    assert!(metrics[9].resource.is_empty());
    assert_eq!(
        metrics[9].temporality,
        "AGGREGATION_TEMPORALITY_UNSPECIFIED"
    );
    assert_eq!(metrics[9].points[0].value, "0.25");
    assert_eq!(
        metrics[10].resource,
        pairs(&[("service.name", "Str(svc-2)")])
    );
    assert_eq!(metrics[10].scope, "s3 0.1");
    assert_eq!(metrics[10].points[0].value, "1");
    assert_eq!(metrics[10].points[0].time_unix_nano, 11);
}

#[test]
fn metric_blocks_are_skipped_by_the_span_and_log_parsers() {
    let spans = parse_rotel_spans(&lines(METRICS_CAPTURE));
    assert_eq!(spans.len(), 1, "{spans:#?}");
    assert_eq!(spans[0].name, "span-a");
    assert_eq!(spans[0].attributes, pairs(&[("k1", "Int(42)")]));
    assert_eq!(spans[0].resource, pairs(&[("service.name", "Str(svc-t)")]));
    let logs = parse_rotel_logs(&lines(METRICS_CAPTURE));
    assert_eq!(logs.len(), 1, "{logs:#?}");
    assert_eq!(logs[0].body, "Str(hello log)");
    assert!(logs[0].attributes.is_empty() && logs[0].resource.is_empty());
    assert_eq!(logs[0].scope, "lscope");

    // Without the metric blocks, the metrics parser finds nothing.
    let start = METRICS_CAPTURE
        .find("ResourceSpans #0")
        .expect("a span block");
    let end = METRICS_CAPTURE
        .rfind("ResourceMetrics #0")
        .expect("the second metrics block");
    assert_eq!(
        parse_rotel_metrics(&lines(&METRICS_CAPTURE[start..end])),
        []
    );
    assert_eq!(
        parse_rotel_metrics(&lines(&METRICS_CAPTURE[..start])).len(),
        3
    );
}
