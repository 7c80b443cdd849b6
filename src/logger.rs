//! The public logging handle, [`Logger`], and [`Level`].

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use crate::backend::log::{LoggerBackend, SelectedLogger};
use crate::vocabulary::fields::Field;

/// The severity of a log record, from least to most severe.
///
/// # Examples
///
/// ```
/// use telemetry_facade::Level;
///
/// assert!(Level::Warn > Level::Info);
/// assert_eq!(Level::Warn.as_str(), "warning");
/// assert_eq!("WARN".parse::<Level>(), Ok(Level::Warn));
/// assert_eq!("warning".parse::<Level>(), Ok(Level::Warn));
/// assert!("loud".parse::<Level>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Very fine detail.
    Trace,
    /// Detail for debugging.
    Debug,
    /// Normal operation.
    Info,
    /// Something unexpected that the program handled.
    Warn,
    /// An operation failed.
    Error,
    /// The program may not be able to go on.
    Critical,
}

impl Level {
    /// All levels, from least to most severe.
    pub const ALL: [Level; 6] = [
        Level::Trace,
        Level::Debug,
        Level::Info,
        Level::Warn,
        Level::Error,
        Level::Critical,
    ];

    /// The lowercase name written in log lines: `trace`, `debug`, `info`,
    /// `warning`, `error`, `critical`.
    pub const fn as_str(self) -> &'static str {
        NAMES[self as usize].0
    }
}

/// The one table of level names, in the order of [`Level::ALL`]: the name
/// written in log lines (JSON, pretty, slog drains), then the other names
/// [`FromStr`] accepts for the level. Every place that names a level reads
/// it from here, through [`Level::as_str`] and `FromStr`.
const NAMES: [(&str, &[&str]); 6] = [
    ("trace", &[]),
    ("debug", &[]),
    ("info", &[]),
    ("warning", &["warn"]),
    ("error", &[]),
    ("critical", &["fatal"]),
];

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Level`] from a string it does not name.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Level, ParseLevelError};
///
/// let err: ParseLevelError = "loud".parse::<Level>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "unknown log level \"loud\" (expected trace, debug, info, warn, error or critical)"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseLevelError(String);

impl fmt::Display for ParseLevelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown log level {:?} (expected trace, debug, info, warn, error or critical)",
            self.0
        )
    }
}

impl std::error::Error for ParseLevelError {}

impl FromStr for Level {
    type Err = ParseLevelError;

    /// Parses a level name in any case; `warn` and `warning`, `critical`
    /// and `fatal` are synonyms.
    fn from_str(s: &str) -> Result<Level, ParseLevelError> {
        let name = s.trim().to_ascii_lowercase();
        Level::ALL
            .into_iter()
            .find(|&level| {
                let (written, others) = NAMES[level as usize];
                written == name || others.contains(&name.as_str())
            })
            .ok_or_else(|| ParseLevelError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_order_of_all() {
        let written: Vec<&str> = Level::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(
            written,
            ["trace", "debug", "info", "warning", "error", "critical"]
        );
        for level in Level::ALL {
            assert_eq!(level.as_str().parse(), Ok(level));
            assert_eq!(level.as_str().to_ascii_uppercase().parse(), Ok(level));
        }
    }

    #[test]
    fn every_accepted_name() {
        let cases = [
            ("trace", Level::Trace),
            ("debug", Level::Debug),
            ("info", Level::Info),
            ("warn", Level::Warn),
            ("warning", Level::Warn),
            ("error", Level::Error),
            ("critical", Level::Critical),
            ("fatal", Level::Critical),
            (" Warn ", Level::Warn),
            ("FATAL", Level::Critical),
        ];
        for (name, level) in cases {
            assert_eq!(name.parse::<Level>(), Ok(level), "{name:?}");
        }
        for bad in [
            "", "off", "none", "verbose", "warnings", "err", "crit", "inf o",
        ] {
            assert_eq!(
                bad.parse::<Level>(),
                Err(ParseLevelError(bad.to_owned())),
                "{bad:?}"
            );
        }
    }
}

/// Writes structured log records for one named component.
///
/// Get one from [`Telemetry::logger`](crate::Telemetry::logger). Cheap to
/// clone. Prefer the macros ([`info!`](crate::info) and friends): they test
/// [`enabled`](Logger::enabled) before evaluating any argument.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info, Level};
///
/// let logger = get_telemetry("my_crate::db").logger().clone();
/// let request = logger.bind(&[telemetry_facade::Field::new("request_id", "r-42")]);
/// info!(request, "query_done", rows = 3, table = "users");
/// if logger.enabled(Level::Debug) {
///     // build something expensive only when it will be written
/// }
/// ```
#[derive(Clone)]
pub struct Logger {
    imp: SelectedLogger,
}

impl Logger {
    /// A logger for a `'static` name, usable in a `static`.
    #[inline]
    pub(crate) const fn named(name: &'static str) -> Logger {
        Logger {
            imp: SelectedLogger::named(name),
        }
    }

    #[inline]
    pub(crate) fn new(name: Cow<'static, str>) -> Logger {
        Logger {
            imp: SelectedLogger::new(name),
        }
    }

    /// Whether a record at `level` would be written. Always `false` in a
    /// build without a log backend and before [`init`](crate::init), except
    /// with the `tracing-forward` feature, which before `init` hands records
    /// to an application's `tracing` subscriber: then `true` for the levels
    /// that subscriber may want.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, Level, BUILD};
    ///
    /// let logger = get_telemetry("my_crate::db").logger().clone();
    /// // No `tracing` subscriber here, so no build forwards it either.
    /// assert!(!logger.enabled(Level::Critical), "nothing is written before init");
    ///
    /// let guard = init(Config::new().log_level(Level::Info)).expect("first init");
    /// assert_eq!(logger.enabled(Level::Info), BUILD.logs);
    /// assert!(!logger.enabled(Level::Debug));
    /// if logger.enabled(Level::Debug) {
    ///     // compute what only a debug record needs
    /// }
    /// drop(guard);
    /// ```
    #[inline]
    pub fn enabled(&self, level: Level) -> bool {
        self.imp.enabled(level)
    }

