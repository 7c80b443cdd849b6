//! The logging choices of [`Config`](crate::Config): format, output, level
//! directives and trace-field style. Plain types, the same in every build.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// How log records are written.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, LogFormat};
///
/// assert_eq!(Config::new().get_log_format(), LogFormat::Json);
/// // Readable lines while developing:
/// let config = Config::new().log_format(LogFormat::Pretty);
/// assert_eq!(config.get_log_format(), LogFormat::Pretty);
/// // LOG_FORMAT=pretty does the same from the environment.
/// let from_env = Config::from_vars([("LOG_FORMAT", "pretty")]);
/// assert_eq!(from_env.get_log_format(), LogFormat::Pretty);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogFormat {
    /// One JSON object per line (needs the `json` feature; without it the
    /// pretty format is used and `init` warns once).
    #[default]
    Json,
    /// One human-readable line per record, coloured only on a terminal.
    Pretty,
}

/// Where log records are sent: the log output (JSON lines, the pretty
/// format or an application's drain: [`LogOutput`], [`LogFormat`]), an
/// OpenTelemetry collector over OTLP, both, or nowhere
/// (`OTEL_LOGS_EXPORTER`: `console` is the log output, `otlp` the
/// collector, `none` neither; a list such as `console,otlp` sends to both).
///
/// Over OTLP each record is an OpenTelemetry log record: severity number
/// and text, the `event` as body, the fields as attributes (redacted as in
/// the lines), the current span's trace id, span id and flags, the
/// resource, and the logger name as instrumentation scope. Records are
/// batched ([`Config::log_batch`](crate::Config::log_batch), `OTEL_BLRP_*`)
/// and sent as the [`OtlpSettings`](crate::OtlpSettings) for logs say
/// ([`Config::otlp_logs`](crate::Config::otlp_logs),
/// `OTEL_EXPORTER_OTLP_LOGS_*`). OTLP needs the `otlp` feature and a
/// logger backend (`slog` or `json`): without them `init` warns and the
/// records go to the log output only.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, LogExport};
///
/// assert_eq!(Config::new().get_log_export(), LogExport::Output);
/// let both = Config::new().log_export(LogExport::OutputAndOtlp);
/// assert!(both.get_log_export().to_output() && both.get_log_export().to_otlp());
///
/// let from_env = Config::from_vars([("OTEL_LOGS_EXPORTER", "otlp")]);
/// assert_eq!(from_env.get_log_export(), LogExport::Otlp);
/// let none = Config::from_vars([("OTEL_LOGS_EXPORTER", "none")]);
/// assert_eq!(none.get_log_export(), LogExport::None);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum LogExport {
    /// The log output only (the default).
    #[default]
    Output,
    /// Over OTLP only: nothing is written to the log output.
    Otlp,
    /// Both the log output and OTLP.
    OutputAndOtlp,
    /// Nowhere: every logger is disabled (each call costs one atomic load).
    None,
}

impl LogExport {
    /// Whether records go to the log output.
    pub fn to_output(self) -> bool {
        matches!(self, LogExport::Output | LogExport::OutputAndOtlp)
    }

    /// Whether records are sent over OTLP.
    pub fn to_otlp(self) -> bool {
        matches!(self, LogExport::Otlp | LogExport::OutputAndOtlp)
    }

    /// The choice that sends to the output and/or OTLP as told.
    pub(crate) fn from_parts(output: bool, otlp: bool) -> LogExport {
        match (output, otlp) {
            (true, true) => LogExport::OutputAndOtlp,
            (true, false) => LogExport::Output,
            (false, true) => LogExport::Otlp,
            (false, false) => LogExport::None,
        }
    }
}

