//! The child processes the receivers run in: where the installed programs
//! are, how long a child may take to start and to stop, and reaping it.

use std::path::PathBuf;
use std::process::{Child, ExitStatus};
use std::time::Duration;

use super::INSTALL_HINT;
use crate::support::poll::poll_until;

/// How long a receiver may take to start.
pub(super) const START_BOUND: Duration = Duration::from_secs(30);
/// How long a child may take to exit once told to.
pub(super) const STOP_BOUND: Duration = Duration::from_secs(10);

/// The program named by the variable `var` (one of [`super::PYTHON_VAR`],
/// [`super::ROTEL_VAR`]); panics, saying how to install it, when unset.
pub(super) fn env_path(var: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(value) if !value.is_empty() => PathBuf::from(value),
        _ => panic!("{var} is not set: {INSTALL_HINT}"),
    }
}

/// Waits up to `bound` for `child` to exit; kills it if it has not.
pub(super) fn reap(child: &mut Child, bound: Duration) -> Option<ExitStatus> {
    // Ok(Ok(status)) once it has exited; asking may fail, or time out.
    let exited = poll_until("the child process to exit", bound, || {
        child.try_wait().transpose()
    });
    if let Ok(Ok(status)) = exited {
        return Some(status);
    }
    let _ = child.kill();
    child.wait().ok()
}
