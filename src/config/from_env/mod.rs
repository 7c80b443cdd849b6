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
use crate::text::percent::{self, InvalidUtf8};
use crate::{
    BatchSettings, Config, ExemplarFilter, Level, LogExport, LogFormat, Propagator, Sampler,
    SpanExport, Temporality,
};

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
        c.batch = self.batch("OTEL_BSP", c.batch, BatchSettings::default());
        c.log_batch = self.batch("OTEL_BLRP", c.log_batch, BatchSettings::for_logs());
        if let Some(export) = self.log_export() {
            c.log_export = export;
        }
        self.metrics(c);
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
        if let Some(raw) = self.raw("TELEMETRY_FACADE_REDACT_KEYS") {
            let (keys, problems) = crate::redaction::parse_key_list(&raw);
            for problem in problems {
                let line = format!(
                    "TELEMETRY_FACADE_REDACT_KEYS: {} is not a key (letters, digits, _ - .); skipping it",
                    shown(&problem)
                );
                self.warnings.push("TELEMETRY_FACADE_REDACT_KEYS", line);
            }
            c.redact_keys = keys;
        }
        if let Some(on) = self.boolean("TELEMETRY_FACADE_REDACT_VALUES") {
            c.redact_values = on;
        }
        if let Some(raw) = self.raw("TELEMETRY_FACADE_LOG_SAMPLING") {
            let (sampling, problems) = crate::LogSampling::parse(&raw);
            for problem in problems {
                self.warnings.push(
                    "TELEMETRY_FACADE_LOG_SAMPLING",
                    format!("TELEMETRY_FACADE_LOG_SAMPLING: {problem}"),
                );
            }
            c.log_sampling = Some(sampling);
        }
        if let Some(raw) = self.raw("LOG_FORMAT") {
            match raw.trim().to_ascii_lowercase().as_str() {
                "json" => c.log_format = LogFormat::Json,
                "pretty" => c.log_format = LogFormat::Pretty,
                _ => self.warn("LOG_FORMAT", &raw, "is not json or pretty", "json"),
            }
        }
    }

    /// `OTEL_LOG_LEVEL`: OpenTelemetry's diagnostic levels `none`, `error`,
    /// `warn`, `info`, `debug`, `verbose`, `all` (and `off`). The names it
    /// shares with [`Level`] are read through `Level`'s one table of names,
    /// so `warning` is accepted too; `trace`, `critical` and `fatal` are not
    /// diagnostic levels.
    fn diag_level(&mut self) -> Option<DiagLevel> {
        let raw = self.raw("OTEL_LOG_LEVEL")?;
        let name = raw.trim().to_ascii_lowercase();
        let level = match (name.as_str(), name.parse::<Level>()) {
            ("none" | "off", _) => DiagLevel::None,
            (_, Ok(Level::Error)) => DiagLevel::Error,
            ("verbose" | "all", _) | (_, Ok(Level::Warn | Level::Info | Level::Debug)) => {
                DiagLevel::Warn
            }
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

    /// A batch processor's variables: `OTEL_BSP_*` for spans,
    /// `OTEL_BLRP_*` for log records.
    fn batch(&mut self, prefix: &str, mut b: BatchSettings, d: BatchSettings) -> BatchSettings {
        let var = |setting: &str| format!("{prefix}_{setting}");
        if let Some(n) = self.integer(&var("MAX_QUEUE_SIZE"), 1, &d.max_queue_size.to_string()) {
            b.max_queue_size = n as usize;
        }
        if let Some(Some(delay)) = self.millis(&var("SCHEDULE_DELAY"), d.schedule_delay, false) {
            b.schedule_delay = delay;
        }
        if let Some(timeout) =
            self.millis(&var("EXPORT_TIMEOUT"), Duration::from_millis(30_000), true)
        {
            b.export_timeout = timeout;
        }
        let batch_var = var("MAX_EXPORT_BATCH_SIZE");
        if let Some(n) = self.integer(&batch_var, 1, &d.max_export_batch_size.to_string()) {
            b.max_export_batch_size = n as usize;
        }
        if b.max_export_batch_size > b.max_queue_size {
            let raw = self.raw(&batch_var).unwrap_or_default();
            let queue = b.max_queue_size;
            self.warn(
                &batch_var,
                &raw,
                &format!("exceeds the queue size {queue}"),
                &queue.to_string(),
            );
            b.max_export_batch_size = queue;
        }
        let (b, problems) = b.checked();
        for problem in problems {
            let problem = problem
                .replace("max_queue_size", &var("MAX_QUEUE_SIZE"))
                .replace("max_export_batch_size", &batch_var)
                .replace("schedule_delay", &var("SCHEDULE_DELAY"))
                .replace("export_timeout", &var("EXPORT_TIMEOUT"));
            self.warnings.push(&format!("{prefix}_*"), problem);
        }
        b
    }

    /// `OTEL_METRICS_EXPORTER` (a list of `otlp`, `console`, `prometheus`,
    /// `none`), `OTEL_METRIC_EXPORT_INTERVAL`, `OTEL_METRIC_EXPORT_TIMEOUT`,
    /// `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE`,
    /// `OTEL_METRICS_EXEMPLAR_FILTER`.
    fn metrics(&mut self, c: &mut Config) {
        let mut m = c.metrics.clone();
        if let Some(raw) = self.raw("OTEL_METRICS_EXPORTER") {
            let (mut otlp, mut console, mut prometheus) = (false, false, false);
            for part in raw
                .split(',')
                .map(|p| p.trim().to_ascii_lowercase())
                .filter(|p| !p.is_empty())
            {
                match part.as_str() {
                    "otlp" => otlp = true,
                    "console" => console = true,
                    "prometheus" => prometheus = true,
                    "none" => {}
                    _ => self.warn(
                        "OTEL_METRICS_EXPORTER",
                        &raw,
                        &format!("names an unknown exporter {part:?}"),
                        "the other exporters listed",
                    ),
                }
            }
            m = m.otlp(otlp).console(console).prometheus(prometheus);
        }
        let d = crate::MetricsSettings::new();
        if let Some(Some(interval)) = self.millis(
            "OTEL_METRIC_EXPORT_INTERVAL",
            d.get_export_interval(),
            false,
        ) {
            m = m.export_interval(interval);
        }
        if let Some(Some(timeout)) =
            self.millis("OTEL_METRIC_EXPORT_TIMEOUT", d.get_export_timeout(), false)
        {
            m = m.export_timeout(timeout);
        }
        let name = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE";
        if let Some(raw) = self.raw(name) {
            match raw.trim().to_ascii_lowercase().as_str() {
                "cumulative" => m = m.temporality(Temporality::Cumulative),
                "delta" => m = m.temporality(Temporality::Delta),
                "lowmemory" => m = m.temporality(Temporality::LowMemory),
                _ => self.warn(
                    name,
                    &raw,
                    "is not cumulative, delta or lowmemory",
                    "cumulative",
                ),
            }
        }
        if let Some(raw) = self.raw("OTEL_METRICS_EXEMPLAR_FILTER") {
            match raw.trim().to_ascii_lowercase().as_str() {
                "trace_based" => m = m.exemplar_filter(ExemplarFilter::TraceBased),
                "always_on" => m = m.exemplar_filter(ExemplarFilter::AlwaysOn),
                "always_off" => m = m.exemplar_filter(ExemplarFilter::AlwaysOff),
                _ => self.warn(
                    "OTEL_METRICS_EXEMPLAR_FILTER",
                    &raw,
                    "is not trace_based, always_on or always_off",
                    "trace_based",
                ),
            }
        }
        c.metrics = m;
    }

    /// `OTEL_LOGS_EXPORTER`: a list of `console` (the log output), `otlp`
    /// and `none`.
    fn log_export(&mut self) -> Option<LogExport> {
        let raw = self.raw("OTEL_LOGS_EXPORTER")?;
        let (mut output, mut otlp) = (false, false);
        for part in raw
            .split(',')
            .map(|p| p.trim().to_ascii_lowercase())
            .filter(|p| !p.is_empty())
        {
            match part.as_str() {
                "console" => output = true,
                "otlp" => otlp = true,
                "none" => {}
                _ => self.warn(
                    "OTEL_LOGS_EXPORTER",
                    &raw,
                    &format!("names an unknown exporter {part:?}"),
                    "the other exporters listed",
                ),
            }
        }
        Some(LogExport::from_parts(output, otlp))
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

/// `k=v,k=v` with percent-encoded keys and values (W3C Baggage's format,
/// which the resource specification uses); any error discards the whole
/// value: "In case of any error, e.g. failure during the decoding process,
/// the entire environment variable value SHOULD be discarded". A decoded
/// key or value that is not UTF-8 is such an error.
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
        let decode = |text: &str| {
            percent::decode(text, InvalidUtf8::Reject)
                .ok_or_else(|| format!("{member:?} has a bad percent-encoding"))
        };
        let value = decode(value.trim())?;
        out.push((decode(key)?, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_attributes_are_percent_decoded() {
        assert_eq!(
            parse_resource_attributes("a%20b=c%2Cd, k = %E2%9C%93 "),
            Ok(vec![
                ("a b".to_owned(), "c,d".to_owned()),
                ("k".to_owned(), "✓".to_owned())
            ])
        );
    }

    #[test]
    fn a_bad_escape_or_invalid_utf8_anywhere_discards_the_whole_value() {
        for raw in [
            // `%` not followed by two hex digits (no sign: `%+5` is no escape).
            "good=1,bad=%zz",
            "good=1,bad=%",
            "good=1,bad=x%2",
            "good=1,bad=%+5",
            "b%zz=1,good=1",
            // Decoded bytes that are not UTF-8, in a value or a key.
            "good=1,bad=%FF",
            "good=1,bad=a%C3",
            "good=1,%FF=x",
            "good=1,bad=%ED%A0%80",
        ] {
            let err = parse_resource_attributes(raw).unwrap_err();
            assert!(err.contains("bad percent-encoding"), "{raw:?}: {err}");
        }
    }

    /// The default config with the one variable `var` set to `raw`.
    fn applied(var: &str, raw: &str) -> Config {
        let mut config = Config::default();
        apply(&mut config, &|name: &str| {
            (name == var).then(|| Ok(raw.to_owned()))
        });
        config
    }

    #[test]
    fn otel_log_level_names() {
        let level = |raw: &str| {
            let config = applied("OTEL_LOG_LEVEL", raw);
            (config.diag_level, config.warnings.len())
        };
        for (raw, expected) in [
            ("none", DiagLevel::None),
            ("OFF", DiagLevel::None),
            ("error", DiagLevel::Error),
            ("warn", DiagLevel::Warn),
            ("Warning", DiagLevel::Warn),
            ("info", DiagLevel::Warn),
            ("debug", DiagLevel::Warn),
            ("verbose", DiagLevel::Warn),
            ("all", DiagLevel::Warn),
        ] {
            assert_eq!(level(raw), (expected, 0), "{raw:?}");
        }
        for unknown in ["trace", "critical", "fatal", "chatty"] {
            assert_eq!(level(unknown), (DiagLevel::Warn, 1), "{unknown:?}");
        }
    }

    #[test]
    fn log_sampling_from_the_environment() {
        let config = applied(
            "TELEMETRY_FACADE_LOG_SAMPLING",
            "100/1s:10,a::b=off,sample_errors",
        );
        let sampling = config.get_log_sampling().expect("set");
        assert_eq!(sampling.get_limit().get_first(), 100);
        assert_eq!(sampling.get_limit().get_one_in(), 10);
        assert!(sampling.limit_for("a::b::c").is_unlimited());
        assert!(sampling.get_sample_errors());
        assert!(config.warnings.is_empty(), "{:?}", config.warnings);

        let config = applied("TELEMETRY_FACADE_LOG_SAMPLING", &"1/0s,".repeat(1000));
        assert_eq!(
            config.warnings,
            [
                "TELEMETRY_FACADE_LOG_SAMPLING: \"1/0s\" has an interval of zero; skipping it",
                "TELEMETRY_FACADE_LOG_SAMPLING: \"1/0s\" has an interval of zero; skipping it",
                "TELEMETRY_FACADE_LOG_SAMPLING: \"1/0s\" has an interval of zero; skipping it",
                "TELEMETRY_FACADE_LOG_SAMPLING: \"1/0s\" has an interval of zero; skipping it",
                "TELEMETRY_FACADE_LOG_SAMPLING: and 996 more problems",
            ]
        );
        let sampling = config.get_log_sampling().expect("set");
        assert!(sampling.get_limit().is_unlimited() && sampling.get_loggers().is_empty());
    }

    fn headers(raw: &str) -> (Vec<(String, String)>, Vec<String>) {
        let config = applied("OTEL_EXPORTER_OTLP_HEADERS", raw);
        (config.otlp.get_headers().to_vec(), config.warnings)
    }

    #[test]
    fn a_header_with_a_bad_escape_or_invalid_utf8_is_skipped_alone() {
        for bad in ["%zz", "%", "x%2", "%+5", "%FF", "a%C3"] {
            let (kept, warnings) = headers(&format!("good=a%20b,bad={bad}"));
            assert_eq!(kept, [("good".to_owned(), "a b".to_owned())], "{bad:?}");
            assert_eq!(warnings.len(), 1, "{bad:?}: {warnings:?}");
            assert!(
                warnings[0].contains("\"bad\" has a bad percent-encoding"),
                "{warnings:?}"
            );
            assert!(
                !warnings[0].contains(bad),
                "the value is never shown: {warnings:?}"
            );
        }
    }
}
