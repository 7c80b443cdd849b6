//! Without the `log-bridge` feature there is no `log` bridge to install.

use crate::Config;

/// Nothing to install.
pub(crate) fn install(_config: &Config) {}
