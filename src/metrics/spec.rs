//! What an instrument is, as the backends see it: its kind, number type,
//! name, description, unit and (histograms) bucket boundaries; and the
//! values recorded and observed, type-erased.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::KeyValue;

/// Which instrument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InstrumentKind {
    Counter,
    UpDownCounter,
    Histogram,
    Gauge,
    ObservableCounter,
    ObservableUpDownCounter,
    ObservableGauge,
}

/// The number type an instrument records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberKind {
    U64,
    I64,
    F64,
}

/// One recorded or observed value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Num {
    U64(u64),
    I64(i64),
    F64(f64),
}

impl Num {
    /// The value's bits (read back as the instrument's number type): one
    /// register, where a `Num` is passed through memory (see
    /// `OtelMeter::record`).
    #[inline]
    #[allow(dead_code)] // used by the metrics backend
    pub(crate) fn bits(self) -> u64 {
        match self {
            Num::U64(v) => v,
            Num::I64(v) => v as u64,
            Num::F64(v) => v.to_bits(),
        }
    }
}

/// Everything an instrument was built with.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct InstrumentSpec {
    pub(crate) kind: InstrumentKind,
    pub(crate) number: NumberKind,
    pub(crate) name: Cow<'static, str>,
    pub(crate) description: Option<Cow<'static, str>>,
    pub(crate) unit: Option<Cow<'static, str>>,
    pub(crate) boundaries: Option<Vec<f64>>,
}

/// Where an observable instrument's callback reports its values.
pub(crate) trait ObserveSink {
    fn observe(&self, value: Num, attributes: &[KeyValue]);
}

/// An observable instrument's callback, type-erased.
#[derive(Clone)]
#[allow(dead_code)] // called by the metrics backend only
pub(crate) struct Callback(pub(crate) Arc<CallbackFn>);

/// The function an observable instrument's callback is.
pub(crate) type CallbackFn = dyn Fn(&dyn ObserveSink) + Send + Sync;

impl fmt::Debug for Callback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Callback")
    }
}
