//! In-memory capture of finished spans and written log lines, for tests
//! (feature `testing`).
//!
//! [`capture`] initialises telemetry once for the test process with an
//! in-memory span exporter and returns the shared [`Capture`]. Tests of one
//! binary run in parallel threads and share it: tell your spans apart by
//! name or trace id rather than clearing the capture.
//!
//! Log records are captured at every level, in the configured format (JSON
//! lines with the `json` feature, the pretty format with `slog` alone).
//!
//! In a build without the `otel` feature no span is ever captured, and
//! [`Capture::spans`] stays empty; without a logger backend
//! [`Capture::log_lines`] stays empty; without the `metrics` feature
//! [`Capture::metrics`] stays empty.
//!
//! # Examples
//!
//! ```
//! use telemetry_facade::{get_telemetry, testing};
//!
//! let capture = testing::capture();
//! let tracer = get_telemetry("my_crate").tracer().clone();
//! tracer.in_span("doc_capture_example", |span| span.set_attribute("n", 1));
//!
//! let spans = capture.spans_named("doc_capture_example");
//! assert_eq!(spans.len(), usize::from(telemetry_facade::BUILD.traces));
//! ```

use std::fmt;

use once_cell::sync::OnceCell;

use crate::backend::log::{LoggerBackend, SelectedLogger};
use crate::backend::metrics::{MeterBackend, SelectedMeter};
use crate::backend::trace::{SelectedTracer, TracerBackend};
use crate::backend::Install;
use crate::{Config, Key, KeyValue, SpanId, SpanKind, Status, TraceContext, TraceId, Value};

/// A finished span as the exporter saw it.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, testing, SpanKind, Status, Value, BUILD};
///
/// let capture = testing::capture();
/// let tracer = get_telemetry("my_crate::db").tracer().clone();
/// tracer
///     .span("query")
///     .kind(SpanKind::Client)
///     .attribute("db.rows", 3)
///     .in_span(|span| span.set_status(Status::Ok));
///
/// let spans = capture.spans_named("query");
/// assert_eq!(spans.len(), usize::from(BUILD.traces));
/// for span in &spans {
///     assert_eq!(span.scope, "my_crate::db");
///     assert_eq!(span.kind, SpanKind::Client);
///     assert_eq!(span.attribute("db.rows"), Some(&Value::I64(3)));
///     assert_eq!(span.status, Status::Ok);
///     assert_eq!(span.parent_span_id, None);
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct SpanRecord {
    /// The span's name.
    pub name: String,
    /// The instrumentation scope (the telemetry name).
    pub scope: String,
    /// The span's trace id.
    pub trace_id: TraceId,
    /// The span's id.
    pub span_id: SpanId,
    /// The parent span's id, if any.
    pub parent_span_id: Option<SpanId>,
    /// The span kind.
    pub kind: SpanKind,
    /// The attributes, in the order they were set.
    pub attributes: Vec<KeyValue>,
    /// The events, in order.
    pub events: Vec<EventRecord>,
    /// The linked span contexts.
    pub links: Vec<TraceContext>,
    /// The final status.
    pub status: Status,
}

impl SpanRecord {
    /// The value of the attribute named `key`, if set.
    pub fn attribute(&self, key: &str) -> Option<&Value> {
        find(&self.attributes, key)
    }
}

/// An event recorded on a span.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, testing, Value, BUILD};
///
/// let capture = testing::capture();
/// let tracer = get_telemetry("my_crate::cache").tracer().clone();
/// tracer.in_span("lookup", |span| span.add_event("cache_miss", [("cache.key", "user:42")]));
///
/// let events: Vec<_> = capture.spans_named("lookup").into_iter().flat_map(|s| s.events).collect();
/// assert_eq!(events.len(), usize::from(BUILD.traces));
/// assert!(events.iter().all(|event| event.name == "cache_miss"
///     && event.attribute("cache.key").and_then(Value::as_str) == Some("user:42")));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct EventRecord {
    /// The event's name.
    pub name: String,
    /// The event's attributes.
    pub attributes: Vec<KeyValue>,
}

impl EventRecord {
    /// The value of the attribute named `key`, if set.
    pub fn attribute(&self, key: &str) -> Option<&Value> {
        find(&self.attributes, key)
    }
}

fn find<'a>(kvs: &'a [KeyValue], key: &str) -> Option<&'a Value> {
    kvs.iter()
        .find(|kv| kv.key == Key::from(key.to_owned()))
        .map(|kv| &kv.value)
}

