//! One logger's budgets: a fixed window shared by its levels and, per
//! level, a counter; atomics only.
//!
//! A record takes a unique index in its level's window with `fetch_add`
//! and is kept when the index is below `first`, or every `one_in`th after
//! that: no clock, no lock. Windows are aligned on the interval (the
//! window of reading `t` is `t / interval`) and rolled over by the
//! sampler's ticker (see [`super::roll_due`]), which takes each level's
//! final count with a swap and reports what that window dropped. Since
//! each index is one decision, the number a window dropped follows
//! exactly from its final count; a record racing a rollover counts in the
//! window that ends (and is decided by it).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::lifecycle::clock;
use crate::{Level, LogLimit, LogSampling};

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
    /// The current window: the clock's reading divided by `interval`.
    /// Written only by the ticker (under the sampler's roll lock).
    window: AtomicU64,
    /// Records counted in the current window, per level.
    counts: [AtomicU64; 6],
}

impl Budgets {
    /// Budgets counting in the window of `now`.
    pub(super) fn new(logger: &str, limit: LogLimit, settings: &LogSampling, now: u64) -> Budgets {
        let interval = clock::nanos(limit.get_per()).max(1);
        Budgets {
            logger: logger.into(),
            first: u64::from(limit.get_first()),
            one_in: u64::from(limit.get_one_in()),
            interval,
            sample_errors: settings.get_sample_errors(),
            keep_sampled_traces: settings.get_keep_sampled_traces(),
            window: AtomicU64::new(now / interval),
            counts: std::array::from_fn(|_| AtomicU64::new(0)),
        }
    }

    /// Whether records inside a sampled span skip the budget (which the
    /// inlined path cannot tell: it needs the current span).
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
        let index = self.counts[level as usize].fetch_add(1, Ordering::Relaxed);
        index < self.first || (self.one_in != 0 && (index - self.first).is_multiple_of(self.one_in))
    }

    /// When the current window ends, in clock nanoseconds.
    pub(super) fn window_end(&self) -> u64 {
        (self.window.load(Ordering::Relaxed) + 1).saturating_mul(self.interval)
    }

    /// Starts the window of `now` if the current one has ended, reporting
    /// what each level dropped in it. Only the sampler's roll lock holder
    /// calls it.
    pub(super) fn roll(&self, now: u64) {
        let window = now / self.interval;
        if window != self.window.load(Ordering::Relaxed) {
            self.window.store(window, Ordering::Relaxed);
            self.drain();
        }
    }

    /// Takes every level's pending count and reports what was dropped.
    pub(super) fn drain(&self) {
        for level in Level::ALL {
            let count = self.counts[level as usize].swap(0, Ordering::Relaxed);
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
        Budgets::new("t", limit, &LogSampling::default(), 0)
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
    fn windows_are_aligned_and_roll_over_only_when_they_end() {
        const MS: u64 = 1_000_000;
        let limit = LogLimit::new(2, Duration::from_millis(1));
        let b = Budgets::new("t", limit, &LogSampling::default(), 2 * MS + 5);
        assert_eq!(
            b.window_end(),
            3 * MS,
            "the window of 2.000005 ms is [2, 3) ms"
        );
        let kept = |b: &Budgets| (0..5).filter(|_| b.admit(Level::Info)).count();
        assert_eq!(kept(&b), 2);
        b.roll(3 * MS - 1);
        assert_eq!(kept(&b), 0, "same window: still counting");
        b.roll(3 * MS);
        assert_eq!(b.window_end(), 4 * MS);
        assert_eq!(kept(&b), 2, "a new window starts afresh");
        b.roll(10 * MS + 1);
        assert_eq!(
            b.window_end(),
            11 * MS,
            "windows with no record are skipped"
        );
    }

    #[test]
    fn errors_are_not_counted_unless_asked() {
        let b = budgets(0, 0);
        assert!(b.admit(Level::Error) && b.admit(Level::Critical));
        assert!(!b.admit(Level::Warn));
        let limit = LogLimit::new(0, Duration::from_secs(3600));
        let strict = Budgets::new("t", limit, &LogSampling::default().sample_errors(true), 0);
        assert!(!strict.admit(Level::Critical));
    }
}
