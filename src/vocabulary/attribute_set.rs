//! [`Attributes`]: what a metrics recording accepts as its attribute set,
//! by value or by reference.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use super::attributes::KeyValue;

/// An attribute set a recording accepts: an array of [`KeyValue`]s by
/// value (`[a, b]`) or by reference (`&[a, b]`, `&attributes`), a slice,
/// a `Vec`, or a set kept in a `Box<[KeyValue]>`, an `Arc<[KeyValue]>`,
/// an `Rc<[KeyValue]>` or a `Cow<[KeyValue]>` (each by value or by
/// reference).
///
/// Passing the array **by value** is what lets a recording cost almost
/// nothing when nothing records (no `metrics` backend, before
/// [`init`](crate::init), after shutdown, `OTEL_SDK_DISABLED=true`): the
/// array is handed over only past the recording's one check, so the
/// compiler fills it in there and leaves it out of the path where nothing
/// records (`BENCHMARKS.md`: a counter add with 2 attributes by value
/// costs 8 instructions when nothing records; an add and a histogram
/// record cost 13 for the two given their sets by value, 31 sharing one
/// `&attributes`). Only filling in the array moves: a value computed
/// in the arguments (a `format!`, a `to_string()`) is computed before
/// the call whatever the form; check
/// [`Counter::enabled`](crate::Counter::enabled) first for those. A set
/// by reference is built before the call: the way to share one set
/// between recordings, or to keep it in a `static`.
///
/// Implement it for a type of your own that holds a set, to pass that type
/// directly.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, KeyValue};
///
/// let meter = get_telemetry("my_crate::http").meter().clone();
/// let requests = meter.u64_counter("http.server.requests").build();
///
/// // By value: built only when the counter records.
/// requests.add(1, [KeyValue::new("http.route", "/orders"), KeyValue::new("http.response.status_code", 200)]);
/// // By reference, shared, or none at all.
/// let attributes = vec![KeyValue::new("http.route", "/orders")];
/// requests.add(1, &attributes);
/// requests.add(1, &attributes[..]);
/// requests.add(1, &[]);
/// ```
pub trait Attributes {
    /// The attributes, as a slice.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Attributes, KeyValue};
    ///
    /// let set = [KeyValue::new("db.system", "postgresql")];
    /// assert_eq!(set.as_attributes()[0].key.as_str(), "db.system");
    /// assert!(Vec::<KeyValue>::new().as_attributes().is_empty());
    /// ```
    fn as_attributes(&self) -> &[KeyValue];
}

impl Attributes for [KeyValue] {
    #[inline(always)]
    fn as_attributes(&self) -> &[KeyValue] {
        self
    }
}

impl<const N: usize> Attributes for [KeyValue; N] {
    #[inline(always)]
    fn as_attributes(&self) -> &[KeyValue] {
        self
    }
}

impl Attributes for Vec<KeyValue> {
    #[inline(always)]
    fn as_attributes(&self) -> &[KeyValue] {
        self
    }
}

/// The shared and owned slices a set may be kept in.
macro_rules! slice_holders {
    ($($holder:ty),*) => {$(
        impl Attributes for $holder {
            #[inline(always)]
            fn as_attributes(&self) -> &[KeyValue] {
                self
            }
        }
    )*};
}

slice_holders!(
    Box<[KeyValue]>,
    Arc<[KeyValue]>,
    Rc<[KeyValue]>,
    Cow<'_, [KeyValue]>
);

impl<T: Attributes + ?Sized> Attributes for &mut T {
    #[inline(always)]
    fn as_attributes(&self) -> &[KeyValue] {
        (**self).as_attributes()
    }
}

impl<T: Attributes + ?Sized> Attributes for &T {
    #[inline(always)]
    fn as_attributes(&self) -> &[KeyValue] {
        (**self).as_attributes()
    }
}
