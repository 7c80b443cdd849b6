//! Attribute keys and values: the crate's own vocabulary, converted into
//! OpenTelemetry or slog values only inside the backends.

use std::borrow::Cow;
use std::fmt;
use std::fmt::Write as _;

use super::formatting::formatted;

/// The name of an attribute or a log field.
///
/// Built from a `&'static str` without allocating, or from a `String`.
///
/// # Examples
///
/// ```
/// use telemetry_facade::Key;
///
/// let key = Key::from_static("http.method");
/// assert_eq!(key.as_str(), "http.method");
/// assert_eq!(Key::from(String::from("db.rows")).as_str(), "db.rows");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(Cow<'static, str>);

impl Key {
    /// A key from a static string, usable in `const` context.
    #[inline]
    pub const fn from_static(name: &'static str) -> Key {
        Key(Cow::Borrowed(name))
    }

    /// The key as a string slice.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as the `Cow` it holds.
    #[inline]
    pub fn into_inner(self) -> Cow<'static, str> {
        self.0
    }

    /// The key, when it is a `&'static str`.
    #[inline]
    #[allow(dead_code)] // used by the trace backend
    pub(crate) fn as_static(&self) -> Option<&'static str> {
        match self.0 {
            Cow::Borrowed(name) => Some(name),
            Cow::Owned(_) => None,
        }
    }
}

impl From<&'static str> for Key {
    #[inline]
    fn from(name: &'static str) -> Key {
        Key(Cow::Borrowed(name))
    }
}

impl From<String> for Key {
    #[inline]
    fn from(name: String) -> Key {
        Key(Cow::Owned(name))
    }
}

impl From<Cow<'static, str>> for Key {
    #[inline]
    fn from(name: Cow<'static, str>) -> Key {
        Key(name)
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An attribute or field value.
///
/// Converts from `bool`, the integer types, `f32`/`f64`, `&'static str`,
/// `String` and `Cow<'static, str>`. Anything `Display` or `Debug` can be
/// captured with [`Value::display`] / [`Value::debug`].
///
/// OpenTelemetry has no unsigned integers: a [`Value::U64`] that fits in an
/// `i64` is exported as an integer, a larger one as its decimal string.
///
/// # Examples
///
/// ```
/// use telemetry_facade::Value;
///
/// assert_eq!(Value::from(42u16), Value::I64(42));
/// assert_eq!(Value::from(u64::MAX), Value::U64(u64::MAX));
/// assert_eq!(Value::from("ok"), Value::Str("ok".into()));
/// assert_eq!(Value::display(&std::net::Ipv4Addr::LOCALHOST), Value::Str("127.0.0.1".into()));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer too large for, or kept apart from, `i64`.
    U64(u64),
    /// A floating-point number.
    F64(f64),
    /// A string.
    Str(Cow<'static, str>),
}

impl Value {
    /// A `'static` string, in a `const` context (see
    /// [`KeyValue::from_static`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Value;
    ///
    /// const GET: Value = Value::from_static_str("GET");
    /// assert_eq!(GET.as_str(), Some("GET"));
    /// ```
    #[inline]
    pub const fn from_static_str(value: &'static str) -> Value {
        Value::Str(Cow::Borrowed(value))
    }

    /// Captures a value's `Display` output.
    pub fn display<T: fmt::Display + ?Sized>(value: &T) -> Value {
        Value::Str(Cow::Owned(formatted(|out| write!(out, "{value}"))))
    }

    /// Captures a value's `Debug` output.
    pub fn debug<T: fmt::Debug + ?Sized>(value: &T) -> Value {
        Value::Str(Cow::Owned(formatted(|out| write!(out, "{value:?}"))))
    }

    /// The value as a string slice, if it is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(v) => fmt::Display::fmt(v, f),
            Value::I64(v) => fmt::Display::fmt(v, f),
            Value::U64(v) => fmt::Display::fmt(v, f),
            Value::F64(v) => fmt::Display::fmt(v, f),
            Value::Str(v) => f.write_str(v),
        }
    }
}

macro_rules! value_from {
    ($variant:ident as $target:ty: $($t:ty),*) => {$(
        impl From<$t> for Value {
            #[inline]
            fn from(v: $t) -> Value {
                Value::$variant(v as $target)
            }
        }
    )*};
}

value_from!(I64 as i64: i8, i16, i32, i64, u8, u16, u32);
value_from!(F64 as f64: f32, f64);

impl From<isize> for Value {
    #[inline]
    fn from(v: isize) -> Value {
        Value::I64(v as i64)
    }
}

impl From<u64> for Value {
    #[inline]
    fn from(v: u64) -> Value {
        match i64::try_from(v) {
            Ok(i) => Value::I64(i),
            Err(_) => Value::U64(v),
        }
    }
}

impl From<usize> for Value {
    #[inline]
    fn from(v: usize) -> Value {
        Value::from(v as u64)
    }
}

impl From<bool> for Value {
    #[inline]
    fn from(v: bool) -> Value {
        Value::Bool(v)
    }
}

impl From<&'static str> for Value {
    #[inline]
    fn from(v: &'static str) -> Value {
        Value::Str(Cow::Borrowed(v))
    }
}

impl From<String> for Value {
    #[inline]
    fn from(v: String) -> Value {
        Value::Str(Cow::Owned(v))
    }
}

impl From<Cow<'static, str>> for Value {
    #[inline]
    fn from(v: Cow<'static, str>) -> Value {
        Value::Str(v)
    }
}

/// A key and its value: one span attribute.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{KeyValue, Value};
///
/// let kv = KeyValue::new("db.rows", 3);
/// assert_eq!(kv.key.as_str(), "db.rows");
/// assert_eq!(kv.value, Value::I64(3));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct KeyValue {
    /// The attribute's name.
    pub key: Key,
    /// The attribute's value.
    pub value: Value,
}

impl KeyValue {
    /// Pairs a key with a value.
    #[inline]
    pub fn new(key: impl Into<Key>, value: impl Into<Value>) -> KeyValue {
        KeyValue {
            key: key.into(),
            value: value.into(),
        }
    }

    /// Pairs a `'static` key with a value, in a `const` context: for an
    /// attribute set made once, in a `static`, that recording then passes
    /// by reference. When nothing records (no backend, before
    /// [`init`](crate::init), `OTEL_SDK_DISABLED`), a recording with such a
    /// set builds nothing at all: what is left is the one check.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue, Value};
    ///
    /// static ORDERS_GET: [KeyValue; 2] = [
    ///     KeyValue::from_static("http.route", Value::from_static_str("/orders")),
    ///     KeyValue::from_static("http.request.method", Value::from_static_str("GET")),
    /// ];
    ///
    /// let requests = get_telemetry("my_crate::http").meter().u64_counter("http.requests").build();
    /// requests.add(1, &ORDERS_GET);
    /// ```
    #[inline]
    pub const fn from_static(key: &'static str, value: Value) -> KeyValue {
        KeyValue {
            key: Key::from_static(key),
            value,
        }
    }
}

impl<K: Into<Key>, V: Into<Value>> From<(K, V)> for KeyValue {
    #[inline]
    fn from((key, value): (K, V)) -> KeyValue {
        KeyValue::new(key, value)
    }
}
