//! Case `facade-memory` (issue 18, memory): what a live span and an idle
//! logger handle keep in memory, native. The process's allocator is
//! [`CountingAlloc`] (the system allocator, counting the bytes asked for
//! and not yet freed); resident memory is read from `/proc/self/statm`.
//! After `init` and a warm-up (so per-thread buffers and lazy statics
//! exist already), each item is made 100 000 times into a `Vec` reserved
//! beforehand, and the growth is divided by 100 000:
//!
//! - `root-span`: `facade-on`'s span ("work", 2 attributes), started and
//!   kept, not entered, with no current span;
//! - `child-span`: the same, started inside an entered span (so each has a
//!   parent id in the side table);
//! - `telemetry`: `get_telemetry(format!("bench::component{i}"))`, never
//!   used (an idle handle with a name known at run time);
//! - `telemetry-used`: the same handles after each wrote one line and
//!   ended one span (what that first use added);
//! - `logger`: a `Logger` cloned from each of those handles.
//!
//! Each group of items runs in a process of its own. Each line:
//! `facade-memory item=<item> heap_bytes=<per item> blocks=<heap blocks
//! per item> rss_bytes=<resident growth per item> inline_bytes=<size_of
//! the handle, wherever it is kept> after_drop=<heap bytes per item still
//! held once all were dropped>`.

use std::sync::atomic::Ordering;

use telemetry_facade::{get_telemetry, info, telemetry, Logger, Span, Telemetry};
use telemetry_facade_bench::{
    expect_facade_build, facade_init, facade_span, facade_unit, CountingAlloc, LIVE_BLOCKS,
    LIVE_BYTES,
};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const ITEMS: usize = 100_000;

/// Heap bytes and blocks live, resident bytes.
#[derive(Clone, Copy)]
struct Mark {
    heap: i64,
    blocks: i64,
    rss: i64,
}

fn mark() -> Mark {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: i64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    Mark {
        heap: LIVE_BYTES.load(Ordering::Relaxed),
        blocks: LIVE_BLOCKS.load(Ordering::Relaxed),
        rss: pages * 4096,
    }
}

fn report(item: &str, before: Mark, after: Mark, after_drop: Option<Mark>, inline: usize) {
    let per = |d: i64| d as f64 / ITEMS as f64;
    let dropped = match after_drop {
        Some(m) => format!("{:.1}", per(m.heap - before.heap)),
        None => "-".to_owned(),
    };
    println!(
        "facade-memory item={item} heap_bytes={:.1} blocks={:.2} rss_bytes={:.1} inline_bytes={inline} after_drop={dropped}",
        per(after.heap - before.heap),
        per(after.blocks - before.blocks),
        per(after.rss - before.rss),
    );
}

/// The items, each measured in a process of its own (`facade-memory
/// <group>`), so that memory freed by one is not reused by the next and
/// the resident growth is the item's own.
const GROUPS: [&str; 3] = ["root-span", "child-span", "handles"];

fn main() {
    let group = std::env::args().skip(1).find(|a| !a.starts_with("--"));
    let Some(group) = group else {
        // `facade-memory` (or `cargo bench`): every group, each in a new
        // process.
        let exe = std::env::current_exe().expect("own path");
        for g in GROUPS {
            let status = std::process::Command::new(&exe)
                .arg(g)
                .status()
                .expect("run a group");
            if !status.success() {
                eprintln!("facade-memory {g}: {status}");
                std::process::exit(1);
            }
        }
        return;
    };

    expect_facade_build("facade-memory", true, true);
    let guard = facade_init();
    let t = telemetry!("bench");
    for i in 0..1_000 {
        std::hint::black_box(facade_unit(i));
    }
    match group.as_str() {
        "root-span" => spans(t, false),
        "child-span" => spans(t, true),
        "handles" => handles(),
        _ => {
            eprintln!("usage: facade-memory [{}]", GROUPS.join("|"));
            std::process::exit(2);
        }
    }
    guard.shutdown().expect("shutdown");
}

/// Live spans, with no current span or inside an entered one.
fn spans(t: &Telemetry, with_parent: bool) {
    let mut spans: Vec<Span> = Vec::with_capacity(ITEMS);
    let parent = t.tracer().start("request");
    let entered = with_parent.then(|| parent.enter());
    let before = mark();
    spans.extend((0..ITEMS as u64).map(|i| facade_span(t, i)));
    let after = mark();
    spans.clear();
    let item = if with_parent {
        "child-span"
    } else {
        "root-span"
    };
    report(item, before, after, Some(mark()), size_of::<Span>());
    drop(entered);
    parent.end();
}

/// Idle handles with run-time names, the same used once, then a logger
/// cloned from each.
fn handles() {
    let mut handles: Vec<Telemetry> = Vec::with_capacity(ITEMS);
    let mut loggers: Vec<Logger> = Vec::with_capacity(ITEMS);
    let before = mark();
    handles.extend((0..ITEMS).map(|i| get_telemetry(format!("bench::component{i}"))));
    let idle = mark();
    for h in &handles {
        info!(h.logger(), "first");
        h.tracer().start("first").end();
    }
    let used = mark();
    loggers.extend(handles.iter().map(|h| h.logger().clone()));
    let with_loggers = mark();
    loggers.clear();
    handles.clear();
    let dropped = mark();
    report(
        "telemetry",
        before,
        idle,
        Some(dropped),
        size_of::<Telemetry>(),
    );
    report("telemetry-used", idle, used, None, 0);
    report("logger", used, with_loggers, None, size_of::<Logger>());
}