/// Where log records go.
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// use std::sync::{Arc, Mutex};
/// use telemetry_facade::{get_telemetry, info, init, Config, LogOutput, BUILD};
///
/// /// A writer the test can read back.
/// #[derive(Clone, Default)]
/// struct Buffer(Arc<Mutex<Vec<u8>>>);
///
/// impl Write for Buffer {
///     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
///         self.0.lock().unwrap().write(bytes)
///     }
///     fn flush(&mut self) -> std::io::Result<()> {
///         Ok(())
///     }
/// }
///
/// let buffer = Buffer::default();
/// let guard = init(Config::new().log_output(LogOutput::writer(buffer.clone()))).expect("first init");
/// info!(get_telemetry("my_crate").logger(), "written");
/// drop(guard);
///
/// let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
/// assert_eq!(text.lines().filter(|l| l.contains("written")).count(), usize::from(BUILD.logs));
///
/// // Or a file, created or appended to:
/// let _to_file = LogOutput::File("app.log".into());
/// ```
#[derive(Default)]
#[non_exhaustive]
pub enum LogOutput {
    /// Standard output (the default).
    #[default]
    Stdout,
    /// Standard error.
    Stderr,
    /// A file, created or appended to.
    File(PathBuf),
    /// Any writer; each record is written with a single `write_all` of a
    /// whole line.
    Writer(Mutex<Box<dyn Write + Send>>),
}

impl LogOutput {
    /// Output to any writer.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, LogOutput};
    ///
    /// // Records go nowhere: for a benchmark of the logging path.
    /// let config = Config::new().log_output(LogOutput::writer(std::io::sink()));
    /// # let _ = config;
    /// ```
    pub fn writer(writer: impl Write + Send + 'static) -> LogOutput {
        LogOutput::Writer(Mutex::new(Box::new(writer)))
    }
}

impl fmt::Debug for LogOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LogOutput::Stdout => f.write_str("Stdout"),
            LogOutput::Stderr => f.write_str("Stderr"),
            LogOutput::File(path) => f.debug_tuple("File").field(path).finish(),
            LogOutput::Writer(_) => f.write_str("Writer(..)"),
        }
    }
}

/// Which keys carry the current span's ids in a log record.
///
/// Inside a recording span:
///
/// | style | keys |
/// |---|---|
/// | `Flat` (default) | `trace_id`, `span_id`, `trace_flags`, `parent_span_id` (when there is one) |
/// | `Nested` | `"span": {"trace_id", "span_id", "parent_span_id"}`; `"span": null` outside a span |
/// | `Datadog` | `dd.trace_id`, `dd.span_id`: decimal strings, the trace id's lower 64 bits |
/// | `Elastic` | `trace.id`, `span.id` |
/// | `All` | all of the above |
///
/// Outside a recording span no trace key is written (except `Nested`'s
/// `"span": null`). With a drain or format that cannot nest objects (the
/// pretty format, an application's slog drain), `Nested` writes
/// `span.trace_id`, `span.span_id` and `span.parent_span_id` instead.
///
/// # Examples
///
/// ```
/// use std::io::Write;
/// use std::sync::{Arc, Mutex};
/// use telemetry_facade::{get_telemetry, info, init, Config, LogOutput, TraceFieldStyle, BUILD};
///
/// # #[derive(Clone, Default)]
/// # struct Buffer(Arc<Mutex<Vec<u8>>>);
/// # impl Write for Buffer {
/// #     fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
/// #         self.0.lock().unwrap().write(bytes)
/// #     }
/// #     fn flush(&mut self) -> std::io::Result<()> {
/// #         Ok(())
/// #     }
/// # }
/// let buffer = Buffer::default(); // a `Write` we can read back, as in `LogOutput`'s example
/// let config = Config::new()
///     .trace_fields(TraceFieldStyle::Datadog)
///     .log_output(LogOutput::writer(buffer.clone()));
/// let guard = init(config).expect("first init");
/// let t = get_telemetry("my_crate");
/// t.tracer().in_span("request", |_span| info!(t.logger(), "handled"));
/// drop(guard);
///
/// let text = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
/// // Trace keys need both a logger backend and real spans.
/// assert_eq!(text.contains("dd.trace_id"), BUILD.logs && BUILD.traces);
/// assert!(!text.contains("\"trace_id\""), "only the Datadog keys");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum TraceFieldStyle {
    /// Top-level `trace_id`, `span_id`, `trace_flags`, `parent_span_id`.
    #[default]
    Flat,
    /// One `span` object.
    Nested,
    /// Datadog's `dd.trace_id` / `dd.span_id`.
    Datadog,
    /// Elastic Common Schema's `trace.id` / `span.id`.
    Elastic,
    /// Every style at once.
    All,
}
