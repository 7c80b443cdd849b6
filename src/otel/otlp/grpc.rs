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

/// The tonic exporter and the runtime it runs on.
#[derive(Debug)]
pub(super) struct GrpcExporter {
    inner: opentelemetry_otlp::SpanExporter,
    runtime: Option<tokio::runtime::Runtime>,
}

pub(super) fn exporter(plan: &Plan) -> Result<GrpcExporter, String> {
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
    let mut builder = opentelemetry_otlp::SpanExporter::builder()
        .with_tonic()
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
        builder.build().map_err(|e| e.to_string())?
    };
    Ok(GrpcExporter {
        inner,
        runtime: Some(runtime),
    })
}

impl SpanExporter for GrpcExporter {
    fn export(&self, batch: Vec<SpanData>) -> impl Future<Output = OTelSdkResult> + Send {
        // Called on the batch processor's thread, outside any runtime: the
        // request runs to its end (or its timeout) on ours.
        let result = match &self.runtime {
            Some(runtime) => runtime.block_on(self.inner.export(batch)),
            None => Err(OTelSdkError::AlreadyShutdown),
        };
        std::future::ready(result)
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        match &self.runtime {
            Some(runtime) => {
                let _entered = runtime.enter();
                self.inner.shutdown_with_timeout(timeout)
            }
            None => Ok(()),
        }
    }

    fn set_resource(&mut self, resource: &Resource) {
        self.inner.set_resource(resource);
    }
}

impl Drop for GrpcExporter {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Never waits: a request stuck on a stalled collector must not
            // hold the process.
            runtime.shutdown_background();
        }
    }
}
