//! The `http/protobuf` transport: opentelemetry-otlp's HTTP exporter over
//! our own blocking reqwest client, chosen here rather than by whichever
//! client features Cargo unifies into opentelemetry-otlp, and wrapped so
//! the configured headers are the ones sent (the exporter would otherwise
//! let the process environment override them).

use async_trait::async_trait;
use http::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry_http::{Bytes, HttpClient, HttpError, Request, Response};
use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};

use std::sync::Arc;

use super::{LossCount, Plan};

/// A blocking reqwest client that sets our headers on every request, and
/// keeps the whole error chain of a failed one (the exporter reduces it to
/// "network error").
#[derive(Debug)]
pub(super) struct HeaderSettingClient {
    client: reqwest::blocking::Client,
    headers: HeaderMap,
    loss: Arc<LossCount>,
}

/// `error: source: source…`, each distinct message once.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        let message = e.to_string();
        if !out.ends_with(&message) {
            out.push_str(": ");
            out.push_str(&message);
        }
        source = e.source();
    }
    out
}

#[async_trait]
impl HttpClient for HeaderSettingClient {
    async fn send_bytes(&self, mut request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        for (name, value) in &self.headers {
            request.headers_mut().insert(name.clone(), value.clone());
        }
        let result = self.client.send_bytes(request).await;
        if let Err(e) = &result {
            self.loss.note_cause(chain(e.as_ref()));
        }
        result
    }
}

/// The HTTP client every request of one export path goes through.
pub(super) fn client(plan: &Plan, loss: &Arc<LossCount>) -> Result<HeaderSettingClient, String> {
    let mut headers = HeaderMap::new();
    for (name, value) in &plan.headers {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| format!("header name {name:?}: {e}"))?;
        let value =
            HeaderValue::from_str(value).map_err(|e| format!("value of header {name}: {e}"))?;
        headers.insert(name, value);
    }
    let timeout = plan.timeout;
    let tls = plan.tls.http()?;
    // reqwest's blocking client owns a runtime that must not be created
    // (or dropped) inside an async context: build it on a thread of its own,
    // as `init` may be called from `#[tokio::main]`.
    let client = std::thread::Builder::new()
        .name("telemetry-otlp-setup".into())
        .spawn(move || {
            tls.apply(reqwest::blocking::Client::builder().timeout(timeout))
                .build()
        })
        .map_err(|e| format!("no thread to build the HTTP client: {e}"))?
        .join()
        .map_err(|_| "building the HTTP client panicked".to_owned())?
        .map_err(|e| format!("HTTP client: {e}"))?;
    Ok(HeaderSettingClient {
        client,
        headers,
        loss: Arc::clone(loss),
    })
}

/// An exporter builder of any signal (`SpanExporter::builder().with_http()`,
/// `LogExporter::builder().with_http()`) set up as `plan` says.
pub(super) fn configure<B: WithExportConfig + WithHttpConfig>(
    builder: B,
    plan: &Plan,
    client: HeaderSettingClient,
) -> B {
    let mut builder = builder
        .with_protocol(Protocol::HttpBinary)
        .with_endpoint(plan.endpoint.clone())
        .with_timeout(plan.timeout.unwrap_or(super::NO_LIMIT))
        .with_http_client(client);
    if plan.gzip {
        builder = builder.with_compression(opentelemetry_otlp::Compression::Gzip);
    }
    builder
}

pub(super) fn exporter(
    plan: &Plan,
    loss: &Arc<LossCount>,
) -> Result<opentelemetry_otlp::SpanExporter, String> {
    let builder = opentelemetry_otlp::SpanExporter::builder().with_http();
    configure(builder, plan, client(plan, loss)?)
        .build()
        .map_err(|e| e.to_string())
}
