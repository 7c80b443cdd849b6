//! Where log records go, from the environment: `OTEL_LOGS_EXPORTER`, the
//! `OTEL_EXPORTER_OTLP_LOGS_*` variables layered over the generic ones (and
//! never the `…_TRACES_…` ones), and `OTEL_BLRP_*`, with one warning and the
//! default for anything malformed. Pure (`Config::from_vars`), the same in
//! every build: only sending needs the `otlp` feature.

use std::time::Duration;

use telemetry_facade::{
    BatchSettings, Config, LogExport, OtlpCompression, OtlpProtocol, OtlpSettings,
};

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_vars(vars.iter().copied())
}

fn warnings(c: &Config) -> Vec<&str> {
    c.warnings().iter().map(String::as_str).collect()
}

#[test]
fn logs_exporter_names_a_set_of_destinations() {
    for (raw, export) in [
        ("console", LogExport::Output),
        ("otlp", LogExport::Otlp),
        ("OTLP , console", LogExport::OutputAndOtlp),
        ("console,otlp,otlp", LogExport::OutputAndOtlp),
        ("none", LogExport::None),
        ("none,otlp", LogExport::Otlp),
    ] {
        let c = config(&[("OTEL_LOGS_EXPORTER", raw)]);
        assert_eq!(c.get_log_export(), export, "{raw}");
        assert_eq!(warnings(&c), Vec::<&str>::new(), "{raw}");
    }
    assert_eq!(config(&[]).get_log_export(), LogExport::Output);
    // Unset and empty are the same.
    assert_eq!(
        config(&[("OTEL_LOGS_EXPORTER", " ")]).get_log_export(),
        LogExport::Output
    );
    let c = config(&[("OTEL_LOGS_EXPORTER", "otlp,zipkin")]);
    assert_eq!(c.get_log_export(), LogExport::Otlp);
    assert_eq!(
        warnings(&c),
        ["OTEL_LOGS_EXPORTER=\"otlp,zipkin\" names an unknown exporter \"zipkin\"; using the other exporters listed"]
    );
}

#[test]
fn generic_variables_apply_to_both_signals_and_per_signal_ones_to_their_own() {
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
        ("OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=acme"),
        ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-traces=only"),
        ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:4318/t"),
        ("OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "gzip"),
        ("OTEL_EXPORTER_OTLP_LOGS_TIMEOUT", "2500"),
    ]);
    assert_eq!(warnings(&c), Vec::<&str>::new());
    let traces = c.get_otlp();
    assert_eq!(traces.traces_endpoint(), "http://traces:4318/t");
    assert_eq!(
        traces.get_headers(),
        [("x-traces".to_owned(), "only".to_owned())]
    );
    assert_eq!(traces.get_compression(), OtlpCompression::None);
    let logs = c.get_otlp_logs();
    assert_eq!(logs.logs_endpoint(), "http://collector:4318/v1/logs");
    assert_eq!(
        logs.get_headers(),
        [("x-tenant".to_owned(), "acme".to_owned())]
    );
    assert_eq!(logs.get_compression(), OtlpCompression::Gzip);
    assert_eq!(logs.get_timeout(), Some(Duration::from_millis(2500)));
}

#[test]
fn a_logs_endpoint_is_used_as_given_and_a_bad_one_falls_back() {
    let c = config(&[
        (
            "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
            "http://logs:9999/ingest",
        ),
        ("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "grpc"),
    ]);
    assert_eq!(c.get_otlp_logs().logs_endpoint(), "http://logs:9999/ingest");
    assert_eq!(c.get_otlp_logs().get_protocol(), OtlpProtocol::Grpc);
    assert_eq!(c.get_otlp().get_protocol(), OtlpProtocol::HttpProtobuf);
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"),
        ("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "logs:4318"),
    ]);
    assert_eq!(c.get_otlp_logs().logs_endpoint(), "http://c:4318/v1/logs");
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=\"logs:4318\" has no http:// or https:// scheme; using the next setting or the default endpoint"]
    );
}

