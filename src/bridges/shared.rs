//! What both bridges need: the component a foreign target names (cached),
//! and the most verbose level the directives let through.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use once_cell::sync::Lazy;

use crate::config::log_directives::Directives;
use crate::{Config, Telemetry};

/// Distinct targets kept in the cache at most; past it, a target's
/// `Telemetry` is made for each record (the same, only slower).
const MAX_TARGETS: usize = 1024;

static TARGETS: Lazy<RwLock<HashMap<Box<str>, Arc<Telemetry>>>> = Lazy::new(Default::default);

/// The component named after a target (`log`'s and `tracing`'s default
/// target is the module path, like `telemetry!()`'s names): its logger
/// applies the directives of that name. No lock is held once it returns,
/// so what the caller does with it may log again.
pub(crate) fn telemetry_for(target: &str) -> Arc<Telemetry> {
    let read = TARGETS
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .get(target)
        .cloned();
    if let Some(found) = read {
        return found;
    }
    let made = Arc::new(crate::get_telemetry(Cow::Owned(target.to_owned())));
    let mut targets = TARGETS
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if targets.len() >= MAX_TARGETS {
        return made;
    }
    targets.entry(Box::from(target)).or_insert(made).clone()
}

/// The most verbose level any directive lets through, as an index
/// (0 = trace … 5 = critical; 6 = nothing): what a bridge tells its crate
/// so that its macros skip what no directive can let through.
pub(crate) fn ceiling(config: &Config) -> u8 {
    let spec = config.get_log_directives().unwrap_or("");
    let (directives, _) = Directives::parse(spec, config.get_log_level());
    directives.min()
}

/// The directives `init` installed, for what a bridge filters without a
/// logger (the `tracing` bridge's spans, also in builds without a log
/// backend).
static DIRECTIVES: once_cell::sync::OnceCell<Directives> = once_cell::sync::OnceCell::new();

/// Keeps the directives of `config` (the first `init` only).
pub(crate) fn set_directives(config: &Config) {
    let spec = config.get_log_directives().unwrap_or("");
    let _ = DIRECTIVES.set(Directives::parse(spec, config.get_log_level()).0);
}

/// Whether the directives let `level` of `target` through (`false` before
/// `init`).
#[allow(dead_code)] // used by the `tracing` bridge only
pub(crate) fn lets_through(target: &str, level: crate::Level) -> bool {
    DIRECTIVES
        .get()
        .is_some_and(|d| level as u8 >= d.threshold_for(target))
}
