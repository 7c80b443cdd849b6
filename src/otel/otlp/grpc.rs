//! The `grpc` transport: opentelemetry-otlp's tonic exporter, which needs a
//! Tokio runtime. The batch processor's thread is not one, so the exporter
//! owns a small runtime of its own (one worker thread, named
//! `telemetry-otlp`) and runs each export request on it, whatever runtime
//! the application uses, if any.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use opentelemetry_otlp::{Protocol, WithExportConfig, WithTonicConfig};
use opentelemetry_sdk::error::{OTelSdkError, OTelSdkResult};
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use opentelemetry_sdk::Resource;
use tonic::metadata::{AsciiMetadataKey, AsciiMetadataValue};

use super::Plan;

/// Sets our metadata on every request, after (so over) any the exporter
/// took from the process environment.
#[derive(Clone)]
struct MetadataSetter(Arc<Vec<(AsciiMetadataKey, AsciiMetadataValue)>>);

impl tonic::service::Interceptor for MetadataSetter {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        for (key, value) in self.0.iter() {
            request.metadata_mut().insert(key.clone(), value.clone());
        }
        Ok(request)
    }
}

/// An exporter of opentelemetry-otlp's tonic transport (spans, or log
/// records) and the runtime it runs on.
#[derive(Debug)]
pub(super) struct GrpcExporter<E> {
    pub(super) inner: E,
    runtime: Option<tokio::runtime::Runtime>,
}

/// Builds a tonic exporter from `builder`
/// (`SpanExporter::builder().with_tonic()`, or the log records' one) set
/// up as `plan` says, with the runtime it will run on.
pub(super) fn exporter_with<B, E>(
    plan: &Plan,
    builder: B,
    build: impl FnOnce(B) -> Result<E, String>,
) -> Result<GrpcExporter<E>, String>
where
    B: WithExportConfig + WithTonicConfig,
{
    let mut metadata = Vec::new();
    for (name, value) in &plan.headers {
        let key = AsciiMetadataKey::from_bytes(name.to_ascii_lowercase().as_bytes())
            .map_err(|e| format!("metadata key {name:?}: {e}"))?;
        let value = AsciiMetadataValue::try_from(value.as_str())
            .map_err(|e| format!("value of metadata {name:?}: {e}"))?;
        metadata.push((key, value));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("telemetry-otlp")
        .enable_all()
        .build()
        .map_err(|e| format!("no runtime for gRPC export: {e}"))?;
    let mut builder = builder
        .with_protocol(Protocol::Grpc)
        .with_endpoint(plan.endpoint.clone())
        .with_timeout(plan.timeout.unwrap_or(super::NO_LIMIT))
        .with_interceptor(MetadataSetter(Arc::new(metadata)));
    if plan.gzip {
        builder = builder.with_compression(opentelemetry_otlp::Compression::Gzip);
    }
    builder = plan.tls.grpc(builder);
    // The channel spawns its connection task on the current runtime.
    let inner = {
        let _entered = runtime.enter();
        build(builder)?
    };
    Ok(GrpcExporter {
        inner,
        runtime: Some(runtime),
    })
}

pub(super) fn exporter(
    plan: &Plan,
) -> Result<GrpcExporter<opentelemetry_otlp::SpanExporter>, String> {
    let builder = opentelemetry_otlp::SpanExporter::builder().with_tonic();
    exporter_with(plan, builder, |b| b.build().map_err(|e| e.to_string()))
}

impl<E> GrpcExporter<E> {
    /// Runs one request of the inner exporter to its end (or its timeout)
    /// on our runtime: called on the batch processor's thread, outside any
    /// runtime.
    pub(super) fn block_on(&self, request: impl Future<Output = OTelSdkResult>) -> OTelSdkResult {
        match &self.runtime {
            Some(runtime) => runtime.block_on(request),
            None => Err(OTelSdkError::AlreadyShutdown),
        }
    }

    /// Runs `work` on the inner exporter inside our runtime's context.
    pub(super) fn entered(&self, work: impl FnOnce(&E) -> OTelSdkResult) -> OTelSdkResult {
        match &self.runtime {
            Some(runtime) => {
                let _entered = runtime.enter();
                work(&self.inner)
            }
            None => Ok(()),
        }
    }
}

impl SpanExporter for GrpcExporter<opentelemetry_otlp::SpanExporter> {
    fn export(&self, batch: Vec<SpanData>) -> impl Future<Output = OTelSdkResult> + Send {
        std::future::ready(self.block_on(self.inner.export(batch)))
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.entered(|inner| inner.shutdown_with_timeout(timeout))
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

impl<E> Drop for GrpcExporter<E> {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Never waits: a request stuck on a stalled collector must not
            // hold the process.
            runtime.shutdown_background();
        }
    }
}
