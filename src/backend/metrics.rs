//! The metrics axis: meters and their instruments. The `cfg_if!` below is
//! the one place that picks the metrics backend.

use std::borrow::Cow;
use std::fmt;

use super::Install;
use crate::metrics::spec::{Callback, InstrumentSpec, Num};
use crate::testing::MetricRecord;
use crate::KeyValue;

cfg_if::cfg_if! {
    if #[cfg(feature = "metrics")] {
        pub(crate) use crate::otel::metrics::OtelMeter as SelectedMeter;
    } else {
        pub(crate) use crate::noop::metrics::NoopMeter as SelectedMeter;
    }
}

/// A synchronous instrument of the selected backend.
pub(crate) type Instrument = <SelectedMeter as MeterBackend>::Instrument;
/// The registration of an observable instrument of the selected backend.
pub(crate) type Observable = <SelectedMeter as MeterBackend>::Observable;

/// A meter: makes the instruments of one named component.
///
/// Besides [`super`]'s list, a metrics backend MUST: record nothing before
/// `init` and after shutdown (one atomic load per call then, no
/// allocation); make instruments built before `init` record once it has
/// run; run observable callbacks only when collecting, never while holding
/// a lock the callback could need; keep memory bounded whatever attribute
/// sets are recorded (a cardinality limit per instrument); render the
/// Prometheus text only when collecting on demand, and return `None`
/// (never block) when asked again from inside a collection.
pub(crate) trait MeterBackend: Install + Clone + fmt::Debug + Send + Sync + Sized {
    /// A synchronous instrument (counter, up-down counter, histogram,
    /// gauge).
    type Instrument: Clone + fmt::Debug + Send + Sync + 'static;
    /// What keeps an observable instrument registered.
    type Observable: fmt::Debug + Send + Sync + 'static;

    fn new(scope: Cow<'static, str>) -> Self;
    fn instrument(&self, spec: InstrumentSpec) -> Self::Instrument;
    /// Records `value`. Called only once [`is_live`](Self::is_live) said
    /// `true` (which is the one check a recording makes); a shutdown may
    /// have happened since: recording then keeps nothing and never panics.
    fn record(instrument: &Self::Instrument, value: Num, attributes: &[KeyValue]);
    /// A negative value was given to a counter or a histogram of `f64`s
    /// (after `is_live` said `true`): nothing is recorded (the
    /// specification's counters only go up, its histograms take
    /// non-negative values); the backend may say so, once per instrument.
    fn refused_negative(instrument: &Self::Instrument);
    /// Whether a recording would be kept now: what a recording checks
    /// before it builds its attributes, and a timing helper before it reads
    /// the clock.
    fn is_live(instrument: &Self::Instrument) -> bool;
    fn observable(&self, spec: InstrumentSpec, callback: Callback) -> Self::Observable;

    /// Whether [`prometheus_text`](Self::prometheus_text) can ever return
    /// text in this build (what [`BUILD`](crate::BUILD) reports).
    const PROMETHEUS: bool;

    /// The current metrics in the Prometheus text exposition format
    /// (collected on the spot), or `None`: no such reader in this build,
    /// not asked by `MetricsSettings::prometheus`, before `init`, after
    /// shutdown, or called from inside a collection (an observable
    /// callback).
    fn prometheus_text() -> Option<String>;

    /// The metrics a capture holds now (collected on the spot).
    fn captured_metrics(capture: &Self::Capture) -> Vec<MetricRecord>;
}
