//! [`Config`]: what an application chooses at [`init`](crate::init).

mod from_env;
pub(crate) mod log_directives;
mod log_export;
mod log_sampling;
mod log_settings;
mod metrics_settings;
pub(crate) mod otlp_settings;
mod trace_settings;
pub(crate) mod warnings;

pub use log_sampling::{LogLimit, LogSampling};
pub use log_settings::{LogExport, LogFormat, LogOutput, TraceFieldStyle};
pub use metrics_settings::{ExemplarFilter, MetricsSettings, Temporality};
pub use otlp_settings::{OtlpCompression, OtlpProtocol, OtlpSettings};
pub use trace_settings::{AttributeLimits, BatchSettings, Propagator, Sampler};

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::backend::log::SelectedLogger;
use crate::backend::metrics::SelectedMeter;
use crate::backend::trace::SelectedTracer;
use crate::backend::Install;
use crate::Level;

/// The longest duration a setting takes (about eleven days): longer ones
/// are cut to it with a warning, so no deadline computed from one
/// overflows.
pub(crate) const MAX_DURATION: Duration = Duration::from_millis(from_env::MAX_INTEGER);

/// Where finished spans go.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, SpanExport};
///
/// let config = Config::new().span_export(SpanExport::Stdout);
/// assert_eq!(config.get_span_export(), SpanExport::Stdout);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum SpanExport {
    /// Spans are recorded (so log lines carry their ids) but not exported.
    #[default]
    None,
    /// One readable line per finished span on standard output.
    Stdout,
    /// One readable line per finished span on standard error.
    Stderr,
    /// To an OpenTelemetry collector over OTLP, as the
    /// [`OtlpSettings`](crate::OtlpSettings) say, through a batch span
    /// processor ([`BatchSettings`](crate::BatchSettings)): ending a span
    /// never waits for the network. Needs the `otlp` feature; without it
    /// `init` warns and spans are not exported.
    Otlp,
}

