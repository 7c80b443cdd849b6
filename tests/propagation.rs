//! `extract` / `inject` in every build: with `otel`, an extracted context is
//! the remote parent of the next span and `inject` writes the current span;
//! without it, the headers pass through byte for byte.

use std::collections::HashMap;

use telemetry_facade::propagation::{extract, inject, inject_context, Carrier};
use telemetry_facade::{get_telemetry, testing, TraceContext, BUILD};

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT: &str = "00f067aa0ba902b7";

fn headers(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A carrier that keeps header lines apart, as HTTP may send them.
struct Lines(Vec<(&'static str, String)>);
impl Carrier for Lines {
    fn get_all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    }
    fn set(&mut self, name: &str, value: String) {
        self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.0
            .push((Box::leak(name.to_owned().into_boxed_str()), value));
    }
}

#[test]
fn remote_parent_or_pass_through() {
    let capture = testing::capture();
    let incoming = headers(&[
        ("Traceparent", &format!("00-{TRACE_ID}-{PARENT}-03")),
        ("tracestate", "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
        ("baggage", "userId=Am%C3%A9lie,serverNode=DF%2028"),
    ]);
    let cx = extract(&incoming);
    let tracer = get_telemetry("propagation").tracer().clone();
    let mut outgoing = HashMap::new();
    let child = cx.run(|| {
        tracer.in_span("propagation_server", |span| {
            inject(&mut outgoing);
            span.context()
        })
    });
    if BUILD.traces {
        let child = child.expect("a recording span");
        assert_eq!(child.trace_id().to_string(), TRACE_ID);
        assert_eq!(child.parent_span_id().unwrap().to_string(), PARENT);
        assert!(
            child.trace_flags().is_sampled() && child.trace_flags().is_random(),
            "flags kept: {:?}",
            child.trace_flags()
        );
        // The outgoing context is the server span's.
        assert_eq!(
            outgoing["traceparent"],
            format!("00-{TRACE_ID}-{}-03", child.span_id())
        );
        let rec = &capture.spans_named("propagation_server")[0];
        assert_eq!(rec.parent_span_id.unwrap().to_string(), PARENT);
    } else {
        // No trace backend: what came in goes out, unchanged.
        assert_eq!(outgoing["traceparent"], incoming["Traceparent"]);
    }
    assert_eq!(
        outgoing["tracestate"],
        "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
    );
    let baggage = &outgoing["baggage"];
    assert!(baggage.contains("userId=Am%C3%A9lie"), "{baggage}");
    // Without anything current, nothing is injected.
    let mut empty = HashMap::new();
    inject(&mut empty);
    assert!(empty.is_empty(), "{empty:?}");
}

#[test]
fn pass_through_is_byte_for_byte_without_a_span() {
    testing::capture();
    // A future version with extra data, whitespace in tracestate, two
    // tracestate lines: an uninstrumented hop forwards the context.
    let mut incoming = HashMap::new();
    incoming.insert(
        "traceparent".to_owned(),
        format!("00-{TRACE_ID}-{PARENT}-01"),
    );
    incoming.insert("tracestate".to_owned(), "a=1".to_owned());
    incoming.insert("baggage".to_owned(), "k=v;p=1".to_owned());
    let cx = extract(&incoming);
    let mut outgoing = HashMap::new();
    inject_context(&cx, &mut outgoing);
    assert_eq!(outgoing.get("traceparent"), incoming.get("traceparent"));
    assert_eq!(outgoing.get("tracestate"), incoming.get("tracestate"));
    assert_eq!(outgoing.get("baggage"), incoming.get("baggage"));
    // The context made current carries the remote parent in every build
    // that has spans; none otherwise.
    let current = cx.run(TraceContext::current);
    assert_eq!(current.is_some(), BUILD.traces);
}

#[test]
fn an_invalid_traceparent_starts_a_new_trace_and_drops_tracestate() {
    testing::capture();
    let incoming = headers(&[
        (
            "traceparent",
            &format!("00-{}-{PARENT}-01", TRACE_ID.to_uppercase()),
        ),
        ("tracestate", "a=1"),
        ("baggage", "k=v"),
    ]);
    let cx = extract(&incoming);
    let tracer = get_telemetry("propagation").tracer().clone();
    let (child, out) = cx.run(|| {
        tracer.in_span("propagation_invalid", |span| {
            let mut out = HashMap::new();
            inject(&mut out);
            (span.context(), out)
        })
    });
    if let Some(child) = child {
        assert_ne!(child.trace_id().to_string(), TRACE_ID.to_lowercase());
        assert!(child.parent_span_id().is_none());
    }
    assert!(
        !out.contains_key("tracestate"),
        "tracestate is not read without a valid traceparent"
    );
    assert_eq!(
        out.get("baggage").map(String::as_str),
        Some("k=v"),
        "baggage is independent"
    );
}

#[test]
fn several_traceparent_lines_are_invalid() {
    testing::capture();
    let tp = format!("00-{TRACE_ID}-{PARENT}-01");
    let both = Lines(vec![
        ("traceparent", tp.clone()),
        ("traceparent", tp.clone()),
    ]);
    let mut out = Lines(Vec::new());
    inject_context(&extract(&both), &mut out);
    assert!(
        out.get_all("traceparent").is_empty(),
        "two traceparent lines: {:?}",
        out.0
    );

    // Two tracestate lines are combined, in order.
    let split = Lines(vec![
        ("traceparent", tp),
        ("tracestate", "a=1".into()),
        ("tracestate", "b=2".into()),
    ]);
    let mut out = Lines(Vec::new());
    inject_context(&extract(&split), &mut out);
    assert_eq!(out.get_all("tracestate"), ["a=1,b=2"]);
}

#[test]
fn an_updated_tracestate_entry_moves_to_the_front() {
    testing::capture();
    let incoming = headers(&[
        ("traceparent", &format!("00-{TRACE_ID}-{PARENT}-01")),
        ("tracestate", "rojo=1,congo=2,other=x"),
    ]);
    let cx = extract(&incoming)
        .with_tracestate("congo", "3")
        .unwrap()
        .with_tracestate("mine", "a")
        .unwrap();
    let tracer = get_telemetry("propagation").tracer().clone();
    let mut outgoing = HashMap::new();
    // Also through a span started under it.
    cx.run(|| tracer.in_span("propagation_tracestate", |_| inject(&mut outgoing)));
    assert_eq!(outgoing["tracestate"], "mine=a,congo=3,rojo=1,other=x");
    assert!(extract(&incoming).with_tracestate("Bad Key", "v").is_err());
    assert!(extract(&incoming)
        .with_tracestate("k", "bad,value")
        .is_err());
    // Without a valid traceparent there is nothing to carry it.
    let mut none = HashMap::new();
    inject_context(
        &extract(&headers(&[])).with_tracestate("k", "v").unwrap(),
        &mut none,
    );
    assert!(!none.contains_key("tracestate"), "{none:?}");
}

#[test]
fn the_random_flag_is_kept_for_the_same_trace_id() {
    // Trace Context Level 2 §3.2.2.5.2: "If the flag is set in the incoming
    // traceparent header, it MUST also be set in all outgoing traceparent
    // headers which use the same trace-id", and unset when it came unset.
    // With `otel` the default sampler follows the parent, so `02` gives
    // sampled-out spans: the flag must survive them too, down to a
    // grandchild.
    testing::capture();
    let tracer = get_telemetry("propagation").tracer().clone();
    for flags in ["00", "01", "02", "03"] {
        let incoming = headers(&[("traceparent", &format!("00-{TRACE_ID}-{PARENT}-{flags}"))]);
        let outgoing = extract(&incoming).run(|| {
            tracer.in_span("propagation_flags_server", |_| {
                tracer.in_span("propagation_flags_client", |_| {
                    let mut out = HashMap::new();
                    inject(&mut out);
                    out
                })
            })
        });
        let tp = &outgoing["traceparent"];
        if BUILD.traces {
            let fields: Vec<&str> = tp.split('-').collect();
            assert_eq!(fields[..2], ["00", TRACE_ID], "{flags}: {tp}");
            assert_ne!(fields[2], PARENT, "{flags}: a new parent-id");
            // The default sampler follows the parent: the flags come back
            // as they went in, random bit included.
            assert_eq!(fields[3], flags, "{flags}: {tp}");
        } else {
            assert_eq!(tp, &incoming["traceparent"], "pass-through");
        }
    }
}

#[test]
fn a_repeated_tracestate_key_keeps_the_header() {
    testing::capture();
    let tracer = get_telemetry("propagation").tracer().clone();
    // (tracestate lines, what a participant sends: the key once, its first
    // entry, TC §3.5 "vendors MAY also discard duplicate keys")
    for (lines, participant) in [
        (vec!["foo=1,foo=2"], "foo=1"),
        (vec!["foo=1", "foo=1"], "foo=1"),
        (vec!["foo=1,bar=2", "foo=3"], "foo=1,bar=2"),
    ] {
        let mut incoming = vec![("traceparent", format!("00-{TRACE_ID}-{PARENT}-00"))];
        incoming.extend(lines.iter().map(|l| ("tracestate", l.to_string())));
        let outgoing = extract(&Lines(incoming)).run(|| {
            tracer.in_span("propagation_repeated_key", |_| {
                let mut out = HashMap::new();
                inject(&mut out);
                out
            })
        });
        let expected = if BUILD.traces {
            participant.to_owned()
        } else {
            // Pass-through: traceparent unchanged, so tracestate is too.
            lines.join(",")
        };
        assert_eq!(outgoing["tracestate"], expected, "{lines:?}");
    }
}

#[test]
fn level_2_tracestate_keys_survive_a_hop() {
    // Trace Context Level 2: a key starts with a lowercase letter or a
    // digit, may hold `@` anywhere after that (more than once), and is at
    // most 256 characters whatever `@` it contains. The SDK's own
    // TraceState still checks the Level 1 vendor format; the header a
    // participant sends must keep such keys all the same.
    testing::capture();
    let tracer = get_telemetry("propagation").tracer().clone();
    let long_tenant = format!("{}@{}", "t".repeat(241), "v".repeat(14));
    for state in [
        "foo@@bar=1",
        "foo@bar@baz=1,congo=2",
        "foo@_x=1",
        &format!("t@{}=1", "v".repeat(15)),
        &format!("{long_tenant}=1,rojo=2"),
    ] {
        let incoming = headers(&[
            ("traceparent", &format!("00-{TRACE_ID}-{PARENT}-01")),
            ("tracestate", state),
        ]);
        let outgoing = extract(&incoming).run(|| {
            tracer.in_span("propagation_level_2_keys", |_| {
                let mut out = HashMap::new();
                inject(&mut out);
                out
            })
        });
        assert_eq!(outgoing.get("tracestate").map(String::as_str), Some(state));
    }
}
