//! The Prometheus reader in a build without the `prometheus` feature:
//! `init` warns when `MetricsSettings::prometheus(true)` is asked, and the
//! text is always empty.

use super::provider::AddReader;

/// Whether [`text`] can return text in this build.
pub(super) const AVAILABLE: bool = false;

/// No reader without the feature.
pub(super) fn reader() -> Result<AddReader, String> {
    Err("the `prometheus` feature of telemetry-facade is off".to_owned())
}

/// Nothing to render.
pub(super) fn text() -> Option<String> {
    None
}
