//! The `OTEL_EXPORTER_OTLP_*` variables for traces, by the specification's
//! rules: per-signal over generic, the generic endpoint as a base for
//! `/v1/traces`, percent-decoded headers, `0` = no timeout, and one warning
//! (never showing a header value) plus the default for anything malformed.
//! Pure (`Config::from_vars`), the same in every build: only sending needs
//! the `otlp` feature.

use std::time::Duration;

use telemetry_facade::{Config, OtlpCompression, OtlpProtocol, SpanExport};

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_vars(vars.iter().copied())
}

fn warnings(c: &Config) -> Vec<&str> {
    c.warnings().iter().map(String::as_str).collect()
}

fn endpoint(vars: &[(&str, &str)]) -> String {
    let c = config(vars);
    assert_eq!(warnings(&c), Vec::<&str>::new(), "{vars:?}");
    c.get_otlp().traces_endpoint()
}

#[test]
fn defaults_follow_the_specification() {
    let c = config(&[]);
    let o = c.get_otlp();
    assert_eq!(o.get_protocol(), OtlpProtocol::HttpProtobuf);
    assert_eq!(o.traces_endpoint(), "http://localhost:4318/v1/traces");
    assert_eq!(o.get_timeout(), Some(Duration::from_secs(10)));
    assert_eq!(o.get_compression(), OtlpCompression::None);
    assert!(o.get_headers().is_empty());
    assert!(!o.is_insecure());
    let grpc = config(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]);
    assert_eq!(grpc.get_otlp().traces_endpoint(), "http://localhost:4317");
}

#[test]
fn the_generic_endpoint_is_a_base_and_the_traces_endpoint_is_used_as_given() {
    const G: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";
    const T: &str = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";
    assert_eq!(endpoint(&[(G, "http://c:4318")]), "http://c:4318/v1/traces");
    assert_eq!(
        endpoint(&[(G, "http://c:4318/")]),
        "http://c:4318/v1/traces"
    );
    assert_eq!(
        endpoint(&[(G, "http://c:4318/base/")]),
        "http://c:4318/base/v1/traces"
    );
    assert_eq!(
        endpoint(&[(G, "http://c:4318"), (T, "http://t:9999/custom")]),
        "http://t:9999/custom"
    );
    assert_eq!(
        endpoint(&[(T, "http://t:9999")]),
        "http://t:9999",
        "no path added"
    );
    // gRPC uses the base endpoint as it is.
    assert_eq!(
        endpoint(&[
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
            (G, "http://c:4317")
        ]),
        "http://c:4317"
    );
    // A scheme-less gRPC endpoint: https unless insecure.
    let grpc = [("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"), (G, "c:4317")];
    assert_eq!(endpoint(&grpc), "https://c:4317");
    let insecure = [grpc[0], grpc[1], ("OTEL_EXPORTER_OTLP_INSECURE", "true")];
    assert_eq!(endpoint(&insecure), "http://c:4317");
    let signal_insecure = [
        grpc[0],
        grpc[1],
        ("OTEL_EXPORTER_OTLP_TRACES_INSECURE", "TRUE"),
    ];
    assert_eq!(endpoint(&signal_insecure), "http://c:4317");
}

#[test]
fn bad_endpoints_warn_and_fall_back() {
    let c = config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "c:4318")]);
    assert_eq!(
        c.get_otlp().traces_endpoint(),
        "http://localhost:4318/v1/traces"
    );
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_ENDPOINT=\"c:4318\" has no http:// or https:// scheme; using the next setting or the default endpoint"]
    );
    let c = config(&[("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://c")]);
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_ENDPOINT=\"ftp://c\" is not an http:// or https:// URL; using the next setting or the default endpoint"]
    );
    // A bad per-signal endpoint: the generic one is used.
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http:///v1/traces"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://c:4318"),
    ]);
    assert_eq!(c.get_otlp().traces_endpoint(), "http://c:4318/v1/traces");
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=\"http:///v1/traces\" has no valid host; using the next setting or the default endpoint"]
    );
}

#[test]
fn protocol_per_signal_wins_and_unknown_values_warn() {
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
        ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "GRPC"),
    ]);
    assert_eq!(c.get_otlp().get_protocol(), OtlpProtocol::Grpc);
    assert!(c.warnings().is_empty());
    let c = config(&[("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json")]);
    assert_eq!(c.get_otlp().get_protocol(), OtlpProtocol::HttpProtobuf);
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_PROTOCOL=\"http/json\" is not supported by telemetry-facade; using http/protobuf"]
    );
    let c = config(&[("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "thrift")]);
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL=\"thrift\" is not a known OTLP protocol; using http/protobuf"]
    );
}

