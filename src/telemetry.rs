//! [`Telemetry`]: the pair of handles a library keeps per module.

use std::borrow::Cow;
use std::fmt;

use crate::{Logger, Tracer};

/// A [`Tracer`] and a [`Logger`] for one named component.
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
}

/// Makes the [`Telemetry`] for a component; `name` becomes the span
/// instrumentation scope and the `logger` field of log lines. Use the
/// module path (`"my_crate::db"`).
#[inline]
pub fn get_telemetry(name: impl Into<Cow<'static, str>>) -> Telemetry {
    let name = name.into();
    Telemetry {
        tracer: Tracer::new(name.clone()),
        logger: Logger::new(name),
    }
}

impl Telemetry {
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

    /// Both handles, owned.
    #[inline]
    pub fn split(&self) -> (Tracer, Logger) {
        (self.tracer.clone(), self.logger.clone())
    }
}

impl fmt::Debug for Telemetry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Telemetry")
            .field("tracer", &self.tracer)
            .field("logger", &self.logger)
            .finish()
    }
}
