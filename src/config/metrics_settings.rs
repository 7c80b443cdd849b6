//! [`MetricsSettings`] and the `Config` methods for metrics: where metrics
//! go and how they are collected (`OTEL_METRICS_EXPORTER`, `OTEL_METRIC_EXPORT_*`,
//! `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`,
//! `OTEL_METRICS_EXEMPLAR_FILTER`). Plain data, the same in every build;
//! only a build with the `metrics` feature records anything.

use std::time::Duration;

use super::{Config, OtlpSettings};

/// How sums and histograms are reported over OTLP
/// (`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Temporality {
    /// Totals since the start (the default; what Prometheus expects).
    #[default]
    Cumulative,
    /// Counters, histograms and observable counters as the change since
    /// the last export; up-down counters cumulative.
    Delta,
    /// Synchronous counters and histograms as deltas, the rest cumulative.
    LowMemory,
}

/// Which measurements may carry exemplars (`OTEL_METRICS_EXEMPLAR_FILTER`).
///
/// Read and kept as the specification asks, but `opentelemetry_sdk` 0.33
/// records no exemplar at all (its aggregations always export an empty
/// list), so no choice has an effect yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExemplarFilter {
    /// Measurements made inside a sampled span (the default).
    #[default]
    TraceBased,
    /// Every measurement.
    AlwaysOn,
    /// None.
    AlwaysOff,
}

/// Where metrics go and how they are collected; see
/// [`Config::metrics`](crate::Config::metrics).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::{Config, MetricsSettings, Temporality};
///
/// let settings = MetricsSettings::new()
///     .otlp(true)
///     .export_interval(Duration::from_secs(10))
///     .temporality(Temporality::Delta)
///     .cardinality_limit(500);
/// let config = Config::new().metrics(settings.clone());
/// assert_eq!(config.get_metrics(), &settings);
/// assert!(config.get_metrics().get_otlp());
///
/// let from_env = Config::from_vars([
///     ("OTEL_METRICS_EXPORTER", "otlp,prometheus"),
///     ("OTEL_METRIC_EXPORT_INTERVAL", "5000"),
/// ]);
/// assert!(from_env.get_metrics().get_otlp() && from_env.get_metrics().get_prometheus());
/// assert_eq!(from_env.get_metrics().get_export_interval(), Duration::from_secs(5));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MetricsSettings {
    otlp: bool,
    console: bool,
    prometheus: bool,
    interval: Duration,
    timeout: Duration,
    temporality: Temporality,
    exemplar_filter: ExemplarFilter,
    cardinality_limit: usize,
}

impl Default for MetricsSettings {
    fn default() -> MetricsSettings {
        MetricsSettings::new()
    }
}

/// The SDK's default: attribute sets per instrument, past which
/// measurements go to one overflow point (`otel.metric.overflow=true`).
pub(crate) const DEFAULT_CARDINALITY_LIMIT: usize = 2000;

impl MetricsSettings {
    /// The defaults: no exporter (instruments record, and
    /// [`testing::capture`](crate#features) sees them, but nothing is
    /// sent), an export every 60 s with a 30 s timeout, cumulative
    /// temporality, trace-based exemplars, 2000 attribute sets per
    /// instrument.
    pub fn new() -> MetricsSettings {
        MetricsSettings {
            otlp: false,
            console: false,
            prometheus: false,
            interval: Duration::from_secs(60),
            timeout: Duration::from_secs(30),
            temporality: Temporality::Cumulative,
            exemplar_filter: ExemplarFilter::TraceBased,
            cardinality_limit: DEFAULT_CARDINALITY_LIMIT,
        }
    }

    /// Sends metrics over OTLP every [`export_interval`](Self::export_interval)
    /// (needs the `otlp` feature), as the OTLP settings for metrics say
    /// ([`Config::otlp_metrics`](crate::Config::otlp_metrics)).
    pub fn otlp(mut self, on: bool) -> Self {
        self.otlp = on;
        self
    }

    /// Prints every data point on standard output at each export.
    pub fn console(mut self, on: bool) -> Self {
        self.console = on;
        self
    }

