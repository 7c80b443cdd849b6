//! The lines of one logger in the test process's `testing::capture()`
//! (JSON lines, or the pretty format with `slog` alone). Included with
//! `#[path = "support/captured.rs"] mod captured;` by the tests that build
//! with the `testing` feature (the rest of `support` does not need it).

use telemetry_facade::{testing, BUILD};

/// The captured lines of the logger called `logger`.
pub(crate) fn lines_of(logger: &str) -> Vec<String> {
    let needle = format!("\"logger\":\"{logger}\"");
    let pretty = format!(" {logger} ");
    testing::capture()
        .log_lines()
        .into_iter()
        .filter(|l| l.contains(&needle) || (!BUILD.json && l.contains(&pretty)))
        .collect()
}
