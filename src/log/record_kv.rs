//! The key-values of one record, in the order lines show them: `logger`,
//! `event`, bound fields, call fields, then the trace fields in the
//! configured style.

use std::cell::Cell;
use std::fmt::Write as _;

use super::json::JsonSink;
use crate::redaction;
use crate::text::truncate::to_chars;
use crate::vocabulary::fields::{Field, FieldValue};
use crate::vocabulary::formatting::formatted;
use crate::{AttributeLimits, TraceContext, TraceFieldStyle, Value};

pub(crate) struct RecordKv<'a> {
    pub(crate) logger: &'a str,
    pub(crate) event: &'a str,
    pub(crate) bound: &'a [(&'static str, Value)],
    pub(crate) scoped: Option<&'a super::scoped_fields::Node>,
    pub(crate) call: &'a [Field<'a>],
    pub(crate) trace: Option<TraceContext>,
    pub(crate) style: TraceFieldStyle,
    /// The JSON sink, when records go to it: it nests objects
    /// (`"span": {...}`), other drains get flat keys.
    pub(crate) json: Option<&'a JsonSink>,
    /// Set when a string written holds a non-ASCII character: only then
    /// can the JSON line hold a line separator that needs escaping.
    pub(crate) non_ascii: Cell<bool>,
    /// Fields per record (bound and call together) and string length.
    pub(crate) limits: AttributeLimits,
    /// Whether `logger` is written as a field (an OTLP log record has it
    /// as its scope; the JSON sink writes a plain name itself).
    pub(crate) write_logger: bool,
    /// Whether `event` is written as a field (an OTLP log record has it as
    /// its body).
    pub(crate) write_event: bool,
}

