//! Where metrics go, from the environment: `OTEL_METRICS_EXPORTER`,
//! `OTEL_METRIC_EXPORT_INTERVAL`/`_TIMEOUT`,
//! `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`,
//! `OTEL_METRICS_EXEMPLAR_FILTER` and the `OTEL_EXPORTER_OTLP_METRICS_*`
//! layer, with one warning and the default for anything malformed. Pure
//! (`Config::from_vars`), the same in every build.

use std::time::Duration;

use telemetry_facade::{Config, ExemplarFilter, MetricsSettings, OtlpCompression, Temporality};

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_vars(vars.iter().copied())
}

fn warnings(c: &Config) -> Vec<&str> {
    c.warnings().iter().map(String::as_str).collect()
}

#[test]
fn defaults() {
    let c = config(&[]);
    assert_eq!(c.get_metrics(), &MetricsSettings::new());
    let m = c.get_metrics();
    assert!(!m.get_otlp() && !m.get_console() && !m.get_prometheus());
    assert_eq!(m.get_export_interval(), Duration::from_secs(60));
    assert_eq!(m.get_export_timeout(), Duration::from_secs(30));
    assert_eq!(m.get_temporality(), Temporality::Cumulative);
    assert_eq!(m.get_exemplar_filter(), ExemplarFilter::TraceBased);
    assert_eq!(m.get_cardinality_limit(), 2000);
    assert_eq!(
        c.get_otlp_metrics().metrics_endpoint(),
        "http://localhost:4318/v1/metrics"
    );
}

#[test]
fn exporters_are_a_list() {
    for (raw, otlp, console, prometheus) in [
        ("otlp", true, false, false),
        ("console", false, true, false),
        ("prometheus", false, false, true),
        (" OTLP , prometheus ", true, false, true),
        ("none", false, false, false),
    ] {
        let c = config(&[("OTEL_METRICS_EXPORTER", raw)]);
        let m = c.get_metrics();
        assert_eq!(
            (m.get_otlp(), m.get_console(), m.get_prometheus()),
            (otlp, console, prometheus),
            "{raw}"
        );
        assert!(c.warnings().is_empty(), "{raw}: {:?}", c.warnings());
    }
    let c = config(&[("OTEL_METRICS_EXPORTER", "otlp,statsd")]);
    assert!(c.get_metrics().get_otlp());
    assert_eq!(
        warnings(&c),
        ["OTEL_METRICS_EXPORTER=\"otlp,statsd\" names an unknown exporter \"statsd\"; using the other exporters listed"]
    );
}

#[test]
fn intervals_temporality_and_exemplars() {
    let c = config(&[
        ("OTEL_METRIC_EXPORT_INTERVAL", "5000"),
        ("OTEL_METRIC_EXPORT_TIMEOUT", "250"),
        ("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "Delta"),
        ("OTEL_METRICS_EXEMPLAR_FILTER", "always_off"),
    ]);
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    let m = c.get_metrics();
    assert_eq!(m.get_export_interval(), Duration::from_secs(5));
    assert_eq!(m.get_export_timeout(), Duration::from_millis(250));
    assert_eq!(m.get_temporality(), Temporality::Delta);
    assert_eq!(m.get_exemplar_filter(), ExemplarFilter::AlwaysOff);
    let c = config(&[(
        "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
        "lowmemory",
    )]);
    assert_eq!(c.get_metrics().get_temporality(), Temporality::LowMemory);
}

#[test]
fn bad_values_warn_and_keep_the_default() {
    let c = config(&[
        ("OTEL_METRIC_EXPORT_INTERVAL", "0"),
        ("OTEL_METRIC_EXPORT_TIMEOUT", "soon"),
        (
            "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
            "sometimes",
        ),
        ("OTEL_METRICS_EXEMPLAR_FILTER", "maybe"),
    ]);
    assert_eq!(c.get_metrics(), &MetricsSettings::new());
    assert_eq!(
        warnings(&c),
        [
            "OTEL_METRIC_EXPORT_INTERVAL=\"0\" is below 1; using 60000 ms",
            "OTEL_METRIC_EXPORT_TIMEOUT=\"soon\" is not a whole number; using 30000 ms",
            "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=\"sometimes\" is not cumulative, delta or lowmemory; using cumulative",
            "OTEL_METRICS_EXEMPLAR_FILTER=\"maybe\" is not trace_based, always_on or always_off; using trace_based",
        ]
    );
}

#[test]
fn otlp_settings_for_metrics_layer_over_the_generic_ones() {
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
        ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-traces=only"),
        ("OTEL_EXPORTER_OTLP_METRICS_COMPRESSION", "gzip"),
        ("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "x-metrics=yes"),
    ]);
    assert!(c.warnings().is_empty(), "{:?}", c.warnings());
    let metrics = c.get_otlp_metrics();
    assert_eq!(
        metrics.metrics_endpoint(),
        "http://collector:4318/v1/metrics"
    );
    assert_eq!(
        metrics.get_headers(),
        [("x-metrics".to_owned(), "yes".to_owned())]
    );
    assert_eq!(metrics.get_compression(), OtlpCompression::Gzip);
    assert_eq!(c.get_otlp().get_compression(), OtlpCompression::None);
    assert_eq!(c.get_otlp_logs().get_headers(), []);
    let c = config(&[(
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "http://m:9090/ingest",
    )]);
    assert_eq!(
        c.get_otlp_metrics().metrics_endpoint(),
        "http://m:9090/ingest"
    );
}
