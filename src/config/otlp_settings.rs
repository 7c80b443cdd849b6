//! [`OtlpSettings`]: where and how [`SpanExport::Otlp`](crate::SpanExport)
//! sends spans. Plain data, the same in every build; only a build with the
//! `otlp` feature sends anything.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The OTLP transport (`OTEL_EXPORTER_OTLP_PROTOCOL`).
///
/// The default is [`HttpProtobuf`](OtlpProtocol::HttpProtobuf), as the
/// OpenTelemetry specification asks, in every build.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, OtlpProtocol, OtlpSettings};
///
/// let grpc = OtlpSettings::new().protocol(OtlpProtocol::Grpc);
/// assert_eq!(grpc.get_protocol().as_str(), "grpc");
/// assert_eq!(grpc.traces_endpoint(), "http://localhost:4317");
///
/// let from_env = Config::from_vars([("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")]);
/// assert_eq!(from_env.get_otlp().get_protocol(), OtlpProtocol::Grpc);
/// assert_eq!(OtlpProtocol::default().to_string(), "http/protobuf");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtlpProtocol {
    /// Protobuf over HTTP/1.1 (`http/protobuf`), default port 4318.
    #[default]
    HttpProtobuf,
    /// gRPC over HTTP/2 (`grpc`), default port 4317.
    Grpc,
}

impl OtlpProtocol {
    /// The name used by `OTEL_EXPORTER_OTLP_PROTOCOL`.
    pub fn as_str(self) -> &'static str {
        match self {
            OtlpProtocol::HttpProtobuf => "http/protobuf",
            OtlpProtocol::Grpc => "grpc",
        }
    }
}

impl fmt::Display for OtlpProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compression of export requests (`OTEL_EXPORTER_OTLP_COMPRESSION`).
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, OtlpCompression, OtlpSettings};
///
/// assert_eq!(OtlpSettings::new().get_compression(), OtlpCompression::None);
/// let gzip = OtlpSettings::new().compression(OtlpCompression::Gzip);
/// assert_eq!(gzip.get_compression(), OtlpCompression::Gzip);
///
/// let from_env = Config::from_vars([("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip")]);
/// assert_eq!(from_env.get_otlp().get_compression(), OtlpCompression::Gzip);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OtlpCompression {
    /// Requests are sent as they are (the default).
    #[default]
    None,
    /// Requests are gzip-compressed.
    Gzip,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Endpoint {
    Default,
    /// A base URL: `/v1/traces` (or `/v1/logs`) is appended for HTTP.
    Base(String),
    /// The URL of one signal (traces, or logs), used as given.
    Signal(String),
}

/// The default export timeout of the specification: 10 seconds.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Where and how OTLP export sends spans: the `OTEL_EXPORTER_OTLP_*`
/// settings, read by [`Config::from_env`](crate::Config::from_env) or set in
/// code.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::{Config, OtlpCompression, OtlpProtocol, OtlpSettings, SpanExport};
///
/// let otlp = OtlpSettings::new()
///     .base_endpoint("http://collector:4318")
///     .header("authorization", "Bearer s3cret")
///     .compression(OtlpCompression::Gzip)
///     .timeout(Duration::from_secs(3));
/// assert_eq!(otlp.traces_endpoint(), "http://collector:4318/v1/traces");
///
/// // gRPC uses the base endpoint as it is.
/// let grpc = otlp.clone().protocol(OtlpProtocol::Grpc);
/// assert_eq!(grpc.traces_endpoint(), "http://collector:4318");
///
/// let config = Config::new().span_export(SpanExport::Otlp).otlp(otlp);
/// assert_eq!(config.get_otlp().get_headers(), [("authorization".to_owned(), "Bearer s3cret".to_owned())]);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct OtlpSettings {
    endpoint: Endpoint,
    protocol: OtlpProtocol,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    compression: OtlpCompression,
    insecure: bool,
    certificate: Option<PathBuf>,
    client_identity: Option<(PathBuf, PathBuf)>,
}

