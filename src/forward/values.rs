//! Our values as `tracing` values, redacted as every output of this crate
//! redacts them, and formatted without ever panicking.
//!
//! Numbers, booleans and strings keep their type (`record_i64`,
//! `record_str`, …); a `Display`/`Debug` field is formatted only when the
//! subscriber records it, through [`Safe`], which turns a failing or
//! panicking implementation into `"<formatting failed>"`. A key that names
//! a secret gets `"[REDACTED]"` and its value is never formatted. The
//! rules are the defaults: the application's own rules come with `init`,
//! after which nothing is forwarded.

use std::fmt;
use std::fmt::Write as _;

use tracing_core::field::{display, DisplayValue, Value as TracingValue};

use crate::redaction::{is_secret_key, is_secret_static_key, is_secret_value, MARKER};
use crate::text::quote::Quoted;
use crate::vocabulary::formatting::formatted;
use crate::{FieldValue, Value};

/// A user's `Display` or `Debug`, formatted safely.
#[derive(Clone, Copy)]
pub(super) enum Safe<'a> {
    Display(&'a (dyn fmt::Display + Sync)),
    Debug(&'a (dyn fmt::Debug + Sync)),
}

impl fmt::Display for Safe<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Into a string first: no panic or error of the user's code
        // reaches the subscriber's formatter.
        let text = match *self {
            Safe::Display(v) => formatted(|out| write!(out, "{v}")),
            Safe::Debug(v) => formatted(|out| write!(out, "{v:?}")),
        };
        f.write_str(&text)
    }
}

/// One value handed to `tracing`.
pub(super) enum TValue<'a> {
    Bool(bool),
    I64(i64),
    U64(u64),
    F64(f64),
    Str(&'a str),
    Display(DisplayValue<Safe<'a>>),
    Owned(String),
}

impl TValue<'_> {
    /// The value as `tracing` takes it.
    pub(super) fn as_value(&self) -> &dyn TracingValue {
        match self {
            TValue::Bool(v) => v,
            TValue::I64(v) => v,
            TValue::U64(v) => v,
            TValue::F64(v) => v,
            TValue::Str(v) => v,
            TValue::Display(v) => v,
            TValue::Owned(v) => v,
        }
    }
}

impl fmt::Display for TValue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TValue::Bool(v) => fmt::Display::fmt(v, f),
            TValue::I64(v) => fmt::Display::fmt(v, f),
            TValue::U64(v) => fmt::Display::fmt(v, f),
            TValue::F64(v) => fmt::Display::fmt(v, f),
            TValue::Str(v) => f.write_str(v),
            TValue::Display(v) => fmt::Debug::fmt(v, f),
            TValue::Owned(v) => f.write_str(v),
        }
    }
}

/// A log field's value (its key names a secret: the marker).
pub(super) fn of_field<'a>(key: &'static str, value: &FieldValue<'a>) -> TValue<'a> {
    if is_secret_static_key(key) {
        return TValue::Str(MARKER);
    }
    match *value {
        FieldValue::Bool(v) => TValue::Bool(v),
        FieldValue::I64(v) => TValue::I64(v),
        FieldValue::U64(v) => TValue::U64(v),
        FieldValue::F64(v) => TValue::F64(v),
        FieldValue::Str(v) => str_value(v),
        FieldValue::Display(v) => TValue::Display(display(Safe::Display(v))),
        FieldValue::Debug(v) => TValue::Display(display(Safe::Debug(v))),
    }
}

/// A span attribute's value.
pub(super) fn of_value<'a>(key: &str, value: &'a Value) -> TValue<'a> {
    match is_secret_key(key) {
        true => TValue::Str(MARKER),
        false => convert(value),
    }
}

/// A bound or scoped field's value (its key is `'static`: the redaction
/// check is remembered per key).
pub(super) fn of_static_value<'a>(key: &'static str, value: &'a Value) -> TValue<'a> {
    match is_secret_static_key(key) {
        true => TValue::Str(MARKER),
        false => convert(value),
    }
}

fn convert(value: &Value) -> TValue<'_> {
    match value {
        Value::Bool(v) => TValue::Bool(*v),
        Value::I64(v) => TValue::I64(*v),
        Value::U64(v) => TValue::U64(*v),
        Value::F64(v) => TValue::F64(*v),
        Value::Str(v) => str_value(v),
    }
}

fn str_value(v: &str) -> TValue<'_> {
    match is_secret_value(v) {
        true => TValue::Str(MARKER),
        false => TValue::Str(v),
    }
}

/// The name a field of ours takes in `tracing`: `message` is the event, so
/// a field called `message` (the log macros' formatted message, say)
/// becomes `fields.message`, as reserved names do in the JSON lines.
pub(super) fn field_name(key: &str) -> &str {
    match key {
        "message" => "fields.message",
        other => other,
    }
}

/// Fields as one value, `key=value` separated by spaces, each key and
/// value bare when it is a plain word and quoted otherwise: what the
/// generic callsites carry.
pub(super) fn render<'k, 'v>(fields: impl Iterator<Item = (&'k str, TValue<'v>)>) -> String {
    let mut out = String::new();
    for (key, value) in fields {
        if !out.is_empty() {
            out.push(' ');
        }
        let value = value.to_string();
        let _ = write!(out, "{}={}", Quoted(key), Quoted(&value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Panics;
    impl fmt::Display for Panics {
        fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
            panic!("a broken Display")
        }
    }

    #[test]
    fn secrets_are_redacted_and_displays_are_safe() {
        assert!(matches!(
            of_field("password", &FieldValue::Str("hunter2")),
            TValue::Str(MARKER)
        ));
        assert!(matches!(
            of_value("api_key", &Value::from("k")),
            TValue::Str(MARKER)
        ));
        let broken = of_field("shown", &FieldValue::Display(&Panics));
        assert_eq!(broken.to_string(), "<formatting failed>");
        let fine = of_field("n", &FieldValue::Debug(&Some(1)));
        assert_eq!(fine.to_string(), "Some(1)");
    }

    #[test]
    fn the_message_field_is_renamed_and_rendering_quotes() {
        assert_eq!(field_name("message"), "fields.message");
        assert_eq!(field_name("db.rows"), "db.rows");
        let rendered = render(
            [
                ("a", TValue::I64(1)),
                ("b c", TValue::Str("two words")),
                ("d", TValue::Str("line\nbreak")),
            ]
            .into_iter(),
        );
        assert_eq!(rendered, r#"a=1 "b c"="two words" d="line\nbreak""#);
        // Hostile keys and values stay one clean line.
        let hostile = render(
            [
                ("k\u{2028}", TValue::Str("\u{1b}[31m\r\n{\"forged\":1}")),
                ("ok", TValue::Str("\u{85}\u{2029}\u{7f}")),
            ]
            .into_iter(),
        );
        crate::text::quote::assert_one_clean_line(&format!("{hostile}\n"));
    }
}
