//! Log records over OTLP: the SDK's logger provider with a batch log
//! record processor (its own thread: emitting a record only queues it, and
//! a record emitted while the queue is full is dropped and counted), sent by
//! opentelemetry-otlp's log exporter over the same transports, settings
//! code and TLS as spans, with the same resource.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use opentelemetry::InstrumentationScope;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::logs::{
    BatchConfigBuilder, BatchLogProcessor, LogBatch, LogExporter, LogProcessor, SdkLogRecord,
    SdkLoggerProvider,
};
use opentelemetry_sdk::Resource;

use super::grpc::{self, GrpcExporter};
use super::{http, LossCount, Plan};
use crate::{BatchSettings, Config, LogLoss, OtlpProtocol};

/// The log export path: the provider records are emitted to, and what it
/// lost.
#[derive(Debug)]
pub(crate) struct LogExportPath {
    pub(crate) provider: SdkLoggerProvider,
    loss: Arc<LossCount>,
}

impl LogExportPath {
    /// What the path lost so far (read after shutdown).
    pub(crate) fn log_loss(&self) -> LogLoss {
        let (dropped, failed, pending, last_error) = self.loss.lost();
        LogLoss {
            dropped,
            failed,
            pending,
            last_error,
        }
    }
}

/// Builds the path as `config` says (`get_otlp_logs`, `get_log_batch`); an
/// `Err` explains why records cannot be exported.
pub(crate) fn build(config: &Config) -> Result<LogExportPath, String> {
    let settings = config.get_otlp_logs();
    let batch = config.get_log_batch();
    let plan = Plan::new(&settings, settings.logs_endpoint(), batch)?;
    let loss = Arc::new(LossCount::default());
    let processor = match settings.get_protocol() {
        OtlpProtocol::Grpc => {
            let builder = opentelemetry_otlp::LogExporter::builder().with_tonic();
            let exporter =
                grpc::exporter_with(&plan, builder, |b| b.build().map_err(|e| e.to_string()))?;
            counted(exporter, batch, &loss)
        }
        OtlpProtocol::HttpProtobuf => {
            let builder = opentelemetry_otlp::LogExporter::builder().with_http();
            let exporter = http::configure(builder, &plan, http::client(&plan, &loss)?)
                .build()
                .map_err(|e| e.to_string())?;
            counted(exporter, batch, &loss)
        }
    };
    let provider = SdkLoggerProvider::builder()
        .with_resource(crate::otel::provider::resource(config))
        .with_log_processor(processor)
        .build();
    Ok(LogExportPath { provider, loss })
}

fn counted<E: LogExporter + 'static>(
    exporter: E,
    batch: BatchSettings,
    loss: &Arc<LossCount>,
) -> CountingProcessor {
    // Every value explicit: the SDK would read OTEL_BLRP_* itself, and this
    // crate has read them already, by the specification's rules.
    let config = BatchConfigBuilder::default()
        .with_max_queue_size(batch.max_queue_size)
        .with_max_export_batch_size(batch.max_export_batch_size)
        .with_scheduled_delay(batch.schedule_delay)
        .build();
    let exporter = CountingExporter {
        inner: exporter,
        loss: Arc::clone(loss),
    };
    CountingProcessor {
        inner: BatchLogProcessor::builder(exporter)
            .with_batch_config(config)
            .build(),
        loss: Arc::clone(loss),
    }
}

/// Counts records as they are emitted, then queues them.
#[derive(Debug)]
struct CountingProcessor {
    inner: BatchLogProcessor,
    loss: Arc<LossCount>,
}

impl LogProcessor for CountingProcessor {
    fn emit(&self, record: &mut SdkLogRecord, scope: &InstrumentationScope) {
        self.loss.note_ended();
        self.inner.emit(record, scope);
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

/// Counts the records of each export request and its outcome.
#[derive(Debug)]
struct CountingExporter<E> {
    inner: E,
    loss: Arc<LossCount>,
}

impl<E: LogExporter> LogExporter for CountingExporter<E> {
    fn export(&self, batch: LogBatch<'_>) -> impl Future<Output = OTelSdkResult> + Send {
        let n = batch.iter().count() as u64;
        self.loss.count_request(n, self.inner.export(batch))
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.inner.shutdown_with_timeout(timeout)
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

impl LogExporter for GrpcExporter<opentelemetry_otlp::LogExporter> {
    fn export(&self, batch: LogBatch<'_>) -> impl Future<Output = OTelSdkResult> + Send {
        std::future::ready(self.block_on(self.inner.export(batch)))
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.entered(|inner| inner.shutdown_with_timeout(timeout))
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}
