//! The monotonic clock log sampling reads, in nanoseconds since the
//! clock's origin. Three sources, chosen by one relaxed load:
//!
//! - coarse (when sampling is on): a reading a ticker thread refreshes
//!   every tick; reading it costs one load, where `Instant::now()` costs a
//!   `clock_gettime` and a subtraction (measured in BENCHMARKS.md);
//! - real: `Instant::now()` (before the ticker runs, or if it could not be
//!   started);
//! - manual: the value a test set
//!   ([`testing::ManualClock`](crate::testing::ManualClock)), for the rest
//!   of the process.

use std::sync::atomic::{AtomicBool, AtomicU64, AtomicU8, Ordering};
use std::time::{Duration, Instant};

use once_cell::sync::Lazy;

const REAL: u8 = 0;
const COARSE: u8 = 1;
const MANUAL: u8 = 2;

static SOURCE: AtomicU8 = AtomicU8::new(REAL);
/// The coarse or manual reading, in nanoseconds.
static READING: AtomicU64 = AtomicU64::new(0);
/// Whether the ticker should stop.
static STOP: AtomicBool = AtomicBool::new(false);
/// The real clock's origin.
static ORIGIN: Lazy<Instant> = Lazy::new(Instant::now);

/// Now, in nanoseconds since the clock's origin.
#[inline]
pub(crate) fn now() -> u64 {
    match SOURCE.load(Ordering::Relaxed) {
        REAL => real(),
        _ => READING.load(Ordering::Relaxed),
    }
}

fn real() -> u64 {
    nanos(ORIGIN.elapsed())
}

/// `d` in nanoseconds, saturating (after 584 years).
pub(crate) fn nanos(d: Duration) -> u64 {
    u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)
}

/// Starts a thread that refreshes the coarse reading every `tick`, and
/// reads it from then on (unless the manual clock is in use). If the
/// thread cannot be started, the real clock stays in use.
#[allow(dead_code)] // used by the log backend
pub(crate) fn start_coarse(tick: Duration) {
    if SOURCE.load(Ordering::Acquire) != REAL {
        return;
    }
    READING.store(real(), Ordering::Relaxed);
    let started = std::thread::Builder::new()
        .name("telemetry-clock".into())
        .spawn(move || {
            while !STOP.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
                if SOURCE.load(Ordering::Relaxed) == COARSE {
                    READING.fetch_max(real(), Ordering::Relaxed);
                }
            }
        });
    if started.is_ok() {
        let _ = SOURCE.compare_exchange(REAL, COARSE, Ordering::AcqRel, Ordering::Relaxed);
    }
}

/// Stops the ticker (at shutdown); the real clock is read from then on.
#[allow(dead_code)] // used by the log backend
pub(crate) fn stop_coarse() {
    STOP.store(true, Ordering::Relaxed);
    let _ = SOURCE.compare_exchange(COARSE, REAL, Ordering::AcqRel, Ordering::Relaxed);
}

/// Replaces the clock by a manual one, frozen at the real clock's reading
/// (so windows already open stay consistent). Idempotent.
pub(crate) fn use_manual() {
    if SOURCE.load(Ordering::Acquire) != MANUAL {
        READING.store(real().max(1), Ordering::Relaxed);
        SOURCE.store(MANUAL, Ordering::Release);
    }
}

/// Moves the manual clock forward.
pub(crate) fn advance(by: Duration) {
    let by = nanos(by);
    let _ = READING.fetch_update(Ordering::AcqRel, Ordering::Relaxed, |n| {
        Some(n.saturating_add(by))
    });
}
