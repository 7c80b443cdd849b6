//! The environment, read by the specification's rules: a table of cases,
//! valid and malformed, each asserting the effective configuration and the
//! exact warnings. Pure: `Config::from_vars` reads no process state, so the
//! cases run in parallel without racing on the environment.

use std::time::Duration;

use telemetry_facade::{
    AttributeLimits, BatchSettings, Config, LogFormat, Propagator, Sampler, SpanExport,
};

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_vars(vars.iter().copied())
}

/// Asserts the warnings, exactly.
fn warns(c: &Config, expected: &[&str]) {
    let got: Vec<&str> = c.warnings().iter().map(String::as_str).collect();
    assert_eq!(got, expected);
}

struct Case {
    vars: &'static [(&'static str, &'static str)],
    check: fn(&Config),
    warnings: &'static [&'static str],
}

const CASES: &[Case] = &[
    // 1-6: OTEL_SDK_DISABLED — only "true" in any case is true; empty is unset.
    Case { vars: &[], check: |c| assert!(!c.is_sdk_disabled()), warnings: &[] },
    Case { vars: &[("OTEL_SDK_DISABLED", "true")], check: |c| assert!(c.is_sdk_disabled()), warnings: &[] },
    Case { vars: &[("OTEL_SDK_DISABLED", "TRUE")], check: |c| assert!(c.is_sdk_disabled()), warnings: &[] },
    Case { vars: &[("OTEL_SDK_DISABLED", "False")], check: |c| assert!(!c.is_sdk_disabled()), warnings: &[] },
    Case { vars: &[("OTEL_SDK_DISABLED", "")], check: |c| assert!(!c.is_sdk_disabled()), warnings: &[] },
    Case {
        vars: &[("OTEL_SDK_DISABLED", "yes")],
        check: |c| assert!(!c.is_sdk_disabled()),
        warnings: &["OTEL_SDK_DISABLED=\"yes\" is not true or false; using false"],
    },
    // 7-11: service name and resource attributes.
    Case { vars: &[("OTEL_SERVICE_NAME", "checkout")], check: |c| assert_eq!(c.get_service_name(), "checkout"), warnings: &[] },
    Case {
        vars: &[("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs,deployment.environment=prod")],
        check: |c| {
            assert_eq!(c.get_service_name(), "from-attrs");
            assert_eq!(c.get_resource_attributes()[1], ("deployment.environment".to_owned(), "prod".to_owned()));
        },
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs"), ("OTEL_SERVICE_NAME", "from-var")],
        check: |c| assert_eq!(c.get_service_name(), "from-var", "OTEL_SERVICE_NAME wins over service.name"),
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_RESOURCE_ATTRIBUTES", "team=a%20b%2Cc, region = eu%E2%9C%93 ")],
        check: |c| {
            assert_eq!(
                c.get_resource_attributes(),
                [("team".to_owned(), "a b,c".to_owned()), ("region".to_owned(), "eu✓".to_owned())]
            )
        },
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_RESOURCE_ATTRIBUTES", "good=1,bad=%zz")],
        check: |c| assert!(c.get_resource_attributes().is_empty(), "the whole value is discarded"),
        warnings: &["OTEL_RESOURCE_ATTRIBUTES=\"good=1,bad=%zz\" is invalid (\"bad=%zz\" has a bad percent-encoding); using no resource attributes from the environment"],
    },
    Case {
        vars: &[("OTEL_RESOURCE_ATTRIBUTES", "novalue")],
        check: |c| assert!(c.get_resource_attributes().is_empty()),
        warnings: &["OTEL_RESOURCE_ATTRIBUTES=\"novalue\" is invalid (\"novalue\" has no '='); using no resource attributes from the environment"],
    },
    Case {
        vars: &[],
        check: |c| assert!(c.get_service_name().starts_with("unknown_service:"), "{}", c.get_service_name()),
        warnings: &[],
    },
    // 14-24: samplers, case-insensitive; ratios within [0, 1].
    Case { vars: &[("OTEL_TRACES_SAMPLER", "always_on")], check: |c| assert_eq!(c.get_sampler(), Sampler::AlwaysOn), warnings: &[] },
    Case { vars: &[("OTEL_TRACES_SAMPLER", "ALWAYS_OFF")], check: |c| assert_eq!(c.get_sampler(), Sampler::AlwaysOff), warnings: &[] },
    Case { vars: &[("OTEL_TRACES_SAMPLER", "parentbased_always_off")], check: |c| assert_eq!(c.get_sampler(), Sampler::ParentBasedAlwaysOff), warnings: &[] },
    Case { vars: &[("OTEL_TRACES_SAMPLER", "parentbased_always_on")], check: |c| assert_eq!(c.get_sampler(), Sampler::ParentBasedAlwaysOn), warnings: &[] },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "0.25")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::TraceIdRatio(0.25)),
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "ParentBased_TraceIdRatio"), ("OTEL_TRACES_SAMPLER_ARG", "0")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::ParentBasedTraceIdRatio(0.0)),
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "traceidratio")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::TraceIdRatio(1.0), "a missing ratio is 1.0"),
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "1.5")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::TraceIdRatio(1.0)),
        warnings: &["OTEL_TRACES_SAMPLER_ARG=\"1.5\" is outside [0, 1]; using 1.0"],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "-0.1")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::TraceIdRatio(1.0)),
        warnings: &["OTEL_TRACES_SAMPLER_ARG=\"-0.1\" is outside [0, 1]; using 1.0"],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "traceidratio"), ("OTEL_TRACES_SAMPLER_ARG", "half")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::TraceIdRatio(1.0)),
        warnings: &["OTEL_TRACES_SAMPLER_ARG=\"half\" is not a number; using 1.0"],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "sometimes")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::ParentBasedAlwaysOn),
        warnings: &["OTEL_TRACES_SAMPLER=\"sometimes\" is not a known sampler; using parentbased_always_on"],
    },
    Case {
        vars: &[("OTEL_TRACES_SAMPLER", "xray")],
        check: |c| assert_eq!(c.get_sampler(), Sampler::ParentBasedAlwaysOn),
        warnings: &["OTEL_TRACES_SAMPLER=\"xray\" is not supported by telemetry-facade; using parentbased_always_on"],
    },
    // 25-29: exporters.
    Case { vars: &[("OTEL_TRACES_EXPORTER", "console")], check: |c| assert_eq!(c.get_span_export(), SpanExport::Stdout), warnings: &[] },
    Case { vars: &[("OTEL_TRACES_EXPORTER", "NONE")], check: |c| assert_eq!(c.get_span_export(), SpanExport::None), warnings: &[] },
    Case {
        vars: &[("OTEL_TRACES_EXPORTER", "zipkin,console")],
        check: |c| assert_eq!(c.get_span_export(), SpanExport::Stdout),
        warnings: &["OTEL_TRACES_EXPORTER=\"zipkin,console\" names an unknown exporter \"zipkin\"; using the other exporters listed"],
    },
    // (OTEL_TRACES_EXPORTER=otlp, which depends on the build, is in tests/env_otlp.rs.)
    Case { vars: &[("OTEL_TRACES_EXPORTER", "none,console")], check: |c| assert_eq!(c.get_span_export(), SpanExport::Stdout), warnings: &[] },
    Case { vars: &[("OTEL_TRACES_EXPORTER", "")], check: |c| assert_eq!(c.get_span_export(), SpanExport::None), warnings: &[] },
    // 30-33: propagators.
    Case {
        vars: &[],
        check: |c| assert_eq!(c.get_propagators(), [Propagator::TraceContext, Propagator::Baggage]),
        warnings: &[],
    },
    Case { vars: &[("OTEL_PROPAGATORS", "baggage")], check: |c| assert_eq!(c.get_propagators(), [Propagator::Baggage]), warnings: &[] },
    Case { vars: &[("OTEL_PROPAGATORS", "none")], check: |c| assert!(c.get_propagators().is_empty()), warnings: &[] },
    Case {
        vars: &[("OTEL_PROPAGATORS", "tracecontext,b3")],
        check: |c| assert_eq!(c.get_propagators(), [Propagator::TraceContext]),
        warnings: &["OTEL_PROPAGATORS=\"tracecontext,b3\" names an unsupported propagator \"b3\"; using the other propagators listed"],
    },
    // 34-40: batch processor.
    Case { vars: &[], check: |c| assert_eq!(c.get_batch(), BatchSettings::default()), warnings: &[] },
    Case {
        vars: &[("OTEL_BSP_MAX_QUEUE_SIZE", "100"), ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "10"), ("OTEL_BSP_SCHEDULE_DELAY", "250")],
        check: |c| {
            let b = c.get_batch();
            assert_eq!((b.max_queue_size, b.max_export_batch_size, b.schedule_delay), (100, 10, Duration::from_millis(250)));
        },
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_BSP_MAX_QUEUE_SIZE", "0")],
        check: |c| assert_eq!(c.get_batch().max_queue_size, 2048),
        warnings: &["OTEL_BSP_MAX_QUEUE_SIZE=\"0\" is below 1; using 2048"],
    },
    Case {
        vars: &[("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "lots")],
        check: |c| assert_eq!(c.get_batch().max_export_batch_size, 512),
        warnings: &["OTEL_BSP_MAX_EXPORT_BATCH_SIZE=\"lots\" is not a whole number; using 512"],
    },
    Case {
        vars: &[("OTEL_BSP_EXPORT_TIMEOUT", "0")],
        check: |c| assert_eq!(c.get_batch().export_timeout, None, "0 means no limit"),
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_BSP_SCHEDULE_DELAY", "-5")],
        check: |c| assert_eq!(c.get_batch().schedule_delay, Duration::from_millis(5000)),
        warnings: &["OTEL_BSP_SCHEDULE_DELAY=\"-5\" is not a whole number; using 5000 ms"],
    },
    Case {
        vars: &[("OTEL_BSP_MAX_QUEUE_SIZE", "10"), ("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "50")],
        check: |c| assert_eq!(c.get_batch().max_export_batch_size, 10),
        warnings: &["OTEL_BSP_MAX_EXPORT_BATCH_SIZE=\"50\" exceeds the queue size 10; using 10"],
    },
    // 41-43: attribute limits.
    Case { vars: &[], check: |c| assert_eq!(c.get_attribute_limits(), AttributeLimits::default()), warnings: &[] },
    Case {
        vars: &[("OTEL_ATTRIBUTE_COUNT_LIMIT", "4"), ("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "16")],
        check: |c| assert_eq!((c.get_attribute_limits().count, c.get_attribute_limits().value_length), (4, Some(16))),
        warnings: &[],
    },
    Case {
        vars: &[("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "1e3")],
        check: |c| assert_eq!(c.get_attribute_limits().value_length, None),
        warnings: &["OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=\"1e3\" is not a whole number; using no limit"],
    },
    // 44-48: logging variables.
    Case { vars: &[("RUST_LOG", "warn,my_crate::db=debug")], check: |c| assert_eq!(c.get_log_directives(), Some("warn,my_crate::db=debug")), warnings: &[] },
    Case { vars: &[("LOG_FORMAT", "Pretty")], check: |c| assert_eq!(c.get_log_format(), LogFormat::Pretty), warnings: &[] },
    Case { vars: &[("LOG_FORMAT", "json")], check: |c| assert_eq!(c.get_log_format(), LogFormat::Json), warnings: &[] },
    Case {
        vars: &[("LOG_FORMAT", "xml")],
        check: |c| assert_eq!(c.get_log_format(), LogFormat::Json),
        warnings: &["LOG_FORMAT=\"xml\" is not json or pretty; using json"],
    },
    Case {
        vars: &[("OTEL_LOG_LEVEL", "chatty")],
        check: |_| {},
        warnings: &["OTEL_LOG_LEVEL=\"chatty\" is not a known level; using info"],
    },
    // 49: several problems at once, each warned once, in a fixed order.
    Case {
        vars: &[("OTEL_SDK_DISABLED", "1"), ("OTEL_TRACES_SAMPLER", "?"), ("LOG_FORMAT", "?")],
        check: |c| assert!(!c.is_sdk_disabled()),
        warnings: &[
            "OTEL_SDK_DISABLED=\"1\" is not true or false; using false",
            "OTEL_TRACES_SAMPLER=\"?\" is not a known sampler; using parentbased_always_on",
            "LOG_FORMAT=\"?\" is not json or pretty; using json",
        ],
    },
];

#[test]
fn every_environment_case() {
    assert!(CASES.len() >= 40, "the issue asks for at least 40 cases");
    for (i, case) in CASES.iter().enumerate() {
        let c = config(case.vars);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            (case.check)(&c);
            warns(&c, case.warnings);
        }));
        if let Err(e) = result {
            panic!(
                "case {} {:?} failed: {:?}",
                i + 1,
                case.vars,
                e.downcast_ref::<String>()
            );
        }
    }
}

#[test]
fn builder_calls_override_the_environment() {
    let c = Config::from_vars([
        ("OTEL_SERVICE_NAME", "env"),
        ("OTEL_TRACES_SAMPLER", "always_off"),
    ])
    .service_name("code")
    .sampler(Sampler::AlwaysOn);
    assert_eq!(c.get_service_name(), "code");
    assert_eq!(c.get_sampler(), Sampler::AlwaysOn);
}

#[test]
fn from_env_reads_the_process_environment() {
    // This test binary sets no other variable, so nothing races with it.
    std::env::set_var("OTEL_SERVICE_NAME", "from-process-env");
    std::env::set_var("OTEL_TRACES_SAMPLER", "always_off");
    let c = Config::from_env();
    std::env::remove_var("OTEL_SERVICE_NAME");
    std::env::remove_var("OTEL_TRACES_SAMPLER");
    assert_eq!(c.get_service_name(), "from-process-env");
    assert_eq!(c.get_sampler(), Sampler::AlwaysOff);
}
