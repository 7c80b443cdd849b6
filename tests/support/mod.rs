//! Helpers shared by the integration tests. A test includes them with
//!
//! ```ignore
//! mod support;
//! ```
//!
//! and uses what it needs; the rest is dead code in that test binary, hence
//! the `allow` below.
//!
//! * [`otlp`]: receivers to export OTLP to, on loopback.

#![allow(dead_code, unreachable_pub)]

pub mod otlp;
