//! The `log` bridge: a `log::Log` whose records become this crate's.
//!
//! - the record's target is the logger name (directives apply to it),
//! - its level maps one to one (`Error`, `Warn`, `Info`, `Debug`, `Trace`),
//! - its formatted message is the `event`,
//! - its key-values (`log`'s `kv`) are fields, after the scoped fields,
//! - the current span's trace fields, redaction, and an `error` record's
//!   mark on the current span all work as for our own records.
//!
//! Field names must be `&'static str`: a `log` key is kept as one the first
//! time it is seen (at most `MAX_KEYS` distinct names; later new names are
//! written as one `log.kv` field holding `name=value` pairs).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use once_cell::sync::Lazy;

use super::shared::telemetry_for;
use crate::backend::log::SelectedLogger;
use crate::backend::Install;
use crate::config::DiagLevel;
use crate::vocabulary::formatting::formatted;
use crate::{Config, Field, Level, Value};

/// Distinct `log` keys kept as field names at most.
const MAX_KEYS: usize = 1024;

/// The field names seen so far.
static KEYS: Lazy<Mutex<HashMap<String, &'static str>>> = Lazy::new(Default::default);

fn static_key(key: &str) -> Option<&'static str> {
    let mut keys = KEYS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(k) = keys.get(key) {
        return Some(k);
    }
    if keys.len() >= MAX_KEYS {
        return None;
    }
    let leaked: &'static str = Box::leak(key.to_owned().into_boxed_str());
    keys.insert(key.to_owned(), leaked);
    Some(leaked)
}

struct Bridge;

fn our_level(level: log::Level) -> Level {
    match level {
        log::Level::Error => Level::Error,
        log::Level::Warn => Level::Warn,
        log::Level::Info => Level::Info,
        log::Level::Debug => Level::Debug,
        log::Level::Trace => Level::Trace,
    }
}

/// The record's key-values as our values, in order.
struct Collect {
    fields: Vec<(&'static str, Value)>,
    overflow: String,
}

impl<'kvs> log::kv::VisitSource<'kvs> for Collect {
    fn visit_pair(
        &mut self,
        key: log::kv::Key<'kvs>,
        value: log::kv::Value<'kvs>,
    ) -> Result<(), log::kv::Error> {
        let v = if let Some(b) = value.to_bool() {
            Value::Bool(b)
        } else if let Some(i) = value.to_i64() {
            Value::I64(i)
        } else if let Some(u) = value.to_u64() {
            Value::from(u)
        } else if let Some(f) = value.to_f64() {
            Value::F64(f)
        } else if let Some(s) = value.to_borrowed_str() {
            Value::from(s.to_owned())
        } else {
            Value::from(formatted(|out| write!(out, "{value}")))
        };
        match static_key(key.as_str()) {
            Some(k) => self.fields.push((k, v)),
            None => {
                let sep = if self.overflow.is_empty() { "" } else { " " };
                let shown = match &v {
                    Value::Str(s) => s.to_string(),
                    other => formatted(|out| write!(out, "{other:?}")),
                };
                let _ = write!(self.overflow, "{sep}{}={shown}", key.as_str());
            }
        }
        Ok(())
    }
}

impl log::Log for Bridge {
    /// The level ceiling was set from the directives at `init`; the
    /// logger's own directive is applied in `log`.
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        let level = our_level(record.level());
        let telemetry = telemetry_for(record.target());
        let logger = telemetry.logger();
        if !logger.enabled(level) {
            return;
        }
        let event = formatted(|out| write!(out, "{}", record.args()));
        let mut kv = Collect {
            fields: Vec::new(),
            overflow: String::new(),
        };
        let _ = record.key_values().visit(&mut kv);
        let mut fields: Vec<Field<'_>> = kv.fields.iter().map(|(k, v)| Field::new(k, v)).collect();
        if !kv.overflow.is_empty() {
            fields.push(Field::new("log.kv", &kv.overflow));
        }
        logger.log(level, &event, &fields);
    }

    fn flush(&self) {}
}

/// Installs the bridge, when a log backend records and the application
/// did not turn it off; warns when `log` already has a logger.
pub(crate) fn install(config: &Config) {
    if !<SelectedLogger as Install>::RECORDS || !config.get_capture_log_crate() {
        return;
    }
    match log::set_boxed_logger(Box::new(Bridge)) {
        // `log`'s macros skip what no directive can let through.
        Ok(()) => log::set_max_level(ceiling(config)),
        Err(_) if config.diag_level >= DiagLevel::Warn => {
            crate::lifecycle::diagnostics::warn(format_args!(
                "the log crate already has a logger: its records do not reach telemetry-facade \
                 (Config::capture_log_crate(false) silences this)"
            ))
        }
        Err(_) => {}
    }
}

/// The most verbose level any directive lets through, as `log`'s filter.
fn ceiling(config: &Config) -> log::LevelFilter {
    match super::shared::ceiling(config) {
        0 => log::LevelFilter::Trace,
        1 => log::LevelFilter::Debug,
        2 => log::LevelFilter::Info,
        3 => log::LevelFilter::Warn,
        4 | 5 => log::LevelFilter::Error,
        _ => log::LevelFilter::Off,
    }
}
