//! Helpers shared by the integration tests. A test includes them with
//!
//! ```ignore
//! mod support;
//! ```
//!
//! and uses what it needs; the rest is dead code in that test binary, hence
//! the `allow` below.
//!
//! * [`buffer`]: [`buffer::SharedBuffer`], an in-memory writer whose output
//!   the test reads back (lines, JSON lines).
//! * [`otlp`]: receivers to export OTLP to, on loopback.
//! * [`poll`]: [`poll::poll_until`], waiting until something happens, for a
//!   bounded time.
//! * [`scenarios`]: the runner of the tests that need one process per
//!   scenario.
//! * [`secrets`]: the table of secret keys and near-misses redaction is
//!   checked with.

#![allow(dead_code, unreachable_pub)]

pub mod buffer;
pub mod otlp;
pub mod poll;
pub mod scenarios;
pub mod secrets;
