//! Metrics, the third signal: a [`Meter`] per component (from
//! [`Telemetry::meter`](crate::Telemetry::meter)) makes instruments —
//! counters, up-down counters, histograms, gauges, and their observable
//! (callback) forms — that record numbers with attributes in the crate's
//! own [`KeyValue`](crate::KeyValue) vocabulary.
//!
//! Same promise as spans and logs: one API in every build. Without the
//! `metrics` feature every handle is zero-sized and every call compiles
//! away; with it, before [`init`](crate::init) and with
//! `OTEL_SDK_DISABLED=true` a recording costs one atomic load. Instruments
//! are cheap to clone and meant to be made once and kept (in a `static`, or
//! in your own struct); one made before `init` records once `init` has run.
//!
//! ```
//! use std::sync::LazyLock;
//! use telemetry_facade::{telemetry, Counter, Histogram, KeyValue};
//!
//! static REQUESTS: LazyLock<Counter<u64>> = LazyLock::new(|| {
//!     telemetry!()
//!         .meter()
//!         .u64_counter("http.server.requests")
//!         .description("Requests handled")
//!         .unit("{request}")
//!         .build()
//! });
//! static LATENCY: LazyLock<Histogram<f64>> = LazyLock::new(|| {
//!     telemetry!()
//!         .meter()
//!         .f64_histogram("http.server.request.duration")
//!         .unit("s")
//!         .boundaries(vec![0.005, 0.01, 0.05, 0.1, 0.5, 1.0])
//!         .build()
//! });
//!
//! fn handle(route: &'static str) {
//!     REQUESTS.add(1, &[KeyValue::new("http.route", route)]);
//!     LATENCY.record(0.012, &[KeyValue::new("http.route", route)]);
//! }
//! handle("/orders");
//! ```

mod builders;
mod instruments;
mod observable;
mod prometheus;
mod red;
pub(crate) mod spec;

pub use builders::{InstrumentBuilder, ObservableBuilder};
pub use instruments::{Counter, Gauge, Histogram, UpDownCounter};
pub use observable::{ObservableCounter, ObservableGauge, ObservableUpDownCounter, Observer};
pub use prometheus::{prometheus_text, PrometheusText};
pub use red::{InFlight, Timed};

use std::borrow::Cow;
use std::fmt;

use crate::backend::metrics::{MeterBackend, SelectedMeter};
use spec::{InstrumentKind, NumberKind};

/// Makes the instruments of one named component (the instrumentation
/// scope of what they record). Get it from
/// [`Telemetry::meter`](crate::Telemetry::meter).
///
/// Instrument names follow the specification: an ASCII letter, then at
/// most 254 ASCII letters, digits, `_`, `.`, `-` and `/`; units at most 63
/// ASCII characters. An instrument whose name is not valid still records:
/// its name is repaired (other characters become `_`, a name that does
/// not start with a letter gets the prefix `metric_`, an empty one is
/// `unnamed`), a unit that is not valid is left out (`µs` becomes `us`),
/// and each repair is one warning on stderr once `init` has run.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, KeyValue};
///
/// let meter = get_telemetry("my_crate::cache").meter().clone();
/// let hits = meter.u64_counter("cache.hits").build();
/// hits.add(1, &[KeyValue::new("cache.name", "users")]);
/// ```
#[derive(Clone)]
pub struct Meter {
    inner: SelectedMeter,
}

impl Meter {
    /// A meter for a `'static` scope name, usable in a `static`.
    #[inline]
    pub(crate) const fn named(scope: &'static str) -> Meter {
        Meter {
            inner: SelectedMeter::named(scope),
        }
    }

    #[inline]
    pub(crate) fn new(scope: Cow<'static, str>) -> Meter {
        Meter {
            inner: SelectedMeter::new(scope),
        }
    }

    fn builder<I>(
        &self,
        kind: InstrumentKind,
        number: NumberKind,
        name: impl Into<Cow<'static, str>>,
    ) -> InstrumentBuilder<'_, I> {
        InstrumentBuilder::new(&self.inner, kind, number, name.into())
    }

    fn observable_builder<I>(
        &self,
        kind: InstrumentKind,
        number: NumberKind,
        name: impl Into<Cow<'static, str>>,
    ) -> ObservableBuilder<'_, I> {
        ObservableBuilder::new(&self.inner, kind, number, name.into())
    }
}

macro_rules! meter_methods {
    ($(sync $method:ident: $ty:ty = $kind:ident($num:ident), $doc:literal;)* $(async $amethod:ident: $aty:ty = $akind:ident($anum:ident), $adoc:literal;)*) => {
        impl Meter {
            $(
                #[doc = $doc]
                #[inline]
                pub fn $method(&self, name: impl Into<Cow<'static, str>>) -> InstrumentBuilder<'_, $ty> {
                    self.builder(InstrumentKind::$kind, NumberKind::$num, name)
                }
            )*
            $(
                #[doc = $adoc]
                #[inline]
                pub fn $amethod(&self, name: impl Into<Cow<'static, str>>) -> ObservableBuilder<'_, $aty> {
                    self.observable_builder(InstrumentKind::$akind, NumberKind::$anum, name)
                }
            )*
        }
    };
}

meter_methods! {
    sync u64_counter: Counter<u64> = Counter(U64), "A counter of whole increments (requests, bytes): only goes up.";
    sync f64_counter: Counter<f64> = Counter(F64), "A counter of fractional increments (seconds of CPU): only goes up.";
    sync i64_up_down_counter: UpDownCounter<i64> = UpDownCounter(I64), "A sum that goes up and down (in-flight requests, queue length).";
    sync f64_up_down_counter: UpDownCounter<f64> = UpDownCounter(F64), "A fractional sum that goes up and down.";
    sync u64_histogram: Histogram<u64> = Histogram(U64), "A distribution of whole values (sizes); bucket boundaries optional.";
    sync f64_histogram: Histogram<f64> = Histogram(F64), "A distribution of values (durations in seconds); bucket boundaries optional.";
    sync i64_gauge: Gauge<i64> = Gauge(I64), "The last value set (a temperature, a configured limit).";
    sync u64_gauge: Gauge<u64> = Gauge(U64), "The last whole non-negative value set.";
    sync f64_gauge: Gauge<f64> = Gauge(F64), "The last fractional value set.";
    async u64_observable_counter: ObservableCounter<u64> = ObservableCounter(U64), "A counter read by a callback at each collection (the total the process has counted somewhere else).";
    async f64_observable_counter: ObservableCounter<f64> = ObservableCounter(F64), "A fractional counter read by a callback at each collection (CPU seconds).";
    async i64_observable_up_down_counter: ObservableUpDownCounter<i64> = ObservableUpDownCounter(I64), "A sum read by a callback at each collection (connections open in a pool).";
    async f64_observable_up_down_counter: ObservableUpDownCounter<f64> = ObservableUpDownCounter(F64), "A fractional sum read by a callback at each collection.";
    async i64_observable_gauge: ObservableGauge<i64> = ObservableGauge(I64), "A value read by a callback at each collection.";
    async u64_observable_gauge: ObservableGauge<u64> = ObservableGauge(U64), "A whole non-negative value read by a callback at each collection (memory in use).";
    async f64_observable_gauge: ObservableGauge<f64> = ObservableGauge(F64), "A fractional value read by a callback at each collection (load average).";
}

impl fmt::Debug for Meter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Meter").finish_non_exhaustive()
    }
}
