//! The monotonic clock of log sampling's windows, in nanoseconds since the
//! clock's origin, and the ticker thread that rolls the windows over, so
//! that a record never reads a clock.
//!
//! Two sources, chosen by one relaxed load (read by the ticker and when a
//! logger's budgets are made, never per record):
//!
//! - real: `Instant::now()`;
//! - manual: the value a test set
//!   ([`testing::ManualClock`](crate::testing::ManualClock)), for the rest
//!   of the process. Moving it forward runs the ticker's work at once, on
//!   the calling thread, so tests see windows roll over deterministically.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use once_cell::sync::{Lazy, OnceCell};

/// Whether the manual clock is the source.
static MANUAL: AtomicBool = AtomicBool::new(false);
/// The manual clock's reading, in nanoseconds.
static READING: AtomicU64 = AtomicU64::new(0);
/// Whether the ticker should stop.
static STOP: AtomicBool = AtomicBool::new(false);
/// The real clock's origin.
static ORIGIN: Lazy<Instant> = Lazy::new(Instant::now);
/// What the ticker runs with the clock's reading (and what moving the
/// manual clock runs).
static ON_TICK: OnceCell<fn(u64)> = OnceCell::new();

/// Now, in nanoseconds since the clock's origin.
pub(crate) fn now() -> u64 {
    if MANUAL.load(Ordering::Acquire) {
        READING.load(Ordering::Acquire)
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

/// Starts the thread that runs `on_tick(now())` every `tick` (skipped
/// while the manual clock is the source: moving it runs `on_tick`
/// instead). Once per process; an error if the thread cannot be started.
#[allow(dead_code)] // used by the log backend
pub(crate) fn start_ticker(tick: Duration, on_tick: fn(u64)) -> std::io::Result<()> {
    if ON_TICK.get().is_some() {
        return Ok(());
    }
    std::thread::Builder::new()
        .name("telemetry-clock".into())
        .spawn(move || {
            while !STOP.load(Ordering::Relaxed) {
                std::thread::sleep(tick);
                if !MANUAL.load(Ordering::Acquire) && !STOP.load(Ordering::Relaxed) {
                    on_tick(real());
                }
            }
        })?;
    let _ = ON_TICK.set(on_tick);
    Ok(())
}

/// Stops the ticker (at shutdown); moving the manual clock runs nothing
/// from then on.
#[allow(dead_code)] // used by the log backend
pub(crate) fn stop_ticker() {
    STOP.store(true, Ordering::Relaxed);
}

/// Replaces the clock by a manual one, frozen at the real clock's reading
/// (so windows already open stay consistent). Idempotent.
pub(crate) fn use_manual() {
    if !MANUAL.load(Ordering::Acquire) {
        READING.store(real(), Ordering::Release);
        MANUAL.store(true, Ordering::Release);
    }
}

/// Moves the manual clock forward, then runs the ticker's work with the
/// new reading (on this thread).
pub(crate) fn advance(by: Duration) {
    let by = nanos(by);
    let before = READING.fetch_add(by, Ordering::AcqRel);
    if let Some(on_tick) = ON_TICK.get() {
        if !STOP.load(Ordering::Relaxed) {
            on_tick(before.saturating_add(by));
        }
    }
}
