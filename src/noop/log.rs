//! No-op logger: zero-sized, never enabled.

use std::borrow::Cow;
use std::time::Duration;

use super::{NoGuard, Nothing};
use crate::backend::log::LoggerBackend;
use crate::backend::Install;
use crate::vocabulary::fields::Field;
use crate::{Config, InitError, Level};

#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct NoopLogger;

impl Install for NoopLogger {
    const RECORDS: bool = false;
    type ConfigPayload = Nothing;

    fn install(_config: &mut Config) -> Result<(), InitError> {
        Ok(())
    }

    fn shutdown(_deadline: Duration) -> Result<(), InitError> {
        Ok(())
    }

    type Capture = Nothing;

    fn capture_into(config: Config, _capture: &Nothing) -> Config {
        config
    }
}

impl LoggerBackend for NoopLogger {
    const WRITES_JSON: bool = false;

    #[inline(always)]
    fn new(_name: Cow<'static, str>) -> Self {
        NoopLogger
    }
    #[inline(always)]
    fn enabled(&self, _level: Level) -> bool {
        false
    }
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
