//! The `OTEL_EXPORTER_OTLP_*` variables, for traces and for logs: each
//! setting comes from its per-signal variable (`…_TRACES_…`, `…_LOGS_…`)
//! when set, else from the generic one. A bad value gives one warning and keeps the default; header
//! values are never repeated in warnings (they often carry credentials).

use std::time::Duration;

use super::Env;
use crate::text::http_token::is_token;
use crate::text::percent::{self, InvalidUtf8};
use crate::{Config, OtlpCompression, OtlpProtocol, OtlpSettings};

impl Env<'_> {
    /// The variable of `setting` for `signal` (`OTEL_EXPORTER_OTLP_TRACES_…`,
    /// `…_LOGS_…`), or the generic one (`OTEL_EXPORTER_OTLP_…`) for `None`.
    fn otlp_var(signal: Option<&str>, setting: &str) -> String {
        match signal {
            Some(signal) => format!("OTEL_EXPORTER_OTLP_{signal}_{setting}"),
            None => format!("OTEL_EXPORTER_OTLP_{setting}"),
        }
    }

    /// Spans get the generic variables, then the `…_TRACES_…` ones; log
    /// records and metrics the generic ones, then the `…_LOGS_…` or
    /// `…_METRICS_…` ones (each over the settings already in `c`).
    pub(super) fn otlp(&mut self, c: &mut Config) {
        let logs_before = c.get_otlp_logs();
        let metrics_before = c.get_otlp_metrics();
        let generic = self.otlp_layer(c.otlp.clone(), None);
        c.otlp = self.otlp_layer(generic, Some("TRACES"));
        // The generic variables were warned about once already.
        let warned = std::mem::take(&mut self.warnings);
        let logs = self.otlp_layer(logs_before.clone(), None);
        self.warnings = warned;
        let logs = self.otlp_layer(logs, Some("LOGS"));
        if logs != logs_before {
            c.otlp_logs = Some(logs);
        }
        let warned = std::mem::take(&mut self.warnings);
        let metrics = self.otlp_layer(metrics_before.clone(), None);
        self.warnings = warned;
        let metrics = self.otlp_layer(metrics, Some("METRICS"));
        if metrics != metrics_before {
            c.otlp_metrics = Some(metrics);
        }
    }

    /// Applies one layer of variables (generic, or one signal's) over `s`.
    fn otlp_layer(&mut self, mut s: OtlpSettings, signal: Option<&str>) -> OtlpSettings {
        let var = |setting: &str| Self::otlp_var(signal, setting);
        let name = var("PROTOCOL");
        if let Some(raw) = self.raw(&name) {
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
        let name = var("ENDPOINT");
        if let Some(raw) = self.raw(&name) {
            let url = raw.trim();
            match endpoint_problem(url, s.get_protocol()) {
                None if signal.is_some() => s = s.endpoint(url),
                None => s = s.base_endpoint(url),
                Some(why) => self.warn(
                    &name,
                    &raw,
                    &super::brief(why),
                    "the next setting or the default endpoint",
                ),
            }
        }
        let name = var("HEADERS");
        if let Some(raw) = self.raw(&name) {
            let headers = self.headers(&name, &raw);
            s = s.headers(headers);
        }
        if let Some(timeout) = self.millis(&var("TIMEOUT"), Duration::from_secs(10), true) {
            s = s.timeout(timeout.unwrap_or(Duration::ZERO));
        }
        let name = var("COMPRESSION");
        if let Some(raw) = self.raw(&name) {
            match raw.trim().to_ascii_lowercase().as_str() {
                "gzip" => s = s.compression(OtlpCompression::Gzip),
                "none" => s = s.compression(OtlpCompression::None),
                _ => self.warn(&name, &raw, "is not gzip or none", "none"),
            }
        }
        if let Some(insecure) = self.boolean(&var("INSECURE")) {
            s = s.insecure(insecure);
        }
        if let Some(path) = self.raw(&var("CERTIFICATE")) {
            s = s.certificate(path.trim());
        }
        // A signal's certificate may pair with the generic key, and back.
        let pair_part = |env: &mut Self, setting: &str| {
            let own = var(setting);
            match env.raw(&own) {
                Some(raw) => Some((own, raw, true)),
                None if signal.is_some() => {
                    let generic = Self::otlp_var(None, setting);
                    env.raw(&generic).map(|raw| (generic, raw, false))
                }
                None => None,
            }
        };
        match (
            pair_part(self, "CLIENT_CERTIFICATE"),
            pair_part(self, "CLIENT_KEY"),
        ) {
            // Neither is this layer's own: the generic layer applied them.
            (Some((_, _, false)), Some((_, _, false))) => {}
            (Some((_, cert, _)), Some((_, key, _))) => {
                s = s.client_certificate(cert.trim(), key.trim())
            }
            (Some((name, raw, true)), None) | (None, Some((name, raw, true))) => self.warn(
                &name,
                &raw,
                "needs both OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE and OTEL_EXPORTER_OTLP_CLIENT_KEY",
                "no client certificate",
            ),
            _ => {}
        }
        s
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
