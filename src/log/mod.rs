//! The slog log backend: `SlogLogger`, the level filter, the record's
//! key-values with trace fields, and the built-in outputs (JSON lines with
//! the `json` feature, the pretty format, or an application's drain).

mod escape_hatch;
mod json;
mod level_filter;
mod line_capture;
mod output;
mod pretty;
mod record_kv;
mod sampling;
mod scoped_fields;
mod timestamp;
mod whole_lines;

// Log records over OTLP, chosen once here: the real path with the `otlp`
// feature, a type with no values without it (`init` warns when asked).
cfg_if::cfg_if! {
    if #[cfg(feature = "otlp")] {
        mod otlp_records;
        use otlp_records as otlp;
    } else {
        mod otlp_compiled_out;
        use otlp_compiled_out as otlp;
    }
}

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use once_cell::sync::OnceCell;

use self::line_capture::LineCapture;
use crate::backend::log::LoggerBackend;
use crate::backend::Install;
use crate::vocabulary::fields::Field;
use crate::{Config, InitError, Level, LogOutput, Value};

/// Fields a child logger adds to every record.
type Bound = Arc<[(&'static str, Value)]>;

#[derive(Clone, Debug)]
pub(crate) struct SlogLogger {
    name: Cow<'static, str>,
    bound: Option<Bound>,
    /// What this logger decides with, computed at its first enabled-check
    /// after `init` (when the directives and the sampling are installed).
    state: OnceCell<HandleState>,
}

/// A logger's level threshold and sampling budgets, in one cell: one load
/// per record reaches both.
#[derive(Clone, Debug)]
struct HandleState {
    threshold: u8,
    /// `None`: not limited (or no sampling configured).
    budgets: Option<Arc<sampling::Budgets>>,
}

impl SlogLogger {
    /// [`LoggerBackend::new`] for a `'static` name, usable in a `static`.
    pub(crate) const fn named(name: &'static str) -> Self {
        SlogLogger {
            name: Cow::Borrowed(name),
            bound: None,
            state: OnceCell::new(),
        }
    }

    #[inline]
    fn state(&self) -> &HandleState {
        self.state.get_or_init(|| HandleState {
            threshold: level_filter::threshold_for(&self.name),
            budgets: sampling::budgets_for(&self.name),
        })
    }

    /// Whether sampling drops this record (the level passed); `trace` is
    /// the current span's context when sampling had to look at it (`None`
    /// otherwise).
    #[inline]
    fn sampled_out(&self, level: Level, trace: &mut Option<Option<crate::TraceContext>>) -> bool {
        let Some(budgets) = &self.state().budgets else {
            return false;
        };
        if budgets.keeps_sampled_traces() {
            let current = crate::backend::trace::current_recording();
            *trace = Some(current);
            if current.is_some_and(|cx| cx.is_sampled()) {
                return false;
            }
        }
        !budgets.admit(level)
    }

    /// [`admit`](LoggerBackend::admit) when its inlined part cannot decide:
    /// the handle's first record, or a trace lookup.
    #[cold]
    #[inline(never)]
    fn admit_slow(&self, level: Level) -> bool {
        self.enabled(level) && !self.sampled_out(level, &mut None)
    }

    /// Writes a record sampling let through; `looked_up` is the current
    /// span's context if sampling looked it up already.
    #[inline(never)]
    fn write_traced(
        &self,
        level: Level,
        event: &str,
        fields: &[Field<'_>],
        looked_up: Option<Option<crate::TraceContext>>,
    ) {
        let trace = looked_up.unwrap_or_else(crate::backend::trace::current_recording);
        if level >= Level::Error && trace.is_some() {
            crate::backend::trace::mark_current_error(event);
        }
        let bound = self.bound.as_deref().unwrap_or(&[]);
        scoped_fields::with_current(|scoped| {
            output::emit(&self.name, level, event, bound, scoped, fields, trace)
        });
    }
}

impl Install for SlogLogger {
    const RECORDS: bool = true;
    type ConfigPayload = escape_hatch::DrainSlot;

    fn install(config: &mut Config) -> Result<(), InitError> {
        sampling::install(config.log_sampling.as_ref());
        output::install(config)
    }

    /// Flushing a line writer does not wait on anything remote; the OTLP
    /// path waits at most `deadline`.
    fn shutdown(deadline: Duration) -> Result<(), InitError> {
        // No record passes the level check from here on: the sampling
        // summaries are final.
        level_filter::set_off();
        sampling::shutdown();
        output::shutdown(deadline)
    }

    fn flush(deadline: Duration) {
        output::flush(deadline);
    }

    type Capture = LineCapture;

    fn capture_into(config: Config, capture: &LineCapture) -> Config {
        config.log_output(LogOutput::writer(capture.clone()))
    }
}

impl LoggerBackend for SlogLogger {
    const WRITES_JSON: bool = json::JsonSink::AVAILABLE;
    const EXPORTS_OTLP: bool = otlp::OtlpLogs::AVAILABLE;

    fn new(name: Cow<'static, str>) -> Self {
        SlogLogger {
            name,
            bound: None,
            state: OnceCell::new(),
        }
    }

    #[inline]
    fn enabled(&self, level: Level) -> bool {
        // One atomic load rejects every level no logger wants, and every
        // level before `init` and after shutdown.
        level_filter::may_be_enabled(level) && level as u8 >= self.state().threshold
    }

    /// Sampling first, inlined at the call site: a dropped record costs no
    /// call, no field, no span lookup (unless sampled traces are kept) and
    /// no lock.
    #[inline]
    fn log(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        if !self.enabled(level) {
            return;
        }
        let mut looked_up = None;
        if self.sampled_out(level, &mut looked_up) {
            return;
        }
        self.write_traced(level, event, fields, looked_up);
    }

    /// The level check and the sampling check, inlined at the call site of
    /// the macros: a record dropped by either costs no call and no field.
    /// Only the common case is inlined (the handle's state made, no trace
    /// lookup); everything else is one call to
    /// [`admit_slow`](SlogLogger::admit_slow), which decides from scratch.
    /// Keeping every call in that one place keeps the caller's registers
    /// free (measured in BENCHMARKS.md).
    #[inline]
    fn admit(&self, level: Level) -> bool {
        if !level_filter::may_be_enabled(level) {
            return false;
        }
        let Some(state) = self.state.get() else {
            return self.admit_slow(level);
        };
        if (level as u8) < state.threshold {
            return false;
        }
        match &state.budgets {
            None => true,
            Some(budgets) if !budgets.keeps_sampled_traces() => budgets.admit(level),
            Some(_) => self.admit_slow(level),
        }
    }

    fn write(&self, level: Level, event: &str, fields: &[Field<'_>]) {
        self.write_traced(level, event, fields, None);
    }

    fn bind(&self, fields: &[Field<'_>]) -> Self {
        let mut bound: Vec<(&'static str, Value)> = self.bound.as_deref().unwrap_or(&[]).to_vec();
        bound.extend(fields.iter().map(|f| (f.key, f.value.to_value())));
        SlogLogger {
            name: self.name.clone(),
            bound: Some(bound.into()),
            state: self.state.clone(),
        }
    }

    type Scope = scoped_fields::Scope;
    type ScopeGuard = scoped_fields::Guard;

    #[inline]
    fn current_scope() -> scoped_fields::Scope {
        scoped_fields::current()
    }

    fn scope_with(base: &scoped_fields::Scope, fields: &[Field<'_>]) -> scoped_fields::Scope {
        scoped_fields::with(base, fields)
    }

    #[inline]
    fn enter_scope(s: &scoped_fields::Scope) -> scoped_fields::Guard {
        scoped_fields::enter(s)
    }

    fn captured_lines(capture: &LineCapture) -> Vec<String> {
        capture.lines()
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

/// slog's level as the name our lines show: our level's
/// [`as_str`](Level::as_str), through the inverse of [`slog_level`].
fn level_name(level: slog::Level) -> &'static str {
    Level::ALL
        .into_iter()
        .find(|&ours| slog_level(ours) == level)
        .unwrap_or(Level::Critical)
        .as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slog_levels_are_named_as_ours() {
        for level in Level::ALL {
            assert_eq!(level_name(slog_level(level)), level.as_str());
        }
        assert_eq!(level_name(slog::Level::Warning), "warning");
        assert_eq!(level_name(slog::Level::Critical), "critical");
    }
}
