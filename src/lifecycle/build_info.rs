//! [`BUILD`]: which backends this build of the crate compiled in.

use crate::backend::log::{LoggerBackend, SelectedLogger};
use crate::backend::metrics::{MeterBackend, SelectedMeter};
use crate::backend::trace::SelectedTracer;
use crate::backend::Install;

/// Which backends are compiled in, decided by Cargo features.
///
/// For diagnostics and for tests that assert what a build promises; call
/// sites never need it.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Build, BUILD};
///
/// fn describe(build: Build) -> String {
///     format!("spans: {}, logs: {}, json: {}", build.traces, build.logs, build.json)
/// }
/// println!("telemetry-facade build: {}", describe(BUILD));
/// // The JSON output is a logger backend: `json` implies `logs`.
/// assert!(BUILD.logs || !BUILD.json);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Build {
    /// Spans are real (`otel`).
    pub traces: bool,
    /// Loggers are real (`slog`).
    pub logs: bool,
    /// The built-in JSON-lines output exists (`json`).
    pub json: bool,
    /// Log records can be sent over OTLP (`otlp` with `slog` or `json`).
    pub otlp_logs: bool,
    /// Instruments are real (`metrics`).
    pub metrics: bool,
    /// [`prometheus_text`](crate::prometheus_text) can render the metrics
    /// (`prometheus`).
    pub prometheus: bool,
}

/// The backends of this build.
///
/// # Examples
///
/// ```
/// let build = telemetry_facade::BUILD;
/// assert!(build.logs || !build.json, "json implies a logger backend");
/// ```
pub const BUILD: Build = Build {
    traces: <SelectedTracer as Install>::RECORDS,
    logs: <SelectedLogger as Install>::RECORDS,
    json: <SelectedLogger as LoggerBackend>::WRITES_JSON,
    otlp_logs: <SelectedLogger as LoggerBackend>::EXPORTS_OTLP,
    metrics: <SelectedMeter as Install>::RECORDS,
    prometheus: <SelectedMeter as MeterBackend>::PROMETHEUS,
};
