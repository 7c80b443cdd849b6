//! Metrics in every build, written once (no `cfg`): what each instrument
//! records, as the SDK's collection sees it (`testing::capture`), and that
//! a build without the `metrics` feature records nothing. Exact sums under
//! 8 threads, a bounded attribute-set count under an explosion, observable
//! callbacks, redacted attributes.

#[path = "support/child.rs"]
mod child;

use std::collections::HashSet;
use std::sync::Arc;

use telemetry_facade::testing::{self, MetricKind, MetricRecord, PointValue};
use telemetry_facade::{get_telemetry, Attributes, KeyValue, Meter, BUILD};

fn meter() -> Meter {
    get_telemetry("metrics_test").meter().clone()
}

/// The metric `name` once collected: `Some` exactly when the build has a
/// metrics backend.
fn collected(name: &str) -> Option<MetricRecord> {
    let metric = testing::capture().metric(name);
    assert_eq!(metric.is_some(), BUILD.metrics, "{name}: {metric:?}");
    metric
}

#[test]
fn counters_sum_per_attribute_set() {
    testing::capture();
    let orders = meter()
        .u64_counter("test.orders")
        .description("Orders taken")
        .unit("{order}")
        .build();
    let eu = [KeyValue::new("region", "eu")];
    let us = [KeyValue::new("region", "us")];
    orders.add(2, &eu);
    orders.add(3, &eu);
    orders.clone().add(7, &us);
    let cpu = meter().f64_counter("test.cpu").unit("s").build();
    cpu.add(0.25, &[]);
    cpu.add(0.5, &[]);
    if let Some(m) = collected("test.orders") {
        assert_eq!(m.kind, MetricKind::Sum { monotonic: true });
        assert_eq!(
            (m.description.as_str(), m.unit.as_str()),
            ("Orders taken", "{order}")
        );
        assert_eq!(m.scope, "metrics_test");
        assert_eq!(m.points.len(), 2);
        assert_eq!(m.point(&eu).unwrap().value, PointValue::U64(5));
        assert_eq!(m.point(&us).unwrap().value, PointValue::U64(7));
    }
    if let Some(m) = collected("test.cpu") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::F64(0.75));
    }
}

#[test]
fn up_down_counters_go_both_ways() {
    testing::capture();
    let active = meter().i64_up_down_counter("test.active").build();
    for _ in 0..5 {
        active.add(1, &[]);
    }
    active.add(-3, &[]);
    let level = meter().f64_up_down_counter("test.level").build();
    level.add(1.5, &[]);
    level.add(-0.5, &[]);
    if let Some(m) = collected("test.active") {
        assert_eq!(m.kind, MetricKind::Sum { monotonic: false });
        assert_eq!(m.point(&[]).unwrap().value, PointValue::I64(2));
    }
    if let Some(m) = collected("test.level") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::F64(1.0));
    }
}

#[test]
fn histograms_count_into_their_buckets() {
    testing::capture();
    let latency = meter()
        .f64_histogram("test.latency")
        .unit("s")
        .boundaries(vec![0.1, 0.5, 1.0])
        .build();
    for v in [0.05, 0.2, 0.3, 0.7, 2.0] {
        latency.record(v, &[KeyValue::new("route", "/a")]);
    }
    let sizes = meter().u64_histogram("test.sizes").build();
    sizes.record(10, &[]);
    sizes.record(30, &[]);
    // Boundaries that are not increasing are not used (the defaults are).
    let odd = meter()
        .u64_histogram("test.odd")
        .boundaries(vec![5.0, 1.0])
        .build();
    odd.record(1, &[]);
    if let Some(m) = collected("test.latency") {
        assert_eq!(m.kind, MetricKind::Histogram);
        let PointValue::Histogram {
            count,
            sum,
            min,
            max,
            bounds,
            bucket_counts,
        } = &m.point(&[KeyValue::new("route", "/a")]).unwrap().value
        else {
            panic!("{m:?}");
        };
        assert_eq!(*count, 5);
        assert!((sum - 3.25).abs() < 1e-9, "{sum}");
        assert_eq!((*min, *max), (Some(0.05), Some(2.0)));
        assert_eq!(bounds, &[0.1, 0.5, 1.0]);
        assert_eq!(bucket_counts, &[1, 2, 1, 1]);
    }
    if let Some(m) = collected("test.sizes") {
        let PointValue::Histogram { count, sum, .. } = &m.points[0].value else {
            panic!("{m:?}");
        };
        assert_eq!((*count, *sum), (2, 40.0));
    }
    if let Some(m) = collected("test.odd") {
        let PointValue::Histogram { bounds, .. } = &m.points[0].value else {
            panic!("{m:?}");
        };
        assert_eq!(bounds.len(), 15, "the SDK's default boundaries: {bounds:?}");
    }
}

