//! TLS for `https://` endpoints (the `otlp-tls` feature): rustls with the
//! ring provider, passed explicitly (no process-wide provider is
//! installed), trusting the system's store plus the configured CA file,
//! with an optional client certificate. The files are read once, at `init`.

use std::sync::Arc;

use opentelemetry_otlp::WithTonicConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

use crate::OtlpSettings;

/// The TLS settings of one export path: the files of an `https://`
/// endpoint, none for `http://`.
pub(in crate::otel::otlp) struct Tls(Option<TlsFiles>);

impl Tls {
    /// Reads the configured files for an `https://` endpoint.
    pub(in crate::otel::otlp) fn for_endpoint(
        settings: &OtlpSettings,
        https: bool,
        _endpoint: &str,
    ) -> Result<Tls, String> {
        match https {
            true => Ok(Tls(Some(TlsFiles::read(settings)?))),
            false => Ok(Tls(None)),
        }
    }

    /// What the HTTP client is built with. reqwest has no crypto provider
    /// of its own in this build: it gets our rustls configuration even for
    /// `http://` (where it goes unused).
    pub(in crate::otel::otlp) fn http(&self) -> Result<HttpTls, String> {
        rustls_config(self.0.as_ref()).map(HttpTls)
    }

    /// `builder` with the TLS configuration of an `https://` endpoint.
    pub(in crate::otel::otlp) fn grpc<B: WithTonicConfig>(&self, builder: B) -> B {
        match &self.0 {
            Some(files) => builder.with_tls_config(tonic_config(files)),
            None => builder,
        }
    }
}

/// The rustls configuration handed to the HTTP client.
pub(in crate::otel::otlp) struct HttpTls(rustls::ClientConfig);

impl HttpTls {
    pub(in crate::otel::otlp) fn apply(
        self,
        builder: reqwest::blocking::ClientBuilder,
    ) -> reqwest::blocking::ClientBuilder {
        builder.tls_backend_preconfigured(self.0)
    }
}

/// The PEM contents of the configured files.
struct TlsFiles {
    ca_pem: Option<Vec<u8>>,
    identity: Option<(Vec<u8>, Vec<u8>)>,
}

fn read(what: &str, path: &std::path::Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))
}

impl TlsFiles {
    fn read(settings: &OtlpSettings) -> Result<TlsFiles, String> {
        let ca_pem = match settings.get_certificate() {
            Some(path) => Some(read("CA certificate file", path)?),
            None => None,
        };
        let identity = match settings.get_client_certificate() {
            Some((cert, key)) => Some((
                read("client certificate file", cert)?,
                read("client key file", key)?,
            )),
            None => None,
        };
        Ok(TlsFiles { ca_pem, identity })
    }
}

fn certificates(pem: &[u8], what: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("the {what} is not valid PEM: {e}"))?;
    if certs.is_empty() {
        return Err(format!("the {what} holds no certificate"));
    }
    Ok(certs)
}

/// The rustls client configuration of the HTTP transport; for an
/// `http://` endpoint (no files), one that trusts nothing.
fn rustls_config(files: Option<&TlsFiles>) -> Result<rustls::ClientConfig, String> {
    let mut roots = rustls::RootCertStore::empty();
    let Some(files) = files else {
        return plain_config(roots, None);
    };
    // The system's store; a store that cannot be read (none at all in a
    // minimal container) leaves only the configured CA.
    for cert in rustls_native_certs::load_native_certs().certs {
        let _ = roots.add(cert);
    }
    if let Some(pem) = &files.ca_pem {
        for cert in certificates(pem, "CA certificate file")? {
            roots
                .add(cert)
                .map_err(|e| format!("a CA certificate is not usable: {e}"))?;
        }
    }
    plain_config(roots, files.identity.as_ref())
}

fn plain_config(
    roots: rustls::RootCertStore,
    identity: Option<&(Vec<u8>, Vec<u8>)>,
) -> Result<rustls::ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_root_certificates(roots);
    match identity {
        Some((cert, key)) => {
            let chain = certificates(cert, "client certificate file")?;
            let key = PrivateKeyDer::from_pem_slice(key)
                .map_err(|e| format!("the client key file holds no usable key: {e}"))?;
            builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("the client certificate and key do not match: {e}"))
        }
        None => Ok(builder.with_no_client_auth()),
    }
}

/// The tonic TLS configuration of the gRPC transport.
fn tonic_config(files: &TlsFiles) -> tonic::transport::ClientTlsConfig {
    use tonic::transport::{Certificate, ClientTlsConfig, Identity};

    let mut config = ClientTlsConfig::new().with_native_roots();
    if let Some(pem) = &files.ca_pem {
        config = config.ca_certificate(Certificate::from_pem(pem));
    }
    if let Some((cert, key)) = &files.identity {
        config = config.identity(Identity::from_pem(cert, key));
    }
    config
}
