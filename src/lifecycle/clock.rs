//! The monotonic clock log sampling reads: nanoseconds since the first
//! reading, from [`Instant`], unless a test replaced it with a manual one
//! ([`testing::ManualClock`](crate::testing::ManualClock)): then the value
//! it was set to, for the rest of the process.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use once_cell::sync::Lazy;

/// Whether the manual clock replaced the real one (for good).
static MANUAL: AtomicBool = AtomicBool::new(false);
/// The manual clock's reading, in nanoseconds.
static MANUAL_NANOS: AtomicU64 = AtomicU64::new(0);
/// The real clock's origin.
static ORIGIN: Lazy<Instant> = Lazy::new(Instant::now);

/// Now, in nanoseconds since the clock's origin: one relaxed load and a
/// branch, then the manual reading or one `Instant::now()`.
#[inline]
pub(crate) fn now() -> u64 {
    if MANUAL.load(Ordering::Relaxed) {
        MANUAL_NANOS.load(Ordering::Relaxed)
    } else {
        real()
    }
}

fn real() -> u64 {
    nanos(ORIGIN.elapsed())
}

/// `d` in nanoseconds, saturating (after 584 years).
pub(crate) fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Replaces the real clock by a manual one, frozen at the real clock's
/// reading (so windows already open stay consistent). Idempotent.
pub(crate) fn use_manual() {
    if !MANUAL.load(Ordering::Acquire) {
        let _ =
            MANUAL_NANOS.compare_exchange(0, real().max(1), Ordering::AcqRel, Ordering::Relaxed);
        MANUAL.store(true, Ordering::Release);
    }
}

/// Moves the manual clock forward.
pub(crate) fn advance(by: Duration) {
    let by = nanos(by);
    let _ = MANUAL_NANOS.fetch_update(Ordering::AcqRel, Ordering::Relaxed, |n| {
        Some(n.saturating_add(by))
    });
}
