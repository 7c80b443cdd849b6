//! `testing::capture` for metrics: a periodic reader that exports only when
//! asked (each `Capture::metrics` flushes the provider), into records of
//! the crate's own vocabulary.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::metrics::data::{AggregatedMetrics, MetricData, ResourceMetrics};
use opentelemetry_sdk::metrics::exporter::PushMetricExporter;
use opentelemetry_sdk::metrics::{PeriodicReader, Temporality};

use crate::otel::convert::key_value_back;
use crate::testing::{MetricKind, MetricRecord, PointRecord, PointValue};
use crate::Config;

/// The records of the last collection.
#[derive(Clone, Debug, Default)]
pub(crate) struct MetricCapture(Arc<Mutex<Vec<MetricRecord>>>);

impl MetricCapture {
    /// `config` with a reader exporting into this capture.
    pub(super) fn add_to(&self, mut config: Config) -> Config {
        let exporter = CaptureExporter(self.clone());
        config.metrics_payload.push(Box::new(move |builder| {
            // Collected when a test asks (a flush), not on a timer.
            let reader = PeriodicReader::builder(exporter)
                .with_interval(Duration::from_secs(24 * 3600))
                .build();
            builder.with_reader(reader)
        }));
        config
    }

    /// Collects now and returns what the collection saw.
    pub(super) fn collect(&self) -> Vec<MetricRecord> {
        super::provider::flush();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[derive(Debug)]
struct CaptureExporter(MetricCapture);

impl PushMetricExporter for CaptureExporter {
    async fn export(&self, metrics: &ResourceMetrics) -> OTelSdkResult {
        let records = records(metrics);
        *self.0 .0.lock().unwrap_or_else(PoisonError::into_inner) = records;
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

/// Every metric of a collection as our records.
pub(super) fn records(metrics: &ResourceMetrics) -> Vec<MetricRecord> {
    let mut out = Vec::new();
    for scope in metrics.scope_metrics() {
        for metric in scope.metrics() {
            let (kind, points) = match metric.data() {
                AggregatedMetrics::U64(data) => points(data, PointValue::U64),
                AggregatedMetrics::I64(data) => points(data, PointValue::I64),
                AggregatedMetrics::F64(data) => points(data, PointValue::F64),
            };
            out.push(MetricRecord {
                name: metric.name().to_owned(),
                description: metric.description().to_owned(),
                unit: metric.unit().to_owned(),
                scope: scope.scope().name().to_owned(),
                kind,
                points,
            });
        }
    }
    out
}

/// A number the histogram fields take as `f64`.
trait AsF64: Copy {
    fn as_f64(self) -> f64;
}

impl AsF64 for u64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl AsF64 for i64 {
    fn as_f64(self) -> f64 {
        self as f64
    }
}

impl AsF64 for f64 {
    fn as_f64(self) -> f64 {
        self
    }
}

fn points<T: AsF64>(
    data: &MetricData<T>,
    value: impl Fn(T) -> PointValue,
) -> (MetricKind, Vec<PointRecord>) {
    let attributes =
        |it: &mut dyn Iterator<Item = &opentelemetry::KeyValue>| it.map(key_value_back).collect();
    match data {
        MetricData::Sum(sum) => (
            MetricKind::Sum {
                monotonic: sum.is_monotonic(),
            },
            sum.data_points()
                .map(|p| PointRecord {
                    attributes: attributes(&mut p.attributes()),
                    value: value(p.value()),
                })
                .collect(),
        ),
        MetricData::Gauge(gauge) => (
            MetricKind::Gauge,
            gauge
                .data_points()
                .map(|p| PointRecord {
                    attributes: attributes(&mut p.attributes()),
                    value: value(p.value()),
                })
                .collect(),
        ),
        MetricData::Histogram(histogram) => (
            MetricKind::Histogram,
            histogram
                .data_points()
                .map(|p| PointRecord {
                    attributes: attributes(&mut p.attributes()),
                    value: PointValue::Histogram {
                        count: p.count(),
                        sum: p.sum().as_f64(),
                        min: p.min().map(AsF64::as_f64),
                        max: p.max().map(AsF64::as_f64),
                        bounds: p.bounds().collect(),
                        bucket_counts: p.bucket_counts().collect(),
                    },
                })
                .collect(),
        ),
        // Never configured by this crate.
        MetricData::ExponentialHistogram(_) => (MetricKind::Histogram, Vec::new()),
    }
}