/// What the test process has recorded; see [`capture`].
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info, testing, BUILD};
///
/// let capture = testing::capture();
/// let t = get_telemetry("my_crate::shop");
/// let trace_id = t.tracer().in_span("checkout", |span| {
///     info!(t.logger(), "checkout_started", items = 2);
///     t.tracer().start("reserve_stock").end();
///     span.context().map(|cx| cx.trace_id())
/// });
///
/// // Spans: by name, by trace, or all of them.
/// assert_eq!(capture.spans_named("reserve_stock").len(), usize::from(BUILD.traces));
/// assert_eq!(trace_id.is_some(), BUILD.traces);
/// if let Some(trace_id) = trace_id {
///     let names: Vec<_> = capture.trace(trace_id).into_iter().map(|s| s.name).collect();
///     assert_eq!(names, ["reserve_stock", "checkout"]); // in the order they ended
/// }
/// assert!(capture.spans().len() >= capture.spans_named("checkout").len());
///
/// // Log lines, as the configured format writes them.
/// let lines = capture.log_lines();
/// let started = lines.iter().filter(|l| l.contains("checkout_started")).count();
/// assert_eq!(started, usize::from(BUILD.logs));
/// ```
pub struct Capture {
    spans: <SelectedTracer as Install>::Capture,
    logs: <SelectedLogger as Install>::Capture,
    metrics: <SelectedMeter as Install>::Capture,
}

impl Capture {
    /// Every span finished so far, in the order they ended.
    pub fn spans(&self) -> Vec<SpanRecord> {
        SelectedTracer::captured_spans(&self.spans)
    }

    /// Every log line written so far, without its newline.
    pub fn log_lines(&self) -> Vec<String> {
        SelectedLogger::captured_lines(&self.logs)
    }

    /// Every metric recorded so far, collected now: one record per
    /// instrument, with one point per attribute set, cumulative since
    /// `init`.
    pub fn metrics(&self) -> Vec<MetricRecord> {
        SelectedMeter::captured_metrics(&self.metrics)
    }

    /// The metric called `name`, collected now.
    pub fn metric(&self, name: &str) -> Option<MetricRecord> {
        self.metrics().into_iter().find(|m| m.name == name)
    }

    /// The finished spans called `name`.
    pub fn spans_named(&self, name: &str) -> Vec<SpanRecord> {
        self.spans()
            .into_iter()
            .filter(|s| s.name == name)
            .collect()
    }

    /// The finished spans of one trace.
    pub fn trace(&self, trace_id: TraceId) -> Vec<SpanRecord> {
        self.spans()
            .into_iter()
            .filter(|s| s.trace_id == trace_id)
            .collect()
    }
}

impl fmt::Debug for Capture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Capture").finish_non_exhaustive()
    }
}

/// Initialises telemetry for this test process with in-memory capture (the
/// first call), and returns the capture.
///
/// The configuration is fixed: service name `telemetry-facade-test`, every
/// log level, and, in a build with the `prometheus` feature,
/// `MetricsSettings::new().prometheus(true)`, so that
/// [`prometheus_text`](crate::prometheus_text) renders what the tests
/// record.
///
/// # Panics
///
/// If telemetry was already initialised by something other than this
/// function: a test process has one configuration.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, testing, BUILD};
///
/// fn instrumented_work() {
///     get_telemetry("my_crate").tracer().in_span("doc_work", |_span| {});
/// }
///
/// // In each test: the same capture, however many tests call it.
/// let capture = testing::capture();
/// assert!(std::ptr::eq(capture, testing::capture()));
/// instrumented_work();
/// assert_eq!(capture.spans_named("doc_work").len(), usize::from(BUILD.traces));
/// ```
pub fn capture() -> &'static Capture {
    static CAPTURE: OnceCell<Capture> = OnceCell::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture {
            spans: Default::default(),
            logs: Default::default(),
            metrics: Default::default(),
        };
        // The Prometheus reader too, where the build has one, so that
        // `prometheus_text()` renders what the tests record.
        let config = Config::new()
            .service_name("telemetry-facade-test")
            .log_level(crate::Level::Trace)
            .metrics(crate::MetricsSettings::new().prometheus(crate::BUILD.prometheus));
        let config = SelectedLogger::capture_into(config, &capture.logs);
        let config = SelectedTracer::capture_into(config, &capture.spans);
        let config = SelectedMeter::capture_into(config, &capture.metrics);
        match crate::init(config) {
            // The capture lives as long as the process: never shut down.
            Ok(guard) => std::mem::forget(guard),
            Err(e) => panic!("testing::capture() must initialise telemetry itself: {e}"),
        }
        capture
    })
}