#[test]
fn gauges_keep_the_last_value() {
    testing::capture();
    let temperature = meter().f64_gauge("test.temperature").build();
    temperature.record(20.5, &[]);
    temperature.record(21.0, &[]);
    let limit = meter().u64_gauge("test.limit").build();
    limit.record(32, &[]);
    let offset = meter().i64_gauge("test.offset").build();
    offset.record(-4, &[]);
    if let Some(m) = collected("test.temperature") {
        assert_eq!(m.kind, MetricKind::Gauge);
        assert_eq!(m.point(&[]).unwrap().value, PointValue::F64(21.0));
    }
    if let Some(m) = collected("test.limit") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::U64(32));
    }
    if let Some(m) = collected("test.offset") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::I64(-4));
    }
}

#[test]
fn observable_instruments_report_at_each_collection() {
    testing::capture();
    let calls = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let seen = Arc::clone(&calls);
    let _jobs = meter()
        .u64_observable_counter("test.jobs_total")
        .callback(move |o| {
            let n = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            o.observe(10 * n, &[KeyValue::new("queue", "main")]);
        })
        .build();
    let _memory = meter()
        .u64_observable_gauge("test.memory")
        .unit("By")
        .callback(|o| o.observe(4096, &[]))
        .build();
    let _load = meter()
        .f64_observable_gauge("test.load")
        .callback(|o| o.observe(0.5, &[]))
        .build();
    let _queued = meter()
        .i64_observable_up_down_counter("test.queued")
        .callback(|o| o.observe(-2, &[]))
        .build();
    let _secs = meter()
        .f64_observable_counter("test.seconds")
        .callback(|o| o.observe(1.5, &[]))
        .build();
    let _pending = meter()
        .f64_observable_up_down_counter("test.pending")
        .callback(|o| o.observe(2.5, &[]))
        .build();
    let _delta = meter()
        .i64_observable_gauge("test.delta")
        .callback(|o| o.observe(-1, &[]))
        .build();
    if let Some(m) = collected("test.jobs_total") {
        assert_eq!(m.kind, MetricKind::Sum { monotonic: true });
        let PointValue::U64(first) = m.points[0].value else {
            panic!("{m:?}")
        };
        // Collected again: the callback ran again, with a larger total.
        let again = collected("test.jobs_total").unwrap();
        let PointValue::U64(second) = again.points[0].value else {
            panic!("{again:?}")
        };
        assert!(second > first, "{first} then {second}");
    }
    for (name, value) in [
        ("test.memory", PointValue::U64(4096)),
        ("test.load", PointValue::F64(0.5)),
        ("test.queued", PointValue::I64(-2)),
        ("test.seconds", PointValue::F64(1.5)),
        ("test.pending", PointValue::F64(2.5)),
        ("test.delta", PointValue::I64(-1)),
    ] {
        if let Some(m) = collected(name) {
            assert_eq!(m.point(&[]).unwrap().value, value, "{name}");
        }
    }
    assert!(calls.load(std::sync::atomic::Ordering::Relaxed) >= u64::from(BUILD.metrics) * 2);
}

