//! `prometheus_text()` in every build, written once (no `cfg`): in a build
//! with the `prometheus` feature it renders what was recorded, named by the
//! OpenTelemetry-to-Prometheus rules, and the reference parser
//! (`prometheus_client.parser` in the venv of `scripts/otlp_venv.sh`,
//! `TELEMETRY_FACADE_OTLP_PYTHON`) reads back the exact values; in every
//! other build the body is empty. The content type is the same everywhere.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value as Json;
use telemetry_facade::{get_telemetry, prometheus_text, testing, KeyValue, PrometheusText, BUILD};

const PYTHON_VAR: &str = "TELEMETRY_FACADE_OTLP_PYTHON";

#[test]
fn the_text_follows_the_naming_rules() {
    testing::capture();
    let meter = get_telemetry("prometheus_test").meter().clone();
    let orders = meter
        .u64_counter("prom.orders")
        .description("Orders taken")
        .unit("{order}")
        .build();
    orders.add(4, &[KeyValue::new("region", "eu")]);
    let latency = meter
        .f64_histogram("prom.latency")
        .unit("s")
        .boundaries(vec![0.1, 1.0])
        .build();
    latency.record(0.5, &[]);
    let size = meter
        .i64_up_down_counter("prom.cache-size")
        .unit("By")
        .build();
    size.add(-3, &[]);

    let text = prometheus_text();
    assert_eq!(
        text.content_type(),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    assert_eq!(text.content_type(), PrometheusText::CONTENT_TYPE);
    assert_eq!(!text.is_empty(), BUILD.prometheus, "{text}");
    if BUILD.prometheus {
        let body = text.as_str();
        for expected in [
            "# HELP prom_orders_total Orders taken",
            "# TYPE prom_orders_total counter",
            r#"prom_orders_total{region="eu",otel_scope_name="prometheus_test"} 4"#,
            "# TYPE prom_latency_seconds histogram",
            r#"prom_latency_seconds_bucket{otel_scope_name="prometheus_test",le="1"} 1"#,
            r#"prom_latency_seconds_count{otel_scope_name="prometheus_test"} 1"#,
            // Sanitised (`-` is not allowed), a unit suffix, a gauge.
            "# TYPE prom_cache_size_bytes gauge",
            r#"prom_cache_size_bytes{otel_scope_name="prometheus_test"} -3"#,
            // The resource, as `target_info`.
            r#"target_info{service_name="telemetry-facade-test","#,
        ] {
            assert!(body.contains(expected), "{expected:?} not in\n{body}");
        }
    }
}

/// Every sample of `text` as the reference parser reads it: one JSON
/// object per family (`name`, `type`, `samples`: `[name, labels, value]`).
fn parse(python: &str, text: &str) -> Vec<Json> {
    const SCRIPT: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
for family in text_string_to_metric_families(sys.stdin.read()):
    print(json.dumps({
        "name": family.name,
        "type": family.type,
        "samples": [[s.name, s.labels, s.value] for s in family.samples],
    }))
"#;
    let mut child = Command::new(python)
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{python}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the parser rejected the text: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn family<'a>(families: &'a [Json], name: &str) -> &'a Json {
    families
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no family {name} in {families:?}"))
}