impl<'a> RecordKv<'a> {
    /// The fields the JSON sink leaves to slog-json when it writes `frame`
    /// itself: without what the frame holds.
    pub(crate) fn inside(&self, frame: &super::json::Frame<'_>) -> RecordKv<'a> {
        RecordKv {
            write_logger: self.write_logger && frame.logger.is_none(),
            write_event: self.write_event && frame.event.is_none(),
            trace: if frame.trace.is_some() {
                None
            } else {
                self.trace
            },
            non_ascii: Cell::new(false),
            ..*self
        }
    }
}

pub(crate) fn key(k: &'static str) -> slog::Key {
    #[allow(clippy::useless_conversion)] // a struct when slog's `dynamic-keys` is on
    k.into()
}

/// The key a user's field is written under: its own name, unless that
/// is one of the record's own keys (`timestamp`, `level`, `logger`,
/// `event`, or a trace field of any style), which is written as
/// `fields.<name>` so it can neither replace nor duplicate the record's.
pub(crate) fn user_key(k: &'static str) -> &'static str {
    match k {
        "timestamp" => "fields.timestamp",
        "level" => "fields.level",
        "logger" => "fields.logger",
        "event" => "fields.event",
        "trace_id" => "fields.trace_id",
        "span_id" => "fields.span_id",
        "trace_flags" => "fields.trace_flags",
        "parent_span_id" => "fields.parent_span_id",
        "span" => "fields.span",
        "span.trace_id" => "fields.span.trace_id",
        "span.span_id" => "fields.span.span_id",
        "span.parent_span_id" => "fields.span.parent_span_id",
        "dd.trace_id" => "fields.dd.trace_id",
        "dd.span_id" => "fields.dd.span_id",
        "trace.id" => "fields.trace.id",
        "span.id" => "fields.span.id",
        _ => k,
    }
}

/// Notes a non-ASCII string in `seen`.
#[inline]
fn note(seen: &Cell<bool>, text: &str) {
    if !text.is_ascii() {
        seen.set(true);
    }
}

fn emit_value(
    seen: &Cell<bool>,
    s: &mut dyn slog::Serializer,
    k: &'static str,
    v: &Value,
    len: usize,
) -> slog::Result {
    if redaction::is_secret_static_key(k) {
        note(seen, k);
        return s.emit_str(key(user_key(k)), redaction::MARKER);
    }
    let k = user_key(k);
    note(seen, k);
    match v {
        Value::Bool(b) => s.emit_bool(key(k), *b),
        Value::I64(i) => s.emit_i64(key(k), *i),
        Value::U64(u) => s.emit_u64(key(k), *u),
        Value::F64(f) => s.emit_f64(key(k), *f),
        Value::Str(text) => emit_text(seen, s, k, text, len),
    }
}

/// A string value, unless it looks like a secret (value detection).
fn emit_text(
    seen: &Cell<bool>,
    s: &mut dyn slog::Serializer,
    k: &'static str,
    text: &str,
    len: usize,
) -> slog::Result {
    match redaction::is_secret_value(text) {
        true => s.emit_str(key(k), redaction::MARKER),
        false => {
            note(seen, text);
            s.emit_str(key(k), to_chars(text, len))
        }
    }
}

fn emit_field(
    seen: &Cell<bool>,
    s: &mut dyn slog::Serializer,
    field: &Field<'_>,
    len: usize,
) -> slog::Result {
    // A value under a secret key is not even formatted.
    if redaction::is_secret_static_key(field.key) {
        note(seen, field.key);
        return s.emit_str(key(user_key(field.key)), redaction::MARKER);
    }
    let k = user_key(field.key);
    // The key may hold a line separator, whatever its value's type.
    note(seen, k);
    match field.value {
        FieldValue::Bool(b) => s.emit_bool(key(k), b),
        FieldValue::I64(i) => s.emit_i64(key(k), i),
        FieldValue::U64(u) => s.emit_u64(key(k), u),
        FieldValue::F64(f) => s.emit_f64(key(k), f),
        FieldValue::Str(text) => emit_text(seen, s, k, text, len),
        FieldValue::Display(d) => emit_text(seen, s, k, &formatted(|out| write!(out, "{d}")), len),
        FieldValue::Debug(d) => emit_text(seen, s, k, &formatted(|out| write!(out, "{d:?}")), len),
    }
}

/// Writes `n` in decimal into `buf`, returning the digits.
fn decimal(n: u64, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    let mut n = n;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

fn emit_flat(s: &mut dyn slog::Serializer, cx: &TraceContext) -> slog::Result {
    cx.trace_id().with_hex(|h| s.emit_str(key("trace_id"), h))?;
    cx.span_id().with_hex(|h| s.emit_str(key("span_id"), h))?;
    cx.trace_flags()
        .with_hex(|h| s.emit_str(key("trace_flags"), h))?;
    if let Some(parent) = cx.parent_span_id() {
        parent.with_hex(|h| s.emit_str(key("parent_span_id"), h))?;
    }
    Ok(())
}

fn emit_nested(
    s: &mut dyn slog::Serializer,
    cx: Option<&TraceContext>,
    json: Option<&JsonSink>,
) -> slog::Result {
    match (cx, json) {
        (None, _) => s.emit_none(key("span")),
        (Some(cx), Some(sink)) => sink.emit_span_object(s, cx),
        (Some(cx), None) => {
            cx.trace_id()
                .with_hex(|h| s.emit_str(key("span.trace_id"), h))?;
            cx.span_id()
                .with_hex(|h| s.emit_str(key("span.span_id"), h))?;
            match cx.parent_span_id() {
                Some(parent) => parent.with_hex(|h| s.emit_str(key("span.parent_span_id"), h)),
                None => s.emit_none(key("span.parent_span_id")),
            }
        }
    }
}

fn emit_datadog(s: &mut dyn slog::Serializer, cx: &TraceContext) -> slog::Result {
    let mut buf = [0u8; 20];
    s.emit_str(
        key("dd.trace_id"),
        decimal(cx.trace_id().low_u64(), &mut buf),
    )?;
    s.emit_str(key("dd.span_id"), decimal(cx.span_id().to_u64(), &mut buf))
}

fn emit_elastic(s: &mut dyn slog::Serializer, cx: &TraceContext) -> slog::Result {
    cx.trace_id().with_hex(|h| s.emit_str(key("trace.id"), h))?;
    cx.span_id().with_hex(|h| s.emit_str(key("span.id"), h))
}

impl slog::KV for RecordKv<'_> {
    fn serialize(&self, _record: &slog::Record<'_>, s: &mut dyn slog::Serializer) -> slog::Result {
        let seen = &self.non_ascii;
        if self.write_logger {
            note(seen, self.logger);
            s.emit_str(key("logger"), self.logger)?;
        }
        if self.write_event {
            note(seen, self.event);
            s.emit_str(key("event"), self.event)?;
        }
        // `OTEL_ATTRIBUTE_COUNT_LIMIT` counts bound and call fields together.
        let count = self.limits.count;
        // `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, in characters.
        let len = self.limits.value_length.unwrap_or(usize::MAX);
        let mut left = count;
        for (k, v) in self.bound.iter().take(left) {
            emit_value(seen, s, k, v, len)?;
        }
        left = left.saturating_sub(self.bound.len());
        if let Some(scoped) = self.scoped {
            let mut budget = left;
            scoped.for_each(&mut |k, v| {
                if budget == 0 {
                    return Ok(());
                }
                budget -= 1;
                emit_value(seen, s, k, v, len)
            })?;
            left = left.saturating_sub(scoped.len());
        }
        for field in self.call.iter().take(left) {
            emit_field(seen, s, field, len)?;
        }
        let cx = self.trace.as_ref();
        let (flat, nested, datadog, elastic) = match self.style {
            TraceFieldStyle::Flat => (true, false, false, false),
            TraceFieldStyle::Nested => (false, true, false, false),
            TraceFieldStyle::Datadog => (false, false, true, false),
            TraceFieldStyle::Elastic => (false, false, false, true),
            _ => (true, true, true, true),
        };
        if nested {
            emit_nested(s, cx, self.json)?;
        }
        if let Some(cx) = cx {
            if flat {
                emit_flat(s, cx)?;
            }
            if datadog {
                emit_datadog(s, cx)?;
            }
            if elastic {
                emit_elastic(s, cx)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimal_digits() {
        let mut buf = [0u8; 20];
        assert_eq!(decimal(0, &mut buf), "0");
        assert_eq!(decimal(42, &mut buf), "42");
        assert_eq!(decimal(u64::MAX, &mut buf), "18446744073709551615");
    }
}