#[test]
fn eight_threads_sum_exactly() {
    testing::capture();
    let hits = meter().u64_counter("test.hits").build();
    let sizes = meter().u64_histogram("test.hit_sizes").build();
    std::thread::scope(|s| {
        for t in 0..8 {
            let (hits, sizes) = (hits.clone(), sizes.clone());
            s.spawn(move || {
                let attributes = [KeyValue::new("thread.parity", (t % 2) as i64)];
                for _ in 0..100_000 {
                    hits.add(1, &attributes);
                    sizes.record(2, &attributes);
                }
            });
        }
    });
    if let Some(m) = collected("test.hits") {
        for parity in [0i64, 1] {
            let point = m.point(&[KeyValue::new("thread.parity", parity)]).unwrap();
            assert_eq!(point.value, PointValue::U64(400_000), "{parity}");
        }
    }
    if let Some(m) = collected("test.hit_sizes") {
        let total: u64 = m
            .points
            .iter()
            .map(|p| match &p.value {
                PointValue::Histogram { count, .. } => *count,
                other => panic!("{other:?}"),
            })
            .sum();
        assert_eq!(total, 800_000);
    }
}

#[test]
fn an_attribute_explosion_stays_bounded() {
    testing::capture();
    let requests = meter().u64_counter("test.exploded").build();
    for i in 0..100_000i64 {
        requests.add(1, &[KeyValue::new("user.id", i)]);
    }
    if let Some(m) = collected("test.exploded") {
        // The SDK's default limit: 2000 sets, the rest in one overflow point.
        assert!(m.points.len() <= 2001, "{} points", m.points.len());
        let overflow = m
            .point(&[KeyValue::new("otel.metric.overflow", true)])
            .expect("an overflow point");
        let PointValue::U64(in_overflow) = overflow.value else {
            panic!("{overflow:?}")
        };
        let total: u64 = m
            .points
            .iter()
            .map(|p| match p.value {
                PointValue::U64(v) => v,
                _ => 0,
            })
            .sum();
        assert_eq!(total, 100_000, "nothing lost, only merged");
        assert!(in_overflow >= 100_000 - 2000, "{in_overflow}");
        let ids: HashSet<String> = m
            .points
            .iter()
            .flat_map(|p| p.attributes.iter().map(|kv| kv.key.as_str().to_owned()))
            .collect();
        assert!(ids.contains("user.id"));
    }
}

#[test]
fn secret_attribute_values_are_redacted() {
    testing::capture();
    let logins = meter().u64_counter("test.logins").build();
    // Again and again: the instrument remembers the keys it found clean,
    // never the secret one.
    for _ in 0..3 {
        logins.add(
            1,
            &[
                KeyValue::new("user", "ada"),
                KeyValue::new("password", "hunter2"),
            ],
        );
    }
    if let Some(m) = collected("test.logins") {
        assert_eq!(m.points.len(), 1, "{m:?}");
        let point = &m.points[0];
        let user = point.attributes.iter().find(|kv| kv.key.as_str() == "user");
        assert_eq!(
            user.and_then(|kv| kv.value.as_str()),
            Some("ada"),
            "{point:?}"
        );
        let password = point
            .attributes
            .iter()
            .find(|kv| kv.key.as_str() == "password");
        assert_eq!(
            password.and_then(|kv| kv.value.as_str()),
            Some("[REDACTED]"),
            "{point:?}"
        );
    }
}

#[test]
fn enabled_says_whether_a_recording_counts() {
    testing::capture();
    let meter = meter();
    let counter = meter.u64_counter("test.enabled").build();
    assert_eq!(counter.enabled(), BUILD.metrics);
    assert_eq!(
        meter
            .i64_up_down_counter("test.enabled.ud")
            .build()
            .enabled(),
        BUILD.metrics
    );
    assert_eq!(
        meter.f64_histogram("test.enabled.h").build().enabled(),
        BUILD.metrics
    );
    assert_eq!(
        meter.u64_gauge("test.enabled.g").build().enabled(),
        BUILD.metrics
    );
    let mut built = 0;
    if counter.enabled() {
        built += 1;
        counter.add(3, &[KeyValue::new("k", "v")]);
    }
    assert_eq!(built, usize::from(BUILD.metrics));
    if let Some(m) = collected("test.enabled") {
        assert_eq!(m.points[0].value, PointValue::U64(3));
    }
}

#[test]
fn handles_are_free_without_the_feature() {
    let meter = meter();
    let counter = meter.u64_counter("test.size").build();
    if !BUILD.metrics {
        assert_eq!(std::mem::size_of_val(&meter), 0);
        assert_eq!(std::mem::size_of_val(&counter), 0);
    }
}