/// A clock for deterministic tests of log sampling: once made, it replaces
/// the real clock the sampler reads, process-wide and for the rest of the
/// process, frozen until [`advance`](ManualClock::advance) moves it; moving
/// it ends the windows it passes at once, on the calling thread (writing
/// their `log_records_sampled_out` records), instead of the ticker thread.
/// Every handle moves the same clock.
///
/// Tests of one binary run in parallel and share it: a test that advances
/// it changes the windows of every other test (serialise them, or give each
/// its own process).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::testing::ManualClock;
///
/// let clock = ManualClock::install();
/// let before = clock.now();
/// std::thread::sleep(Duration::from_millis(5));
/// assert_eq!(clock.now(), before, "frozen");
/// clock.advance(Duration::from_secs(1));
/// assert_eq!(clock.now(), before + Duration::from_secs(1));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ManualClock {
    _private: (),
}

impl ManualClock {
    /// Replaces the sampler's clock with the manual one (the first call),
    /// frozen at the real clock's reading, and returns a handle to it.
    pub fn install() -> ManualClock {
        crate::lifecycle::clock::use_manual();
        ManualClock { _private: () }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: std::time::Duration) {
        crate::lifecycle::clock::advance(by);
    }

    /// The clock's reading, since its origin.
    pub fn now(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(crate::lifecycle::clock::now())
    }
}

/// One instrument's data, as a collection saw it: what
/// [`Capture::metrics`] returns.
///
/// # Examples
///
/// ```
/// use telemetry_facade::testing::{self, MetricKind, PointValue};
/// use telemetry_facade::{get_telemetry, KeyValue, BUILD};
///
/// let capture = testing::capture();
/// let orders = get_telemetry("my_crate").meter().u64_counter("doc.orders").unit("{order}").build();
/// orders.add(2, &[KeyValue::new("region", "eu")]);
/// orders.add(3, &[KeyValue::new("region", "eu")]);
///
/// let metric = capture.metric("doc.orders");
/// assert_eq!(metric.is_some(), BUILD.metrics);
/// if let Some(metric) = metric {
///     assert_eq!(metric.kind, MetricKind::Sum { monotonic: true });
///     assert_eq!(metric.unit, "{order}");
///     let eu = metric.point(&[KeyValue::new("region", "eu")]).expect("one point");
///     assert_eq!(eu.value, PointValue::U64(5));
/// }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MetricRecord {
    /// The instrument's name.
    pub name: String,
    /// Its description (empty when none was given).
    pub description: String,
    /// Its unit (empty when none was given).
    pub unit: String,
    /// The meter's name (the component's, as given to `get_telemetry`).
    pub scope: String,
    /// How its points aggregate.
    pub kind: MetricKind,
    /// One point per attribute set.
    pub points: Vec<PointRecord>,
}

impl MetricRecord {
    /// The point of exactly this attribute set (in any order).
    pub fn point(&self, attributes: &[KeyValue]) -> Option<&PointRecord> {
        let mut wanted: Vec<&KeyValue> = attributes.iter().collect();
        wanted.sort_by(|a, b| a.key.as_str().cmp(b.key.as_str()));
        self.points.iter().find(|p| {
            let mut have: Vec<&KeyValue> = p.attributes.iter().collect();
            have.sort_by(|a, b| a.key.as_str().cmp(b.key.as_str()));
            have == wanted
        })
    }
}

/// How a metric's points aggregate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetricKind {
    /// A sum: counters (monotonic) and up-down counters.
    Sum {
        /// Whether it only goes up.
        monotonic: bool,
    },
    /// The last value: gauges.
    Gauge,
    /// A distribution: histograms.
    Histogram,
}

/// One attribute set's data.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct PointRecord {
    /// The attribute set, as exported (redacted, limited).
    pub attributes: Vec<KeyValue>,
    /// Its value.
    pub value: PointValue,
}

/// The value of a point.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum PointValue {
    /// A sum or gauge of `u64`s.
    U64(u64),
    /// A sum or gauge of `i64`s.
    I64(i64),
    /// A sum or gauge of `f64`s.
    F64(f64),
    /// A histogram's data (values as `f64`).
    Histogram {
        /// How many values were recorded.
        count: u64,
        /// Their sum.
        sum: f64,
        /// The smallest and largest, when known.
        min: Option<f64>,
        /// The largest.
        max: Option<f64>,
        /// The bucket boundaries.
        bounds: Vec<f64>,
        /// The count of each bucket (one more than the boundaries).
        bucket_counts: Vec<u64>,
    },
}