impl Default for OtlpSettings {
    fn default() -> OtlpSettings {
        OtlpSettings::new()
    }
}

impl OtlpSettings {
    /// The specification's defaults: `http/protobuf` to
    /// `http://localhost:4318/v1/traces`, no headers, a 10 s timeout, no
    /// compression.
    pub fn new() -> OtlpSettings {
        OtlpSettings {
            endpoint: Endpoint::Default,
            protocol: OtlpProtocol::HttpProtobuf,
            headers: Vec::new(),
            timeout: Some(DEFAULT_TIMEOUT),
            compression: OtlpCompression::None,
            insecure: false,
            certificate: None,
            client_identity: None,
        }
    }

    /// Chooses the transport.
    pub fn protocol(mut self, protocol: OtlpProtocol) -> OtlpSettings {
        self.protocol = protocol;
        self
    }

    /// The URL this signal is sent to, used as given
    /// (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` for spans,
    /// `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT` for log records): for HTTP it
    /// includes the path, usually `/v1/traces` or `/v1/logs`.
    pub fn endpoint(mut self, url: impl Into<String>) -> OtlpSettings {
        self.endpoint = Endpoint::Signal(url.into());
        self
    }

    /// The collector's base URL (`OTEL_EXPORTER_OTLP_ENDPOINT`): HTTP
    /// export appends `v1/traces` (`v1/logs` for log records) to it, joined
    /// by exactly one slash; gRPC uses it as it is.
    pub fn base_endpoint(mut self, url: impl Into<String>) -> OtlpSettings {
        self.endpoint = Endpoint::Base(url.into());
        self
    }

