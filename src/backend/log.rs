//! The log axis: loggers and scoped fields. The `cfg_if!` below is the one
//! place that picks the log backend: slog (`slog`, `json`) or the no-op
//! one, wrapped by the `tracing` forward (`tracing-forward`).

use std::borrow::Cow;

use super::Install;
use crate::vocabulary::fields::Field;
use crate::Level;

cfg_if::cfg_if! {
    if #[cfg(all(feature = "tracing-forward", feature = "slog"))] {
        pub(crate) type SelectedLogger = crate::forward::ForwardLogger<crate::log::SlogLogger>;
        impl SelectedLogger {
            /// The forward around [`SlogLogger::named`], in a `const` context.
            pub(crate) const fn named(name: &'static str) -> Self {
                crate::forward::ForwardLogger::wrapping(crate::log::SlogLogger::named(name), name)
            }
        }
    } else if #[cfg(feature = "tracing-forward")] {
        pub(crate) type SelectedLogger = crate::forward::ForwardLogger<crate::noop::log::NoopLogger>;
        impl SelectedLogger {
            /// The forward around [`NoopLogger::named`], in a `const` context.
            pub(crate) const fn named(name: &'static str) -> Self {
                crate::forward::ForwardLogger::wrapping(crate::noop::log::NoopLogger::named(name), name)
            }
        }
    } else if #[cfg(feature = "slog")] {
        pub(crate) use crate::log::SlogLogger as SelectedLogger;
    } else {
        pub(crate) use crate::noop::log::NoopLogger as SelectedLogger;
    }
}

/// Scoped fields captured by the selected backend.
pub(crate) type Scope = <SelectedLogger as LoggerBackend>::Scope;
/// What entering a [`Scope`] returns.
pub(crate) type ScopeGuard = <SelectedLogger as LoggerBackend>::ScopeGuard;

/// A logger: writes records for one named component.
pub(crate) trait LoggerBackend: Install + Sized {
    /// Whether records can be written as JSON lines (the `json`
    /// sub-feature).
    const WRITES_JSON: bool;
    /// Whether records can be sent over OTLP (`LogExport::Otlp`: the `otlp`
    /// feature).
    const EXPORTS_OTLP: bool;

    fn new(name: Cow<'static, str>) -> Self;
    fn enabled(&self, level: Level) -> bool;
    /// Checks the level, then any rate limit (taking one record's place in
    /// it): whether a record may be written now. The macros call it before
    /// building the fields, then [`write`](LoggerBackend::write).
    fn admit(&self, level: Level) -> bool;
    /// Writes a record [`admit`](LoggerBackend::admit) let through.
    fn write(&self, level: Level, event: &str, fields: &[Field<'_>]);
    /// Writes a record if the level and any rate limit let it through.
    fn log(&self, level: Level, event: &str, fields: &[Field<'_>]);
    fn bind(&self, fields: &[Field<'_>]) -> Self;

    /// Scoped fields: a captured set, and the guard of a set made current.
    type Scope: Clone + Default + Send + Sync + 'static;
    type ScopeGuard;
    fn current_scope() -> Self::Scope;
    fn scope_with(base: &Self::Scope, fields: &[Field<'_>]) -> Self::Scope;
    fn enter_scope(scope: &Self::Scope) -> Self::ScopeGuard;

    /// The lines a capture holds, without their newlines.
    fn captured_lines(capture: &Self::Capture) -> Vec<String>;
}

/// The scoped fields current on this thread.
#[inline]
pub(crate) fn current_scope() -> Scope {
    SelectedLogger::current_scope()
}

/// `base` plus `fields`.
#[inline]
pub(crate) fn scope_with(base: &Scope, fields: &[Field<'_>]) -> Scope {
    SelectedLogger::scope_with(base, fields)
}

/// Makes `scope` current until the guard drops.
#[inline]
pub(crate) fn enter_scope(scope: &Scope) -> ScopeGuard {
    SelectedLogger::enter_scope(scope)
}
