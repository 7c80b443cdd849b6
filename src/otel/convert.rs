//! Conversions from this crate's vocabulary to OpenTelemetry's and back.

use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use opentelemetry::trace as ot;

use crate::text::truncate;
use crate::{Key, KeyValue, SpanId, SpanKind, Status, TraceContext, TraceFlags, TraceId, Value};

pub(crate) fn key(key: Key) -> opentelemetry::Key {
    opentelemetry::Key::from(key.into_inner())
}

/// `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`, in characters; `usize::MAX` for none.
static VALUE_LENGTH_LIMIT: AtomicUsize = AtomicUsize::new(usize::MAX);

pub(crate) fn set_value_length_limit(limit: Option<usize>) {
    VALUE_LENGTH_LIMIT.store(limit.unwrap_or(usize::MAX), Ordering::Relaxed);
}

/// Cuts a string to the value length limit, on a character boundary.
fn limited(s: Cow<'static, str>) -> Cow<'static, str> {
    let limit = VALUE_LENGTH_LIMIT.load(Ordering::Relaxed);
    let cut = truncate::to_chars(&s, limit);
    if cut.len() == s.len() {
        s
    } else {
        Cow::Owned(cut.to_owned())
    }
}

pub(crate) fn value(value: Value) -> opentelemetry::Value {
    match value {
        Value::Bool(v) => opentelemetry::Value::Bool(v),
        Value::I64(v) => opentelemetry::Value::I64(v),
        // OpenTelemetry has no unsigned integers.
        Value::U64(v) => match i64::try_from(v) {
            Ok(i) => opentelemetry::Value::I64(i),
            Err(_) => opentelemetry::Value::String(v.to_string().into()),
        },
        Value::F64(v) => opentelemetry::Value::F64(v),
        Value::Str(v) => opentelemetry::Value::String(limited(v).into()),
    }
}

/// An attribute, redacted when its key names a secret or (value
/// detection) its value looks like one.
#[inline]
pub(crate) fn attribute(k: Key, v: Value) -> opentelemetry::KeyValue {
    // A `'static` key or string value is handed over as a pointer (a const
    // `Key::from_static_str`, no generic `From<Cow>`).
    let (k, secret_key) = match k.as_static() {
        Some(name) => (
            opentelemetry::Key::from_static_str(name),
            crate::redaction::is_secret_static_key(name),
        ),
        None => {
            let secret = crate::redaction::is_secret_key(k.as_str());
            (key(k), secret)
        }
    };
    let secret = secret_key || v.as_str().is_some_and(crate::redaction::is_secret_value);
    let v = match (v, secret) {
        (_, true) => opentelemetry::Value::String(crate::redaction::MARKER.into()),
        (Value::I64(v), false) => opentelemetry::Value::I64(v),
        (Value::Str(Cow::Borrowed(s)), false) => {
            opentelemetry::Value::String(limited_static(s).into())
        }
        (other, false) => value(other),
    };
    opentelemetry::KeyValue::new(k, v)
}

/// What converting a recording's attributes asks of the configuration,
/// read once per recording: the value length limit and whether values are
/// checked for secrets.
#[allow(dead_code)] // used by the metrics backend
#[derive(Clone, Copy)]
pub(crate) struct AttributeRules {
    limit: usize,
    check_values: bool,
}

#[allow(dead_code)] // used by the metrics backend
impl AttributeRules {
    /// The value length limit, in characters (`usize::MAX` for none).
    #[inline(always)]
    pub(crate) fn limit(self) -> usize {
        self.limit
    }

    /// The value length limit in force now.
    #[inline(always)]
    pub(crate) fn limit_now() -> usize {
        VALUE_LENGTH_LIMIT.load(Ordering::Relaxed)
    }

    /// The rules in force now.
    #[inline(always)]
    pub(crate) fn now() -> AttributeRules {
        AttributeRules {
            limit: VALUE_LENGTH_LIMIT.load(Ordering::Relaxed),
            check_values: crate::redaction::checks_values(),
        }
    }
}

/// [`attribute`] from a borrowed attribute, the hot path of every metric
/// recording: a `'static` key or string value is copied as a pointer (no
/// clone of ours, no generic `From<Cow>`), a static key's verdict comes
/// from the instrument's `known` keys, and the result says whether
/// everything it holds is `'static`, so that the caller may skip its drop.
#[inline(always)]
#[allow(dead_code)] // used by the metrics backend
pub(crate) fn attribute_ref(
    kv: &KeyValue,
    rules: AttributeRules,
    known: &crate::redaction::KnownKeys,
) -> (opentelemetry::KeyValue, bool) {
    let (key, key_static, secret_key) = match kv.key.as_static() {
        Some(name) => (
            opentelemetry::Key::from_static_str(name),
            true,
            known.is_secret(name),
        ),
        None => (
            key(kv.key.clone()),
            false,
            crate::redaction::is_secret_key(kv.key.as_str()),
        ),
    };
    let secret = secret_key
        || (rules.check_values
            && kv
                .value
                .as_str()
                .is_some_and(crate::redaction::is_secret_value));
    let (value, value_static) = match (&kv.value, secret) {
        (_, true) => (
            opentelemetry::Value::String(crate::redaction::MARKER.into()),
            true,
        ),
        (Value::Str(Cow::Borrowed(s)), false) => {
            let s: &'static str = truncate::to_chars(s, rules.limit);
            (opentelemetry::Value::String(s.into()), true)
        }
        (Value::Bool(v), false) => (opentelemetry::Value::Bool(*v), true),
        (Value::I64(v), false) => (opentelemetry::Value::I64(*v), true),
        (Value::F64(v), false) => (opentelemetry::Value::F64(*v), true),
        (other, false) => (value(other.clone()), false),
    };
    (
        opentelemetry::KeyValue::new(key, value),
        key_static && value_static,
    )
}

/// [`limited`] for a `'static` string (cut, it stays `'static`).
#[inline]
fn limited_static(s: &'static str) -> &'static str {
    truncate::to_chars(s, VALUE_LENGTH_LIMIT.load(Ordering::Relaxed))
}

pub(crate) fn key_value(kv: KeyValue) -> opentelemetry::KeyValue {
    attribute(kv.key, kv.value)
}

pub(crate) fn key_values(kvs: Vec<KeyValue>) -> Vec<opentelemetry::KeyValue> {
    kvs.into_iter().map(key_value).collect()
}

pub(crate) fn value_back(value: &opentelemetry::Value) -> Value {
    match value {
        opentelemetry::Value::Bool(v) => Value::Bool(*v),
        opentelemetry::Value::I64(v) => Value::I64(*v),
        opentelemetry::Value::F64(v) => Value::F64(*v),
        opentelemetry::Value::String(s) => Value::Str(s.as_str().to_owned().into()),
        other => Value::Str(other.to_string().into()),
    }
}

pub(crate) fn key_value_back(kv: &opentelemetry::KeyValue) -> KeyValue {
    KeyValue::new(kv.key.as_str().to_owned(), value_back(&kv.value))
}

pub(crate) fn kind(kind: SpanKind) -> ot::SpanKind {
    match kind {
        SpanKind::Internal => ot::SpanKind::Internal,
        SpanKind::Server => ot::SpanKind::Server,
        SpanKind::Client => ot::SpanKind::Client,
        SpanKind::Producer => ot::SpanKind::Producer,
        SpanKind::Consumer => ot::SpanKind::Consumer,
    }
}

pub(crate) fn kind_back(kind: &ot::SpanKind) -> SpanKind {
    match kind {
        ot::SpanKind::Internal => SpanKind::Internal,
        ot::SpanKind::Server => SpanKind::Server,
        ot::SpanKind::Client => SpanKind::Client,
        ot::SpanKind::Producer => SpanKind::Producer,
        ot::SpanKind::Consumer => SpanKind::Consumer,
    }
}

pub(crate) fn status(status: Status) -> ot::Status {
    match status {
        Status::Unset => ot::Status::Unset,
        Status::Ok => ot::Status::Ok,
        Status::Error { description } => ot::Status::Error { description },
    }
}

pub(crate) fn status_back(status: &ot::Status) -> Status {
    match status {
        ot::Status::Unset => Status::Unset,
        ot::Status::Ok => Status::Ok,
        ot::Status::Error { description } => Status::Error {
            description: description.clone(),
        },
    }
}

pub(crate) fn span_context(cx: &TraceContext) -> ot::SpanContext {
    ot::SpanContext::new(
        ot::TraceId::from_bytes(cx.trace_id().to_bytes()),
        ot::SpanId::from_bytes(cx.span_id().to_bytes()),
        ot::TraceFlags::new(cx.trace_flags().bits()),
        cx.is_remote(),
        ot::TraceState::NONE,
    )
}

pub(crate) fn span_id_back(id: ot::SpanId) -> SpanId {
    SpanId::from_bytes(id.to_bytes())
}

pub(crate) fn trace_context_back(sc: &ot::SpanContext, parent: Option<SpanId>) -> TraceContext {
    let cx = TraceContext::new(
        TraceId::from_bytes(sc.trace_id().to_bytes()),
        span_id_back(sc.span_id()),
        TraceFlags::new(sc.trace_flags().to_u8()),
    )
    .with_parent_span_id(parent);
    if sc.is_remote() {
        cx.into_remote()
    } else {
        cx
    }
}
