//! Counting what the batch export path loses: a span processor wrapper
//! counts the sampled spans that end, an exporter wrapper counts the spans
//! handed to the transport and the outcome of each request. The difference
//! is what the queue dropped; the guard reports it once, at shutdown.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use opentelemetry::Context;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanExporter, SpanProcessor};
use opentelemetry_sdk::Resource;

use crate::SpanLoss;

/// The counters of one export path.
#[derive(Debug, Default)]
pub(crate) struct LossCount {
    ended: AtomicU64,
    handed: AtomicU64,
    exported: AtomicU64,
    failed: AtomicU64,
    last_error: Mutex<Option<String>>,
    /// What the transport said of the last failure, when the exporter's
    /// own error leaves it out (the HTTP exporter reports "network error").
    cause: Mutex<Option<String>>,
}

impl LossCount {
    /// Keeps the transport's account of a failed request.
    pub(crate) fn note_cause(&self, cause: String) {
        if let Ok(mut slot) = self.cause.lock() {
            *slot = Some(cause);
        }
    }

    /// What was lost so far (read after shutdown).
    pub(crate) fn span_loss(&self) -> SpanLoss {
        let (dropped, failed, pending, last_error) = self.lost();
        SpanLoss {
            dropped,
            failed,
            pending,
            last_error,
        }
    }

    /// `(dropped, failed, pending, last error)` so far.
    pub(super) fn lost(&self) -> (u64, u64, u64, Option<String>) {
        let ended = self.ended.load(Ordering::Acquire);
        let handed = self.handed.load(Ordering::Acquire);
        let exported = self.exported.load(Ordering::Acquire);
        let failed = self.failed.load(Ordering::Acquire);
        (
            ended.saturating_sub(handed),
            failed,
            handed.saturating_sub(exported + failed),
            self.last_error.lock().ok().and_then(|e| e.clone()),
        )
    }

    /// One more item (span or record) ended and was queued for export.
    pub(super) fn note_ended(&self) {
        self.ended.fetch_add(1, Ordering::AcqRel);
    }

    /// Counts the `n` items of one export request, and its outcome.
    pub(super) fn count_request(
        self: &Arc<Self>,
        n: u64,
        request: impl Future<Output = OTelSdkResult> + Send,
    ) -> impl Future<Output = OTelSdkResult> + Send {
        self.handed.fetch_add(n, Ordering::AcqRel);
        let loss = Arc::clone(self);
        async move {
            let result = request.await;
            match &result {
                Ok(()) => {
                    loss.exported.fetch_add(n, Ordering::AcqRel);
                }
                Err(e) => {
                    loss.failed.fetch_add(n, Ordering::AcqRel);
                    let cause = loss.cause.lock().ok().and_then(|mut c| c.take());
                    let message = match cause {
                        Some(cause) => format!("{e} ({cause})"),
                        None => e.to_string(),
                    };
                    if let Ok(mut last) = loss.last_error.lock() {
                        *last = Some(message);
                    }
                }
            }
            result
        }
    }
}

/// Counts sampled spans as they end, then hands them to the batch
/// processor (which, unlike the simple one, does not skip unsampled ones).
#[derive(Debug)]
pub(crate) struct CountingProcessor<P> {
    pub(crate) inner: P,
    pub(crate) loss: Arc<LossCount>,
}

impl<P: SpanProcessor> SpanProcessor for CountingProcessor<P> {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        self.inner.on_start(span, cx);
    }

    fn on_end(&self, span: SpanData) {
        if !span.span_context.is_sampled() {
            return;
        }
        self.loss.note_ended();
        self.inner.on_end(span);
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

/// Counts the spans of each export request and its outcome.
#[derive(Debug)]
pub(crate) struct CountingExporter<E> {
    pub(crate) inner: E,
    pub(crate) loss: Arc<LossCount>,
}

impl<E: SpanExporter> SpanExporter for CountingExporter<E> {
    fn export(&self, batch: Vec<SpanData>) -> impl Future<Output = OTelSdkResult> + Send {
        let n = batch.len() as u64;
        self.loss.count_request(n, self.inner.export(batch))
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.inner.force_flush()
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}
