//! Log fields: borrowed key/value pairs passed to a log call, converted by
//! the log backend without allocating.

use std::fmt;

use crate::Value;

/// The value of one log field, borrowed for the duration of the call.
///
/// Made from primitives, strings and [`Value`]s through [`ToFieldValue`],
/// or with [`FieldValue::Display`] / [`FieldValue::Debug`] (what the log
/// macros' `%value` and `?value` produce). A `Display`/`Debug` value is
/// formatted only if the record is written.
///
/// `Send` and `Sync`, as is [`Field`]: a future that holds fields across an
/// `.await` (as `fut.with_fields(&[..]).await` does) stays `Send`.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Field, FieldValue, ToFieldValue, Value};
///
/// assert!(matches!(3u8.to_field_value(), FieldValue::U64(3)));
/// assert!(matches!("ok".to_field_value(), FieldValue::Str("ok")));
///
/// let addr = std::net::Ipv4Addr::LOCALHOST;
/// let field = Field::display("peer", &addr); // what `peer = %addr` makes
/// assert!(matches!(field.value, FieldValue::Display(_)));
/// assert_eq!(field.value.to_value(), Value::Str("127.0.0.1".into()));
/// ```
#[derive(Clone, Copy)]
pub enum FieldValue<'a> {
    /// A boolean.
    Bool(bool),
    /// A signed integer.
    I64(i64),
    /// An unsigned integer.
    U64(u64),
    /// A floating-point number.
    F64(f64),
    /// A string.
    Str(&'a str),
    /// A value written with its `Display` implementation. `Sync`, so that a
    /// field (and a future holding one across `.await`) is `Send`.
    Display(&'a (dyn fmt::Display + Sync)),
    /// A value written with its `Debug` implementation. `Sync`, like
    /// [`Display`](FieldValue::Display).
    Debug(&'a (dyn fmt::Debug + Sync)),
}

impl fmt::Debug for FieldValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldValue::Bool(v) => write!(f, "Bool({v})"),
            FieldValue::I64(v) => write!(f, "I64({v})"),
            FieldValue::U64(v) => write!(f, "U64({v})"),
            FieldValue::F64(v) => write!(f, "F64({v})"),
            FieldValue::Str(v) => write!(f, "Str({v:?})"),
            FieldValue::Display(_) => f.write_str("Display(..)"),
            FieldValue::Debug(_) => f.write_str("Debug(..)"),
        }
    }
}

/// Converts a borrowed value into a [`FieldValue`]; the log macros call it
/// on every `key = value` field.
///
/// Implemented for `bool`, the integer and float types, `str`, `String`,
/// `Cow<str>`, [`Value`], and references to any of them.
///
/// # Examples
///
/// Implement it for your own types to log them without `%` or `?`:
///
/// ```
/// use telemetry_facade::{get_telemetry, info, FieldValue, ToFieldValue};
///
/// struct UserId(u64);
///
/// impl ToFieldValue for UserId {
///     fn to_field_value(&self) -> FieldValue<'_> {
///         FieldValue::U64(self.0)
///     }
/// }
///
/// let logger = get_telemetry("my_crate::auth").logger().clone();
/// let user = UserId(42);
/// info!(logger, "login", user_id = user);
/// assert!(matches!(user.to_field_value(), FieldValue::U64(42)));
/// ```
pub trait ToFieldValue {
    /// The field value borrowing from `self`.
    fn to_field_value(&self) -> FieldValue<'_>;
}

impl<T: ToFieldValue + ?Sized> ToFieldValue for &T {
    #[inline]
    fn to_field_value(&self) -> FieldValue<'_> {
        (**self).to_field_value()
    }
}

macro_rules! to_field_value {
    ($variant:ident as $target:ty: $($t:ty),*) => {$(
        impl ToFieldValue for $t {
            #[inline]
            fn to_field_value(&self) -> FieldValue<'_> {
                FieldValue::$variant(*self as $target)
            }
        }
    )*};
}

to_field_value!(I64 as i64: i8, i16, i32, i64, isize);
to_field_value!(U64 as u64: u8, u16, u32, u64, usize);
to_field_value!(F64 as f64: f32, f64);
to_field_value!(Bool as bool: bool);

impl ToFieldValue for str {
    #[inline]
    fn to_field_value(&self) -> FieldValue<'_> {
        FieldValue::Str(self)
    }
}

impl ToFieldValue for String {
    #[inline]
    fn to_field_value(&self) -> FieldValue<'_> {
        FieldValue::Str(self)
    }
}

impl ToFieldValue for std::borrow::Cow<'_, str> {
    #[inline]
    fn to_field_value(&self) -> FieldValue<'_> {
        FieldValue::Str(self)
    }
}

impl ToFieldValue for Value {
    #[inline]
    fn to_field_value(&self) -> FieldValue<'_> {
        match self {
            Value::Bool(v) => FieldValue::Bool(*v),
            Value::I64(v) => FieldValue::I64(*v),
            Value::U64(v) => FieldValue::U64(*v),
            Value::F64(v) => FieldValue::F64(*v),
            Value::Str(v) => FieldValue::Str(v),
        }
    }
}

impl FieldValue<'_> {
    /// An owned [`Value`] with the same content (`Display`/`Debug` values
    /// are formatted now).
    pub fn to_value(&self) -> Value {
        match *self {
            FieldValue::Bool(v) => Value::Bool(v),
            FieldValue::I64(v) => Value::I64(v),
            FieldValue::U64(v) => Value::from(v),
            FieldValue::F64(v) => Value::F64(v),
            FieldValue::Str(v) => Value::Str(v.to_owned().into()),
            FieldValue::Display(v) => Value::display(v),
            FieldValue::Debug(v) => Value::debug(v),
        }
    }
}

/// One log field: a key and a borrowed value.
///
/// The log macros build these; call [`Logger::log`](crate::Logger::log)
/// with a slice of them to log without macros.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Field, Level};
///
/// let logger = telemetry_facade::get_telemetry("my_crate").logger().clone();
/// let user = String::from("ada");
/// logger.log(Level::Info, "login", &[Field::new("user", &user), Field::new("attempt", &2)]);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    /// The field's name. Static, as slog requires: field names are part of
    /// the code, values are the data.
    pub key: &'static str,
    /// The field's value.
    pub value: FieldValue<'a>,
}

impl<'a> Field<'a> {
    /// A field from a key and anything [`ToFieldValue`].
    #[inline]
    pub fn new<V: ToFieldValue + ?Sized>(key: &'static str, value: &'a V) -> Field<'a> {
        Field {
            key,
            value: value.to_field_value(),
        }
    }

    /// A field written with `value`'s `Display` implementation.
    #[inline]
    pub fn display(key: &'static str, value: &'a (dyn fmt::Display + Sync)) -> Field<'a> {
        Field {
            key,
            value: FieldValue::Display(value),
        }
    }

    /// A field written with `value`'s `Debug` implementation.
    #[inline]
    pub fn debug(key: &'static str, value: &'a (dyn fmt::Debug + Sync)) -> Field<'a> {
        Field {
            key,
            value: FieldValue::Debug(value),
        }
    }
}
