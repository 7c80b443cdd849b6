//! Case `metrics-crate` (issue 14): the `metrics` crate facade with
//! `metrics-exporter-prometheus`'s recorder installed
//! (`PrometheusBuilder::new().install_recorder()`: no HTTP listener, no
//! upkeep thread), the histogram's buckets set to the SDK's default
//! boundaries; per unit `counter!(..).increment(1)` and
//! `histogram!(..).record(v)` with the same 2 labels. No target: the ratio
//! to `metrics-on` is reported. At exit the rendered Prometheus text must
//! hold one count and one histogram value per unit run.

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use telemetry_facade_bench::{bench_case, check_metric_totals, metrics_crate_unit, BOUNDARIES};

/// The value of the first sample line of `metric` (its name followed by
/// `{`) in the rendered text.
fn sample(text: &str, metric: &str) -> u64 {
    text.lines()
        .find(|l| l.starts_with(metric) && l[metric.len()..].starts_with('{'))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

bench_case!(
    "metrics-crate",
    state = || {
        PrometheusBuilder::new()
            .set_buckets(&BOUNDARIES)
            .expect("valid buckets")
            .install_recorder()
            .expect("the only recorder")
    },
    teardown = |handle: &PrometheusHandle| {
        let text = handle.render();
        if std::env::var_os("BENCH_SHOW").is_some() {
            eprintln!("{text}");
        }
        check_metric_totals(
            "metrics-crate",
            sample(&text, "bench_requests"),
            sample(&text, "bench_duration_count"),
            1,
        );
    },
    |_h: &PrometheusHandle, i| metrics_crate_unit(i)
);
