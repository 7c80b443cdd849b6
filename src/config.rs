//! [`Config`]: what an application chooses at [`init`](crate::init).

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::{Level, LogFormat, LogOutput, TraceFieldStyle};

/// Where finished spans go.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, SpanExport};
///
/// let config = Config::new().span_export(SpanExport::Stdout);
/// assert_eq!(config.get_span_export(), SpanExport::Stdout);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpanExport {
    /// Spans are recorded (so log lines carry their ids) but not exported.
    #[default]
    None,
    /// One readable line per finished span on standard output.
    Stdout,
    /// One readable line per finished span on standard error.
    Stderr,
}

/// The application's telemetry settings, passed to [`init`](crate::init).
///
/// Libraries never build one: only the final application decides where
/// telemetry goes.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::{Config, SpanExport};
///
/// let config = Config::new()
///     .service_name("checkout")
///     .span_export(SpanExport::Stderr)
///     .shutdown_timeout(Duration::from_secs(2));
/// assert_eq!(config.get_service_name(), "checkout");
/// ```
pub struct Config {
    pub(crate) service_name: Option<Cow<'static, str>>,
    pub(crate) span_export: SpanExport,
    pub(crate) shutdown_timeout: Duration,
    pub(crate) install_global: bool,
    pub(crate) log_level: Level,
    pub(crate) log_directives: Option<String>,
    pub(crate) log_format: LogFormat,
    pub(crate) log_output: LogOutput,
    pub(crate) trace_fields: TraceFieldStyle,
    #[cfg(feature = "otel")]
    pub(crate) span_exporters: Vec<crate::otel::provider::AddExporter>,
    #[cfg(feature = "slog")]
    pub(crate) slog_drain: Option<crate::log::AppDrain>,
}

// Unwind safe in every build, like the handles (the boxed exporters and
// drains some builds hold are not marked so).
impl std::panic::UnwindSafe for Config {}
impl std::panic::RefUnwindSafe for Config {}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

impl Config {
    /// The defaults: service name `unknown_service:<executable>`, spans
    /// recorded but not exported, a 5 s shutdown timeout, and the tracer
    /// provider installed as OpenTelemetry's global one.
    pub fn new() -> Config {
        Config {
            service_name: None,
            span_export: SpanExport::None,
            shutdown_timeout: Duration::from_secs(5),
            install_global: true,
            log_level: Level::Info,
            log_directives: None,
            log_format: LogFormat::Json,
            log_output: LogOutput::Stdout,
            trace_fields: TraceFieldStyle::Flat,
            #[cfg(feature = "otel")]
            span_exporters: Vec::new(),
            #[cfg(feature = "slog")]
            slog_drain: None,
        }
    }

    /// Sets `service.name`, the name backends show for this program.
    pub fn service_name(mut self, name: impl Into<Cow<'static, str>>) -> Config {
        self.service_name = Some(name.into());
        self
    }

    /// Chooses where finished spans go.
    pub fn span_export(mut self, export: SpanExport) -> Config {
        self.span_export = export;
        self
    }

    /// Bounds how long the [`TelemetryGuard`](crate::TelemetryGuard) waits
    /// to flush when it is dropped.
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Config {
        self.shutdown_timeout = timeout;
        self
    }

    /// Whether `init` also installs the tracer provider as
    /// `opentelemetry::global`'s, so spans of other OpenTelemetry
    /// instrumentation join the same traces (default `true`). No effect
    /// without the `otel` feature.
    pub fn install_global(mut self, install: bool) -> Config {
        self.install_global = install;
        self
    }

    /// Adds an OpenTelemetry span exporter, fed synchronously as each span
    /// ends (a simple span processor), besides [`SpanExport`].
    ///
    /// An escape hatch for applications: only with the `otel` feature.
    #[cfg(feature = "otel")]
    #[cfg_attr(docsrs, doc(cfg(feature = "otel")))]
    pub fn with_span_exporter<E>(mut self, exporter: E) -> Config
    where
        E: opentelemetry_sdk::trace::SpanExporter + 'static,
    {
        self.span_exporters
            .push(crate::otel::provider::add_exporter(exporter));
        self
    }

    /// The level below which records are dropped, for loggers no directive
    /// names (default `Info`).
    pub fn log_level(mut self, level: Level) -> Config {
        self.log_level = level;
        self
    }

    /// Per-logger levels in the syntax of `RUST_LOG`:
    /// `"warn,my_crate::db=debug"`. A bare level sets the default; a
    /// `name=level` pair applies to that logger and the loggers below it
    /// (`my_crate::db` covers `my_crate::db::pool`); the longest match wins.
    /// Invalid parts are reported once on stderr at `init` and ignored.
    pub fn log_directives(mut self, directives: impl Into<String>) -> Config {
        self.log_directives = Some(directives.into());
        self
    }

    /// JSON lines (default) or the pretty format.
    pub fn log_format(mut self, format: LogFormat) -> Config {
        self.log_format = format;
        self
    }

    /// Where log records go (default standard output).
    pub fn log_output(mut self, output: LogOutput) -> Config {
        self.log_output = output;
        self
    }

    /// Which keys carry the current span's ids in log records.
    pub fn trace_fields(mut self, style: TraceFieldStyle) -> Config {
        self.trace_fields = style;
        self
    }

    /// Sends log records to an application's `slog::Drain` instead of the
    /// built-in output; format and output settings then do not apply.
    /// Records carry `logger`, `event`, bound, scoped and call fields, then
    /// the trace fields, as key-values; errors of the drain are ignored.
    ///
    /// An escape hatch for applications: only with the `slog` feature.
    #[cfg(feature = "slog")]
    #[cfg_attr(docsrs, doc(cfg(feature = "slog")))]
    pub fn slog_drain<D>(mut self, drain: D) -> Config
    where
        D: slog::Drain + Send + Sync + std::panic::RefUnwindSafe + 'static,
    {
        self.slog_drain = Some(crate::log::app_drain(drain));
        self
    }

    /// The service name that will be used.
    pub fn get_service_name(&self) -> Cow<'static, str> {
        match &self.service_name {
            Some(name) => name.clone(),
            None => Cow::Owned(default_service_name()),
        }
    }

    /// Where spans will go.
    pub fn get_span_export(&self) -> SpanExport {
        self.span_export
    }
}

/// `unknown_service:<executable name>`, as the OpenTelemetry resource
/// specification asks, or `unknown_service` when the name is unknown.
fn default_service_name() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|exe| format!("unknown_service:{exe}"))
        .unwrap_or_else(|| "unknown_service".to_owned())
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Config");
        d.field("service_name", &self.get_service_name())
            .field("span_export", &self.span_export)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("install_global", &self.install_global)
            .field("log_level", &self.log_level)
            .field("log_directives", &self.log_directives)
            .field("log_format", &self.log_format)
            .field("log_output", &self.log_output)
            .field("trace_fields", &self.trace_fields);
        #[cfg(feature = "otel")]
        d.field("span_exporters", &self.span_exporters.len());
        #[cfg(feature = "slog")]
        d.field("slog_drain", &self.slog_drain.is_some());
        d.finish()
    }
}
