//! The crate's own diagnostics: one line on stderr per problem, only from
//! `init` and the guard (never from a library's call sites).

use std::fmt;

/// Prints `telemetry-facade: warning: …` on stderr.
pub(crate) fn warn(message: fmt::Arguments<'_>) {
    eprintln!("telemetry-facade: warning: {message}");
}
