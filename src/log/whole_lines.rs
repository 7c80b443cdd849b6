//! Writing a line whole or not at all, to any writer, also one that says
//! "would block" (a standard output set non-blocking, as some container
//! runtimes and supervisors hand a process, read by someone slow).
//!
//! A line not started yet waits at most [`START_WAIT`] for room, then is
//! dropped (and while the writer stays stalled, later lines are tried once
//! and dropped at once: a stalled reader costs each record one system
//! call, not a wait); a line started is finished, waiting at most [`FINISH_WAIT`] (a
//! torn line would break the next one too). What is dropped is counted,
//! reported in a `log_records_dropped` record as soon as a line gets
//! through again (at most every [`SUMMARY_EVERY`]), and at shutdown.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long a line not yet started waits for the writer.
const START_WAIT: Duration = Duration::from_millis(20);
/// How long a line already started waits to be finished.
const FINISH_WAIT: Duration = Duration::from_secs(2);
/// How often at most a summary record reports drops while logging goes on.
const SUMMARY_EVERY: Duration = Duration::from_secs(5);

/// Records dropped since the last summary, and in all.
static DROPPED_PENDING: AtomicU64 = AtomicU64::new(0);
static DROPPED_TOTAL: AtomicU64 = AtomicU64::new(0);
/// Lines that were started but could not be finished.
static TORN: AtomicU64 = AtomicU64::new(0);
static LAST_SUMMARY: Mutex<Option<Instant>> = Mutex::new(None);
/// Whether the last line was dropped: the next one does not wait to start.
static STALLED: AtomicBool = AtomicBool::new(false);

/// What became of one line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    Written,
    Dropped,
}

/// Writes `line` to `out`: whole, or (if the writer stays blocked or
/// fails) not at all, counted.
pub(crate) fn write_whole(out: &mut dyn Write, line: &[u8]) -> Outcome {
    // The clock is read only once the writer has said "would block".
    let mut start: Option<Instant> = None;
    let start_wait = match STALLED.load(Ordering::Relaxed) {
        true => Duration::ZERO,
        false => START_WAIT,
    };
    let mut written = 0;
    let mut pause = Duration::from_micros(20);
    while written < line.len() {
        match out.write(&line[written..]) {
            Ok(0) => break,
            Ok(n) => written += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let limit = if written == 0 {
                    start_wait
                } else {
                    FINISH_WAIT
                };
                if start.get_or_insert_with(Instant::now).elapsed() >= limit {
                    break;
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(2));
            }
            Err(_) => break,
        }
    }
    if written == line.len() {
        // Written only when it changes: a store on every line would move
        // the flag's cache line between cores (measured, BENCHMARKS.md,
        // "Threads, scale and memory").
        if STALLED.load(Ordering::Relaxed) {
            STALLED.store(false, Ordering::Relaxed);
        }
        return Outcome::Written;
    }
    STALLED.store(true, Ordering::Relaxed);
    if written > 0 {
        TORN.fetch_add(1, Ordering::Relaxed);
    }
    count_dropped()
}

/// Counts one line that could not be written at all.
pub(crate) fn count_dropped() -> Outcome {
    DROPPED_PENDING.fetch_add(1, Ordering::Relaxed);
    DROPPED_TOTAL.fetch_add(1, Ordering::Relaxed);
    Outcome::Dropped
}

/// Records dropped since the last summary, when a summary is due now
/// (taken: the caller writes it).
pub(crate) fn summary_due() -> Option<u64> {
    if DROPPED_PENDING.load(Ordering::Relaxed) == 0 {
        return None;
    }
    let mut last = LAST_SUMMARY.try_lock().ok()?;
    let now = Instant::now();
    if last.is_some_and(|t| now.duration_since(t) < SUMMARY_EVERY) {
        return None;
    }
    *last = Some(now);
    Some(DROPPED_PENDING.swap(0, Ordering::Relaxed)).filter(|n| *n > 0)
}

/// `(dropped, torn)` in all, for the shutdown report.
pub(crate) fn totals() -> (u64, u64) {
    (
        DROPPED_TOTAL.load(Ordering::Relaxed),
        TORN.load(Ordering::Relaxed),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `room` bytes, then says "would block" `blocked` times.
    struct Stingy {
        got: Vec<u8>,
        room: usize,
        blocked: usize,
    }

    impl Write for Stingy {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                if self.blocked == 0 {
                    self.room = usize::MAX;
                } else {
                    self.blocked -= 1;
                    return Err(io::ErrorKind::WouldBlock.into());
                }
            }
            let n = buf.len().min(self.room).min(3);
            self.room -= n;
            self.got.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_started_line_is_finished_after_would_block() {
        let mut out = Stingy {
            got: Vec::new(),
            room: 5,
            blocked: 10,
        };
        assert_eq!(
            write_whole(&mut out, b"{\"a\":1234567}\n"),
            Outcome::Written
        );
        assert_eq!(out.got, b"{\"a\":1234567}\n");
    }

    #[test]
    fn a_line_that_cannot_start_is_dropped_and_counted() {
        let before = totals().0;
        let mut out = Stingy {
            got: Vec::new(),
            room: 0,
            blocked: usize::MAX,
        };
        assert_eq!(write_whole(&mut out, b"x\n"), Outcome::Dropped);
        assert!(out.got.is_empty());
        assert!(totals().0 > before);
    }
}
