//! The crate's own diagnostics: one line on stderr per problem, only from
//! `init` and the guard (never from a library's call sites). Written best
//! effort, as one whole line: a closed or full stderr loses the line (it is
//! counted), it never panics.

use std::fmt;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};

/// Diagnostic lines that could not be written.
static UNWRITTEN: AtomicU64 = AtomicU64::new(0);

/// Prints `telemetry-facade: warning: …` on stderr.
pub(crate) fn warn(message: fmt::Arguments<'_>) {
    line(format_args!("telemetry-facade: warning: {message}"));
}

/// Prints `telemetry-facade: …` on stderr.
pub(crate) fn report(message: fmt::Arguments<'_>) {
    line(format_args!("telemetry-facade: {message}"));
}

fn line(text: fmt::Arguments<'_>) {
    let mut line = String::new();
    // Writing into a String fails only if a `Display` inside fails.
    let formatted = fmt::write(&mut line, text).is_ok();
    line.push('\n');
    let written = std::io::stderr().lock().write_all(line.as_bytes()).is_ok();
    if !(formatted && written) {
        UNWRITTEN.fetch_add(1, Ordering::Relaxed);
    }
}

/// How many diagnostic lines could not be written so far.
pub(crate) fn unwritten() -> u64 {
    UNWRITTEN.load(Ordering::Relaxed)
}
