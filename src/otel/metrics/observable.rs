//! Observable instruments: registered with the SDK at `init` (one built
//! before) or at once (one built after), their callbacks kept for the life
//! of the process.

use std::any::Any;
use std::borrow::Cow;
use std::sync::{Mutex, PoisonError};

use opentelemetry::metrics::{AsyncInstrument, Meter};

use super::instrument::with_attributes;
use super::provider;
use crate::metrics::spec::{
    Callback, InstrumentKind, InstrumentSpec, Num, NumberKind, ObserveSink,
};
use crate::KeyValue;

/// What `build` returns: the registration lives in the process-wide list.
#[derive(Debug)]
pub(crate) struct Registration;

/// Observable instruments built before `init`, registered by it.
static PENDING: Mutex<Vec<(Cow<'static, str>, InstrumentSpec, Callback)>> = Mutex::new(Vec::new());
/// The SDK's observable instruments, kept alive.
static REGISTERED: Mutex<Vec<Box<dyn Any + Send + Sync>>> = Mutex::new(Vec::new());

pub(super) fn register(
    scope: Cow<'static, str>,
    spec: InstrumentSpec,
    callback: Callback,
) -> Registration {
    // Under the lock, so `init` registers it exactly once either way.
    let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
    match provider::meter(&scope) {
        Some(meter) => keep(build(&meter, &scope, &spec, callback)),
        None => pending.push((scope, spec, callback)),
    }
    Registration
}

/// Registers the instruments built before `init` (called by it).
pub(super) fn register_pending() {
    let mut pending = PENDING.lock().unwrap_or_else(PoisonError::into_inner);
    for (scope, spec, callback) in pending.drain(..) {
        if let Some(meter) = provider::installed_meter(&scope) {
            keep(build(&meter, &scope, &spec, callback));
        }
    }
}

fn keep(instrument: Box<dyn Any + Send + Sync>) {
    REGISTERED
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(instrument);
}

/// Static keys of observations found not secret, shared by every
/// observable instrument (callbacks run at collection, not per event).
static OBSERVED_KEYS: crate::redaction::KnownKeys = crate::redaction::KnownKeys::new();

/// An SDK observation target, as our callbacks see it.
struct Sink<'a, T>(&'a dyn AsyncInstrument<T>);

macro_rules! sink {
    ($($num:ty => $variant:ident),*) => {$(
        impl ObserveSink for Sink<'_, $num> {
            fn observe(&self, value: Num, attributes: &[KeyValue]) {
                if let Num::$variant(v) = value {
                    with_attributes(attributes, &OBSERVED_KEYS, |a| self.0.observe(v, a));
                }
            }
        }
    )*};
}

sink!(u64 => U64, i64 => I64, f64 => F64);

/// The SDK's observable instrument `spec` describes (in the meter
/// `scope`), its name and unit made valid first.
fn build(
    meter: &Meter,
    scope: &str,
    spec: &InstrumentSpec,
    callback: Callback,
) -> Box<dyn Any + Send + Sync> {
    use InstrumentKind as K;
    use NumberKind as N;
    let (name, unit) = super::names::checked(scope, spec);
    macro_rules! built {
        ($builder:ident, $num:ty) => {{
            let mut b = meter.$builder(name);
            if let Some(d) = &spec.description {
                b = b.with_description(d.clone());
            }
            if let Some(u) = unit {
                b = b.with_unit(u);
            }
            let f = callback.0;
            Box::new(
                b.with_callback(move |instrument: &dyn AsyncInstrument<$num>| f(&Sink(instrument)))
                    .build(),
            )
        }};
    }
    match (spec.kind, spec.number) {
        (K::ObservableCounter, N::U64) => built!(u64_observable_counter, u64),
        (K::ObservableCounter, N::F64) => built!(f64_observable_counter, f64),
        (K::ObservableUpDownCounter, N::I64) => built!(i64_observable_up_down_counter, i64),
        (K::ObservableUpDownCounter, N::F64) => built!(f64_observable_up_down_counter, f64),
        (K::ObservableGauge, N::I64) => built!(i64_observable_gauge, i64),
        (K::ObservableGauge, N::U64) => built!(u64_observable_gauge, u64),
        (K::ObservableGauge, N::F64) => built!(f64_observable_gauge, f64),
        _ => Box::new(()),
    }
}
