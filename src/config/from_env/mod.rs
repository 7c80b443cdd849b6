//! Reading the OpenTelemetry SDK environment variables (and `RUST_LOG`,
//! `LOG_FORMAT`) into a [`Config`], by the specification's rules: an empty
//! value means unset; only `true` (any case) is true; enum values are
//! case-insensitive; a bad value gives one warning naming the variable, the
//! value as given and what is used instead, never a failure.

use std::time::Duration;

mod otlp;

use super::log_directives::Directives;
use super::warnings::{brief, shown, Warnings};
use crate::config::DiagLevel;
use crate::{Config, Level, LogFormat, Propagator, Sampler, SpanExport};

/// Looks a variable up: `None` when unset, `Err` (the value, lossily
/// decoded) when it is not valid UTF-8.
pub(crate) type Lookup<'a> = &'a dyn Fn(&str) -> Option<Result<String, String>>;

/// Applies every variable `get` knows to `config`; warnings are kept in the
/// config and printed by `init`.
pub(crate) fn apply(config: &mut Config, get: Lookup<'_>) {
    let mut env = Env {
        get,
        warnings: Warnings::default(),
    };
    env.read_into(config);
    config.warnings.extend(env.warnings.into_lines());
}

/// The largest count or millisecond value taken from a variable: about
/// eleven days in milliseconds, a million spans in a queue. Larger values
/// are cut to it with a warning (they would only exhaust memory, or
/// overflow a deadline).
pub(crate) const MAX_INTEGER: u64 = 1_000_000_000;

struct Env<'a> {
    get: Lookup<'a>,
    warnings: Warnings,
}

