//! OTLP export in a build without the `otlp` feature: nothing is exported
//! (`init` has warned when `SpanExport::Otlp` was asked) and nothing is
//! lost.

use opentelemetry_sdk::trace::SpanProcessor;

use crate::{Config, SpanLoss};

/// Whether `SpanExport::Otlp` exports in this build.
pub(crate) const AVAILABLE: bool = false;

/// No processor.
pub(crate) fn processor(_config: &Config) -> Option<Box<dyn SpanProcessor>> {
    None
}

/// Nothing is counted without an export path.
pub(crate) fn span_loss() -> SpanLoss {
    SpanLoss::default()
}
