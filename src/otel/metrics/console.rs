//! `OTEL_METRICS_EXPORTER=console`: at each export, one readable line per
//! data point on standard output, written whole.

use std::io::Write;
use std::time::Duration;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::ResourceMetrics;
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::{PeriodicReader, Temporality};

use super::capture::records;
use crate::testing::PointValue;
use crate::MetricsSettings;

/// The step adding a console reader, exporting every interval.
pub(super) fn reader(
    settings: &MetricsSettings,
) -> Box<
    dyn FnOnce(
            opentelemetry_sdk::metrics::MeterProviderBuilder,
        ) -> opentelemetry_sdk::metrics::MeterProviderBuilder
        + Send,
> {
    let interval = settings.get_export_interval();
    Box::new(move |builder| {
        let reader = PeriodicReader::builder(ConsoleExporter)
            .with_interval(interval)
            .build();
        builder.with_reader(reader)
    })
}

#[derive(Debug)]
struct ConsoleExporter;

impl PushMetricExporter for ConsoleExporter {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        let mut text = String::new();
        for metric in records(metrics) {
            for point in &metric.points {
                let attributes: Vec<String> = point
                    .attributes
                    .iter()
                    .map(|kv| format!("{}={}", kv.key.as_str(), kv.value))
                    .collect();
                let value = match &point.value {
                    PointValue::U64(v) => v.to_string(),
                    PointValue::I64(v) => v.to_string(),
                    PointValue::F64(v) => v.to_string(),
                    PointValue::Histogram { count, sum, .. } => format!("count={count} sum={sum}"),
                };
                text.push_str(&format!(
                    "metric {} {} scope={} unit={:?} {}\n",
                    metric.name,
                    value,
                    metric.scope,
                    metric.unit,
                    attributes.join(" ")
                ));
            }
        }
        let _ = std::io::stdout().lock().write_all(text.as_bytes());
        Ok(())
    }

    fn force_flush(&self) -> OTelSdkResult {
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        Ok(())
    }

    fn temporality(&self) -> Temporality {
        Temporality::Cumulative
    }
}
