//! Log records over OTLP in a build without the `otlp` feature: a type
//! with no values. `open` refuses (the caller warns and writes records to
//! the log output), so every method below is unreachable, and says so to
//! the compiler.

use std::borrow::Cow;
use std::time::Duration;

use super::record_kv::RecordKv;
use crate::{Config, InitError, Level, TraceContext};

/// No OTLP log export path can exist in this build.
#[derive(Debug)]
pub(crate) enum OtlpLogs {}

impl OtlpLogs {
    /// Whether records can be sent over OTLP in this build.
    pub(crate) const AVAILABLE: bool = false;

    /// Always refuses.
    pub(crate) fn open(_config: &Config) -> Result<OtlpLogs, String> {
        Err("log records over OTLP need the `otlp` feature of telemetry-facade".into())
    }

    // A `Cow`, not a `&str`: the OTLP path keeps the name as the scope
    // without copying a `'static` one.
    #[allow(clippy::ptr_arg)]
    pub(crate) fn emit(
        &self,
        _logger: &Cow<'static, str>,
        _level: Level,
        _kv: &RecordKv<'_>,
        _trace: Option<TraceContext>,
    ) {
        match *self {}
    }

    pub(crate) fn flush(&self) {
        match *self {}
    }

    pub(crate) fn shutdown(&self, _timeout: Duration) -> Result<(), InitError> {
        match *self {}
    }
}
