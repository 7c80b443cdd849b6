//! The OpenTelemetry metrics backend (feature `metrics`): instruments of
//! `opentelemetry_sdk`'s metrics SDK, bound lazily (an instrument made
//! before `init` binds at its first recording after it), and the meter
//! provider `init` builds with the configured readers (OTLP, console,
//! Prometheus with the `prometheus` feature, a test capture).

mod attribute_cache;
mod capture;
mod console;
mod instrument;
mod names;
mod observable;
mod provider;
mod warn_once;

// The Prometheus reader: the one place that picks it.
cfg_if::cfg_if! {
    if #[cfg(feature = "prometheus")] {
        mod prometheus;
    } else {
        #[path = "prometheus_compiled_out.rs"]
        mod prometheus;
    }
}

use std::borrow::Cow;
use std::time::Duration;

use crate::backend::metrics::MeterBackend;
use crate::backend::Install;
use crate::metrics::spec::{Callback, InstrumentSpec, Num};
use crate::testing::MetricRecord;
use crate::{Config, InitError, KeyValue};

pub(crate) use self::capture::MetricCapture;
pub(crate) use self::provider::Readers;

/// A meter: the instrumentation scope its instruments record under.
#[derive(Clone, Debug)]
pub(crate) struct OtelMeter {
    scope: Cow<'static, str>,
}

impl OtelMeter {
    /// [`MeterBackend::new`] for a `'static` name, usable in a `static`.
    pub(crate) const fn named(scope: &'static str) -> Self {
        OtelMeter {
            scope: Cow::Borrowed(scope),
        }
    }
}

impl Install for OtelMeter {
    const RECORDS: bool = true;
    type ConfigPayload = Readers;

    fn install(config: &mut Config) -> Result<(), InitError> {
        provider::install(config)
    }

    fn shutdown(deadline: Duration) -> Result<(), InitError> {
        crate::lifecycle::bounded(deadline, move || provider::shutdown(deadline))
    }

    fn flush(deadline: Duration) {
        let _ = crate::lifecycle::bounded(deadline, || {
            provider::flush();
            Ok(())
        });
    }

    type Capture = MetricCapture;

    fn capture_into(config: Config, capture: &MetricCapture) -> Config {
        capture.add_to(config)
    }
}

impl MeterBackend for OtelMeter {
    type Instrument = instrument::OtelInstrument;
    type Observable = observable::Registration;

    fn new(scope: Cow<'static, str>) -> Self {
        OtelMeter { scope }
    }

    fn instrument(&self, spec: InstrumentSpec) -> instrument::OtelInstrument {
        instrument::OtelInstrument::new(self.scope.clone(), spec)
    }

    #[inline]
    fn record(instrument: &instrument::OtelInstrument, value: Num, attributes: &[KeyValue]) {
        // The caller checked `is_live` (the one atomic load): the value
        // goes out of line in one register.
        instrument.record_bits(value.bits(), attributes);
    }

    fn refused_negative(instrument: &instrument::OtelInstrument) {
        instrument.refused_negative();
    }

    #[inline]
    fn is_live(_instrument: &instrument::OtelInstrument) -> bool {
        crate::lifecycle::is_on()
    }

    fn observable(&self, spec: InstrumentSpec, callback: Callback) -> observable::Registration {
        observable::register(self.scope.clone(), spec, callback)
    }

    const PROMETHEUS: bool = prometheus::AVAILABLE;

    fn prometheus_text() -> Option<String> {
        prometheus::text()
    }

    fn captured_metrics(capture: &MetricCapture) -> Vec<MetricRecord> {
        capture.collect()
    }
}
