//! No-op logger: zero-sized, never enabled.

use std::borrow::Cow;

use super::{NoGuard, Nothing};
use crate::backend::log::LoggerBackend;
use crate::vocabulary::fields::Field;
use crate::Level;

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoopLogger;

install_nothing!(NoopLogger);

impl NoopLogger {
    /// [`LoggerBackend::new`] for a `'static` name, usable in a `static`.
    #[inline(always)]
    pub(crate) const fn named(_name: &'static str) -> Self {
        NoopLogger
    }
}

impl LoggerBackend for NoopLogger {
    const WRITES_JSON: bool = false;
    const EXPORTS_OTLP: bool = false;

    #[inline(always)]
    fn new(_name: Cow<'static, str>) -> Self {
        NoopLogger
    }
    #[inline(always)]
    fn enabled(&self, _level: Level) -> bool {
        false
    }
    #[inline(always)]
    fn admit(&self, _level: Level) -> bool {
        false
    }
    #[inline(always)]
    fn write(&self, _level: Level, _event: &str, _fields: &[Field<'_>]) {}
    #[inline(always)]
    fn log(&self, _level: Level, _event: &str, _fields: &[Field<'_>]) {}
    #[inline(always)]
    fn bind(&self, _fields: &[Field<'_>]) -> Self {
        NoopLogger
    }

    type Scope = Nothing;
    type ScopeGuard = NoGuard;

    #[inline(always)]
    fn current_scope() -> Nothing {
        Nothing
    }
    #[inline(always)]
    fn scope_with(_base: &Nothing, _fields: &[Field<'_>]) -> Nothing {
        Nothing
    }
    #[inline(always)]
    fn enter_scope(_scope: &Nothing) -> NoGuard {
        NoGuard
    }

    fn captured_lines(_capture: &Nothing) -> Vec<String> {
        Vec::new()
    }
}
