//! The OTLP transports without the `otlp-tls` feature: plain `http://`
//! only. An `https://` endpoint is refused, naming the feature it needs.

use opentelemetry_otlp::WithTonicConfig;

use crate::OtlpSettings;

/// No TLS settings exist in this build.
pub(in crate::otel::otlp) struct Tls;

impl Tls {
    /// Refuses an `https://` endpoint.
    pub(in crate::otel::otlp) fn for_endpoint(
        _settings: &OtlpSettings,
        https: bool,
        endpoint: &str,
    ) -> Result<Tls, String> {
        match https {
            true => Err(format!(
                "{endpoint} is an https:// endpoint, which needs telemetry-facade's \
                 `otlp-tls` feature"
            )),
            false => Ok(Tls),
        }
    }

    /// The HTTP client keeps reqwest's own (plain-text) setup.
    pub(in crate::otel::otlp) fn http(&self) -> Result<HttpTls, String> {
        Ok(HttpTls)
    }

    /// `builder` unchanged.
    pub(in crate::otel::otlp) fn grpc<B: WithTonicConfig>(&self, builder: B) -> B {
        builder
    }
}

/// Nothing to hand the HTTP client.
pub(in crate::otel::otlp) struct HttpTls;

impl HttpTls {
    pub(in crate::otel::otlp) fn apply(
        self,
        builder: reqwest::blocking::ClientBuilder,
    ) -> reqwest::blocking::ClientBuilder {
        builder
    }
}
