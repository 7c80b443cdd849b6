//! The temporary directories that hold the receivers' files.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{SystemTime, UNIX_EPOCH};

/// A new, empty directory under the system temp dir.
pub(super) fn fresh_temp_dir(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "telemetry-facade-{tag}-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
    ));
    fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create temp dir {}: {e}", dir.display()));
    dir
}

/// Removes `dir`, or keeps it and says where when the test is failing.
pub(super) fn remove_temp_dir(dir: &Path, what: &str) {
    if thread::panicking() {
        eprintln!("{what}: keeping {} for inspection", dir.display());
    } else {
        let _ = fs::remove_dir_all(dir);
    }
}