/// The value of the sample `name` whose labels include `labels`.
fn sample(family: &Json, name: &str, labels: &[(&str, &str)]) -> f64 {
    family["samples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[0] == name && labels.iter().all(|(k, v)| s[1][*k] == *v))
        .and_then(|s| s[2].as_f64())
        .unwrap_or_else(|| panic!("no sample {name}{labels:?} in {family}"))
}

#[test]
fn the_reference_parser_reads_the_exact_values() {
    testing::capture();
    let meter = get_telemetry("prometheus_parse").meter().clone();
    let jobs = meter.u64_counter("parse.jobs").build();
    jobs.add(2, &[KeyValue::new("queue", "a \"quoted\"\\name")]);
    jobs.add(5, &[KeyValue::new("queue", "b")]);
    let wait = meter
        .f64_histogram("parse.wait")
        .unit("ms")
        .boundaries(vec![1.0, 10.0])
        .build();
    for v in [0.5, 2.0, 20.0] {
        wait.record(v, &[]);
    }
    let temperature = meter.f64_gauge("parse.temperature").build();
    temperature.record(21.5, &[KeyValue::new("room.name", "lab")]);
    let _open = meter
        .i64_observable_up_down_counter("parse.open")
        .callback(|o| o.observe(7, &[]))
        .build();

    let text = prometheus_text();
    let python = match std::env::var(PYTHON_VAR) {
        Ok(python) if !python.is_empty() => python,
        // Nothing to parse in a build that renders nothing.
        _ if !BUILD.prometheus => return assert!(text.is_empty()),
        _ => panic!(
            "{PYTHON_VAR} is not set: run `eval \"$(bash scripts/otlp_venv.sh)\"` \
             (scripts/test.sh does) for the venv with prometheus_client"
        ),
    };
    let families = parse(&python, text.as_str());
    if !BUILD.prometheus {
        assert!(families.is_empty(), "{families:?}");
        return;
    }
    // Counters: the family without `_total`, the sample with it.
    let jobs = family(&families, "parse_jobs");
    assert_eq!(jobs["type"], "counter");
    assert_eq!(
        sample(jobs, "parse_jobs_total", &[("queue", "a \"quoted\"\\name")]),
        2.0
    );
    assert_eq!(sample(jobs, "parse_jobs_total", &[("queue", "b")]), 5.0);
    assert_eq!(
        jobs["samples"][0][1]["otel_scope_name"], "prometheus_parse",
        "{jobs}"
    );
    // Histogram: cumulative buckets, sum, count; `ms` becomes `_milliseconds`.
    let wait = family(&families, "parse_wait_milliseconds");
    assert_eq!(wait["type"], "histogram");
    let bucket = "parse_wait_milliseconds_bucket";
    assert_eq!(sample(wait, bucket, &[("le", "1")]), 1.0);
    assert_eq!(sample(wait, bucket, &[("le", "10")]), 2.0);
    assert_eq!(sample(wait, bucket, &[("le", "+Inf")]), 3.0);
    assert_eq!(sample(wait, "parse_wait_milliseconds_sum", &[]), 22.5);
    assert_eq!(sample(wait, "parse_wait_milliseconds_count", &[]), 3.0);
    // Gauges, with a sanitised label name.
    let temperature = family(&families, "parse_temperature");
    assert_eq!(temperature["type"], "gauge");
    assert_eq!(
        sample(temperature, "parse_temperature", &[("room_name", "lab")]),
        21.5
    );
    let open = family(&families, "parse_open");
    assert_eq!(open["type"], "gauge");
    assert_eq!(sample(open, "parse_open", &[]), 7.0);
    // The resource.
    let target = family(&families, "target_info");
    assert_eq!(
        target["samples"][0][1]["service_name"],
        "telemetry-facade-test"
    );
}

#[test]
fn a_callback_asking_for_the_text_gets_an_empty_one() {
    testing::capture();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(None));
    let inner = std::sync::Arc::clone(&seen);
    let _reentrant = get_telemetry("prometheus_reentrant")
        .meter()
        .u64_observable_gauge("reentrant.len")
        .callback(move |o| {
            let text = prometheus_text();
            *inner.lock().unwrap() = Some(text.is_empty());
            o.observe(text.as_str().len() as u64, &[]);
        })
        .build();
    let _ = prometheus_text();
    // The callback ran (where the build collects) and saw an empty text
    // rather than waiting for the collection it was part of.
    if BUILD.prometheus {
        assert_eq!(*seen.lock().unwrap(), Some(true));
    }
}
