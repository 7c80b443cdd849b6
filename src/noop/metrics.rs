//! No-op meter and instruments: zero-sized, every method inlines to
//! nothing.

use std::borrow::Cow;

use super::Nothing;
use crate::backend::metrics::MeterBackend;
use crate::metrics::spec::{Callback, InstrumentSpec, Num};
use crate::testing::MetricRecord;
use crate::KeyValue;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoopMeter;

install_nothing!(NoopMeter);

impl NoopMeter {
    /// [`MeterBackend::new`] for a `'static` name, usable in a `static`.
    #[inline(always)]
    pub(crate) const fn named(_scope: &'static str) -> Self {
        NoopMeter
    }
}

impl MeterBackend for NoopMeter {
    type Instrument = Nothing;
    type Observable = Nothing;

    #[inline(always)]
    fn new(_scope: Cow<'static, str>) -> Self {
        NoopMeter
    }

    #[inline(always)]
    fn instrument(&self, _spec: InstrumentSpec) -> Nothing {
        Nothing
    }

    #[inline(always)]
    fn record(_instrument: &Nothing, _value: Num, _attributes: &[KeyValue]) {}

    fn refused_negative(_instrument: &Nothing) {}

    #[inline(always)]
    fn is_live(_instrument: &Nothing) -> bool {
        false
    }

    #[inline(always)]
    fn observable(&self, _spec: InstrumentSpec, _callback: Callback) -> Nothing {
        Nothing
    }

    const PROMETHEUS: bool = false;

    #[inline(always)]
    fn prometheus_text() -> Option<String> {
        None
    }

    fn captured_metrics(_capture: &Nothing) -> Vec<MetricRecord> {
        Vec::new()
    }
}