/// The application's telemetry settings, passed to [`init`](crate::init).
///
/// Libraries never build one: only the final application decides where
/// telemetry goes.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::{Config, SpanExport};
///
/// let config = Config::new()
///     .service_name("checkout")
///     .span_export(SpanExport::Stderr)
///     .shutdown_timeout(Duration::from_secs(2));
/// assert_eq!(config.get_service_name(), "checkout");
/// ```
///
/// Every builder method, and the getter that reads each choice back:
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::{
///     AttributeLimits, BatchSettings, Config, Level, LogFormat, LogOutput, LogSampling,
///     OtlpSettings, Propagator, Sampler, SpanExport, TraceFieldStyle,
/// };
///
/// let mut batch = BatchSettings::default();
/// batch.max_queue_size = 4096;
/// let mut limits = AttributeLimits::default();
/// limits.value_length = Some(1024);
///
/// let config = Config::new()
///     .sdk_disabled(false)
///     .service_name("checkout")
///     .resource_attribute("deployment.environment", "staging")
///     .sampler(Sampler::ParentBasedTraceIdRatio(0.25))
///     .propagators([Propagator::TraceContext])
///     .batch(batch)
///     .attribute_limits(limits)
///     .span_export(SpanExport::Otlp)
///     .otlp(OtlpSettings::new().base_endpoint("http://collector:4318"))
///     .shutdown_timeout(Duration::from_secs(2))
///     .install_global(false)
///     .log_level(Level::Debug)
///     .log_directives("info,my_crate::db=trace")
///     .log_format(LogFormat::Pretty)
///     .log_output(LogOutput::Stderr)
///     .trace_fields(TraceFieldStyle::Datadog)
///     .log_sampling(LogSampling::new(100, Duration::from_secs(1)));
///
/// assert!(!config.is_sdk_disabled());
/// assert_eq!(config.get_service_name(), "checkout");
/// assert_eq!(
///     config.get_resource_attributes(),
///     [("deployment.environment".to_owned(), "staging".to_owned())]
/// );
/// assert_eq!(config.get_sampler(), Sampler::ParentBasedTraceIdRatio(0.25));
/// assert_eq!(config.get_propagators(), [Propagator::TraceContext]);
/// assert_eq!(config.get_batch().max_queue_size, 4096);
/// assert_eq!(config.get_attribute_limits().value_length, Some(1024));
/// assert_eq!(config.get_span_export(), SpanExport::Otlp);
/// assert_eq!(config.get_otlp().traces_endpoint(), "http://collector:4318/v1/traces");
/// assert_eq!(config.get_log_level(), Level::Debug);
/// assert_eq!(config.get_log_directives(), Some("info,my_crate::db=trace"));
/// assert_eq!(config.get_log_format(), LogFormat::Pretty);
/// assert_eq!(config.get_log_sampling(), Some(&LogSampling::new(100, Duration::from_secs(1))));
/// assert!(config.warnings().is_empty());
/// ```
pub struct Config {
    pub(crate) sdk_disabled: bool,
    pub(crate) diag_level: DiagLevel,
    pub(crate) service_name: Option<Cow<'static, str>>,
    pub(crate) resource_attributes: Vec<(String, String)>,
    pub(crate) sampler: Sampler,
    pub(crate) propagators: Vec<Propagator>,
    pub(crate) batch: BatchSettings,
    pub(crate) attribute_limits: AttributeLimits,
    pub(crate) warnings: Vec<String>,
    pub(crate) span_export: SpanExport,
    pub(crate) otlp: OtlpSettings,
    pub(crate) shutdown_timeout: Duration,
    pub(crate) install_global: bool,
    pub(crate) log_level: Level,
    pub(crate) log_directives: Option<String>,
    pub(crate) log_format: LogFormat,
    pub(crate) log_output: LogOutput,
    pub(crate) trace_fields: TraceFieldStyle,
    pub(crate) redact_keys: Vec<String>,
    pub(crate) redact_values: bool,
    pub(crate) capture_log_crate: bool,
    pub(crate) capture_tracing: bool,
    pub(crate) record_panics: bool,
    pub(crate) log_export: LogExport,
    /// Settings for log records over OTLP; `None`: those of spans.
    pub(crate) otlp_logs: Option<OtlpSettings>,
    pub(crate) log_batch: BatchSettings,
    pub(crate) log_sampling: Option<LogSampling>,
    pub(crate) metrics: MetricsSettings,
    /// Settings for metrics over OTLP; `None`: those of spans.
    pub(crate) otlp_metrics: Option<OtlpSettings>,
    /// What the trace backend's escape hatches put here (exporters).
    pub(crate) trace_payload: <SelectedTracer as Install>::ConfigPayload,
    /// What the log backend's escape hatches put here (a drain).
    pub(crate) log_payload: <SelectedLogger as Install>::ConfigPayload,
    /// What the metrics backend's escape hatches put here (readers).
    pub(crate) metrics_payload: <SelectedMeter as Install>::ConfigPayload,
}

// Unwind safe in every build, like the handles (the boxed exporters and
// drains some builds hold are not marked so).
impl std::panic::UnwindSafe for Config {}
impl std::panic::RefUnwindSafe for Config {}

impl Default for Config {
    fn default() -> Config {
        Config::new()
    }
}

impl Config {
    /// The defaults: service name `unknown_service:<executable>`, spans
    /// recorded but not exported, a 5 s shutdown timeout, and the tracer
    /// provider installed as OpenTelemetry's global one.
    ///
    /// The environment is not read: see [`from_env`](Config::from_env).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, Level, LogFormat, Sampler, SpanExport};
    ///
    /// let config = Config::new();
    /// assert!(config.get_service_name().starts_with("unknown_service"));
    /// assert_eq!(config.get_span_export(), SpanExport::None);
    /// assert_eq!(config.get_sampler(), Sampler::ParentBasedAlwaysOn);
    /// assert_eq!(config.get_log_level(), Level::Info);
    /// assert_eq!(config.get_log_format(), LogFormat::Json);
    /// assert!(config.warnings().is_empty());
    /// ```
    pub fn new() -> Config {
        Config {
            sdk_disabled: false,
            diag_level: DiagLevel::Warn,
            service_name: None,
            resource_attributes: Vec::new(),
            sampler: Sampler::ParentBasedAlwaysOn,
            propagators: vec![Propagator::TraceContext, Propagator::Baggage],
            batch: BatchSettings::default(),
            attribute_limits: AttributeLimits::default(),
            warnings: Vec::new(),
            span_export: SpanExport::None,
            otlp: OtlpSettings::new(),
            shutdown_timeout: Duration::from_secs(5),
            install_global: true,
            log_level: Level::Info,
            log_directives: None,
            log_format: LogFormat::Json,
            log_output: LogOutput::Stdout,
            trace_fields: TraceFieldStyle::Flat,
            redact_keys: crate::redaction::DEFAULT_KEYS
                .iter()
                .map(|k| (*k).to_owned())
                .collect(),
            redact_values: false,
            capture_log_crate: true,
            capture_tracing: true,
            record_panics: false,
            log_export: LogExport::Output,
            otlp_logs: None,
            log_batch: BatchSettings::for_logs(),
            log_sampling: None,
            metrics: MetricsSettings::new(),
            otlp_metrics: None,
            trace_payload: Default::default(),
            log_payload: Default::default(),
            metrics_payload: Default::default(),
        }
    }

    /// The defaults, overridden by the OpenTelemetry SDK environment
    /// variables and the logging ones (`RUST_LOG`, `LOG_FORMAT`); see the
    /// README for the full list and defaults. Builder calls made after
    /// this override the environment.
    ///
    /// A malformed value never fails: it is replaced by its default and
    /// [`init`](crate::init) prints one warning line on stderr naming the
    /// variable, the value as given and what is used instead (also
    /// available from [`warnings`](Config::warnings)).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Config;
    ///
    /// // OTEL_SERVICE_NAME, OTEL_TRACES_EXPORTER, RUST_LOG, ... as this
    /// // process got them; a builder call made after wins over them.
    /// let config = Config::from_env().service_name("checkout");
    /// assert_eq!(config.get_service_name(), "checkout");
    /// for warning in config.warnings() {
    ///     eprintln!("{warning}"); // `init` prints them too
    /// }
    /// ```
    pub fn from_env() -> Config {
        Config::new().with_env()
    }

    /// Applies the environment over this configuration: the values set in
    /// code before this call are defaults the environment may change.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, SpanExport};
    ///
    /// // Spans on stdout unless OTEL_TRACES_EXPORTER says otherwise.
    /// let config = Config::new().span_export(SpanExport::Stdout).with_env();
    /// # let _ = config;
    /// ```
    pub fn with_env(mut self) -> Config {
        from_env::apply(&mut self, &|name| match std::env::var(name) {
            Ok(value) => Some(Ok(value)),
            Err(std::env::VarError::NotPresent) => None,
            Err(std::env::VarError::NotUnicode(raw)) => {
                Some(Err(raw.to_string_lossy().into_owned()))
            }
        });
        self
    }

    /// Like [`from_env`](Config::from_env), with variables given as
    /// pairs instead of read from the process (for tests and for programs
    /// that take settings from elsewhere).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, Sampler};
    ///
    /// let config = Config::from_vars([
    ///     ("OTEL_SERVICE_NAME", "checkout"),
    ///     ("OTEL_TRACES_SAMPLER", "traceidratio"),
    ///     ("OTEL_TRACES_SAMPLER_ARG", "2"),
    /// ]);
    /// assert_eq!(config.get_service_name(), "checkout");
    /// assert_eq!(config.get_sampler(), Sampler::TraceIdRatio(1.0));
    /// assert_eq!(
    ///     config.warnings(),
    ///     ["OTEL_TRACES_SAMPLER_ARG=\"2\" is outside [0, 1]; using 1.0"]
    /// );
    /// ```
    pub fn from_vars<I, K, V>(vars: I) -> Config
    where
        I: IntoIterator<Item = (K, V)>,
        K: AsRef<str>,
        V: Into<String>,
    {
        let vars: Vec<(String, String)> = vars
            .into_iter()
            .map(|(k, v)| (k.as_ref().to_owned(), v.into()))
            .collect();
        let mut config = Config::new();
        from_env::apply(&mut config, &|name| {
            vars.iter()
                .rev()
                .find(|(k, _)| k == name)
                .map(|(_, v)| Ok(v.clone()))
        });
        config
    }

    /// Turns every signal into a runtime no-op (`OTEL_SDK_DISABLED`): after
    /// `init`, spans do not record and no log record is written, at the
    /// cost of one atomic load per call.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, Level};
    ///
    /// let guard = init(Config::new().sdk_disabled(true)).expect("first init");
    /// let t = get_telemetry("my_crate");
    /// assert!(!t.tracer().start("work").is_recording());
    /// assert!(!t.logger().enabled(Level::Critical));
    /// drop(guard);
    /// ```
    pub fn sdk_disabled(mut self, disabled: bool) -> Config {
        self.sdk_disabled = disabled;
        self
    }

    /// Adds a resource attribute (like one of `OTEL_RESOURCE_ATTRIBUTES`).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Config;
    ///
    /// let config = Config::new()
    ///     .resource_attribute("deployment.environment", "prod")
    ///     .resource_attribute("service.version", "1.4.2");
    /// assert_eq!(config.get_resource_attributes()[0].1, "prod");
    /// ```
    pub fn resource_attribute(
        mut self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Config {
        self.resource_attributes.push((key.into(), value.into()));
        self
    }

    /// Chooses the sampler.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, Sampler};
    ///
    /// let guard = init(Config::new().sampler(Sampler::AlwaysOff)).expect("first init");
    /// let tracer = get_telemetry("my_crate").tracer().clone();
    /// assert!(!tracer.start("sampled_out").is_recording()); // in every build
    /// drop(guard);
    ///
    /// // One trace in ten, decided from the trace id:
    /// let _config = Config::new().sampler(Sampler::trace_id_ratio(0.1).expect("within [0, 1]"));
    /// ```
    pub fn sampler(mut self, sampler: Sampler) -> Config {
        self.sampler = match sampler {
            Sampler::TraceIdRatio(r) | Sampler::ParentBasedTraceIdRatio(r)
                if !(0.0..=1.0).contains(&r) =>
            {
                self.warnings.push(format!(
                    "Config::sampler: the ratio {r} is not within [0, 1]; using 1.0"
                ));
                match sampler {
                    Sampler::TraceIdRatio(_) => Sampler::TraceIdRatio(1.0),
                    _ => Sampler::ParentBasedTraceIdRatio(1.0),
                }
            }
            _ => sampler,
        };
        self
    }

    /// Chooses the propagation formats (default: trace context, baggage).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use telemetry_facade::{init, propagation, Config, Propagator};
    ///
    /// let guard = init(Config::new().propagators([Propagator::TraceContext])).expect("first init");
    ///
    /// let mut incoming = HashMap::new();
    /// incoming.insert("traceparent".to_owned(),
    ///     "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned());
    /// incoming.insert("baggage".to_owned(), "tenant=acme".to_owned());
    /// let mut outgoing = HashMap::new();
    /// propagation::extract(&incoming).run(|| propagation::inject(&mut outgoing));
    /// assert!(outgoing.contains_key("traceparent"));
    /// assert!(!outgoing.contains_key("baggage"), "baggage is not propagated");
    /// drop(guard);
    /// ```
    pub fn propagators(mut self, propagators: impl IntoIterator<Item = Propagator>) -> Config {
        self.propagators = propagators.into_iter().collect();
        self
    }

    /// Sets the batch span processor's settings.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{BatchSettings, Config, SpanExport};
    ///
    /// let mut batch = BatchSettings::default();
    /// batch.max_queue_size = 8192; // absorb bursts
    /// batch.schedule_delay = Duration::from_secs(1);
    /// let config = Config::new().span_export(SpanExport::Otlp).batch(batch);
    /// assert_eq!(config.get_batch(), batch);
    /// ```
    pub fn batch(mut self, batch: BatchSettings) -> Config {
        let (batch, problems) = batch.checked();
        for problem in problems {
            self.warnings.push(format!("Config::batch: {problem}"));
        }
        self.batch = batch;
        self
    }

    /// Sets the limits on attributes and log fields.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{AttributeLimits, Config};
    ///
    /// let mut limits = AttributeLimits::default();
    /// limits.count = 32;
    /// limits.value_length = Some(256); // longer strings are cut
    /// let config = Config::new().attribute_limits(limits);
    /// assert_eq!(config.get_attribute_limits(), limits);
    /// ```
    pub fn attribute_limits(mut self, limits: AttributeLimits) -> Config {
        self.attribute_limits = limits;
        self
    }

    /// Replaces the keys whose values are redacted (written as
    /// `"[REDACTED]"`, never formatted) in log fields and span, event and
    /// resource attributes. A key matches without regard to case, on the
    /// whole key or on any part after a `.`, `_` or `-` (`db.password`,
    /// `X-Api-Key`); `-` and `_` are the same. The default set: `password`,
    /// `passwd`, `pwd`, `secret`, `token`, `api_key`, `apikey`,
    /// `authorization`, `proxy_authorization`, `cookie`, `set_cookie`,
    /// `private_key`, `credit_card`, `card_number`, `cvv`, `ssn`. An empty
    /// list turns key redaction off. (`TELEMETRY_FACADE_REDACT_KEYS`.)
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Config;
    ///
    /// let config = Config::new().redact_keys(["password", "session_id"]);
    /// assert_eq!(config.get_redact_keys(), ["password", "session_id"]);
    /// assert!(Config::new().redact_keys(Vec::<String>::new()).get_redact_keys().is_empty());
    /// ```
    pub fn redact_keys<I>(mut self, keys: I) -> Config
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.redact_keys = keys.into_iter().map(Into::into).collect();
        self
    }

    /// Adds one key to the redacted keys (see
    /// [`redact_keys`](Config::redact_keys)).
    ///
    /// # Examples
    ///
    /// ```
    /// let config = telemetry_facade::Config::new().redact_key("session_id");
    /// assert!(config.get_redact_keys().iter().any(|k| k == "session_id"));
    /// assert!(config.get_redact_keys().iter().any(|k| k == "password"));
    /// ```
    pub fn redact_key(mut self, key: impl Into<String>) -> Config {
        self.redact_keys.push(key.into());
        self
    }

    /// Also redacts values that look like secrets whatever their key
    /// (default off): `Bearer …`/`Basic …` credentials, JSON Web Tokens,
    /// payment card numbers that pass the Luhn check, PEM private keys.
    /// (`TELEMETRY_FACADE_REDACT_VALUES`.)
    ///
    /// # Examples
    ///
    /// ```
    /// let config = telemetry_facade::Config::new().redact_values(true);
    /// assert!(config.get_redact_values());
    /// ```
    pub fn redact_values(mut self, on: bool) -> Config {
        self.redact_values = on;
        self
    }

    /// The keys whose values are redacted.
    pub fn get_redact_keys(&self) -> &[String] {
        &self.redact_keys
    }

    /// Whether values that look like secrets are redacted whatever their
    /// key.
    pub fn get_redact_values(&self) -> bool {
        self.redact_values
    }

    /// Whether `init` installs the `log` crate bridge (default `true`; only
    /// with the `log-bridge` feature and a log backend): every record of the
    /// `log` crate becomes one of this crate's, its target as the logger
    /// name, its message as the `event`, its key-values as fields. Turn it
    /// off when the application installs its own `log` logger.
    ///
    /// # Examples
    ///
    /// ```
    /// let config = telemetry_facade::Config::new().capture_log_crate(false);
    /// assert!(!config.get_capture_log_crate());
    /// ```
    pub fn capture_log_crate(mut self, on: bool) -> Config {
        self.capture_log_crate = on;
        self
    }

    /// Whether the `log` crate bridge is installed by `init`.
    pub fn get_capture_log_crate(&self) -> bool {
        self.capture_log_crate
    }

    /// Whether `init` installs the `tracing` bridge as the global `tracing`
    /// subscriber (default `true`; only with the `tracing-bridge` feature,
    /// when a backend records): events of the `tracing` crate become this
    /// crate's records and its spans this crate's spans. When the
    /// application already set a global subscriber, `init` keeps it and
    /// warns once: add `telemetry_facade::tracing_layer()` to that
    /// subscriber instead. When the application made a `TracingLayer`
    /// before `init`, `init` installs nothing (it is wired already). Turn
    /// it off to install no `tracing` subscriber at all.
    ///
    /// # Examples
    ///
    /// ```
    /// let config = telemetry_facade::Config::new().capture_tracing(false);
    /// assert!(!config.get_capture_tracing());
    /// ```
    pub fn capture_tracing(mut self, on: bool) -> Config {
        self.capture_tracing = on;
        self
    }

    /// Whether `init` installs the `tracing` bridge as the global
    /// subscriber.
    pub fn get_capture_tracing(&self) -> bool {
        self.capture_tracing
    }

    /// Whether `init` installs a panic hook (default `false`): each panic
    /// writes one `critical` record (`event` `panic`, logger `panic`, fields
    /// `panic.message`, `panic.location`, `thread.name`, and
    /// `panic.backtrace` when `RUST_BACKTRACE` asks for one) with the current
    /// trace fields, marks the current span `Error` with the message,
    /// flushes the log output and span export (at most a second each), then
    /// runs the hook installed before.
    ///
    /// # Examples
    ///
    /// ```
    /// let config = telemetry_facade::Config::new().record_panics(true);
    /// assert!(config.get_record_panics());
    /// ```
    pub fn record_panics(mut self, on: bool) -> Config {
        self.record_panics = on;
        self
    }

    /// Whether `init` installs the panic hook.
    pub fn get_record_panics(&self) -> bool {
        self.record_panics
    }

    /// Limits how many log records each logger writes per interval (see
    /// [`LogSampling`]; default: no limit). The records dropped are counted
    /// and reported: one `warn` record `log_records_sampled_out` per logger
    /// and level (fields `sampled_logger`, `sampled_level`, `dropped`,
    /// `interval_ms`, logger `telemetry_facade`) with the first record
    /// after an interval that dropped some, and for every interval still
    /// open at shutdown. (`TELEMETRY_FACADE_LOG_SAMPLING`.)
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{Config, LogLimit, LogSampling};
    ///
    /// let config = Config::new().log_sampling(
    ///     LogSampling::new(100, Duration::from_secs(1))
    ///         .then_one_in(50)
    ///         .logger("my_crate::audit", LogLimit::unlimited()),
    /// );
    /// assert_eq!(config.get_log_sampling().map(|s| s.get_limit().get_first()), Some(100));
    /// assert!(Config::new().get_log_sampling().is_none());
    /// ```
    pub fn log_sampling(mut self, sampling: LogSampling) -> Config {
        self.log_sampling = Some(sampling);
        self
    }

    /// The log sampling, if any.
    pub fn get_log_sampling(&self) -> Option<&LogSampling> {
        self.log_sampling.as_ref()
    }

    /// Sets `service.name`, the name backends show for this program.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Config;
    ///
    /// let config = Config::from_vars([("OTEL_SERVICE_NAME", "from-env")]).service_name("checkout");
    /// assert_eq!(config.get_service_name(), "checkout"); // code wins over the environment
    /// ```
    pub fn service_name(mut self, name: impl Into<Cow<'static, str>>) -> Config {
        self.service_name = Some(name.into());
        self
    }

    /// Chooses where finished spans go.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, SpanExport};
    ///
    /// // One readable line per span on stderr, while developing.
    /// let config = Config::new().span_export(SpanExport::Stderr);
    /// assert_eq!(config.get_span_export(), SpanExport::Stderr);
    /// ```
    pub fn span_export(mut self, export: SpanExport) -> Config {
        self.span_export = export;
        self
    }

    /// Sets where and how [`SpanExport::Otlp`] sends spans, replacing the
    /// settings read from the environment; log records over OTLP use them
    /// too, unless [`otlp_logs`](Config::otlp_logs) is called after this
    /// (a URL given with [`OtlpSettings::endpoint`] is for spans alone: logs
    /// go to the default endpoint then). To change one setting and keep
    /// the others, start from [`get_otlp`](Config::get_otlp):
    ///
    /// ```
    /// use telemetry_facade::{Config, SpanExport};
    ///
    /// let config = Config::from_vars([("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318")]);
    /// let otlp = config.get_otlp().clone().header("authorization", "Bearer s3cret");
    /// let config = config.span_export(SpanExport::Otlp).otlp(otlp);
    /// assert_eq!(config.get_otlp().traces_endpoint(), "http://collector:4318/v1/traces");
    /// ```
    pub fn otlp(mut self, settings: OtlpSettings) -> Config {
        self.otlp = settings;
        self.otlp_logs = None;
        self.otlp_metrics = None;
        self
    }

    /// Bounds how long the [`TelemetryGuard`](crate::TelemetryGuard) waits
    /// to flush when it is dropped.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use telemetry_facade::{init, Config};
    ///
    /// let guard = init(Config::new().shutdown_timeout(Duration::from_secs(1))).expect("first init");
    /// let started = Instant::now();
    /// drop(guard);
    /// assert!(started.elapsed() < Duration::from_secs(2));
    /// ```
    pub fn shutdown_timeout(mut self, timeout: Duration) -> Config {
        self.shutdown_timeout = match timeout > MAX_DURATION {
            true => {
                self.warnings.push(format!(
                    "Config::shutdown_timeout: {timeout:?} is above {MAX_DURATION:?}; using {MAX_DURATION:?}"
                ));
                MAX_DURATION
            }
            false => timeout,
        };
        self
    }

    /// Whether `init` also installs the tracer provider as
    /// `opentelemetry::global`'s, so spans of other OpenTelemetry
    /// instrumentation join the same traces (default `true`). No effect
    /// without the `otel` feature.
    pub fn install_global(mut self, install: bool) -> Config {
        self.install_global = install;
        self
    }

    /// The level below which records are dropped, for loggers no directive
    /// names (default `Info`).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, Level, BUILD};
    ///
    /// let guard = init(Config::new().log_level(Level::Warn)).expect("first init");
    /// let logger = get_telemetry("my_crate").logger().clone();
    /// assert!(!logger.enabled(Level::Info));
    /// assert_eq!(logger.enabled(Level::Warn), BUILD.logs);
    /// drop(guard);
    /// ```
    pub fn log_level(mut self, level: Level) -> Config {
        self.log_level = level;
        self
    }

    /// Per-logger levels in the syntax of `RUST_LOG`:
    /// `"warn,my_crate::db=debug"`. A bare level sets the default; a
    /// `name=level` pair applies to that logger and the loggers below it
    /// (`my_crate::db` covers `my_crate::db::pool`); the longest match wins.
    /// Invalid parts are ignored; each is named in [`warnings`](Config::warnings)
    /// (at most four, then a count) and printed on stderr at `init`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, Level, BUILD};
    ///
    /// let guard = init(Config::new().log_directives("warn,my_crate::db=debug")).expect("first init");
    /// let pool = get_telemetry("my_crate::db::pool").logger().clone();
    /// let http = get_telemetry("my_crate::http").logger().clone();
    /// assert_eq!(pool.enabled(Level::Debug), BUILD.logs); // under my_crate::db
    /// assert!(!http.enabled(Level::Info)); // the bare level: warn
    /// assert_eq!(http.enabled(Level::Warn), BUILD.logs);
    /// drop(guard);
    /// ```
    pub fn log_directives(mut self, directives: impl Into<String>) -> Config {
        let directives = directives.into();
        let (_, problems) = log_directives::Directives::parse(&directives, Level::Info);
        let mut found = warnings::Warnings::default();
        for problem in problems {
            found.push("log directives", format!("log directives: {problem}"));
        }
        // The directives set last are the ones used: their problems replace
        // those of directives set before in code.
        self.warnings.retain(|w| !w.starts_with("log directives: "));
        self.warnings.extend(found.into_lines());
        self.log_directives = Some(directives);
        self
    }

    /// JSON lines (default) or the pretty format.
    pub fn log_format(mut self, format: LogFormat) -> Config {
        self.log_format = format;
        self
    }

    /// Where log records go (default standard output).
    pub fn log_output(mut self, output: LogOutput) -> Config {
        self.log_output = output;
        self
    }

    /// Which keys carry the current span's ids in log records.
    pub fn trace_fields(mut self, style: TraceFieldStyle) -> Config {
        self.trace_fields = style;
        self
    }

    /// The service name that will be used: the one set in code, else
    /// `OTEL_SERVICE_NAME`, else `service.name` from the resource
    /// attributes, else `unknown_service:<executable name>`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Config;
    ///
    /// let from_resource = Config::new().resource_attribute("service.name", "billing");
    /// assert_eq!(from_resource.get_service_name(), "billing");
    /// let from_env = Config::from_vars([
    ///     ("OTEL_SERVICE_NAME", "checkout"),
    ///     ("OTEL_RESOURCE_ATTRIBUTES", "service.name=billing"),
    /// ]);
    /// assert_eq!(from_env.get_service_name(), "checkout");
    /// assert!(Config::new().get_service_name().starts_with("unknown_service"));
    /// ```
    pub fn get_service_name(&self) -> Cow<'static, str> {
        if let Some(name) = &self.service_name {
            return name.clone();
        }
        match self
            .resource_attributes
            .iter()
            .rev()
            .find(|(k, _)| k == "service.name")
        {
            Some((_, name)) => Cow::Owned(name.clone()),
            None => Cow::Owned(default_service_name()),
        }
    }

    /// Whether every signal is disabled.
    pub fn is_sdk_disabled(&self) -> bool {
        self.sdk_disabled
    }

    /// The resource attributes, in order.
    pub fn get_resource_attributes(&self) -> &[(String, String)] {
        &self.resource_attributes
    }

    /// The sampler.
    pub fn get_sampler(&self) -> Sampler {
        self.sampler
    }

    /// The propagation formats.
    pub fn get_propagators(&self) -> &[Propagator] {
        &self.propagators
    }

    /// The batch span processor's settings.
    pub fn get_batch(&self) -> BatchSettings {
        self.batch
    }

    /// The attribute limits.
    pub fn get_attribute_limits(&self) -> AttributeLimits {
        self.attribute_limits
    }

    /// The default log level.
    pub fn get_log_level(&self) -> Level {
        self.log_level
    }

    /// The log directives, if any.
    pub fn get_log_directives(&self) -> Option<&str> {
        self.log_directives.as_deref()
    }

    /// The log format.
    pub fn get_log_format(&self) -> LogFormat {
        self.log_format
    }

    /// The problems found in the environment, one line each, as `init`
    /// prints them.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{Config, Sampler};
    ///
    /// let config = Config::from_vars([("OTEL_TRACES_SAMPLER", "bogus")]);
    /// assert_eq!(config.get_sampler(), Sampler::ParentBasedAlwaysOn);
    /// assert_eq!(
    ///     config.warnings(),
    ///     ["OTEL_TRACES_SAMPLER=\"bogus\" is not a known sampler; using parentbased_always_on"]
    /// );
    /// ```
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Where spans will go.
    pub fn get_span_export(&self) -> SpanExport {
        self.span_export
    }

    /// The OTLP export settings.
    pub fn get_otlp(&self) -> &OtlpSettings {
        &self.otlp
    }
}

