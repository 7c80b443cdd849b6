//! The metrics backend's warnings about what a library gave it (an invalid
//! instrument name, a negative value for a counter): printed once the
//! problem is met after `init`, once per distinct problem in the process,
//! and at most [`MAX_WARNINGS`] in all, so that a call site run a million
//! times prints one line.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use crate::lifecycle::diagnostics::warn;

/// Distinct warnings printed; later problems are met silently.
const MAX_WARNINGS: usize = 32;

/// The warnings printed so far.
static WARNED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Prints `message` as a warning unless it was printed before (or enough
/// were).
pub(super) fn warn_once(message: fmt::Arguments<'_>) {
    let line = message.to_string();
    let mut warned = WARNED.lock().unwrap_or_else(PoisonError::into_inner);
    if warned.len() < MAX_WARNINGS && !warned.contains(&line) {
        warn(format_args!("{line}"));
        warned.push(line);
    }
}