#[test]
fn red_helpers_record_duration_outcomes_and_work_in_flight() {
    testing::capture();
    let m = meter();
    let duration = m.f64_histogram("test.red.duration").unit("s").build();
    let outcomes = m.u64_counter("test.red.outcomes").build();
    let active = m.i64_up_down_counter("test.red.active").build();
    let route = [KeyValue::new("route", "/r")];
    let value = duration.time(&route, || {
        let _in_flight = active.track(route.to_vec());
        std::thread::sleep(std::time::Duration::from_millis(5));
        if let Some(m) = testing::capture().metric("test.red.active") {
            assert_eq!(
                m.point(&route).unwrap().value,
                PointValue::I64(1),
                "in flight"
            );
        }
        outcomes.count_result(&route, "7".parse::<u32>())
    });
    assert_eq!(value, Ok(7));
    assert!(outcomes.count_result(&route, "x".parse::<u32>()).is_err());
    let output = block_on(duration.time_future(route.to_vec(), async { 5 }));
    assert_eq!(output, 5);
    if let Some(m) = collected("test.red.duration") {
        let PointValue::Histogram { count, sum, .. } = &m.point(&route).unwrap().value else {
            panic!("{m:?}")
        };
        assert_eq!(*count, 2);
        assert!(*sum >= 0.005, "the closure slept 5 ms: {sum}");
    }
    if let Some(m) = collected("test.red.outcomes") {
        let ok = [KeyValue::new("route", "/r"), KeyValue::new("outcome", "ok")];
        assert_eq!(m.point(&ok).unwrap().value, PointValue::U64(1));
        let error = [
            KeyValue::new("route", "/r"),
            KeyValue::new("outcome", "error"),
            KeyValue::new("error.type", "core::num::error::ParseIntError"),
        ];
        assert_eq!(m.point(&error).unwrap().value, PointValue::U64(1));
    }
    if let Some(m) = collected("test.red.active") {
        assert_eq!(
            m.point(&route).unwrap().value,
            PointValue::I64(0),
            "finished"
        );
    }
}

/// Polls `future` to completion on this thread.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, Wake, Waker};
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    let waker = Waker::from(Arc::new(Noop));
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(v) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
            return v;
        }
    }
}

#[test]
fn attribute_sets_that_differ_only_in_a_value_stay_apart() {
    // Recorded in turn on one thread, as a loop does: each set is its own
    // point, whatever the recording before it was (static strings, numbers,
    // owned strings, a secret key, two instruments sharing one set).
    testing::capture();
    let hits = meter().u64_counter("test.alternating").build();
    let sizes = meter().f64_histogram("test.alternating.size").build();
    let sets: [Vec<KeyValue>; 6] = [
        vec![KeyValue::new("route", "/a"), KeyValue::new("code", 200i64)],
        vec![KeyValue::new("route", "/b"), KeyValue::new("code", 200i64)],
        vec![KeyValue::new("route", "/a"), KeyValue::new("code", 500i64)],
        vec![
            KeyValue::new("route", String::from("/a")),
            KeyValue::new("code", 404i64),
        ],
        vec![KeyValue::new("route", "/a"), KeyValue::new("ok", true)],
        vec![KeyValue::new("route", "/a"), KeyValue::new("token", "abc")],
    ];
    for round in 0..3u64 {
        for (i, set) in sets.iter().enumerate() {
            hits.add(i as u64 + 1, set);
            sizes.record(round as f64, set);
        }
    }
    if let Some(m) = collected("test.alternating") {
        assert_eq!(m.points.len(), sets.len(), "{m:?}");
        for (i, set) in sets.iter().take(5).enumerate() {
            let point = m.point(set).unwrap_or_else(|| panic!("set {i}: {m:?}"));
            assert_eq!(point.value, PointValue::U64(3 * (i as u64 + 1)), "set {i}");
        }
        let secret = [
            KeyValue::new("route", "/a"),
            KeyValue::new("token", "[REDACTED]"),
        ];
        assert_eq!(
            m.point(&secret).map(|p| &p.value),
            Some(&PointValue::U64(18)),
            "{m:?}"
        );
    }
    if let Some(m) = collected("test.alternating.size") {
        assert_eq!(m.points.len(), sets.len(), "{m:?}");
    }
}