/// How much of its own diagnostics the crate prints (`OTEL_LOG_LEVEL`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DiagLevel {
    None,
    Error,
    Warn,
}

impl SpanExport {
    /// The exporter one name of `OTEL_TRACES_EXPORTER` stands for. `otlp`
    /// is accepted in every build; `init` warns when the `otlp` feature is
    /// missing (the one place that decides, for code and environment alike).
    pub(crate) fn from_env_name(name: &str) -> Option<SpanExport> {
        match name {
            "console" => Some(SpanExport::Stdout),
            "none" => Some(SpanExport::None),
            "otlp" => Some(SpanExport::Otlp),
            _ => None,
        }
    }
}

/// `unknown_service:<executable name>`, as the OpenTelemetry resource
/// specification asks, or `unknown_service` when the name is unknown.
fn default_service_name() -> String {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .map(|exe| format!("unknown_service:{exe}"))
        .unwrap_or_else(|| "unknown_service".to_owned())
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Config");
        d.field("sdk_disabled", &self.sdk_disabled)
            .field("service_name", &self.get_service_name())
            .field("resource_attributes", &self.resource_attributes)
            .field("sampler", &self.sampler)
            .field("propagators", &self.propagators)
            .field("batch", &self.batch)
            .field("attribute_limits", &self.attribute_limits)
            .field("span_export", &self.span_export)
            .field("otlp", &self.otlp)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("install_global", &self.install_global)
            .field("log_level", &self.log_level)
            .field("log_directives", &self.log_directives)
            .field("log_format", &self.log_format)
            .field("log_output", &self.log_output)
            .field("trace_fields", &self.trace_fields)
            .field("redact_keys", &self.redact_keys)
            .field("redact_values", &self.redact_values)
            .field("capture_log_crate", &self.capture_log_crate)
            .field("capture_tracing", &self.capture_tracing)
            .field("record_panics", &self.record_panics)
            .field("log_export", &self.log_export)
            .field("otlp_logs", &self.get_otlp_logs())
            .field("log_batch", &self.log_batch)
            .field("log_sampling", &self.log_sampling);

        d.field("trace_backend", &self.trace_payload)
            .field("log_backend", &self.log_payload)
            .field("metrics", &self.metrics)
            .field("otlp_metrics", &self.get_otlp_metrics())
            .field("metrics_backend", &self.metrics_payload);
        d.finish()
    }
}
