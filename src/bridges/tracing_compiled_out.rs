//! Without the `tracing-bridge` feature there is no `tracing` bridge to
//! install.

use crate::Config;

/// Nothing to install.
pub(crate) fn install(_config: &Config) {}