/// A type of the caller's own that holds an attribute set.
struct Route {
    attributes: [KeyValue; 2],
}

impl Attributes for Route {
    fn as_attributes(&self) -> &[KeyValue] {
        &self.attributes
    }
}

#[test]
fn every_form_of_attribute_set_records_the_same_points() {
    testing::capture();
    let set = || {
        [
            KeyValue::new("http.route", "/orders"),
            KeyValue::new("http.response.status_code", 200),
        ]
    };
    let array = set();
    let vec = set().to_vec();
    let route = Route { attributes: set() };
    let requests = meter().u64_counter("test.forms").build();
    requests.add(1, set()); // by value
    requests.add(2, &array); // an array by reference
    requests.add(4, &array[..]); // a slice
    requests.add(8, &vec); // a Vec by reference
    requests.add(16, vec.clone()); // a Vec by value
    requests.add(32, &route); // the caller's own type
    requests.add(
        64,
        [
            KeyValue::new("http.route", String::from("/orders")),
            set()[1].clone(),
        ],
    );
    requests.add(128, &[]); // none
    let boxed: Box<[KeyValue]> = set().into();
    let shared: std::sync::Arc<[KeyValue]> = set().into();
    let local: std::rc::Rc<[KeyValue]> = set().into();
    let cow: std::borrow::Cow<'_, [KeyValue]> = std::borrow::Cow::Borrowed(&array);
    let mut vec_mut = vec.clone();
    requests.add(256, &boxed); // kept in a Box, an Arc, an Rc, a Cow
    requests.add(512, &shared);
    requests.add(1024, local);
    requests.add(2048, cow);
    requests.add(4096, &mut vec_mut); // by mutable reference
    let sizes = meter().u64_histogram("test.forms.h").build();
    sizes.record(10, set());
    sizes.record(20, &vec);
    let level = meter().f64_gauge("test.forms.g").build();
    level.record(0.5, route);
    let active = meter().i64_up_down_counter("test.forms.ud").build();
    active.add(3, Vec::new());
    if let Some(m) = collected("test.forms") {
        assert_eq!(m.points.len(), 2, "{m:?}");
        assert_eq!(m.point(&array).unwrap().value, PointValue::U64(8191 - 128));
        assert_eq!(m.point(&[]).unwrap().value, PointValue::U64(128));
    }
    if let Some(m) = collected("test.forms.h") {
        let PointValue::Histogram { count, sum, .. } = &m.point(&array).unwrap().value else {
            panic!("not a histogram: {m:?}");
        };
        assert_eq!((*count, *sum), (2, 30.0));
    }
    if let Some(m) = collected("test.forms.g") {
        assert_eq!(m.point(&array).unwrap().value, PointValue::F64(0.5));
    }
    if let Some(m) = collected("test.forms.ud") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::I64(3));
    }
}

#[test]
fn an_empty_set_after_one_with_an_owned_string_has_no_attributes() {
    // The per-thread cache of the last converted set: a set holding an
    // owned string is not kept, and the empty set that follows must not
    // record under the set converted before it.
    testing::capture();
    let jobs = meter().u64_counter("test.empty_after_owned").build();
    let fixed = [KeyValue::new("queue", "mail")];
    jobs.add(1, &fixed);
    jobs.add(2, [KeyValue::new("queue", String::from("mail"))]);
    jobs.add(4, &[]);
    if let Some(m) = collected("test.empty_after_owned") {
        assert_eq!(m.points.len(), 2, "{m:?}");
        assert_eq!(m.point(&fixed).unwrap().value, PointValue::U64(3));
        assert_eq!(m.point(&[]).unwrap().value, PointValue::U64(4));
    }
}

/// Instruments whose names and units the specification rejects: made and
/// recorded through, as a library would.
fn record_through_invalid_names() {
    let meter = meter();
    let spaced = meter.u64_counter("test.bad name!").unit("µs").build();
    spaced.add(2, []);
    spaced.add(3, []);
    let digit = meter.f64_histogram("9test.latency").unit("°C").build();
    digit.record(1.5, []);
    let _observed = meter
        .u64_observable_gauge("")
        .callback(|observer| observer.observe(7, []))
        .build();
}

