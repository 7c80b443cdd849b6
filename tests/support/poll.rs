//! Waiting until something happens, for a bounded time: the one polling
//! loop of the tests.

use std::fmt;
use std::thread;
use std::time::{Duration, Instant};

/// How often [`poll_until`] asks.
pub const POLL: Duration = Duration::from_millis(20);

/// What [`poll_until`] waited for did not happen in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedOut {
    /// What it waited for, as the caller said it.
    pub what: String,
    /// How long it waited.
    pub timeout: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timed out after {:?} waiting for {}",
            self.timeout, self.what
        )
    }
}

impl std::error::Error for TimedOut {}

/// Calls `check` every [`POLL`] until it returns `Some(value)`, and returns
/// that value; after `timeout`, gives up with [`TimedOut`] naming `what`
/// ("the receiver to exit", ...).
///
/// `check` runs at least once, also with a zero `timeout`, and once more
/// at the deadline. A caller that must not go on without the value panics
/// with the error (`.unwrap_or_else(|e| panic!("{e}"))`); one that reports
/// what it has instead, or cleans up, handles it.
pub fn poll_until<T>(
    what: &str,
    timeout: Duration,
    mut check: impl FnMut() -> Option<T>,
) -> Result<T, TimedOut> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Ok(value);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(TimedOut {
                what: what.to_owned(),
                timeout,
            });
        }
        thread::sleep(POLL.min(deadline - now));
    }
}
