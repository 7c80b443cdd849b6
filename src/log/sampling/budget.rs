//! One logger's budgets: per level, a fixed window and a counter, atomics
//! only.
//!
//! A record reads the clock once; when the window has ended, one thread
//! wins a compare-exchange on its end, takes the old window's final count
//! with a swap and reports what that window dropped. Then every record
//! takes a unique index with `fetch_add` and is kept when the index is
//! below `first`, or every `one_in`th after that. Since each index is one
//! decision, the number a window dropped follows exactly from its final
//! count. A record racing a rollover counts in the window that ends (and
//! is decided by it).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::lifecycle::clock;
use crate::{Level, LogLimit, LogSampling};

/// One level's window.
#[derive(Debug)]
struct Budget {
    /// When the current window ends, in clock ticks (nanoseconds).
    window_end: AtomicU64,
    /// Records counted in the current window.
    count: AtomicU64,
}

/// The budgets of one logger (or of the loggers beyond the registry's
/// bound), with its limit.
#[derive(Debug)]
pub(crate) struct Budgets {
    logger: Box<str>,
    first: u64,
    one_in: u64,
    interval: u64,
    sample_errors: bool,
    keep_sampled_traces: bool,
    levels: [Budget; 6],
}

impl Budgets {
    /// Budgets whose windows start now.
    pub(super) fn new(logger: &str, limit: LogLimit, settings: &LogSampling) -> Budgets {
        let interval = clock::nanos(limit.get_per()).max(1);
        let end = clock::now().saturating_add(interval);
        Budgets {
            logger: logger.into(),
            first: u64::from(limit.get_first()),
            one_in: u64::from(limit.get_one_in()),
            interval,
            sample_errors: settings.get_sample_errors(),
            keep_sampled_traces: settings.get_keep_sampled_traces(),
            levels: std::array::from_fn(|_| Budget {
                window_end: AtomicU64::new(end),
                count: AtomicU64::new(0),
            }),
        }
    }

    /// Whether records inside a sampled span skip the budget.
    #[inline]
    pub(crate) fn keeps_sampled_traces(&self) -> bool {
        self.keep_sampled_traces
    }

    /// Whether a record at `level` is written (counted either way).
    #[inline]
    pub(crate) fn admit(&self, level: Level) -> bool {
        if level >= Level::Error && !self.sample_errors {
            return true;
        }
        let budget = &self.levels[level as usize];
        let now = clock::now();
        let end = budget.window_end.load(Ordering::Relaxed);
        if now >= end {
            self.roll(level, budget, end, now);
        }
        let index = budget.count.fetch_add(1, Ordering::Relaxed);
        index < self.first || (self.one_in != 0 && (index - self.first).is_multiple_of(self.one_in))
    }

    /// Starts a new window (if this thread wins the race) and reports what
    /// the old one dropped.
    #[cold]
    #[inline(never)]
    fn roll(&self, level: Level, budget: &Budget, end: u64, now: u64) {
        let next = now.saturating_add(self.interval);
        if budget
            .window_end
            .compare_exchange(end, next, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
        {
            let count = budget.count.swap(0, Ordering::Relaxed);
            super::report(self, level, self.dropped_of(count));
        }
    }

    /// Takes every level's pending count and reports what was dropped.
    pub(super) fn drain(&self) {
        for level in Level::ALL {
            let count = self.levels[level as usize].count.swap(0, Ordering::Relaxed);
            super::report(self, level, self.dropped_of(count));
        }
    }

    /// How many of the records `0..count` of one window were dropped.
    pub(super) fn dropped_of(&self, count: u64) -> u64 {
        let Some(past) = count.checked_sub(self.first) else {
            return 0;
        };
        match self.one_in {
            0 => past,
            m => past - past.div_ceil(m),
        }
    }

    pub(super) fn logger(&self) -> &str {
        &self.logger
    }

    pub(super) fn interval_ms(&self) -> u64 {
        self.interval / 1_000_000
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn budgets(first: u32, one_in: u32) -> Budgets {
        let limit = LogLimit::new(first, Duration::from_secs(3600)).then_one_in(one_in);
        Budgets::new("t", limit, &LogSampling::default())
    }

    #[test]
    fn dropped_matches_the_decisions() {
        for (first, one_in) in [(0, 0), (3, 0), (0, 1), (3, 1), (3, 4), (0, 7), (5, 2)] {
            let b = budgets(first, one_in);
            let mut kept = 0u64;
            for n in 1..=100u64 {
                if b.admit(Level::Info) {
                    kept += 1;
                }
                assert_eq!(
                    b.dropped_of(n),
                    n - kept,
                    "first {first}, one in {one_in}, after {n}"
                );
            }
        }
    }

    #[test]
    fn errors_are_not_counted_unless_asked() {
        let b = budgets(0, 0);
        assert!(b.admit(Level::Error) && b.admit(Level::Critical));
        assert!(!b.admit(Level::Warn));
        let limit = LogLimit::new(0, Duration::from_secs(3600));
        let strict = Budgets::new("t", limit, &LogSampling::default().sample_errors(true));
        assert!(!strict.admit(Level::Critical));
    }
}
