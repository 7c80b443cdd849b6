//! Property tests over what reads untrusted text at startup or per
//! request: every environment variable the crate reads, the log
//! directives, and `extract`/`inject` over arbitrary headers. A bounded
//! number of cases per run (proptest's default, 256): never a panic,
//! warnings always short and few, and no header written with a control
//! character. (The header parsers' own properties are in w3c_vectors.rs.)

use std::collections::HashMap;

use proptest::prelude::*;
use telemetry_facade::propagation::{extract, inject};
use telemetry_facade::Config;

const VARS: &[&str] = &[
    "OTEL_SDK_DISABLED",
    "OTEL_LOG_LEVEL",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_TRACES_SAMPLER",
    "OTEL_TRACES_SAMPLER_ARG",
    "OTEL_TRACES_EXPORTER",
    "OTEL_PROPAGATORS",
    "OTEL_BSP_SCHEDULE_DELAY",
    "OTEL_BSP_EXPORT_TIMEOUT",
    "OTEL_BSP_MAX_QUEUE_SIZE",
    "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
    "OTEL_BLRP_SCHEDULE_DELAY",
    "OTEL_BLRP_EXPORT_TIMEOUT",
    "OTEL_BLRP_MAX_QUEUE_SIZE",
    "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE",
    "OTEL_LOGS_EXPORTER",
    "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL",
    "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
    "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT",
    "OTEL_ATTRIBUTE_COUNT_LIMIT",
    "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT",
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_PROTOCOL",
    "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_EXPORTER_OTLP_TIMEOUT",
    "OTEL_EXPORTER_OTLP_COMPRESSION",
    "OTEL_EXPORTER_OTLP_INSECURE",
    "OTEL_EXPORTER_OTLP_CERTIFICATE",
    "RUST_LOG",
    "LOG_FORMAT",
];

/// Text near each grammar: separators, escapes, digits, schemes.
fn near_config() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex("[a-zA-Z0-9_:=,.%/ \\t@\\-]{0,60}").unwrap(),
        proptest::string::string_regex("(https?://)?[a-z0-9.:%]{0,20}(/[a-z]{0,5})?").unwrap(),
        proptest::string::string_regex("[0-9]{0,25}").unwrap(),
    ]
}

fn check_warnings(c: &Config) -> Result<(), TestCaseError> {
    // A few per variable and a count for the rest; each one short.
    prop_assert!(c.warnings().len() <= 5 * VARS.len());
    for w in c.warnings() {
        prop_assert!(w.len() < 600, "{} bytes: {}", w.len(), w);
    }
    Ok(())
}

proptest! {
    #[test]
    fn any_environment_gives_a_config_and_bounded_warnings(
        values in proptest::collection::vec(near_config(), VARS.len()),
    ) {
        let c = Config::from_vars(VARS.iter().copied().zip(values));
        check_warnings(&c)?;
        let b = c.get_batch();
        prop_assert!(b.max_export_batch_size <= b.max_queue_size && b.max_queue_size >= 1);
    }

    #[test]
    fn any_directives_give_bounded_warnings(spec in near_config(), more in near_config()) {
        let c = Config::new().log_directives(format!("{spec},{more}"));
        check_warnings(&c)?;
        let c = Config::from_vars([("RUST_LOG", spec)]);
        check_warnings(&c)?;
    }

    #[test]
    fn extract_then_inject_never_writes_a_control_character(
        traceparent in near_config(),
        tracestate in near_config(),
        baggage in near_config(),
    ) {
        let mut incoming = HashMap::new();
        incoming.insert("traceparent".to_owned(), traceparent);
        incoming.insert("tracestate".to_owned(), tracestate);
        incoming.insert("baggage".to_owned(), baggage);
        let mut outgoing = HashMap::new();
        extract(&incoming).run(|| inject(&mut outgoing));
        for (name, value) in &outgoing {
            prop_assert!(
                !value.chars().any(|c| c.is_control() && c != '\t'),
                "{name}: {value:?}"
            );
        }
    }
}
