//! Log sampling at run time (`Config::log_sampling`): the registry of
//! budgets by logger name, consulted once per logger handle, and the
//! summary records of what was dropped.
//!
//! Hot path (a record that passed the level check): the handle's cached
//! state (threshold and budgets, one cell) says `None` when the logger is
//! not limited; otherwise one `fetch_add` and a comparison (see
//! [`budget`]). No clock, no lock and no allocation: the registry's lock
//! is taken only the first time a handle logs, and windows are rolled over
//! by a ticker thread ([`roll_due`]), a hundred times per shortest
//! interval at most.

mod budget;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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
/// The earliest end of a window still open (clock nanoseconds): the ticker
/// looks at the registry only from then on.
static NEXT_DUE: AtomicU64 = AtomicU64::new(u64::MAX);
/// Held while windows are rolled over or drained: rollovers and the
/// shutdown's final reports never interleave.
static ROLLS: Mutex<()> = Mutex::new(());
/// Set by shutdown (under [`ROLLS`]): no rollover from then on.
static SHUT_DOWN: AtomicBool = AtomicBool::new(false);

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
    if SAMPLER.get().is_some() {
        return;
    }
    // Without the ticker no window would ever end: no sampling rather than
    // records dropped for good.
    if let Err(e) = crate::lifecycle::clock::start_ticker(tick(settings), roll_due) {
        crate::lifecycle::diagnostics::warn(format_args!(
            "log sampling is off: its clock thread could not be started ({e})"
        ));
        return;
    }
    let _ = SAMPLER.set(sampler);
}

/// How often the ticker looks for windows to roll over: a hundredth of the
/// shortest interval, within [1 ms, 100 ms] (window ends are that
/// precise).
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
            .get_or_init(|| made(OTHER_LOGGERS, limit, &sampler.settings));
        return Some(Arc::clone(other));
    }
    let budgets = made(name, limit, &sampler.settings);
    loggers.insert(name.into(), Some(Arc::clone(&budgets)));
    Some(budgets)
}

/// New budgets, counting in the current window, which the ticker will
/// roll over when it ends.
fn made(name: &str, limit: crate::LogLimit, settings: &LogSampling) -> Arc<Budgets> {
    let budgets = Arc::new(Budgets::new(
        name,
        limit,
        settings,
        crate::lifecycle::clock::now(),
    ));
    NEXT_DUE.fetch_min(budgets.window_end(), Ordering::AcqRel);
    budgets
}

/// The ticker's work (and the manual clock's, when a test moves it): rolls
/// over every window that has ended by `now`, reporting what each dropped,
/// in logger order.
fn roll_due(now: u64) {
    if now < NEXT_DUE.load(Ordering::Acquire) {
        return;
    }
    let Some(sampler) = SAMPLER.get() else {
        return;
    };
    let _rolls = ROLLS.lock().unwrap_or_else(PoisonError::into_inner);
    if SHUT_DOWN.load(Ordering::Acquire) {
        return;
    }
    NEXT_DUE.store(u64::MAX, Ordering::Release);
    let mut due = Vec::new();
    let mut next = u64::MAX;
    for budgets in sampler.all() {
        let end = budgets.window_end();
        if now >= end {
            due.push(budgets);
        } else {
            next = next.min(end);
        }
    }
    due.sort_by(|a, b| a.logger().cmp(b.logger()));
    for budgets in &due {
        budgets.roll(now);
        next = next.min(budgets.window_end());
    }
    NEXT_DUE.fetch_min(next, Ordering::AcqRel);
}

impl Sampler {
    /// Every logger's budgets (and the shared ones beyond the bound).
    fn all(&self) -> Vec<Arc<Budgets>> {
        let mut all: Vec<Arc<Budgets>> = self
            .loggers
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .flatten()
            .cloned()
            .collect();
        all.extend(self.other.get().cloned());
        all
    }
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
    crate::lifecycle::clock::stop_ticker();
    let _rolls = ROLLS.lock().unwrap_or_else(PoisonError::into_inner);
    if SHUT_DOWN.swap(true, Ordering::AcqRel) {
        return;
    }
    let mut all = sampler.all();
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
