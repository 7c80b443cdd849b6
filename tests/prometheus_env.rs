//! `OTEL_METRICS_EXPORTER=prometheus`, in every build (no `cfg`): with the
//! `prometheus` feature `prometheus_text()` renders the metrics until the
//! guard shuts telemetry down, and is empty after; in a metrics build
//! without the feature `init` warns once on stderr and the text stays
//! empty; without metrics nothing is said. `init` prints to the process's
//! stderr, so `init` runs in a child process (this binary, the ignored
//! test below).

use std::process::Command;

use telemetry_facade::{get_telemetry, init, prometheus_text, Config, BUILD};

const WARNING: &str = "telemetry-facade: warning: metrics are not kept for Prometheus: the `prometheus` feature of telemetry-facade is off";

#[test]
fn the_environment_turns_the_prometheus_text_on() {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .args(["--ignored", "--exact", "child_init_from_env", "--nocapture"])
        .output()
        .expect("child test runs");
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let found = stderr.lines().filter(|l| *l == WARNING).count();
    let expected = usize::from(BUILD.metrics && !BUILD.prometheus);
    assert_eq!(found, expected, "stderr of the child:\n{stderr}");
}

/// Run by the test above, in its own process.
#[test]
#[ignore = "run in a child process by the_environment_turns_the_prometheus_text_on"]
fn child_init_from_env() {
    let guard = init(Config::from_vars([
        ("OTEL_METRICS_EXPORTER", "prometheus"),
        ("OTEL_SERVICE_NAME", "from-env"),
    ]))
    .expect("first init");
    let hits = get_telemetry("env_test")
        .meter()
        .u64_counter("env.hits")
        .build();
    hits.add(2, &[]);
    let text = prometheus_text();
    assert_eq!(!text.is_empty(), BUILD.prometheus, "{text}");
    if BUILD.prometheus {
        assert!(
            text.as_str()
                .contains(r#"env_hits_total{otel_scope_name="env_test"} 2"#),
            "{text}"
        );
        assert!(
            text.as_str().contains(r#"service_name="from-env""#),
            "{text}"
        );
    }
    drop(guard);
    assert!(prometheus_text().is_empty(), "nothing after shutdown");
}
