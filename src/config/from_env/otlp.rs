//! The `OTEL_EXPORTER_OTLP_*` variables, for traces: each setting comes
//! from its per-signal variable (`…_TRACES_…`) when set, else from the
//! generic one. A bad value gives one warning and keeps the default; header
//! values are never repeated in warnings (they often carry credentials).

use std::time::Duration;

use super::Env;
use crate::text::http_token::is_token;
use crate::text::percent::{self, InvalidUtf8};
use crate::{Config, OtlpCompression, OtlpProtocol};

impl Env<'_> {
    /// The per-signal variable when set, else the generic one, with the
    /// name of the one used.
    fn signal_or_generic(&mut self, setting: &str) -> Option<(String, String)> {
        let signal = format!("OTEL_EXPORTER_OTLP_TRACES_{setting}");
        if let Some(raw) = self.raw(&signal) {
            return Some((signal, raw));
        }
        let generic = format!("OTEL_EXPORTER_OTLP_{setting}");
        self.raw(&generic).map(|raw| (generic, raw))
    }

    pub(super) fn otlp(&mut self, c: &mut Config) {
        let mut s = c.otlp.clone();
        if let Some((name, raw)) = self.signal_or_generic("PROTOCOL") {
            match raw.trim().to_ascii_lowercase().as_str() {
                "http/protobuf" => s = s.protocol(OtlpProtocol::HttpProtobuf),
                "grpc" => s = s.protocol(OtlpProtocol::Grpc),
                "http/json" => self.warn(
                    &name,
                    &raw,
                    "is not supported by telemetry-facade",
                    "http/protobuf",
                ),
                _ => self.warn(&name, &raw, "is not a known OTLP protocol", "http/protobuf"),
            }
        }
        let signal = self.raw("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        let generic = self.raw("OTEL_EXPORTER_OTLP_ENDPOINT");
        for (name, raw, per_signal) in [
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", signal, true),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", generic, false),
        ] {
            let Some(raw) = raw else { continue };
            let url = raw.trim();
            match endpoint_problem(url, s.get_protocol()) {
                None if per_signal => s = s.endpoint(url),
                None => s = s.base_endpoint(url),
                Some(why) => {
                    self.warn(
                        name,
                        &raw,
                        &super::brief(why),
                        "the next setting or the default endpoint",
                    );
                    continue;
                }
            }
            break;
        }
        if let Some((name, raw)) = self.signal_or_generic("HEADERS") {
            let headers = self.headers(&name, &raw);
            s = s.headers(headers);
        }
        let timeout_var = if self.raw("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT").is_some() {
            "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"
        } else {
            "OTEL_EXPORTER_OTLP_TIMEOUT"
        };
        if let Some(timeout) = self.millis(timeout_var, Duration::from_secs(10), true) {
            s = s.timeout(timeout.unwrap_or(Duration::ZERO));
        }
        if let Some((name, raw)) = self.signal_or_generic("COMPRESSION") {
            match raw.trim().to_ascii_lowercase().as_str() {
                "gzip" => s = s.compression(OtlpCompression::Gzip),
                "none" => s = s.compression(OtlpCompression::None),
                _ => self.warn(&name, &raw, "is not gzip or none", "none"),
            }
        }
        let insecure_var = if self.raw("OTEL_EXPORTER_OTLP_TRACES_INSECURE").is_some() {
            "OTEL_EXPORTER_OTLP_TRACES_INSECURE"
        } else {
            "OTEL_EXPORTER_OTLP_INSECURE"
        };
        if let Some(insecure) = self.boolean(insecure_var) {
            s = s.insecure(insecure);
        }
        if let Some((_, path)) = self.signal_or_generic("CERTIFICATE") {
            s = s.certificate(path.trim());
        }
        match (
            self.signal_or_generic("CLIENT_CERTIFICATE"),
            self.signal_or_generic("CLIENT_KEY"),
        ) {
            (Some((_, cert)), Some((_, key))) => s = s.client_certificate(cert.trim(), key.trim()),
            (Some((name, raw)), None) | (None, Some((name, raw))) => self.warn(
                &name,
                &raw,
                "needs both OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY",
                "no client certificate",
            ),
            (None, None) => {}
        }
        c.otlp = s;
    }

    /// `name=value,name=value`, values percent-decoded; a bad member is
    /// skipped with a warning that names it by position and name only.
    fn headers(&mut self, var: &str, raw: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, member) in raw.split(',').map(str::trim).enumerate() {
            if member.is_empty() {
                continue;
            }
            let n = i + 1;
            let Some((name, value)) = member.split_once('=') else {
                self.warnings.push(
                    var,
                    format!("{var}: member {n} has no '='; skipping it (values are not shown)"),
                );
                continue;
            };
            let name = name.trim();
            if !is_token(name) {
                self.warnings.push(
                    var,
                    format!(
                        "{var}: member {n} has an invalid header name {}; skipping it",
                        super::shown(name)
                    ),
                );
                continue;
            }
            match percent::decode(value.trim(), InvalidUtf8::Reject) {
                Some(value) if is_header_value(&value) => out.push((name.to_owned(), value)),
                _ => self.warnings.push(
                    var,
                    format!(
                        "{var}: the value of header {} has a bad percent-encoding or a control character; skipping it",
                        super::shown(name)
                    ),
                ),
            }
        }
        out
    }
}

/// Why `url` cannot be an endpoint of `protocol`, if it cannot.
fn endpoint_problem(url: &str, protocol: OtlpProtocol) -> Option<&'static str> {
    let rest = match url.split_once("://") {
        Some((scheme, rest)) if crate::config::otlp_settings::has_scheme(url) => {
            let scheme = scheme.to_ascii_lowercase();
            if scheme != "http" && scheme != "https" {
                return Some("is not an http:// or https:// URL");
            }
            rest
        }
        _ if protocol == OtlpProtocol::Grpc => url,
        _ => return Some("has no http:// or https:// scheme"),
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.chars().any(|ch| ch.is_whitespace() || ch.is_control()) {
        return Some("has no valid host");
    }
    None
}

/// An HTTP header value: visible characters, spaces and tabs.
fn is_header_value(s: &str) -> bool {
    s.chars().all(|ch| ch == '\t' || !ch.is_control())
}
