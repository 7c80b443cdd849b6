//! [`InstrumentBuilder`] and [`ObservableBuilder`]: name, description,
//! unit (and bucket boundaries, callback), then `build`.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use super::observable::Observer;
use super::spec::{Callback, InstrumentKind, InstrumentSpec, NumberKind, ObserveSink};
use super::{
    Counter, Gauge, Histogram, ObservableCounter, ObservableGauge, ObservableUpDownCounter,
    UpDownCounter,
};
use crate::backend::metrics::{MeterBackend, SelectedMeter};

/// Describes a synchronous instrument before it is built; made by the
/// [`Meter`](crate::Meter) methods (`u64_counter`, `f64_histogram`, …).
///
/// # Examples
///
/// ```
/// use telemetry_facade::get_telemetry;
///
/// let meter = get_telemetry("my_crate::db").meter().clone();
/// let queries = meter
///     .u64_counter("db.client.queries")
///     .description("Queries sent")
///     .unit("{query}")
///     .build();
/// queries.add(1, &[]);
/// ```
#[must_use = "an instrument builder does nothing until `build` is called"]
pub struct InstrumentBuilder<'a, I> {
    meter: &'a SelectedMeter,
    spec: InstrumentSpec,
    _instrument: PhantomData<fn() -> I>,
}

impl<'a, I> InstrumentBuilder<'a, I> {
    pub(super) fn new(
        meter: &'a SelectedMeter,
        kind: InstrumentKind,
        number: NumberKind,
        name: Cow<'static, str>,
    ) -> Self {
        InstrumentBuilder {
            meter,
            spec: spec(kind, number, name),
            _instrument: PhantomData,
        }
    }

    /// What the instrument measures, in a sentence.
    pub fn description(mut self, description: impl Into<Cow<'static, str>>) -> Self {
        self.spec.description = Some(description.into());
        self
    }

    /// The unit, in UCUM (`s`, `ms`, `By`, `{request}`): exported as is,
    /// and turned into a suffix of the Prometheus name.
    pub fn unit(mut self, unit: impl Into<Cow<'static, str>>) -> Self {
        self.spec.unit = Some(unit.into());
        self
    }
}

impl<T> InstrumentBuilder<'_, Histogram<T>> {
    /// The bucket boundaries, in increasing order (the SDK's default:
    /// `0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500,
    /// 10000`). Boundaries that are not finite and increasing are not used:
    /// the defaults are, and `init` is not affected.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let latency = get_telemetry("my_crate::http")
    ///     .meter()
    ///     .f64_histogram("http.server.request.duration")
    ///     .unit("s")
    ///     .boundaries(vec![0.01, 0.05, 0.1, 0.5, 1.0])
    ///     .build();
    /// latency.record(0.042, &[]);
    /// ```
    pub fn boundaries(mut self, boundaries: Vec<f64>) -> Self {
        let valid =
            boundaries.iter().all(|b| b.is_finite()) && boundaries.windows(2).all(|w| w[0] < w[1]);
        self.spec.boundaries = valid.then_some(boundaries);
        self
    }
}

impl<I> fmt::Debug for InstrumentBuilder<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InstrumentBuilder")
            .field("name", &self.spec.name)
            .finish_non_exhaustive()
    }
}

/// Describes an observable instrument before it is built: its callback is
/// called at each collection (each export, each Prometheus scrape) to
/// report the current values.
///
/// # Examples
///
/// ```
/// use std::sync::atomic::{AtomicI64, Ordering};
/// use std::sync::Arc;
/// use telemetry_facade::{get_telemetry, KeyValue};
///
/// let open = Arc::new(AtomicI64::new(0));
/// let seen = Arc::clone(&open);
/// let _connections = get_telemetry("my_crate::pool")
///     .meter()
///     .i64_observable_up_down_counter("db.client.connections")
///     .callback(move |observer| {
///         observer.observe(seen.load(Ordering::Relaxed), &[KeyValue::new("pool", "main")])
///     })
///     .build();
/// open.fetch_add(1, Ordering::Relaxed);
/// ```
#[must_use = "an instrument builder does nothing until `build` is called"]
pub struct ObservableBuilder<'a, I> {
    meter: &'a SelectedMeter,
    spec: InstrumentSpec,
    callback: Option<Callback>,
    _instrument: PhantomData<fn() -> I>,
}

impl<'a, I> ObservableBuilder<'a, I> {
    pub(super) fn new(
        meter: &'a SelectedMeter,
        kind: InstrumentKind,
        number: NumberKind,
        name: Cow<'static, str>,
    ) -> Self {
        ObservableBuilder {
            meter,
            spec: spec(kind, number, name),
            callback: None,
            _instrument: PhantomData,
        }
    }

    /// What the instrument measures, in a sentence.
    pub fn description(mut self, description: impl Into<Cow<'static, str>>) -> Self {
        self.spec.description = Some(description.into());
        self
    }

    /// The unit, in UCUM (`s`, `By`, `{connection}`).
    pub fn unit(mut self, unit: impl Into<Cow<'static, str>>) -> Self {
        self.spec.unit = Some(unit.into());
        self
    }
}

impl<I> fmt::Debug for ObservableBuilder<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ObservableBuilder")
            .field("name", &self.spec.name)
            .finish_non_exhaustive()
    }
}

fn spec(kind: InstrumentKind, number: NumberKind, name: Cow<'static, str>) -> InstrumentSpec {
    InstrumentSpec {
        kind,
        number,
        name,
        description: None,
        unit: None,
        boundaries: None,
    }
}

macro_rules! build_sync {
    ($($ty:ident<$num:ty>),*) => {$(
        impl InstrumentBuilder<'_, $ty<$num>> {
            /// Makes the instrument.
            pub fn build(self) -> $ty<$num> {
                $ty::from_backend(self.meter.instrument(self.spec))
            }
        }
    )*};
}

build_sync!(
    Counter<u64>,
    Counter<f64>,
    UpDownCounter<i64>,
    UpDownCounter<f64>,
    Histogram<u64>,
    Histogram<f64>,
    Gauge<i64>,
    Gauge<u64>,
    Gauge<f64>
);

macro_rules! build_observable {
    ($($ty:ident<$num:ty>),*) => {$(
        impl ObservableBuilder<'_, $ty<$num>> {
            /// The callback reporting the current values at each
            /// collection, with [`Observer::observe`]. It runs on the
            /// collecting thread: keep it short, and never block in it.
            pub fn callback<F>(mut self, callback: F) -> Self
            where
                F: Fn(&Observer<'_, $num>) + Send + Sync + 'static,
            {
                self.callback = Some(Callback(Arc::new(move |sink: &dyn ObserveSink| {
                    callback(&Observer::new(sink))
                })));
                self
            }

            /// Makes the instrument: its callback is registered for as
            /// long as the process runs (from `init` on, for one built
            /// before `init`).
            pub fn build(self) -> $ty<$num> {
                let callback = self
                    .callback
                    .unwrap_or_else(|| Callback(Arc::new(|_: &dyn ObserveSink| {})));
                $ty::from_backend(self.meter.observable(self.spec, callback))
            }
        }
    )*};
}

build_observable!(
    ObservableCounter<u64>,
    ObservableCounter<f64>,
    ObservableUpDownCounter<i64>,
    ObservableUpDownCounter<f64>,
    ObservableGauge<i64>,
    ObservableGauge<u64>,
    ObservableGauge<f64>
);
