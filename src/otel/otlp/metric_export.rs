//! Metrics over OTLP (`metrics` with `otlp`): a periodic reader (its own
//! thread, collecting every `OTEL_METRIC_EXPORT_INTERVAL`) over
//! opentelemetry-otlp's metric exporter, on the same transports, settings
//! code and TLS as spans and log records.

use std::time::Duration;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::ResourceMetrics;
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::{MeterProviderBuilder, PeriodicReader};

use super::grpc::{self, GrpcExporter};
use super::{http, LossCount, Plan};
use crate::{BatchSettings, Config, OtlpProtocol, Temporality};

/// The step that adds an OTLP reader to the meter provider.
pub(crate) type AddReader = Box<dyn FnOnce(MeterProviderBuilder) -> MeterProviderBuilder + Send>;

/// The OTLP reader `config` asks for, or why there cannot be one.
pub(crate) fn metric_reader(config: &Config) -> Result<AddReader, String> {
    let settings = config.get_otlp_metrics();
    let metrics = config.get_metrics();
    let batch = BatchSettings {
        export_timeout: Some(metrics.get_export_timeout()),
        ..BatchSettings::default()
    };
    let plan = Plan::new(&settings, settings.metrics_endpoint(), batch)?;
    let temporality = match metrics.get_temporality() {
        Temporality::Delta => opentelemetry_sdk::metrics::Temporality::Delta,
        Temporality::LowMemory => opentelemetry_sdk::metrics::Temporality::LowMemory,
        _ => opentelemetry_sdk::metrics::Temporality::Cumulative,
    };
    let interval = metrics.get_export_interval();
    let add: AddReader = match settings.get_protocol() {
        OtlpProtocol::Grpc => {
            let builder = opentelemetry_otlp::MetricExporter::builder()
                .with_tonic()
                .with_temporality(temporality);
            let exporter =
                grpc::exporter_with(&plan, builder, |b| b.build().map_err(|e| e.to_string()))?;
            periodic(exporter, interval)
        }
        OtlpProtocol::HttpProtobuf => {
            // Failures are not counted for metrics: the next export carries
            // the cumulative totals again.
            let loss = std::sync::Arc::new(LossCount::default());
            let builder = opentelemetry_otlp::MetricExporter::builder()
                .with_http()
                .with_temporality(temporality);
            let exporter = http::configure(builder, &plan, http::client(&plan, &loss)?)
                .build()
                .map_err(|e| e.to_string())?;
            periodic(exporter, interval)
        }
    };
    Ok(add)
}

fn periodic<E: PushMetricExporter>(exporter: E, interval: Duration) -> AddReader {
    Box::new(move |builder| {
        let reader = PeriodicReader::builder(exporter)
            .with_interval(interval)
            .build();
        builder.with_reader(reader)
    })
}

impl PushMetricExporter for GrpcExporter<opentelemetry_otlp::MetricExporter> {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        self.block_on(self.inner.export(metrics))
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.entered(|inner| inner.shutdown_with_timeout(timeout))
    }

    fn temporality(&self) -> opentelemetry_sdk::metrics::Temporality {
        self.inner.temporality()
    }
}
