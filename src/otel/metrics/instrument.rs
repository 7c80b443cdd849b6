//! A synchronous instrument, bound to the SDK's at its first recording
//! after `init` (so one made in a `static` before `init` works).

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use once_cell::sync::OnceCell;
use opentelemetry::metrics::{Counter, Gauge, Histogram, Meter, UpDownCounter};

use super::provider;
use crate::metrics::spec::{InstrumentKind, InstrumentSpec, NumberKind};
use crate::redaction::KnownKeys;
use crate::KeyValue;

/// An instrument: what it is, and the SDK instrument once bound.
#[derive(Clone)]
pub(crate) struct OtelInstrument(Arc<Lazy>);

struct Lazy {
    scope: Cow<'static, str>,
    spec: InstrumentSpec,
    bound: OnceCell<Bound>,
    /// Static attribute keys found not secret.
    known: KnownKeys,
}

/// The SDK instrument of each kind and number type.
enum Bound {
    CounterU64(Counter<u64>),
    CounterF64(Counter<f64>),
    UpDownI64(UpDownCounter<i64>),
    UpDownF64(UpDownCounter<f64>),
    HistogramU64(Histogram<u64>),
    HistogramF64(Histogram<f64>),
    GaugeI64(Gauge<i64>),
    GaugeU64(Gauge<u64>),
    GaugeF64(Gauge<f64>),
    /// A kind and number type no instrument has (never made by the API).
    Nothing,
}

impl OtelInstrument {
    pub(super) fn new(scope: Cow<'static, str>, spec: InstrumentSpec) -> Self {
        OtelInstrument(Arc::new(Lazy {
            scope,
            spec,
            bound: OnceCell::new(),
            known: KnownKeys::new(),
        }))
    }

    /// A negative value was given to this counter or histogram of `f64`s,
    /// which ignores it: one warning per instrument name.
    pub(super) fn refused_negative(&self) {
        negative_value(&self.0.spec);
    }

    /// Records a value given as its bits (`Num::bits`: one register)
    /// (telemetry is on: the caller checked). The bits are read as the
    /// number type the instrument was bound with, which is its type
    /// parameter: the only type its recording methods accept.
    #[cold]
    #[inline(never)]
    pub(super) fn record_bits(&self, bits: u64, attributes: &[KeyValue]) {
        let lazy = &*self.0;
        let bound = match lazy.bound.get() {
            Some(bound) => bound,
            None => match provider::meter(&lazy.scope) {
                Some(meter) => lazy
                    .bound
                    .get_or_init(|| bind(&meter, &lazy.scope, &lazy.spec)),
                None => return,
            },
        };
        with_attributes(attributes, &lazy.known, |attributes| match bound {
            Bound::CounterU64(c) => c.add(bits, attributes),
            Bound::CounterF64(c) => c.add(f64::from_bits(bits), attributes),
            Bound::UpDownI64(c) => c.add(bits as i64, attributes),
            Bound::UpDownF64(c) => c.add(f64::from_bits(bits), attributes),
            Bound::HistogramU64(h) => h.record(bits, attributes),
            Bound::HistogramF64(h) => h.record(f64::from_bits(bits), attributes),
            Bound::GaugeI64(g) => g.record(bits as i64, attributes),
            Bound::GaugeU64(g) => g.record(bits, attributes),
            Bound::GaugeF64(g) => g.record(f64::from_bits(bits), attributes),
            Bound::Nothing => {}
        });
    }
}

/// The warning for a negative value given to an instrument that ignores
/// it (once per instrument name).
#[cold]
#[inline(never)]
pub(super) fn negative_value(spec: &InstrumentSpec) {
    let (kind, instead) = match spec.kind {
        InstrumentKind::Counter => (
            "counter",
            "a counter only goes up: an up-down counter takes negative values",
        ),
        _ => ("histogram", "a histogram records non-negative values"),
    };
    super::warn_once::warn_once(format_args!(
        "metric {kind} {} was given a negative value, which it ignores ({instead})",
        crate::config::warnings::shown(&spec.name),
    ));
}