    /// Keeps the metrics readable in the Prometheus text format
    /// ([`prometheus_text`](crate::prometheus_text)).
    pub fn prometheus(mut self, on: bool) -> Self {
        self.prometheus = on;
        self
    }

    /// The time between two exports (`OTEL_METRIC_EXPORT_INTERVAL`,
    /// default 60 s; at least 1 ms).
    pub fn export_interval(mut self, interval: Duration) -> Self {
        self.interval = interval.clamp(Duration::from_millis(1), super::MAX_DURATION);
        self
    }

    /// How long one export may take (`OTEL_METRIC_EXPORT_TIMEOUT`, default
    /// 30 s).
    pub fn export_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.clamp(Duration::from_millis(1), super::MAX_DURATION);
        self
    }

    /// Cumulative, delta or low-memory sums and histograms over OTLP.
    pub fn temporality(mut self, temporality: Temporality) -> Self {
        self.temporality = temporality;
        self
    }

    /// Which measurements may carry exemplars (see [`ExemplarFilter`]:
    /// no effect with `opentelemetry_sdk` 0.33).
    pub fn exemplar_filter(mut self, filter: ExemplarFilter) -> Self {
        self.exemplar_filter = filter;
        self
    }

    /// Attribute sets kept per instrument (at least 1; default 2000):
    /// measurements of further sets are added to one overflow point with
    /// the attribute `otel.metric.overflow=true`, so memory stays bounded
    /// whatever attributes are recorded.
    pub fn cardinality_limit(mut self, limit: usize) -> Self {
        self.cardinality_limit = limit.clamp(1, 1_000_000);
        self
    }

    /// Whether metrics are sent over OTLP.
    pub fn get_otlp(&self) -> bool {
        self.otlp
    }

    /// Whether data points are printed on standard output.
    pub fn get_console(&self) -> bool {
        self.console
    }

    /// Whether the Prometheus text format is kept readable.
    pub fn get_prometheus(&self) -> bool {
        self.prometheus
    }

    /// The time between two exports.
    pub fn get_export_interval(&self) -> Duration {
        self.interval
    }

    /// How long one export may take.
    pub fn get_export_timeout(&self) -> Duration {
        self.timeout
    }

    /// The temporality over OTLP.
    pub fn get_temporality(&self) -> Temporality {
        self.temporality
    }

    /// The exemplar filter.
    pub fn get_exemplar_filter(&self) -> ExemplarFilter {
        self.exemplar_filter
    }

    /// Attribute sets kept per instrument.
    pub fn get_cardinality_limit(&self) -> usize {
        self.cardinality_limit
    }
}

impl Config {
    /// Where metrics go and how they are collected; see
    /// [`MetricsSettings`](MetricsSettings).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, MetricsSettings};
    ///
    /// let config = Config::new().metrics(MetricsSettings::new().prometheus(true));
    /// assert!(config.get_metrics().get_prometheus());
    /// ```
    pub fn metrics(mut self, settings: MetricsSettings) -> Config {
        self.metrics = settings;
        self
    }

    /// Where metrics go and how they are collected.
    pub fn get_metrics(&self) -> &MetricsSettings {
        &self.metrics
    }

    /// Sets where and how metrics are sent over OTLP, when they differ from
    /// the spans' settings ([`otlp`](Config::otlp)); the environment's
    /// `OTEL_EXPORTER_OTLP_METRICS_*` variables set these.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, OtlpSettings};
    ///
    /// let config = Config::new().otlp_metrics(OtlpSettings::new().base_endpoint("http://metrics:4318"));
    /// assert_eq!(config.get_otlp_metrics().metrics_endpoint(), "http://metrics:4318/v1/metrics");
    /// ```
    pub fn otlp_metrics(mut self, settings: OtlpSettings) -> Config {
        self.otlp_metrics = Some(settings);
        self
    }

    /// The OTLP settings metrics use: those given by
    /// [`otlp_metrics`](Config::otlp_metrics) (or
    /// `OTEL_EXPORTER_OTLP_METRICS_*`), else those of spans without a
    /// spans-only URL.
    pub fn get_otlp_metrics(&self) -> OtlpSettings {
        match &self.otlp_metrics {
            Some(settings) => settings.clone(),
            None => self.otlp.for_another_signal(),
        }
    }
}
