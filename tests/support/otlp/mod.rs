//! Receivers for the OTLP export integration tests (`tests/otlp.rs`).
//!
//! It offers three things to export to, all on loopback ports:
//!
//! * [`Receiver`]: our recording receiver, `scripts/otlp_receiver.py`, which
//!   decodes OTLP/HTTP and OTLP/gRPC trace, log and metric exports with the
//!   official protobuf definitions and records every request as one JSON
//!   object (headers, real compression, spans, log records or metrics). The record format is
//!   described at the top of that script.
//! * [`Rotel`]: the rotel collector, an independent OTLP implementation,
//!   printing what it received; [`RotelSpan`] is a span parsed from that text,
//!   [`RotelLog`] a log record, [`RotelMetric`] a metric.
//! * [`Stalled`]: a TCP server that accepts and reads but never answers, for
//!   timeout tests; [`free_port`] gives a port nothing listens on.
//!
//! For TLS, [`TlsFiles::generate`] makes a test CA with server and client
//! certificates (with the `openssl` command), and [`Receiver::start_tls`]
//! runs the recording receiver with them, HTTPS and gRPC over TLS.
//!
//! The Python side is installed by `eval "$(bash scripts/otlp_venv.sh)"`,
//! which exports `TELEMETRY_FACADE_OTLP_PYTHON` and `TELEMETRY_FACADE_ROTEL`.
//! Without them, or when a receiver does not start, the constructors panic:
//! these tests fail, they never skip.
//!
//! Every wait here is bounded; children are killed and reaped on drop. A
//! temporary directory holding a receiver's files is removed on drop, except
//! when the test is panicking: then its path is printed for inspection.
//!
//! One file each:
//!
//! * `receiver.rs`: [`Receiver`], the recording receiver.
//! * `tls_files.rs`: [`TlsFiles`], the test CA and certificates.
//! * `rotel.rs`: [`Rotel`], the rotel collector as a child process.
//! * `rotel_spans.rs`: [`RotelSpan`] and [`parse_rotel_spans`], rotel's
//!   printed spans and their parser.
//! * `rotel_logs.rs`: [`RotelLog`] and [`parse_rotel_logs`], rotel's printed
//!   log records and their parser.
//! * `rotel_metrics.rs`: [`RotelMetric`] and [`parse_rotel_metrics`],
//!   rotel's printed metrics and their parser.
//! * `stalled.rs`: [`Stalled`], the server that never answers.
//! * `ports.rs`: [`Ports`] and [`free_port`], loopback ports and endpoints.
//! * `child.rs`: the installed programs, and bounds for starting and
//!   stopping the child processes that run them.
//! * `temp_dir.rs`: the temporary directories the children's files live in.
//! * `transport.rs`: [`Transport`], HTTP/protobuf or gRPC.

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use crate::support::poll::poll_until;

mod child;
mod ports;
mod receiver;
mod rotel;
mod rotel_logs;
mod rotel_metrics;
mod rotel_spans;
mod stalled;
mod temp_dir;
mod tls_files;
mod transport;

// A test binary that does not use one of these sees it as unused.
#[allow(unused_imports)]
pub use self::{
    ports::{free_port, Ports},
    receiver::Receiver,
    rotel::Rotel,
    rotel_logs::{parse_rotel_logs, RotelLog},
    rotel_metrics::{parse_rotel_metrics, RotelDataPoint, RotelExemplar, RotelMetric},
    rotel_spans::{parse_rotel_spans, RotelEvent, RotelLink, RotelSpan},
    stalled::Stalled,
    tls_files::TlsFiles,
    transport::Transport,
};

/// The variable naming the venv python that runs `scripts/otlp_receiver.py`.
pub const PYTHON_VAR: &str = "TELEMETRY_FACADE_OTLP_PYTHON";
/// The variable naming the `rotel-agent` binary.
pub const ROTEL_VAR: &str = "TELEMETRY_FACADE_ROTEL";
/// What to run when the variables are missing.
pub const INSTALL_HINT: &str =
    "install the OTLP test receivers and export their paths by running, \
     in the repository root: eval \"$(bash scripts/otlp_venv.sh)\"";

/// Locks `mutex`, also after a thread panicked holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Polls `list` until it holds at least `n` items or `within` has passed,
/// and returns the last list, however long: the `wait_for_*` methods return
/// what arrived, and the test asserts on it.
fn at_least<T>(n: usize, within: Duration, what: &str, mut list: impl FnMut() -> Vec<T>) -> Vec<T> {
    poll_until(&format!("{n} {what}"), within, || {
        Some(list()).filter(|items| items.len() >= n)
    })
    .unwrap_or_else(|_| list())
}
