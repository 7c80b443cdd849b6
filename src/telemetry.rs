//! [`Telemetry`]: the pair of handles a library keeps per module.

use std::borrow::Cow;
use std::fmt;

use crate::{Logger, Meter, Tracer};

/// A [`Tracer`], a [`Logger`] and a [`Meter`] for one named component.
///
/// Made by [`get_telemetry`] or the [`telemetry!`](crate::telemetry) macro.
/// Cheap to make and to clone, and safe to keep in a `static` made before
/// [`init`](crate::init): it follows the configuration once it exists.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info};
///
/// let t = get_telemetry("my_crate::db");
/// let (tracer, logger) = (t.tracer(), t.logger());
/// tracer.in_span("query", |span| {
///     span.set_attribute("db.rows", 3);
///     info!(logger, "query_done", rows = 3);
/// });
/// ```
#[derive(Clone)]
pub struct Telemetry {
    tracer: Tracer,
    logger: Logger,
    meter: Meter,
}

/// Makes the [`Telemetry`] for a component; `name` becomes the span and
/// metric instrumentation scope and the `logger` field of log lines. Use the
/// module path (`"my_crate::db"`).
///
/// [`telemetry!()`](crate::telemetry) does this for the calling module and
/// caches the result; call `get_telemetry` for a name known only at run
/// time, or to keep the handles in your own struct.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info, Telemetry};
///
/// struct Pool {
///     telemetry: Telemetry,
/// }
///
/// impl Pool {
///     fn new(shard: u32) -> Pool {
///         Pool { telemetry: get_telemetry(format!("my_crate::pool::shard{shard}")) }
///     }
///
///     fn checkout(&self) {
///         let t = &self.telemetry;
///         t.tracer().in_span("checkout", |_span| info!(t.logger(), "connection_taken"));
///     }
/// }
///
/// Pool::new(3).checkout();
/// ```
#[inline]
pub fn get_telemetry(name: impl Into<Cow<'static, str>>) -> Telemetry {
    let name = name.into();
    Telemetry {
        tracer: Tracer::new(name.clone()),
        logger: Logger::new(name.clone()),
        meter: Meter::new(name),
    }
}

impl Telemetry {
    /// [`get_telemetry`] for a `'static` name, in a `const` context: what
    /// [`telemetry!()`](crate::telemetry) puts in its `static`.
    #[inline]
    pub(crate) const fn named(name: &'static str) -> Telemetry {
        Telemetry {
            tracer: Tracer::named(name),
            logger: Logger::named(name),
            meter: Meter::named(name),
        }
    }

    /// The tracer.
    #[inline]
    pub fn tracer(&self) -> &Tracer {
        &self.tracer
    }

    /// The logger.
    #[inline]
    pub fn logger(&self) -> &Logger {
        &self.logger
    }

    /// The meter, which makes this component's instruments.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::get_telemetry;
    ///
    /// let jobs = get_telemetry("my_crate::jobs").meter().u64_counter("jobs.done").build();
    /// jobs.add(1, &[]);
    /// ```
    #[inline]
    pub fn meter(&self) -> &Meter {
        &self.meter
    }

    /// The three handles, owned.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info};
    ///
    /// let (tracer, logger, meter) = get_telemetry("my_crate::jobs").split();
    /// let done = meter.u64_counter("jobs.done").build();
    /// let worker = std::thread::spawn(move || {
    ///     tracer.in_span("job", |_span| info!(logger, "job_done"));
    ///     done.add(1, &[]);
    /// });
    /// worker.join().unwrap();
    /// ```
    #[inline]
    pub fn split(&self) -> (Tracer, Logger, Meter) {
        (self.tracer.clone(), self.logger.clone(), self.meter.clone())
    }
}

impl fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Telemetry")
            .field("tracer", &self.tracer)
            .field("logger", &self.logger)
            .field("meter", &self.meter)
            .finish()
    }
}