impl Env<'_> {
    /// The value, or `None` when unset or empty (or not UTF-8: warned).
    fn raw(&mut self, name: &str) -> Option<String> {
        match (self.get)(name)? {
            Ok(value) => Some(value).filter(|v| !v.trim().is_empty()),
            Err(lossy) => {
                self.warn(name, &lossy, "is not valid UTF-8", "its default");
                None
            }
        }
    }

    /// One warning about `name`'s value (quoted by a bounded prefix).
    fn warn(&mut self, name: &str, raw: &str, problem: &str, instead: &str) {
        let line = format!("{name}={} {problem}; using {instead}", shown(raw));
        self.warnings.push(name, line);
    }

    fn boolean(&mut self, name: &str) -> Option<bool> {
        let raw = self.raw(name)?;
        match raw.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                self.warn(name, &raw, "is not true or false", "false");
                Some(false)
            }
        }
    }

    /// A non-negative integer; `min` rejects smaller values, larger ones
    /// than `MAX_INTEGER` are cut to it.
    fn integer(&mut self, name: &str, min: u64, default: &str) -> Option<u64> {
        let raw = self.raw(name)?;
        match raw.trim().parse::<u64>() {
            Ok(n) if n > MAX_INTEGER => {
                self.warn(
                    name,
                    &raw,
                    &format!("is above {MAX_INTEGER}"),
                    &MAX_INTEGER.to_string(),
                );
                Some(MAX_INTEGER)
            }
            Ok(n) if n >= min => Some(n),
            Ok(_) => {
                self.warn(name, &raw, &format!("is below {min}"), default);
                None
            }
            Err(_) => {
                self.warn(name, &raw, "is not a whole number", default);
                None
            }
        }
    }

    /// Milliseconds; `0` means no limit when `zero_is_unlimited`.
    fn millis(
        &mut self,
        name: &str,
        default: Duration,
        zero_is_unlimited: bool,
    ) -> Option<Option<Duration>> {
        let shown = format!("{} ms", default.as_millis());
        let min = u64::from(!zero_is_unlimited);
        let ms = self.integer(name, min, &shown)?;
        Some((ms > 0).then(|| Duration::from_millis(ms)))
    }

    fn read_into(&mut self, c: &mut Config) {
        if let Some(disabled) = self.boolean("OTEL_SDK_DISABLED") {
            c.sdk_disabled = disabled;
        }
        if let Some(level) = self.diag_level() {
            c.diag_level = level;
        }
        if let Some(name) = self.raw("OTEL_SERVICE_NAME") {
            c.service_name = Some(name.trim().to_owned().into());
        }
        if let Some(raw) = self.raw("OTEL_RESOURCE_ATTRIBUTES") {
            match parse_resource_attributes(&raw) {
                Ok(attrs) => c.resource_attributes = attrs,
                Err(why) => self.warn(
                    "OTEL_RESOURCE_ATTRIBUTES",
                    &raw,
                    &format!("is invalid ({})", brief(&why)),
                    "no resource attributes from the environment",
                ),
            }
        }
        if let Some(sampler) = self.sampler() {
            c.sampler = sampler;
        }
        if let Some(export) = self.exporter() {
            c.span_export = export;
        }
        if let Some(propagators) = self.propagators() {
            c.propagators = propagators;
        }
        self.batch(c);
        self.otlp(c);
        self.limits(c);
        if let Some(directives) = self.raw("RUST_LOG") {
            let (_, problems) = Directives::parse(&directives, Level::Info);
            for problem in problems {
                self.warnings
                    .push("RUST_LOG", format!("RUST_LOG: {problem}"));
            }
            c.log_directives = Some(directives.trim().to_owned());
        }
        if let Some(raw) = self.raw("LOG_FORMAT") {
            match raw.trim().to_ascii_lowercase().as_str() {
                "json" => c.log_format = LogFormat::Json,
                "pretty" => c.log_format = LogFormat::Pretty,
                _ => self.warn("LOG_FORMAT", &raw, "is not json or pretty", "json"),
            }
        }
    }

    fn diag_level(&mut self) -> Option<DiagLevel> {
        let raw = self.raw("OTEL_LOG_LEVEL")?;
        let level = match raw.trim().to_ascii_lowercase().as_str() {
            "none" | "off" => DiagLevel::None,
            "error" => DiagLevel::Error,
            "warn" | "warning" | "info" | "debug" | "verbose" | "all" => DiagLevel::Warn,
            _ => {
                self.warn("OTEL_LOG_LEVEL", &raw, "is not a known level", "info");
                DiagLevel::Warn
            }
        };
        Some(level)
    }

    fn sampler(&mut self) -> Option<Sampler> {
        let name = self
            .raw("OTEL_TRACES_SAMPLER")
            .map(|raw| (raw.trim().to_ascii_lowercase(), raw));
        let arg = self.raw("OTEL_TRACES_SAMPLER_ARG");
        let ratio = |env: &mut Self| -> f64 {
            let Some(raw) = &arg else { return 1.0 };
            match raw.trim().parse::<f64>() {
                Ok(r) if (0.0..=1.0).contains(&r) => r,
                Ok(_) => {
                    env.warn("OTEL_TRACES_SAMPLER_ARG", raw, "is outside [0, 1]", "1.0");
                    1.0
                }
                Err(_) => {
                    env.warn("OTEL_TRACES_SAMPLER_ARG", raw, "is not a number", "1.0");
                    1.0
                }
            }
        };
        let (lower, raw) = name?;
        let sampler = match lower.as_str() {
            "always_on" => Sampler::AlwaysOn,
            "always_off" => Sampler::AlwaysOff,
            "traceidratio" => Sampler::TraceIdRatio(ratio(self)),
            "parentbased_always_on" => Sampler::ParentBasedAlwaysOn,
            "parentbased_always_off" => Sampler::ParentBasedAlwaysOff,
            "parentbased_traceidratio" => Sampler::ParentBasedTraceIdRatio(ratio(self)),
            "jaeger_remote" | "parentbased_jaeger_remote" | "xray" => {
                self.warn(
                    "OTEL_TRACES_SAMPLER",
                    &raw,
                    "is not supported by telemetry-facade",
                    "parentbased_always_on",
                );
                return None;
            }
            _ => {
                self.warn(
                    "OTEL_TRACES_SAMPLER",
                    &raw,
                    "is not a known sampler",
                    "parentbased_always_on",
                );
                return None;
            }
        };
        Some(sampler)
    }

    fn exporter(&mut self) -> Option<SpanExport> {
        let raw = self.raw("OTEL_TRACES_EXPORTER")?;
        let mut chosen: Option<SpanExport> = None;
        for part in raw
            .split(',')
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| !p.is_empty())
        {
            let export = match SpanExport::from_env_name(&part) {
                Some(e) => e,
                None => {
                    self.warn(
                        "OTEL_TRACES_EXPORTER",
                        &raw,
                        &format!("names an unknown exporter {part:?}"),
                        "the other exporters listed",
                    );
                    continue;
                }
            };
            // One exporter at a time: the first real one listed wins.
            if chosen.is_none() || chosen == Some(SpanExport::None) {
                chosen = Some(export);
            }
        }
        chosen
    }

    fn propagators(&mut self) -> Option<Vec<Propagator>> {
        let raw = self.raw("OTEL_PROPAGATORS")?;
        let mut list = Vec::new();
        for part in raw
            .split(',')
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| !p.is_empty())
        {
            match part.as_str() {
                "tracecontext" => list.push(Propagator::TraceContext),
                "baggage" => list.push(Propagator::Baggage),
                "none" => {}
                _ => self.warn(
                    "OTEL_PROPAGATORS",
                    &raw,
                    &format!("names an unsupported propagator {part:?}"),
                    "the other propagators listed",
                ),
            }
        }
        if raw
            .split(',')
            .any(|p| p.trim().eq_ignore_ascii_case("none"))
        {
            list.clear();
        }
        list.dedup();
        Some(list)
    }

    fn batch(&mut self, c: &mut Config) {
        let d = crate::BatchSettings::default();
        if let Some(n) = self.integer("OTEL_BSP_MAX_QUEUE_SIZE", 1, &d.max_queue_size.to_string()) {
            c.batch.max_queue_size = n as usize;
        }
        if let Some(Some(delay)) = self.millis("OTEL_BSP_SCHEDULE_DELAY", d.schedule_delay, false) {
            c.batch.schedule_delay = delay;
        }
        if let Some(timeout) = self.millis(
            "OTEL_BSP_EXPORT_TIMEOUT",
            Duration::from_millis(30_000),
            true,
        ) {
            c.batch.export_timeout = timeout;
        }
        if let Some(n) = self.integer(
            "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
            1,
            &d.max_export_batch_size.to_string(),
        ) {
            c.batch.max_export_batch_size = n as usize;
        }
        if c.batch.max_export_batch_size > c.batch.max_queue_size {
            let raw = self
                .raw("OTEL_BSP_MAX_EXPORT_BATCH_SIZE")
                .unwrap_or_default();
            let queue = c.batch.max_queue_size;
            self.warn(
                "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
                &raw,
                &format!("exceeds the queue size {queue}"),
                &queue.to_string(),
            );
            c.batch.max_export_batch_size = queue;
        }
        let (batch, problems) = c.batch.checked();
        for problem in problems {
            let problem = problem
                .replace("max_queue_size", "OTEL_BSP_MAX_QUEUE_SIZE")
                .replace("max_export_batch_size", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE")
                .replace("schedule_delay", "OTEL_BSP_SCHEDULE_DELAY")
                .replace("export_timeout", "OTEL_BSP_EXPORT_TIMEOUT");
            self.warnings.push("OTEL_BSP_*", problem);
        }
        c.batch = batch;
    }

    fn limits(&mut self, c: &mut Config) {
        if let Some(n) = self.integer("OTEL_ATTRIBUTE_COUNT_LIMIT", 0, "128") {
            c.attribute_limits.count = n as usize;
        }
        if let Some(n) = self.integer("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", 0, "no limit") {
            c.attribute_limits.value_length = Some(n as usize);
        }
    }
}

/// `k=v,k=v` with percent-encoded values (W3C Baggage's format, which
/// the resource specification uses); any error discards the whole value.
pub(crate) fn parse_resource_attributes(raw: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for member in raw.split(',').map(str::trim).filter(|m| !m.is_empty()) {
        let (key, value) = member
            .split_once('=')
            .ok_or_else(|| format!("{member:?} has no '='"))?;
        let key = key.trim();
        if key.is_empty() {
            return Err(format!("{member:?} has an empty key"));
        }
        let value = percent_decode(value.trim())
            .ok_or_else(|| format!("{member:?} has a bad percent-encoding"))?;
        out.push((
            percent_decode(key).ok_or_else(|| format!("{member:?} has a bad percent-encoding"))?,
            value,
        ));
    }
    Ok(out)
}

/// Decodes `%XX` escapes; `None` on a malformed escape or invalid UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b").as_deref(), Some("a b"));
        assert_eq!(percent_decode("%E2%9C%93").as_deref(), Some("✓"));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%FF"), None, "not UTF-8");
    }
}