    /// Adds a header (a gRPC metadata entry) to every export request,
    /// replacing one of the same name (names are case-insensitive).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> OtlpSettings {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.headers.push((name, value.into()));
        self
    }

    /// Replaces all headers.
    pub fn headers<I, K, V>(mut self, headers: I) -> OtlpSettings
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        self.headers.clear();
        for (k, v) in headers {
            self = self.header(k, v);
        }
        self
    }

    /// How long one export request may take, retries included; zero means
    /// no limit. Default 10 s.
    pub fn timeout(mut self, timeout: Duration) -> OtlpSettings {
        self.timeout = (!timeout.is_zero()).then_some(timeout);
        self
    }

    /// Chooses the compression of export requests.
    pub fn compression(mut self, compression: OtlpCompression) -> OtlpSettings {
        self.compression = compression;
        self
    }

    /// For a gRPC endpoint given without a scheme: `true` connects with
    /// plain-text `http://`, `false` (the default) with `https://`.
    /// Endpoints with a scheme follow their scheme.
    pub fn insecure(mut self, insecure: bool) -> OtlpSettings {
        self.insecure = insecure;
        self
    }

    /// A PEM file of CA certificates to trust for `https://` endpoints,
    /// besides the system's trust store (`OTEL_EXPORTER_OTLP_CERTIFICATE`).
    /// Read at [`init`](crate::init); needs the `otlp-tls` feature.
    pub fn certificate(mut self, ca_pem_file: impl Into<PathBuf>) -> OtlpSettings {
        self.certificate = Some(ca_pem_file.into());
        self
    }

    /// The client certificate chain and its private key (PEM files,
    /// the key in PKCS#8, PKCS#1 or SEC1 form) presented to the collector
    /// for mutual TLS (`OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE`,
    /// `OTEL_EXPORTER_OTLP_CLIENT_KEY`). Read at [`init`](crate::init);
    /// needs the `otlp-tls` feature.
    pub fn client_certificate(
        mut self,
        cert_pem_file: impl Into<PathBuf>,
        key_pem_file: impl Into<PathBuf>,
    ) -> OtlpSettings {
        self.client_identity = Some((cert_pem_file.into(), key_pem_file.into()));
        self
    }

    /// The CA certificate file, if one was given.
    pub fn get_certificate(&self) -> Option<&Path> {
        self.certificate.as_deref()
    }

    /// The client certificate and key files, if given.
    pub fn get_client_certificate(&self) -> Option<(&Path, &Path)> {
        self.client_identity
            .as_ref()
            .map(|(c, k)| (c.as_path(), k.as_path()))
    }

    /// The transport.
    pub fn get_protocol(&self) -> OtlpProtocol {
        self.protocol
    }

    /// The URL span export requests go to, resolved by the
    /// specification's rules for the chosen transport.
    pub fn traces_endpoint(&self) -> String {
        self.signal_endpoint("v1/traces")
    }

    /// The URL log export requests go to, when these are the settings for
    /// logs ([`Config::otlp_logs`](crate::Config::otlp_logs)), resolved by
    /// the same rules with `v1/logs`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, OtlpSettings};
    ///
    /// let otlp = OtlpSettings::new().base_endpoint("http://collector:4318");
    /// assert_eq!(otlp.logs_endpoint(), "http://collector:4318/v1/logs");
    ///
    /// let config = Config::from_vars([
    ///     ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"),
    ///     ("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://logs:4318/custom"),
    /// ]);
    /// assert_eq!(config.get_otlp_logs().logs_endpoint(), "http://logs:4318/custom");
    /// assert_eq!(config.get_otlp().traces_endpoint(), "http://collector:4318/v1/traces");
    /// ```
    pub fn logs_endpoint(&self) -> String {
        self.signal_endpoint("v1/logs")
    }

    /// The URL metric export requests go to, when these are the settings
    /// for metrics ([`Config::otlp_metrics`](crate::Config::otlp_metrics)),
    /// resolved by the same rules with `v1/metrics`.
    pub fn metrics_endpoint(&self) -> String {
        self.signal_endpoint("v1/metrics")
    }

    fn signal_endpoint(&self, path: &str) -> String {
        let url = match (&self.endpoint, self.protocol) {
            (Endpoint::Signal(url), _) => url.clone(),
            (Endpoint::Base(url), OtlpProtocol::HttpProtobuf) => {
                format!("{}/{path}", url.trim_end_matches('/'))
            }
            (Endpoint::Base(url), OtlpProtocol::Grpc) => url.clone(),
            (Endpoint::Default, OtlpProtocol::HttpProtobuf) => {
                format!("http://localhost:4318/{path}")
            }
            (Endpoint::Default, OtlpProtocol::Grpc) => "http://localhost:4317".to_owned(),
        };
        if self.protocol == OtlpProtocol::Grpc && !has_scheme(&url) {
            let scheme = if self.insecure { "http" } else { "https" };
            return format!("{scheme}://{url}");
        }
        url
    }

    /// These settings for another signal: the same, but a URL given for
    /// this signal alone ([`endpoint`](OtlpSettings::endpoint)) is not
    /// carried over (the default endpoint is used instead).
    pub(crate) fn for_another_signal(&self) -> OtlpSettings {
        let mut other = self.clone();
        if let Endpoint::Signal(_) = other.endpoint {
            other.endpoint = Endpoint::Default;
        }
        other
    }

    /// The headers, in the order they were added.
    pub fn get_headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The timeout of one export request; `None` means no limit.
    pub fn get_timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The compression.
    pub fn get_compression(&self) -> OtlpCompression {
        self.compression
    }

    /// Whether a scheme-less gRPC endpoint uses plain text.
    pub fn is_insecure(&self) -> bool {
        self.insecure
    }
}

/// Whether `url` starts with `scheme://` (the scheme before any `/`).
pub(crate) fn has_scheme(url: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '?', '#']))
}

impl fmt::Debug for OtlpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values often carry credentials: only their names are shown.
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("OtlpSettings")
            .field("protocol", &self.protocol)
            .field("endpoint", &ShownEndpoint(&self.endpoint))
            .field("headers", &names)
            .field("timeout", &self.timeout)
            .field("compression", &self.compression)
            .field("insecure", &self.insecure)
            .field("certificate", &self.certificate)
            .field("client_certificate", &self.client_identity)
            .finish()
    }
}