#[test]
fn a_bad_generic_value_is_warned_about_once() {
    let c = config(&[("OTEL_EXPORTER_OTLP_COMPRESSION", "brotli")]);
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_COMPRESSION=\"brotli\" is not gzip or none; using none"]
    );
    assert_eq!(c.get_otlp_logs().get_compression(), OtlpCompression::None);
    // Header values are never shown, for logs as for spans.
    let c = config(&[(
        "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
        "authorization=Bearer%ZZsecret",
    )]);
    assert_eq!(warnings(&c).len(), 1);
    assert!(!warnings(&c)[0].contains("secret"), "{:?}", warnings(&c));
}

#[test]
fn code_settings_and_environment_combine_in_call_order() {
    // Logs follow the spans' settings set in code...
    let c = Config::new().otlp(OtlpSettings::new().base_endpoint("http://code:4318"));
    assert_eq!(
        c.get_otlp_logs().logs_endpoint(),
        "http://code:4318/v1/logs"
    );
    // ...but not a URL given for spans alone.
    let c = Config::new().otlp(OtlpSettings::new().endpoint("http://code:4318/spans"));
    assert_eq!(
        c.get_otlp_logs().logs_endpoint(),
        "http://localhost:4318/v1/logs"
    );
    // `otlp` after the environment replaces both signals' settings...
    let c = config(&[("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://env:4318/l")])
        .otlp(OtlpSettings::new().base_endpoint("http://code:4318"));
    assert_eq!(
        c.get_otlp_logs().logs_endpoint(),
        "http://code:4318/v1/logs"
    );
    // ...and `otlp_logs` after it replaces the logs' alone.
    let c = c.otlp_logs(OtlpSettings::new().base_endpoint("http://logs:4318"));
    assert_eq!(
        c.get_otlp_logs().logs_endpoint(),
        "http://logs:4318/v1/logs"
    );
    assert_eq!(c.get_otlp().traces_endpoint(), "http://code:4318/v1/traces");
}

#[test]
fn batch_log_record_processor_variables() {
    let c = config(&[]);
    assert_eq!(c.get_log_batch(), BatchSettings::for_logs());
    assert_eq!(c.get_log_batch().schedule_delay, Duration::from_secs(1));
    let c = config(&[
        ("OTEL_BLRP_MAX_QUEUE_SIZE", "100"),
        ("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "10"),
        ("OTEL_BLRP_SCHEDULE_DELAY", "250"),
        ("OTEL_BLRP_EXPORT_TIMEOUT", "0"),
    ]);
    assert_eq!(warnings(&c), Vec::<&str>::new());
    let b = c.get_log_batch();
    assert_eq!(
        (
            b.max_queue_size,
            b.max_export_batch_size,
            b.schedule_delay,
            b.export_timeout
        ),
        (100, 10, Duration::from_millis(250), None)
    );
    // The spans' processor is not touched.
    assert_eq!(c.get_batch(), BatchSettings::default());
    let c = config(&[
        ("OTEL_BLRP_MAX_QUEUE_SIZE", "0"),
        ("OTEL_BLRP_SCHEDULE_DELAY", "soon"),
        ("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", "5000"),
    ]);
    assert_eq!(
        warnings(&c),
        [
            "OTEL_BLRP_MAX_QUEUE_SIZE=\"0\" is below 1; using 2048",
            "OTEL_BLRP_SCHEDULE_DELAY=\"soon\" is not a whole number; using 1000 ms",
            "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE=\"5000\" exceeds the queue size 2048; using 2048",
        ]
    );
    let b = c.get_log_batch();
    assert_eq!((b.max_queue_size, b.max_export_batch_size), (2048, 2048));
    assert_eq!(b.schedule_delay, Duration::from_secs(1));
}
