//! The observable instruments, whose values a callback reports at each
//! collection: [`ObservableCounter`], [`ObservableUpDownCounter`],
//! [`ObservableGauge`], and the [`Observer`] their callback is given.

use std::fmt;
use std::marker::PhantomData;

use super::spec::{Num, ObserveSink};
use crate::backend::metrics::Observable;
use crate::Attributes;

/// What an observable instrument's callback reports its values to.
pub struct Observer<'a, T> {
    sink: &'a dyn ObserveSink,
    _value: PhantomData<fn(T)>,
}

impl<'a, T> Observer<'a, T> {
    pub(super) fn new(sink: &'a dyn ObserveSink) -> Self {
        Observer {
            sink,
            _value: PhantomData,
        }
    }
}

impl<T> fmt::Debug for Observer<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Observer").finish_non_exhaustive()
    }
}

macro_rules! observe {
    ($($num:ty => $variant:ident),*) => {$(
        impl Observer<'_, $num> {
            /// Reports the current value of this attribute set.
            #[inline]
            pub fn observe(&self, value: $num, attributes: impl Attributes) {
                self.sink.observe(Num::$variant(value), attributes.as_attributes());
            }
        }
    )*};
}

observe!(u64 => U64, i64 => I64, f64 => F64);

macro_rules! observable_type {
    ($(#[$doc:meta])* $ty:ident) => {
        $(#[$doc])*
        pub struct $ty<T> {
            _registration: Observable,
            _value: PhantomData<fn(T)>,
        }

        impl<T> $ty<T> {
            pub(super) fn from_backend(registration: Observable) -> Self {
                $ty {
                    _registration: registration,
                    _value: PhantomData,
                }
            }
        }

        impl<T> fmt::Debug for $ty<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($ty)).finish_non_exhaustive()
            }
        }
    };
}

observable_type!(
    /// A counter whose total a callback reports at each collection.
    /// Its callback stays registered for as long as the process runs.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let _cpu = get_telemetry("my_crate")
    ///     .meter()
    ///     .f64_observable_counter("process.cpu.time")
    ///     .unit("s")
    ///     .callback(|observer| observer.observe(1.25, &[]))
    ///     .build();
    /// ```
    ObservableCounter
);

observable_type!(
    /// A sum that goes up and down, reported by a callback at each
    /// collection. Its callback stays registered for as long as the
    /// process runs.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let _queued = get_telemetry("my_crate")
    ///     .meter()
    ///     .i64_observable_up_down_counter("queue.length")
    ///     .callback(|observer| observer.observe(3, &[]))
    ///     .build();
    /// ```
    ObservableUpDownCounter
);

observable_type!(
    /// A value reported by a callback at each collection. Its callback
    /// stays registered for as long as the process runs.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let _memory = get_telemetry("my_crate")
    ///     .meter()
    ///     .u64_observable_gauge("process.memory.usage")
    ///     .unit("By")
    ///     .callback(|observer| observer.observe(42 << 20, &[]))
    ///     .build();
    /// ```
    ObservableGauge
);
