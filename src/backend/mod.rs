//! The private contract every backend implements, and the one place per
//! axis that picks the backend compiled in.
//!
//! Four axes, each in its own file with its traits and its `cfg_if!`:
//! [`trace`] (tracer, span builder, span), [`context`] (the trace part of a
//! captured `Context`, and propagation), [`log`] (logger and scoped
//! fields), [`metrics`] (meter and instruments). Every backend of an axis also implements [`Install`]: what
//! `init`, the guard and the `testing` capture need of it. The no-op
//! backends are compiled in every build, so a contract item missing from
//! one backend fails to compile in the `--all-features` build.
//!
//! Every backend MUST:
//!
//! - make nothing observable before `init` and after shutdown: no record
//!   written, no span exported, nothing printed (the `tracing` forward,
//!   `crate::forward`, is the one exception, by design: before `init` it
//!   hands spans and records to an application's `tracing` subscriber,
//!   and still writes nothing itself);
//! - allocate nothing and read no clock when a builder says
//!   `is_live() == false`, or when a logger says `enabled() == false`;
//! - never end a span through a non-owning handle (`current()`): only the
//!   handle `start` returned ends it, on `end_in_place` or drop;
//! - never panic and never block on user code while holding a lock: a
//!   `Display` that logs must work;
//! - return from `shutdown` and `flush` within their deadlines, whatever an
//!   exporter does, and never wait in `flush` for a lock the calling thread
//!   may hold (it runs in the panic hook);
//! - report what it lost (`span_loss`) after shutdown, never by printing;
//! - take its [`Install::ConfigPayload`] out of `Config` at `install`, and
//!   put into `Config`'s payload only through its own escape hatches;
//! - capture, for `testing::capture`, exactly what it would have written.
//!
//! Adding a backend: implement the axis traits and [`Install`] for it in
//! its own folder, with an inherent `const fn named(name: &'static str)`
//! beside the trait's `new` (what `telemetry!()` puts in its `static`; a
//! trait cannot declare a `const fn`), name it in the axis's `cfg_if!`,
//! and run the test matrix; nothing outside `backend/` and the new folder
//! changes. A wrapper backend (the `tracing` forward) implements the same
//! traits over the backend it wraps, and is named around it in the same
//! `cfg_if!`.

pub(crate) mod context;
pub(crate) mod log;
pub(crate) mod metrics;
pub(crate) mod trace;

use std::fmt;
use std::time::Duration;

use crate::{Config, InitError};

/// What the lifecycle (`init`, the guard) and the `testing` capture need
/// of a backend, whatever its axis.
pub(crate) trait Install {
    /// Whether this backend records anything (what [`BUILD`](crate::BUILD)
    /// reports).
    const RECORDS: bool;
    /// What `Config` carries for this backend: exporters, a drain — set by
    /// the backend's own escape hatches on `Config`.
    type ConfigPayload: Default + fmt::Debug + Send + 'static;
    /// Sets the backend up from `config` (taking what it owns out of it).
    /// Called once, by `init`, before any record is made.
    fn install(config: &mut Config) -> Result<(), InitError>;
    /// Stops, flushes and releases the backend; returns within `deadline`.
    fn shutdown(deadline: Duration) -> Result<(), InitError>;
    /// Writes out what is buffered (the panic hook's last act), returning
    /// within `deadline`; never waits for a lock this thread may hold.
    fn flush(deadline: Duration);

    /// What an in-memory capture shares between `Config` and the test.
    type Capture: Default + Clone + Send + Sync + 'static;
    /// `config`, set up so that everything this backend writes also goes
    /// to `capture`.
    fn capture_into(config: Config, capture: &Self::Capture) -> Config;
}
