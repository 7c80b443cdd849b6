//! The otel backend's escape hatch on [`Config`]: an application's own
//! OpenTelemetry span exporter. It exists only in builds with the `otel`
//! feature (its signature names an `opentelemetry_sdk` trait), and is the
//! one place that fills the backend's `Config` payload.

use std::fmt;

use opentelemetry_sdk::trace::{SimpleSpanProcessor, SpanExporter, SpanProcessor};

use crate::Config;

/// The exporters an application added, each behind a simple span
/// processor, installed at `init`: the otel backend's `Config` payload.
#[derive(Default)]
pub(crate) struct SpanExporters(Vec<Box<dyn SpanProcessor>>);

impl SpanExporters {
    /// The processors, in the order they were added.
    pub(crate) fn into_processors(self) -> Vec<Box<dyn SpanProcessor>> {
        self.0
    }
}

impl fmt::Debug for SpanExporters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} span exporters", self.0.len())
    }
}

impl Config {
    /// Adds an OpenTelemetry span exporter, fed synchronously as each span
    /// ends (a simple span processor), besides [`SpanExport`](crate::SpanExport).
    ///
    /// An escape hatch for applications: only with the `otel` feature.
    ///
    /// # Examples
    ///
    /// ```
    /// use opentelemetry_sdk::trace::InMemorySpanExporter;
    /// use telemetry_facade::Config;
    ///
    /// let exporter = InMemorySpanExporter::default();
    /// let config = Config::new().with_span_exporter(exporter.clone());
    /// # let _ = config;
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "otel")))]
    pub fn with_span_exporter<E>(mut self, exporter: E) -> Config
    where
        E: SpanExporter + 'static,
    {
        self.trace_payload
            .0
            .push(Box::new(SimpleSpanProcessor::new(exporter)));
        self
    }
}
