//! The logging choices of [`Config`](crate::Config): format, output, level
//! directives and trace-field style. Plain types, the same in every build.

use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

/// How log records are written.
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

/// Where log records go.
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
