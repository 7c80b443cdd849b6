//! The log macros without a logger: the calling module's logger (named by
//! `module_path!()`, cached like `telemetry!()`), and the optional message
//! with format arguments after `;`, formatted only when the record is
//! written. Written once for every build; the lines are parsed back as JSON
//! with the `json` feature.

#[path = "support/captured.rs"]
mod captured;

use std::sync::atomic::{AtomicU32, Ordering};

use captured::lines_of;
use serde_json::Value as Json;
use telemetry_facade::{debug, info, log, testing, warn, Level, BUILD};

/// The lines of `logger`, parsed when the build writes JSON; checks the count.
fn json_of(logger: &str, expected: usize) -> Vec<Json> {
    let lines = lines_of(logger);
    assert_eq!(
        lines.len(),
        if BUILD.logs { expected } else { 0 },
        "{lines:#?}"
    );
    match BUILD.json {
        true => lines
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
        false => Vec::new(),
    }
}

mod orders {
    use super::*;

    pub(super) fn load(n: u32) {
        info!("order_loaded", order_id = 42, "http.route" = "/o"; "loaded {} items", n);
        warn!("order_slow"; "took {} ms", 250);
        log!(Level::Info, "order_done", order_id = 42,);
        info!("order_plain");
    }
}

#[test]
fn the_calling_module_names_the_logger_and_messages_are_formatted() {
    testing::capture();
    orders::load(3);
    let lines = json_of("implicit_logger::orders", 4);
    assert_eq!(lines.len(), if BUILD.json { 4 } else { 0 });
    if let [loaded, slow, done, plain] = &lines[..] {
        assert_eq!(loaded["event"], "order_loaded");
        assert_eq!(loaded["order_id"], 42);
        assert_eq!(loaded["http.route"], "/o");
        assert_eq!(loaded["message"], "loaded 3 items");
        assert_eq!(slow["level"], "warning");
        assert_eq!(slow["message"], "took 250 ms");
        assert_eq!(done["order_id"], 42);
        assert!(done.get("message").is_none(), "{done}");
        assert_eq!(plain["event"], "order_plain");
    }
}

#[test]
fn a_message_is_not_formatted_when_the_record_is_not_written() {
    testing::capture();
    let formatted = AtomicU32::new(0);
    let count = || {
        formatted.fetch_add(1, Ordering::Relaxed);
        7
    };
    // `capture()` enables every level: the record is written when the
    // build has a logger backend.
    debug!("counted"; "{}", count());
    assert_eq!(formatted.load(Ordering::Relaxed), u32::from(BUILD.logs));
    // And with an explicit logger and fields, the message comes last.
    let logger = telemetry_facade::get_telemetry("implicit_logger::explicit")
        .logger()
        .clone();
    info!(logger, "explicit", n = 1; "with {}", "message");
    if let [line] = &json_of("implicit_logger::explicit", 1)[..] {
        assert_eq!(line["message"], "with message");
        assert_eq!(line["n"], 1);
    }
}
