//! Log records over OTLP (the `otlp` feature): each record the log backend
//! writes also becomes an OpenTelemetry log record, emitted to the log
//! export path (`crate::otel::otlp::log_export`). Its attributes are the
//! record's fields serialized by the same `RecordKv` the lines use, so
//! redaction, the attribute limits and the `fields.<name>` renaming of
//! reserved names apply identically.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use opentelemetry::logs::{AnyValue, LogRecord as _, Logger as _, LoggerProvider as _, Severity};
use opentelemetry::{InstrumentationScope, Key};

use super::record_kv::RecordKv;
use crate::otel::otlp::log_export::{self, LogExportPath};
use crate::{Config, InitError, Level, TraceContext};

/// The OTLP log export path, once set up.
#[derive(Debug)]
pub(crate) struct OtlpLogs(LogExportPath);

impl OtlpLogs {
    /// Whether records can be sent over OTLP in this build.
    pub(crate) const AVAILABLE: bool = true;

    /// The export path, or why it cannot be set up.
    pub(crate) fn open(config: &Config) -> Result<OtlpLogs, String> {
        log_export::build(config).map(OtlpLogs)
    }

    /// Emits one record: `kv` holds its fields (its trace fields are not
    /// among them: `trace` goes into the record's own trace context).
    // A `Cow`, not a `&str`: the OTLP path keeps the name as the scope
    // without copying a `'static` one.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn emit(
        &self,
        logger: &Cow<'static, str>,
        level: Level,
        kv: &RecordKv<'_>,
        trace: Option<TraceContext>,
    ) {
        let scope = InstrumentationScope::builder(logger.clone()).build();
        let otel_logger = self.0.provider.logger_with_scope(scope);
        let mut record = otel_logger.create_log_record();
        let now = SystemTime::now();
        record.set_timestamp(now);
        record.set_observed_timestamp(now);
        record.set_severity_number(severity(level));
        record.set_severity_text(level.as_str());
        record.set_body(shared(kv.event));
        let mut attributes = Attributes(&mut record);
        let rs = slog::RecordStatic {
            location: &super::output::LOCATION,
            tag: logger,
            level: super::slog_level(level),
        };
        let msg = format_args!("{}", kv.event);
        let slog_record = slog::Record::new(&rs, &msg, slog::BorrowedKV(kv));
        let _ = slog::KV::serialize(kv, &slog_record, &mut attributes);
        if let Some(cx) = trace {
            record.set_trace_context(
                opentelemetry::TraceId::from_bytes(cx.trace_id().to_bytes()),
                opentelemetry::SpanId::from_bytes(cx.span_id().to_bytes()),
                Some(opentelemetry::TraceFlags::new(cx.trace_flags().bits())),
            );
        }
        otel_logger.emit(record);
    }

    /// Exports what the batch processor holds.
    pub(crate) fn flush(&self) {
        let _ = self.0.provider.force_flush();
    }

    /// Exports what is queued and shuts the path down within `timeout`;
    /// reports what was lost.
    pub(crate) fn shutdown(&self, timeout: Duration) -> Result<(), InitError> {
        let provider = self.0.provider.clone();
        let finished = crate::lifecycle::bounded(timeout, move || {
            provider
                .shutdown_with_timeout(timeout)
                .map_err(|e| InitError::Backend(format!("log export shutdown: {e}")))
        });
        let loss = self.0.log_loss();
        if !loss.is_empty() {
            return Err(InitError::LogsLost(loss));
        }
        finished
    }
}

/// Our level as OpenTelemetry's severity number (`critical` is `FATAL`).
fn severity(level: Level) -> Severity {
    match level {
        Level::Trace => Severity::Trace,
        Level::Debug => Severity::Debug,
        Level::Info => Severity::Info,
        Level::Warn => Severity::Warn,
        Level::Error => Severity::Error,
        Level::Critical => Severity::Fatal,
    }
}

/// A string value the batch processor copies by reference count: it
/// clones every record it queues, and a `String` would be copied again
/// (one allocation more per string per record).
fn shared(text: &str) -> AnyValue {
    AnyValue::String(std::sync::Arc::<str>::from(text).into())
}

/// The record's fields as attributes, added to the record as they are
/// serialized (the `RecordKv` leaves `logger` and `event` out: they are
/// the scope and the body).
struct Attributes<'r, R>(&'r mut R);

impl<R: opentelemetry::logs::LogRecord> Attributes<'_, R> {
    fn push(&mut self, key: slog::Key, value: AnyValue) {
        let key: &'static str = key;
        self.0.add_attribute(Key::from_static_str(key), value);
    }
}

impl<R: opentelemetry::logs::LogRecord> slog::Serializer for Attributes<'_, R> {
    fn emit_arguments(&mut self, key: slog::Key, value: &std::fmt::Arguments<'_>) -> slog::Result {
        self.push(key, AnyValue::String(value.to_string().into()));
        Ok(())
    }

    fn emit_str(&mut self, key: slog::Key, value: &str) -> slog::Result {
        self.push(key, shared(value));
        Ok(())
    }

    fn emit_bool(&mut self, key: slog::Key, value: bool) -> slog::Result {
        self.push(key, AnyValue::Boolean(value));
        Ok(())
    }

    fn emit_i64(&mut self, key: slog::Key, value: i64) -> slog::Result {
        self.push(key, AnyValue::Int(value));
        Ok(())
    }

    fn emit_u64(&mut self, key: slog::Key, value: u64) -> slog::Result {
        // OTLP integers are signed: a larger value is sent as its text.
        let value = match i64::try_from(value) {
            Ok(i) => AnyValue::Int(i),
            Err(_) => AnyValue::String(value.to_string().into()),
        };
        self.push(key, value);
        Ok(())
    }

    fn emit_f64(&mut self, key: slog::Key, value: f64) -> slog::Result {
        self.push(key, AnyValue::Double(value));
        Ok(())
    }

    fn emit_none(&mut self, _key: slog::Key) -> slog::Result {
        Ok(())
    }
}