/// Calls `f` with `attributes` as the SDK's: the set kept on this thread
/// when it is the same as the last one, else converted on the stack for up
/// to four (redacted like every attribute). Converted attributes that hold
/// only `'static` data (the usual case: static keys, numbers, static
/// strings) own nothing, so they are forgotten instead of dropped.
pub(super) fn with_attributes(
    attributes: &[KeyValue],
    known: &KnownKeys,
    f: impl FnOnce(&[opentelemetry::KeyValue]),
) {
    use crate::otel::convert::{attribute_ref, AttributeRules};
    // The same set as the last one on this thread: no conversion at all.
    let Some(f) = super::attribute_cache::with_kept(attributes, known, f) else {
        return;
    };
    let rules = AttributeRules::now();
    let c = |kv| attribute_ref(kv, rules, known);
    fn call<const N: usize>(
        kvs: [opentelemetry::KeyValue; N],
        all_static: bool,
        f: impl FnOnce(&[opentelemetry::KeyValue]),
    ) {
        f(&kvs);
        if all_static {
            // Nothing to free: skipping the drop glue is a measured saving
            // (BENCHMARKS.md, "Metrics"), and forgetting is always safe.
            std::mem::forget(kvs);
        }
    }
    match attributes {
        [] => f(&[]),
        [a] => {
            let (a, sa) = c(a);
            call([a], sa, f)
        }
        [a, b] => {
            let ((a, sa), (b, sb)) = (c(a), c(b));
            call([a, b], sa && sb, f)
        }
        [a, b, d] => {
            let ((a, sa), (b, sb), (d, sd)) = (c(a), c(b), c(d));
            call([a, b, d], sa && sb && sd, f)
        }
        [a, b, d, e] => {
            let ((a, sa), (b, sb), (d, sd), (e, se)) = (c(a), c(b), c(d), c(e));
            call([a, b, d, e], sa && sb && sd && se, f)
        }
        more => f(&more.iter().map(|kv| c(kv).0).collect::<Vec<_>>()),
    }
}

/// Builds the SDK instrument `spec` describes (in the meter `scope`), its
/// name and unit made valid first.
fn bind(meter: &Meter, scope: &str, spec: &InstrumentSpec) -> Bound {
    use InstrumentKind as K;
    use NumberKind as N;
    let (name, unit) = super::names::checked(scope, spec);
    macro_rules! built {
        ($builder:ident) => {{
            let mut b = meter.$builder(name);
            if let Some(d) = &spec.description {
                b = b.with_description(d.clone());
            }
            if let Some(u) = unit {
                b = b.with_unit(u);
            }
            b.build()
        }};
        ($builder:ident, histogram) => {{
            let mut b = meter.$builder(name);
            if let Some(d) = &spec.description {
                b = b.with_description(d.clone());
            }
            if let Some(u) = unit {
                b = b.with_unit(u);
            }
            if let Some(bounds) = &spec.boundaries {
                b = b.with_boundaries(bounds.clone());
            }
            b.build()
        }};
    }
    match (spec.kind, spec.number) {
        (K::Counter, N::U64) => Bound::CounterU64(built!(u64_counter)),
        (K::Counter, N::F64) => Bound::CounterF64(built!(f64_counter)),
        (K::UpDownCounter, N::I64) => Bound::UpDownI64(built!(i64_up_down_counter)),
        (K::UpDownCounter, N::F64) => Bound::UpDownF64(built!(f64_up_down_counter)),
        (K::Histogram, N::U64) => Bound::HistogramU64(built!(u64_histogram, histogram)),
        (K::Histogram, N::F64) => Bound::HistogramF64(built!(f64_histogram, histogram)),
        (K::Gauge, N::I64) => Bound::GaugeI64(built!(i64_gauge)),
        (K::Gauge, N::U64) => Bound::GaugeU64(built!(u64_gauge)),
        (K::Gauge, N::F64) => Bound::GaugeF64(built!(f64_gauge)),
        _ => Bound::Nothing,
    }
}

impl fmt::Debug for OtelInstrument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instrument")
            .field("name", &self.0.spec.name)
            .field("scope", &self.0.scope)
            .field("bound", &self.0.bound.get().is_some())
            .finish()
    }
}
