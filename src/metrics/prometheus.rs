//! [`prometheus_text`]: the current metrics in the Prometheus text
//! exposition format, for an application's `/metrics` endpoint.

use std::fmt;

use crate::backend::metrics::{MeterBackend, SelectedMeter};

/// The current metrics in the Prometheus text exposition format (version
/// 0.0.4), collected on the spot: what a `/metrics` endpoint answers to a
/// scrape, with [`PrometheusText::content_type`] as its `Content-Type`.
///
/// Metrics are named by the OpenTelemetry-to-Prometheus rules:
/// characters other than `[a-zA-Z0-9_:]` become `_`, the unit becomes a
/// suffix (`s` → `_seconds`, `By` → `_bytes`, `ms` → `_milliseconds`,
/// units in braces such as `{request}` are dropped), counters end in
/// `_total`, up-down counters are gauges, histograms give `_bucket`,
/// `_sum` and `_count`; each point carries the instrumentation scope as
/// `otel_scope_name`, and `target_info` carries the resource
/// (`service_name`, `OTEL_RESOURCE_ATTRIBUTES`). Observable instruments'
/// callbacks run during the call.
///
/// The body is empty — never an error, never a panic — in a build without
/// the `prometheus` feature, before [`init`](crate::init), after the
/// guard has shut telemetry down, with `OTEL_SDK_DISABLED=true`, when
/// [`MetricsSettings::prometheus`](crate::MetricsSettings::prometheus) was
/// not turned on (nor `OTEL_METRICS_EXPORTER=prometheus`), and when called
/// from inside an observable instrument's callback. An empty body is a
/// valid exposition with no metric in it.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, init, prometheus_text, Config, KeyValue, MetricsSettings, BUILD};
///
/// # fn main() -> Result<(), telemetry_facade::InitError> {
/// // Before `init`: nothing to expose.
/// assert!(prometheus_text().is_empty());
///
/// let _guard = init(
///     Config::new()
///         .service_name("shop")
///         .metrics(MetricsSettings::new().prometheus(true)),
/// )?;
/// let meter = get_telemetry("shop::orders").meter().clone();
/// let orders = meter.u64_counter("shop.orders").unit("{order}").build();
/// orders.add(3, &[KeyValue::new("region", "eu")]);
/// let latency = meter.f64_histogram("shop.latency").unit("s").build();
/// latency.record(0.25, &[]);
///
/// let text = prometheus_text();
/// assert_eq!(text.content_type(), "text/plain; version=0.0.4; charset=utf-8");
/// if BUILD.prometheus {
///     let body = text.as_str();
///     assert!(body.contains("# TYPE shop_orders_total counter"));
///     assert!(body.contains(r#"shop_orders_total{region="eu",otel_scope_name="shop::orders"} 3"#));
///     assert!(body.contains("shop_latency_seconds_count{"));
///     assert!(body.contains(r#"target_info{service_name="shop""#));
/// } else {
///     assert!(text.is_empty());
/// }
/// # Ok(())
/// # }
/// ```
pub fn prometheus_text() -> PrometheusText {
    PrometheusText {
        body: <SelectedMeter as MeterBackend>::prometheus_text().unwrap_or_default(),
    }
}

/// A rendering of the metrics in the Prometheus text format: the body of a
/// `/metrics` response and its content type. Made by [`prometheus_text`].
///
/// # Examples
///
/// ```
/// use telemetry_facade::{prometheus_text, PrometheusText};
///
/// // What a `/metrics` handler answers, whatever the build.
/// fn respond() -> (&'static str, String) {
///     let text = prometheus_text();
///     (text.content_type(), text.into_string())
/// }
/// let (content_type, body) = respond();
/// assert_eq!(content_type, PrometheusText::CONTENT_TYPE);
/// assert!(body.is_empty(), "nothing before `init`");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PrometheusText {
    body: String,
}

impl PrometheusText {
    /// The `Content-Type` of the text exposition format, version 0.0.4.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::PrometheusText;
    ///
    /// assert!(PrometheusText::CONTENT_TYPE.starts_with("text/plain; version=0.0.4"));
    /// ```
    pub const CONTENT_TYPE: &'static str = "text/plain; version=0.0.4; charset=utf-8";

    /// The `Content-Type` header to answer with:
    /// [`CONTENT_TYPE`](Self::CONTENT_TYPE).
    ///
    /// # Examples
    ///
    /// ```
    /// let text = telemetry_facade::prometheus_text();
    /// assert_eq!(text.content_type(), "text/plain; version=0.0.4; charset=utf-8");
    /// ```
    pub fn content_type(&self) -> &'static str {
        Self::CONTENT_TYPE
    }

    /// The body: `# HELP` / `# TYPE` lines and samples, one per line.
    ///
    /// # Examples
    ///
    /// ```
    /// let text = telemetry_facade::prometheus_text();
    /// assert!(text.as_str().lines().all(|line| !line.is_empty()));
    /// ```
    pub fn as_str(&self) -> &str {
        &self.body
    }

    /// The body, owned.
    ///
    /// # Examples
    ///
    /// ```
    /// let body: String = telemetry_facade::prometheus_text().into_string();
    /// assert!(body.is_empty(), "nothing before `init`");
    /// ```
    pub fn into_string(self) -> String {
        self.body
    }

    /// Whether there is no metric at all (see [`prometheus_text`] for when).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(telemetry_facade::prometheus_text().is_empty(), "nothing before `init`");
    /// ```
    pub fn is_empty(&self) -> bool {
        self.body.is_empty()
    }
}

impl fmt::Display for PrometheusText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.body)
    }
}

impl fmt::Debug for PrometheusText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrometheusText")
            .field("content_type", &Self::CONTENT_TYPE)
            .field("bytes", &self.body.len())
            .finish()
    }
}

impl AsRef<str> for PrometheusText {
    fn as_ref(&self) -> &str {
        &self.body
    }
}

impl From<PrometheusText> for String {
    fn from(text: PrometheusText) -> String {
        text.body
    }
}
