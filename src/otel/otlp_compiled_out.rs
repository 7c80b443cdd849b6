//! OTLP export in a build without the `otlp` feature: nothing is exported
//! (`init` has warned when `SpanExport::Otlp` was asked) and nothing is
//! lost.

use opentelemetry_sdk::trace::TracerProviderBuilder;

use crate::{Config, SpanLoss};

/// Whether `SpanExport::Otlp` exports in this build.
pub(crate) const AVAILABLE: bool = false;

/// `builder` unchanged.
pub(crate) fn add_to(builder: TracerProviderBuilder, _config: &Config) -> TracerProviderBuilder {
    builder
}

/// Nothing is counted without an export path.
pub(crate) fn span_loss() -> SpanLoss {
    SpanLoss::default()
}
