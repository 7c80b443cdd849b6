//! The slog log backend: `SlogLogger`, the level filter, the record's
//! key-values with trace fields, and the built-in outputs (JSON lines with
//! the `json` feature, the pretty format, or an application's drain).

mod filter;
#[cfg(feature = "json")]
mod json;
mod kv;
mod output;
mod pretty;
mod scope;
mod timestamp;

use std::borrow::Cow;
use std::sync::Arc;

use once_cell::sync::OnceCell;

use crate::backend::LoggerBackend;
use crate::field::Field;
use crate::{Level, Value};

#[cfg(feature = "testing")]
pub(crate) use output::SharedBuffer;
pub(crate) use output::{app_drain, install, shutdown, AppDrain};

/// Fields a child logger adds to every record.
type Bound = Arc<[(&'static str, Value)]>;

#[derive(Clone, Debug)]
pub(crate) struct SlogLogger {
    name: Cow<'static, str>,
    bound: Option<Bound>,
    /// This logger's level threshold, computed from the directives at the
    /// first enabled-check after `init`.
    threshold: OnceCell<u8>,
}

impl SlogLogger {
    #[inline]
    fn threshold(&self) -> u8 {
        *self
            .threshold
            .get_or_init(|| filter::threshold_for(&self.name))
    }
}

impl LoggerBackend for SlogLogger {
    fn new(name: Cow<'static, str>) -> Self {
        SlogLogger {
            name,
            bound: None,
            threshold: OnceCell::new(),
        }
    }

    #[inline]
    fn enabled(&self, level: Level) -> bool {
        // One atomic load rejects every level no logger wants, and every
        // level before `init` and after shutdown.
        filter::may_be_enabled(level) && level as u8 >= self.threshold()
    }

    fn log(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        let trace = crate::trace::current_recording_context();
        if level >= Level::Error && trace.is_some() {
            crate::trace::mark_current_error(event);
        }
        let bound = self.bound.as_deref().unwrap_or(&[]);
        scope::with_current(|scoped| {
            output::emit(&self.name, level, event, bound, scoped, fields, trace)
        });
    }

    fn bind(&self, fields: &[Field<'_>]) -> Self {
        let mut bound: Vec<(&'static str, Value)> = self.bound.as_deref().unwrap_or(&[]).to_vec();
        bound.extend(fields.iter().map(|f| (f.key, f.value.to_value())));
        SlogLogger {
            name: self.name.clone(),
            bound: Some(bound.into()),
            threshold: self.threshold.clone(),
        }
    }

    type Scope = scope::Scope;
    type ScopeGuard = scope::Guard;

    #[inline]
    fn current_scope() -> scope::Scope {
        scope::current()
    }

    fn scope_with(base: &scope::Scope, fields: &[Field<'_>]) -> scope::Scope {
        scope::with(base, fields)
    }

    #[inline]
    fn enter_scope(s: &scope::Scope) -> scope::Guard {
        scope::enter(s)
    }
}

/// Our level as slog's.
fn slog_level(level: Level) -> slog::Level {
    match level {
        Level::Trace => slog::Level::Trace,
        Level::Debug => slog::Level::Debug,
        Level::Info => slog::Level::Info,
        Level::Warn => slog::Level::Warning,
        Level::Error => slog::Level::Error,
        Level::Critical => slog::Level::Critical,
    }
}

/// slog's level as the name our lines show.
fn level_name(level: slog::Level) -> &'static str {
    match level {
        slog::Level::Trace => "trace",
        slog::Level::Debug => "debug",
        slog::Level::Info => "info",
        slog::Level::Warning => "warning",
        slog::Level::Error => "error",
        slog::Level::Critical => "critical",
    }
}
