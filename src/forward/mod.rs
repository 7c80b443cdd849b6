//! The `tracing` forward (feature `tracing-forward`): until `init` is
//! called, this crate's spans and log records go to the application's
//! `tracing` subscriber, as `tracing` spans and events.
//!
//! A wrapper around the backends the other features select, on three
//! axes: [`ForwardTracer`] (trace), [`ForwardLogger`] (log) and
//! [`ForwardContext`] (context), each named in its axis's `cfg_if!`. The
//! wrapped backend does what it did; the wrapper adds the forward.
//!
//! The rule, one branch per call: while `init` has not been called (one
//! atomic load) and `tracing` has a subscriber that could want the level
//! (`tracing_core::LevelFilter::current()`, `OFF` until a subscriber
//! exists: a second load), a record or a span goes to `tracing` and not to
//! the wrapped backend, which records nothing before `init` anyway. Once
//! `init` ran (successfully: a failed `init` changes nothing), the wrapped
//! backend handles everything and nothing new is forwarded, ever (after
//! shutdown neither): a record is never written twice. What was forwarded
//! before stays `tracing`'s: a span forwarded before `init` is entered,
//! recorded on and closed in `tracing` until it ends.
//!
//! Loop guard: what the `tracing` bridge is turning into ours (a record
//! that came from `tracing`) is never forwarded back, and what the forward
//! hands to `tracing` is ignored by the bridge; a record made while one is
//! being forwarded on the same thread (a field's `Display` that logs) is
//! dropped (see `bridges::tracing_origin`).
//!
//! `tracing` needs a `&'static Metadata` per callsite: [`callsite`] interns
//! leaked callsites in a bounded registry, registered with `tracing-core`
//! (so the subscriber's interest and filters apply as to its own), with a
//! per-handle cache; [`values`] turns our values into `tracing` values.

mod callsite;
mod context;
mod log;
mod trace;
mod values;

pub(crate) use context::ForwardContext;
pub(crate) use log::ForwardLogger;
pub(crate) use trace::ForwardTracer;

use tracing_core::{Level as TracingLevel, LevelFilter};

use crate::Level;

/// The level of every forwarded span (our spans have none; `INFO` is what
/// `tracing`'s `#[instrument]` uses).
const SPAN_LEVEL: TracingLevel = TracingLevel::INFO;

/// Whether the forward is on: `init` was not called. After it, it is off
/// for good (the wrapped backends handle everything).
#[inline]
fn on() -> bool {
    crate::lifecycle::is_uninit()
}

/// Whether something at `level` may be forwarded now: the forward is on and
/// some `tracing` subscriber could want the level. Two relaxed loads; the
/// subscriber's own filter is asked later, once the callsite is known.
#[inline]
fn may_forward(level: TracingLevel) -> bool {
    on() && level <= LevelFilter::current()
}

/// Our level as `tracing`'s: one to one, `Critical` as `ERROR`.
#[inline]
fn tracing_level(level: Level) -> TracingLevel {
    match level {
        Level::Trace => TracingLevel::TRACE,
        Level::Debug => TracingLevel::DEBUG,
        Level::Info => TracingLevel::INFO,
        Level::Warn => TracingLevel::WARN,
        Level::Error | Level::Critical => TracingLevel::ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_map_one_to_one_and_critical_is_error() {
        let mapped: Vec<TracingLevel> = Level::ALL.into_iter().map(tracing_level).collect();
        assert_eq!(
            mapped,
            [
                TracingLevel::TRACE,
                TracingLevel::DEBUG,
                TracingLevel::INFO,
                TracingLevel::WARN,
                TracingLevel::ERROR,
                TracingLevel::ERROR,
            ]
        );
    }
}