/// An endpoint as configured (a base URL, one signal's URL, or the
/// default), for `Debug`: the credentials a URL may carry before its host
/// (`https://user:secret@host`) are not shown.
struct ShownEndpoint<'a>(&'a Endpoint);

impl fmt::Debug for ShownEndpoint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Endpoint::Default => f.write_str("Default"),
            Endpoint::Base(url) => f.debug_tuple("Base").field(&without_userinfo(url)).finish(),
            Endpoint::Signal(url) => f
                .debug_tuple("Signal")
                .field(&without_userinfo(url))
                .finish(),
        }
    }
}

/// `url` with what comes before an `@` in its authority replaced by `***`.
fn without_userinfo(url: &str) -> std::borrow::Cow<'_, str> {
    let start = url.find("://").map_or(0, |i| i + 3);
    let authority_end = url[start..].find('/').map_or(url.len(), |i| start + i);
    match url[start..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..start], &url[start + at..]).into(),
        None => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_endpoint_as_configured_without_credentials() {
        let shown = |s: &OtlpSettings| format!("{s:?}");
        assert!(shown(&OtlpSettings::new()).contains("endpoint: Default"));
        let logs = OtlpSettings::new().endpoint("http://c:4318/v1/logs");
        assert!(
            shown(&logs).contains(r#"endpoint: Signal("http://c:4318/v1/logs")"#),
            "{logs:?}"
        );
        let base = OtlpSettings::new().base_endpoint("https://user:secret@c:4318/otlp");
        let text = shown(&base);
        assert!(
            text.contains(r#"endpoint: Base("https://***@c:4318/otlp")"#),
            "{text}"
        );
        assert!(!text.contains("secret"), "{text}");
        let header = OtlpSettings::new().header("authorization", "Bearer secret");
        assert!(!shown(&header).contains("secret"));
        assert_eq!(without_userinfo("c:4317"), "c:4317");
        assert_eq!(without_userinfo("http://c/a@b"), "http://c/a@b");
    }

    #[test]
    fn endpoints_resolve_by_the_specification() {
        let s = OtlpSettings::new();
        assert_eq!(s.traces_endpoint(), "http://localhost:4318/v1/traces");
        assert_eq!(
            s.clone().protocol(OtlpProtocol::Grpc).traces_endpoint(),
            "http://localhost:4317"
        );
        for base in ["http://c:4318", "http://c:4318/"] {
            let s = OtlpSettings::new().base_endpoint(base);
            assert_eq!(s.traces_endpoint(), "http://c:4318/v1/traces");
        }
        let s = OtlpSettings::new().base_endpoint("http://c:4318/prefix/");
        assert_eq!(s.traces_endpoint(), "http://c:4318/prefix/v1/traces");
        let s = OtlpSettings::new().endpoint("http://c:4318/custom");
        assert_eq!(s.traces_endpoint(), "http://c:4318/custom");
        let grpc = OtlpSettings::new()
            .protocol(OtlpProtocol::Grpc)
            .base_endpoint("c:4317");
        assert_eq!(grpc.traces_endpoint(), "https://c:4317");
        assert_eq!(grpc.insecure(true).traces_endpoint(), "http://c:4317");
    }

    #[test]
    fn headers_replace_by_name_and_debug_hides_values() {
        let s = OtlpSettings::new()
            .header("Authorization", "a")
            .header("x-b", "b")
            .header("authorization", "c");
        assert_eq!(
            s.get_headers(),
            [
                ("x-b".into(), "b".into()),
                ("authorization".into(), "c".into())
            ]
        );
        let shown = format!("{s:?}");
        assert!(
            shown.contains("authorization") && !shown.contains("\"c\""),
            "{shown}"
        );
        assert_eq!(
            OtlpSettings::new().timeout(Duration::ZERO).get_timeout(),
            None
        );
    }
}