/// Values the instruments do not take: negative for a counter or a
/// histogram, NaN and infinities for any.
fn record_values_not_taken() {
    let meter = meter();
    let total = meter.f64_counter("test.not_taken.counter").build();
    let sizes = meter.f64_histogram("test.not_taken.histogram").build();
    let level = meter.f64_up_down_counter("test.not_taken.up_down").build();
    let last = meter.f64_gauge("test.not_taken.gauge").build();
    for v in [1.0, -2.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        total.add(v, []);
        sizes.record(v, []);
        last.record(v, []);
    }
    for v in [1.0, -3.0, f64::NAN, f64::INFINITY] {
        level.add(v, []);
    }
}

#[test]
fn values_an_instrument_does_not_take_are_ignored() {
    testing::capture();
    record_values_not_taken();
    if let Some(m) = collected("test.not_taken.counter") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::F64(1.0));
    }
    if let Some(m) = collected("test.not_taken.histogram") {
        let PointValue::Histogram { count, sum, .. } = &m.point(&[]).unwrap().value else {
            panic!("not a histogram: {m:?}");
        };
        assert_eq!((*count, *sum), (1, 1.0));
    }
    if let Some(m) = collected("test.not_taken.up_down") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::F64(-2.0));
    }
    if let Some(m) = collected("test.not_taken.gauge") {
        // A gauge takes a negative value: the last one it could take.
        assert_eq!(m.point(&[]).unwrap().value, PointValue::F64(-2.0));
    }
}

#[test]
fn invalid_names_and_units_are_repaired_not_dropped() {
    testing::capture();
    record_through_invalid_names();
    if let Some(m) = collected("test.bad_name_") {
        assert_eq!(m.unit, "us");
        assert_eq!(m.point(&[]).unwrap().value, PointValue::U64(5));
    }
    if let Some(m) = collected("metric_9test.latency") {
        assert_eq!(m.unit, "");
        let PointValue::Histogram { count, .. } = &m.point(&[]).unwrap().value else {
            panic!("not a histogram: {m:?}");
        };
        assert_eq!(*count, 1);
    }
    if let Some(m) = collected("unnamed") {
        assert_eq!(m.point(&[]).unwrap().value, PointValue::U64(7));
    }
}

#[test]
#[ignore = "run by invalid_input_warns_once_each, in a process of its own"]
fn child_with_invalid_input() {
    testing::capture();
    record_through_invalid_names();
    record_through_invalid_names(); // the same names again: no new warning
    record_values_not_taken();
    record_values_not_taken();
    testing::capture().metrics();
}

#[test]
fn invalid_input_warns_once_each() {
    let out = child::run_child("child_with_invalid_input", &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let count = |needle: &str| stderr.lines().filter(|l| l.contains(needle)).count();
    let warned = usize::from(BUILD.metrics);
    assert_eq!(
        count(
            r#"telemetry-facade: warning: metric instrument name "test.bad name!" (meter "metrics_test") is not valid"#
        ),
        warned,
        "{stderr}"
    );
    assert_eq!(
        count(r#"recorded as "metric_9test.latency""#),
        warned,
        "{stderr}"
    );
    assert_eq!(count(r#"recorded as "unnamed""#), warned, "{stderr}");
    assert_eq!(
        count(r#"unit "µs" of metric instrument "test.bad_name_""#),
        warned,
        "{stderr}"
    );
    assert_eq!(count("recorded without a unit"), warned, "{stderr}");
    assert_eq!(
        count(
            r#"warning: metric counter "test.not_taken.counter" was given a negative value, which it ignores"#
        ),
        warned,
        "{stderr}"
    );
    assert_eq!(
        count(r#"warning: metric histogram "test.not_taken.histogram" was given a negative value"#),
        warned,
        "{stderr}"
    );
    // No other warning about metrics (a build may warn about its own
    // features at `init`).
    let about_metrics = stderr
        .lines()
        .filter(|l| {
            l.starts_with("telemetry-facade: warning: metric")
                || l.starts_with("telemetry-facade: warning: unit")
        })
        .count();
    assert_eq!(about_metrics, 7 * warned, "{stderr}");
}