    /// Writes a record at `level` if that level is enabled.
    ///
    /// The [`log!`](crate::log) macro and its siblings do the same checks
    /// (level, then any [`LogSampling`](crate::LogSampling) limit) before
    /// building their fields; call it directly when the level or the fields
    /// are only known at run time.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Field, Level};
    ///
    /// let logger = get_telemetry("my_crate::http").logger().clone();
    /// let status = 503u16;
    /// let level = if status >= 500 { Level::Error } else { Level::Info };
    /// logger.log(level, "response", &[Field::new("status", &status)]);
    /// ```
    #[inline]
    pub fn log(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        self.imp.log(level, event, fields);
    }

    /// The macros' first step: whether a record at `level` may be written
    /// now (level, then rate limit). Not public API.
    #[doc(hidden)]
    #[inline]
    pub fn __admit(&self, level: Level) -> bool {
        self.imp.admit(level)
    }

    /// The macros' second step: writes a record `__admit` let through. Not
    /// public API.
    #[doc(hidden)]
    #[inline]
    pub fn __write(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        self.imp.write(level, event, fields);
    }

    /// A child logger that adds `fields` to every record it writes.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, Field};
    ///
    /// let logger = get_telemetry("my_crate::worker").logger().clone();
    /// let worker = logger.bind(&[Field::new("worker_id", &3), Field::new("queue", "orders")]);
    /// info!(worker, "started"); // carries worker_id=3 and queue="orders"
    /// info!(worker, "idle");    // so does every later record of `worker`
    /// ```
    #[inline]
    pub fn bind(&self, fields: &[Field<'_>]) -> Logger {
        Logger {
            imp: self.imp.bind(fields),
        }
    }

    /// Writes a `trace` record.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Field};
    ///
    /// let logger = get_telemetry("my_crate::poller").logger().clone();
    /// logger.trace("poll", &[Field::new("ready", &false)]);
    /// ```
    #[inline]
    pub fn trace(&self, event: &str, fields: &[Field<'_>]) {
        self.log(Level::Trace, event, fields)
    }

    /// Writes a `debug` record.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Field};
    ///
    /// let logger = get_telemetry("my_crate::cache").logger().clone();
    /// logger.debug("cache_lookup", &[Field::new("key", "user:42"), Field::new("hit", &true)]);
    /// ```
    #[inline]
    pub fn debug(&self, event: &str, fields: &[Field<'_>]) {
        self.log(Level::Debug, event, fields)
    }

    /// Writes an `info` record.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Field};
    ///
    /// let logger = get_telemetry("my_crate::server").logger().clone();
    /// logger.info("listening", &[Field::new("port", &8080)]);
    /// ```
    #[inline]
    pub fn info(&self, event: &str, fields: &[Field<'_>]) {
        self.log(Level::Info, event, fields)
    }

    /// Writes a `warning` record.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Field};
    ///
    /// let logger = get_telemetry("my_crate::client").logger().clone();
    /// logger.warn("retrying", &[Field::new("attempt", &2), Field::new("max_attempts", &5)]);
    /// ```
    #[inline]
    pub fn warn(&self, event: &str, fields: &[Field<'_>]) {
        self.log(Level::Warn, event, fields)
    }

    /// Writes an `error` record; inside a recording span it also sets the
    /// span's status to `Error` with the event as description, unless the
    /// span's status is set explicitly ([`Span::set_status`](crate::Span::set_status),
    /// [`Span::record_error`](crate::Span::record_error)), before or after,
    /// or an earlier `error`/`critical` record set it already.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, testing, Field, Status, BUILD};
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let t = get_telemetry("my_crate::store");
    /// t.tracer().in_span("save", |_span| {
    ///     let e = std::io::Error::other("disk full");
    ///     t.logger().error("write_failed", &[Field::display("error", &e)]);
    /// });
    ///
    /// let spans = capture.spans_named("save");
    /// assert_eq!(spans.len(), usize::from(BUILD.traces));
    /// // With a logger backend too, the record marks the span it was written in.
    /// let expected = if BUILD.logs { Status::error("write_failed") } else { Status::Unset };
    /// assert!(spans.iter().all(|span| span.status == expected));
    /// ```
    #[inline]
    pub fn error(&self, event: &str, fields: &[Field<'_>]) {
        self.log(Level::Error, event, fields)
    }

    /// Writes a `critical` record; inside a recording span it also sets the
    /// span's status to `Error` with the event as description, unless the
    /// span's status is set explicitly ([`Span::set_status`](crate::Span::set_status),
    /// [`Span::record_error`](crate::Span::record_error)), before or after,
    /// or an earlier `error`/`critical` record set it already.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Field};
    ///
    /// let logger = get_telemetry("my_crate::store").logger().clone();
    /// let path = std::path::Path::new("data/orders.db");
    /// logger.critical("out_of_disk", &[Field::debug("path", &path)]);
    /// ```
    #[inline]
    pub fn critical(&self, event: &str, fields: &[Field<'_>]) {
        self.log(Level::Critical, event, fields)
    }
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Logger").finish_non_exhaustive()
    }
}

// See the same impls for `Tracer`: identical in every build.
impl std::panic::UnwindSafe for Logger {}
impl std::panic::RefUnwindSafe for Logger {}
