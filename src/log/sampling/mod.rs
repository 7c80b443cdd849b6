//! Log sampling at run time (`Config::log_sampling`): the registry of
//! budgets by logger name, consulted once per logger handle, and the
//! summary records of what was dropped.
//!
//! Hot path (a record that passed the level check): the handle's cached
//! state (threshold and budgets, one cell) says `None` when the logger is
//! not limited; otherwise the budgets, one
//! clock read (a load of the coarse clock a ticker thread refreshes: see
//! `lifecycle::clock`), one load, one `fetch_add` and a comparison (see
//! [`budget`]). No lock and no allocation: the registry's lock is taken
//! only the first time a handle logs.

mod budget;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use once_cell::sync::OnceCell;

pub(crate) use self::budget::Budgets;
use crate::vocabulary::fields::Field;
use crate::{Level, LogSampling};

/// Distinct logger names limited apart at most; the loggers beyond share
/// the budgets named [`OTHER_LOGGERS`].
const MAX_LOGGERS: usize = 4096;
/// The name the loggers beyond [`MAX_LOGGERS`] are counted under.
const OTHER_LOGGERS: &str = "*";

static SAMPLER: OnceCell<Sampler> = OnceCell::new();
/// Records dropped since `init`.
static DROPPED_TOTAL: AtomicU64 = AtomicU64::new(0);

struct Sampler {
    settings: LogSampling,
    /// Budgets by logger name; `None` for an unlimited logger.
    loggers: Mutex<HashMap<Box<str>, Option<Arc<Budgets>>>>,
    other: OnceCell<Arc<Budgets>>,
}

/// Installs the sampling of `settings` (at `init`, before any record can
/// pass the level check).
pub(crate) fn install(settings: Option<&LogSampling>) {
    let limits_anything = |s: &&LogSampling| {
        !s.get_limit().is_unlimited() || s.get_loggers().iter().any(|(_, l)| !l.is_unlimited())
    };
    let Some(settings) = settings.filter(limits_anything) else {
        return;
    };
    let sampler = Sampler {
        settings: settings.clone(),
        loggers: Mutex::new(HashMap::new()),
        other: OnceCell::new(),
    };
    if SAMPLER.set(sampler).is_ok() {
        crate::lifecycle::clock::start_coarse(tick(settings));
    }
}

/// How often the coarse clock is refreshed: a hundredth of the shortest
/// interval, within [1 ms, 100 ms] (window ends are that precise).
fn tick(settings: &LogSampling) -> Duration {
    let shortest = std::iter::once(settings.get_limit())
        .chain(settings.get_loggers().iter().map(|(_, l)| *l))
        .filter(|l| !l.is_unlimited())
        .map(|l| l.get_per())
        .min()
        .unwrap_or(Duration::from_secs(1));
    (shortest / 100).clamp(Duration::from_millis(1), Duration::from_millis(100))
}

/// The budgets of the logger called `name`, `None` when it is not limited
/// (looked up once per logger handle).
pub(crate) fn budgets_for(name: &str) -> Option<Arc<Budgets>> {
    let sampler = SAMPLER.get()?;
    let mut loggers = sampler
        .loggers
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = loggers.get(name) {
        return found.clone();
    }
    let limit = sampler.settings.limit_for(name);
    if limit.is_unlimited() {
        if loggers.len() < MAX_LOGGERS {
            loggers.insert(name.into(), None);
        }
        return None;
    }
    if loggers.len() >= MAX_LOGGERS {
        let other = sampler
            .other
            .get_or_init(|| Arc::new(Budgets::new(OTHER_LOGGERS, limit, &sampler.settings)));
        return Some(Arc::clone(other));
    }
    let budgets = Arc::new(Budgets::new(name, limit, &sampler.settings));
    loggers.insert(name.into(), Some(Arc::clone(&budgets)));
    Some(budgets)
}

/// One `log_records_sampled_out` record for `dropped` records of one
/// logger and level (nothing when none were).
fn report(budgets: &Budgets, level: Level, dropped: u64) {
    if dropped == 0 {
        return;
    }
    DROPPED_TOTAL.fetch_add(dropped, Ordering::Relaxed);
    super::output::emit(
        &std::borrow::Cow::Borrowed("telemetry_facade"),
        Level::Warn,
        "log_records_sampled_out",
        &[],
        None,
        &[
            Field::new("sampled_logger", budgets.logger()),
            Field::new("sampled_level", level.as_str()),
            Field::new("dropped", &dropped),
            Field::new("interval_ms", &budgets.interval_ms()),
        ],
        None,
    );
}

/// Reports the drops of every window still open, and the total on
/// stderr (the guard's shutdown, after the level filter is off).
pub(crate) fn shutdown() {
    let Some(sampler) = SAMPLER.get() else {
        return;
    };
    crate::lifecycle::clock::stop_coarse();
    let mut all: Vec<Arc<Budgets>> = sampler
        .loggers
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .values()
        .flatten()
        .cloned()
        .collect();
    all.extend(sampler.other.get().cloned());
    all.sort_by(|a, b| a.logger().cmp(b.logger()));
    for budgets in &all {
        budgets.drain();
    }
    let total = DROPPED_TOTAL.load(Ordering::Relaxed);
    if total > 0 {
        crate::lifecycle::diagnostics::report(format_args!(
            "log sampling: {total} records were sampled out (each logger's drops are in its \
             log_records_sampled_out records)"
        ));
    }
}