#[test]
fn headers_are_percent_decoded_and_bad_members_are_skipped_without_their_values() {
    let c = config(&[(
        "OTEL_EXPORTER_OTLP_HEADERS",
        " api-key = s3cr%20et , x-tenant=a%2Cb,x-empty=",
    )]);
    assert_eq!(
        c.get_otlp().get_headers(),
        [
            ("api-key".to_owned(), "s3cr et".to_owned()),
            ("x-tenant".to_owned(), "a,b".to_owned()),
            ("x-empty".to_owned(), String::new()),
        ]
    );
    assert!(c.warnings().is_empty());

    // The per-signal variable replaces the generic one entirely.
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_HEADERS", "a=1,b=2"),
        ("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "c=3"),
    ]);
    assert_eq!(
        c.get_otlp().get_headers(),
        [("c".to_owned(), "3".to_owned())]
    );

    let c = config(&[(
        "OTEL_EXPORTER_OTLP_HEADERS",
        "nosecret,bad name=topsecret1,k=%zztopsecret2,cr=a%0Db,ok=fine",
    )]);
    assert_eq!(
        c.get_otlp().get_headers(),
        [("ok".to_owned(), "fine".to_owned())]
    );
    assert_eq!(
        warnings(&c),
        [
            "OTEL_EXPORTER_OTLP_HEADERS: member 1 has no '='; skipping it (values are not shown)",
            "OTEL_EXPORTER_OTLP_HEADERS: member 2 has an invalid header name \"bad name\"; skipping it",
            "OTEL_EXPORTER_OTLP_HEADERS: the value of header \"k\" has a bad percent-encoding or a control character; skipping it",
            "OTEL_EXPORTER_OTLP_HEADERS: the value of header \"cr\" has a bad percent-encoding or a control character; skipping it",
        ]
    );
    for w in c.warnings() {
        assert!(!w.contains("secret"), "a warning shows a header value: {w}");
    }
    // Debug output never shows header values either.
    assert!(!format!(
        "{:?}",
        config(&[("OTEL_EXPORTER_OTLP_HEADERS", "k=topsecret")])
    )
    .contains("topsecret"));
}

#[test]
fn timeout_compression_per_signal_over_generic() {
    let ms = |vars: &[(&str, &str)]| config(vars).get_otlp().get_timeout();
    assert_eq!(
        ms(&[("OTEL_EXPORTER_OTLP_TIMEOUT", "500")]),
        Some(Duration::from_millis(500))
    );
    assert_eq!(
        ms(&[("OTEL_EXPORTER_OTLP_TIMEOUT", "0")]),
        None,
        "0 = no limit"
    );
    assert_eq!(
        ms(&[
            ("OTEL_EXPORTER_OTLP_TIMEOUT", "500"),
            ("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "250")
        ]),
        Some(Duration::from_millis(250))
    );
    let c = config(&[("OTEL_EXPORTER_OTLP_TIMEOUT", "soon")]);
    assert_eq!(c.get_otlp().get_timeout(), Some(Duration::from_secs(10)));
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_TIMEOUT=\"soon\" is not a whole number; using 10000 ms"]
    );

    let gz = |vars: &[(&str, &str)]| config(vars).get_otlp().get_compression();
    assert_eq!(
        gz(&[("OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP")]),
        OtlpCompression::Gzip
    );
    assert_eq!(
        gz(&[
            ("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip"),
            ("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "none")
        ]),
        OtlpCompression::None
    );
    let c = config(&[("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd")]);
    assert_eq!(c.get_otlp().get_compression(), OtlpCompression::None);
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_COMPRESSION=\"zstd\" is not gzip or none; using none"]
    );
    let c = config(&[("OTEL_EXPORTER_OTLP_INSECURE", "yes")]);
    assert!(!c.get_otlp().is_insecure());
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_INSECURE=\"yes\" is not true or false; using false"]
    );
}

#[test]
fn traces_exporter_otlp_is_read_in_every_build() {
    // A build without the `otlp` feature keeps the choice; `init` warns
    // (tests/otlp_feature_warning.rs checks that warning).
    let c = config(&[("OTEL_TRACES_EXPORTER", "otlp")]);
    assert_eq!(c.get_span_export(), SpanExport::Otlp);
    assert!(c.warnings().is_empty());
}

#[test]
fn settings_in_code_override_the_environment() {
    let c = config(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318"),
        (
            "OTEL_EXPORTER_OTLP_HEADERS",
            "authorization=from-env,x-keep=1",
        ),
        ("OTEL_EXPORTER_OTLP_TIMEOUT", "100"),
    ]);
    let otlp = c
        .get_otlp()
        .clone()
        .header("Authorization", "from-code")
        .timeout(Duration::from_secs(3))
        .endpoint("http://code:4318/v1/traces");
    let c = c.otlp(otlp);
    let o = c.get_otlp();
    assert_eq!(o.traces_endpoint(), "http://code:4318/v1/traces");
    assert_eq!(o.get_timeout(), Some(Duration::from_secs(3)));
    assert_eq!(
        o.get_headers(),
        [
            ("x-keep".to_owned(), "1".to_owned()),
            ("Authorization".to_owned(), "from-code".to_owned())
        ]
    );
}

#[test]
fn certificate_files_per_signal_over_generic_and_the_client_pair() {
    use std::path::Path;

    let c = config(&[
        ("OTEL_EXPORTER_OTLP_CERTIFICATE", "/generic/ca.pem"),
        ("OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE", "/traces/ca.pem"),
        ("OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "/c/cert.pem"),
        ("OTEL_EXPORTER_OTLP_CLIENT_KEY", "/c/key.pem"),
    ]);
    assert!(c.warnings().is_empty());
    assert_eq!(
        c.get_otlp().get_certificate(),
        Some(Path::new("/traces/ca.pem"))
    );
    assert_eq!(
        c.get_otlp().get_client_certificate(),
        Some((Path::new("/c/cert.pem"), Path::new("/c/key.pem")))
    );
    let c = config(&[("OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY", "/c/key.pem")]);
    assert_eq!(c.get_otlp().get_client_certificate(), None);
    assert_eq!(
        warnings(&c),
        ["OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY=\"/c/key.pem\" needs both OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY; using no client certificate"]
    );
}
