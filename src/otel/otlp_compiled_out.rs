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

// Metrics over OTLP need the `otlp` feature.
cfg_if::cfg_if! {
    if #[cfg(feature = "metrics")] {
        /// No reader: `init` warns that metrics are not exported.
        pub(crate) fn metric_reader(
            _config: &Config,
        ) -> Result<
            Box<
                dyn FnOnce(opentelemetry_sdk::metrics::MeterProviderBuilder)
                        -> opentelemetry_sdk::metrics::MeterProviderBuilder
                    + Send,
            >,
            String,
        > {
            Err("metrics over OTLP need telemetry-facade's `otlp` feature".into())
        }
    }
}
