//! The synchronous instruments: [`Counter`], [`UpDownCounter`],
//! [`Histogram`], [`Gauge`].

use std::fmt;
use std::marker::PhantomData;

use super::spec::Num;
use crate::backend::metrics::{Instrument, MeterBackend, SelectedMeter};
use crate::Attributes;

macro_rules! instrument_type {
    ($(#[$doc:meta])* $ty:ident) => {
        $(#[$doc])*
        pub struct $ty<T> {
            inner: Instrument,
            _value: PhantomData<fn(T)>,
        }

        impl<T> $ty<T> {
            pub(super) fn from_backend(inner: Instrument) -> Self {
                $ty {
                    inner,
                    _value: PhantomData,
                }
            }

            /// Whether a recording would be kept now.
            #[inline]
            #[allow(dead_code)] // used by the RED helpers of some instruments
            pub(super) fn is_live(&self) -> bool {
                SelectedMeter::is_live(&self.inner)
            }

            /// Whether recording through this instrument does anything now:
            /// `false` before `init`, after shutdown, with
            /// `OTEL_SDK_DISABLED=true`, and always in a build without the
            /// `metrics` feature (where the check compiles away). The
            /// specification's *Enabled* operation: check it before
            /// building attributes or values that cost something, or once
            /// for several recordings — one atomic load, where each
            /// recording checks on its own (`BENCHMARKS.md`: a counter add
            /// and a histogram record with 2 attributes cost 31
            /// instructions when nothing records sharing one set by
            /// reference, 13 with each set passed by value, 11 behind one
            /// `enabled()`).
            ///
            /// A `true` answer can turn `false` at once (a shutdown on
            /// another thread): recording then does nothing, as always.
            ///
            /// # Examples
            ///
            /// ```
            /// use telemetry_facade::{get_telemetry, KeyValue};
            ///
            /// let meter = get_telemetry("my_crate::http").meter().clone();
            /// let requests = meter.u64_counter("http.server.requests").build();
            /// let duration = meter.f64_histogram("http.server.duration").unit("s").build();
            /// if requests.enabled() {
            ///     let route = format!("/orders/{}", 42 / 42); // costly: only when it counts
            ///     let attributes = [KeyValue::new("http.route", route)];
            ///     requests.add(1, &attributes);
            ///     duration.record(0.012, &attributes);
            /// }
            /// ```
            #[inline]
            pub fn enabled(&self) -> bool {
                SelectedMeter::is_live(&self.inner)
            }
        }

        impl<T> Clone for $ty<T> {
            fn clone(&self) -> Self {
                $ty::from_backend(self.inner.clone())
            }
        }

        impl<T> fmt::Debug for $ty<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty)).finish_non_exhaustive()
            }
        }
    };
}

instrument_type!(
    /// A sum that only goes up: requests served, bytes sent, errors.
    /// Exported as a monotonic sum (Prometheus: a `_total` counter).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue};
    ///
    /// let errors = get_telemetry("my_crate").meter().u64_counter("errors").build();
    /// errors.add(1, [KeyValue::new("error.type", "timeout")]);
    /// ```
    Counter
);

instrument_type!(
    /// A sum that goes up and down: requests in flight, items in a queue.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let in_flight = get_telemetry("my_crate").meter().i64_up_down_counter("requests.active").build();
    /// in_flight.add(1, &[]);
    /// in_flight.add(-1, &[]);
    /// ```
    UpDownCounter
);

instrument_type!(
    /// A distribution of values: durations, sizes. Exported as bucket
    /// counts, a count and a sum.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let sizes = get_telemetry("my_crate").meter().u64_histogram("payload.size").unit("By").build();
    /// sizes.record(512, &[]);
    /// ```
    Histogram
);

instrument_type!(
    /// The last value set: a temperature, a configured limit.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let limit = get_telemetry("my_crate").meter().u64_gauge("pool.limit").build();
    /// limit.record(32, &[]);
    /// ```
    Gauge
);

macro_rules! record_methods {
    ($($ty:ident<$num:ty>::$method:ident($variant:ident) $(, $refusing:ident)?; $doc:literal;)*) => {$(
        impl $ty<$num> {
            #[doc = $doc]
            ///
            /// `attributes`: an array by value (`[a, b]`: filled in only
            /// when the instrument records) or by reference, a slice, a
            /// `Vec` (see [`Attributes`]).
            #[inline(always)] // so that a set by value is filled in past the check
            pub fn $method(&self, value: $num, attributes: impl Attributes) {
                if SelectedMeter::is_live(&self.inner) {
                    // Moved onto this path, so a set by value is filled in
                    // here only, and dropped right after the recording. Not
                    // dropped if the recording panicked (which it never
                    // should): the call then needs no unwinding cleanup,
                    // which the caller would otherwise keep a register for.
                    let attributes = std::mem::ManuallyDrop::new(attributes);
                    if record_methods!(@refuses value $(, $refusing)?) {
                        SelectedMeter::refused_negative(&self.inner);
                    } else {
                        SelectedMeter::record(&self.inner, Num::$variant(value), attributes.as_attributes());
                    }
                    drop(std::mem::ManuallyDrop::into_inner(attributes));
                }
            }
        }
    )*};
    // Whether `value` is one the instrument does not take: a negative one,
    // for the instruments marked `refuses_negative` (NaN passes: the SDK
    // ignores it, as it does the infinities).
    (@refuses $value:ident, refuses_negative) => { $value < 0.0 };
    (@refuses $value:ident) => { false };
}

record_methods! {
    Counter<u64>::add(U64); "Adds `value` to the sum of this attribute set.";
    Counter<f64>::add(F64), refuses_negative; "Adds `value` to the sum of this attribute set. A counter only goes up: a negative value is ignored (with one warning on stderr for the instrument), and so are NaN and the infinities.";
    UpDownCounter<i64>::add(I64); "Adds `value` (negative to subtract) to the sum of this attribute set.";
    UpDownCounter<f64>::add(F64); "Adds `value` (negative to subtract) to the sum of this attribute set. NaN and the infinities are ignored.";
    Histogram<u64>::record(U64); "Records one value in the distribution of this attribute set.";
    Histogram<f64>::record(F64), refuses_negative; "Records one value in the distribution of this attribute set. The values are non-negative: a negative value is ignored (with one warning on stderr for the instrument), and so are NaN and the infinities.";
    Gauge<i64>::record(I64); "Sets the value of this attribute set.";
    Gauge<u64>::record(U64); "Sets the value of this attribute set.";
    Gauge<f64>::record(F64); "Sets the value of this attribute set. NaN and the infinities are ignored.";
}
