//! Level filtering: a default level plus `RUST_LOG`-style directives
//! (`warn,my_crate::db=debug`), and the one atomic every enabled-check
//! loads first.

use std::sync::atomic::{AtomicU8, Ordering};

use once_cell::sync::OnceCell;

use crate::config::log_directives::{Directives, OFF};
use crate::Level;

/// The lowest threshold of any directive; `OFF` before `init` and after
/// shutdown.
static MIN_ENABLED: AtomicU8 = AtomicU8::new(OFF);

static DIRECTIVES: OnceCell<Directives> = OnceCell::new();

#[inline]
pub(crate) fn may_be_enabled(level: Level) -> bool {
    level as u8 >= MIN_ENABLED.load(Ordering::Relaxed)
}

pub(crate) fn install(directives: Directives) {
    let min = directives.min();
    let _ = DIRECTIVES.set(directives);
    MIN_ENABLED.store(min, Ordering::Release);
}

pub(crate) fn set_off() {
    MIN_ENABLED.store(OFF, Ordering::Release);
}

pub(crate) fn threshold_for(name: &str) -> u8 {
    DIRECTIVES.get().map_or(OFF, |d| d.threshold_for(name))
}
