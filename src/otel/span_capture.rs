//! The spans a `testing` capture keeps: an in-memory span exporter, and
//! its spans in the crate's own vocabulary.

use std::sync::{Arc, Mutex, PoisonError};

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

#[derive(Debug, Clone, Default)]
pub(crate) struct SpanCapture {
    spans: Arc<Mutex<Vec<SpanData>>>,
}

impl SpanCapture {
    /// The spans exported so far, in the order they ended.
    pub(crate) fn records(&self) -> Vec<crate::testing::SpanRecord> {
        self.spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(record)
            .collect()
    }
}

impl SpanExporter for SpanCapture {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        self.spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(batch);
        Ok(())
    }
}

/// The exported span in the crate's own vocabulary.
fn record(span: &SpanData) -> crate::testing::SpanRecord {
    use super::convert;
    let cx = convert::trace_context_back(&span.span_context, None);
    let parent = convert::span_id_back(span.parent_span_id);
    crate::testing::SpanRecord {
        name: span.name.to_string(),
        scope: span.instrumentation_scope.name().to_owned(),
        trace_id: cx.trace_id(),
        span_id: cx.span_id(),
        parent_span_id: parent.is_valid().then_some(parent),
        kind: convert::kind_back(&span.span_kind),
        attributes: span
            .attributes
            .iter()
            .map(convert::key_value_back)
            .collect(),
        events: span
            .events
            .events
            .iter()
            .map(|e| crate::testing::EventRecord {
                name: e.name.to_string(),
                attributes: e.attributes.iter().map(convert::key_value_back).collect(),
            })
            .collect(),
        links: span
            .links
            .links
            .iter()
            .map(|l| convert::trace_context_back(&l.span_context, None))
            .collect(),
        status: convert::status_back(&span.status),
    }
}
