//! The tracing settings of [`Config`](crate::Config) that mirror the
//! OpenTelemetry SDK environment variables: sampler, propagators, batch
//! processing and attribute limits. Plain types, the same in every build.

use std::time::Duration;

/// Which spans are sampled (`OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`).
///
/// # Examples
///
/// ```
/// use telemetry_facade::Sampler;
///
/// assert_eq!(Sampler::default(), Sampler::ParentBasedAlwaysOn);
/// assert!(Sampler::trace_id_ratio(1.5).is_none(), "a ratio must be within [0, 1]");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[non_exhaustive]
pub enum Sampler {
    /// Every span (`always_on`).
    AlwaysOn,
    /// No span (`always_off`).
    AlwaysOff,
    /// A fraction of traces, decided from the trace id (`traceidratio`).
    TraceIdRatio(f64),
    /// Follow the parent's decision; sample every root (`parentbased_always_on`, the default).
    #[default]
    ParentBasedAlwaysOn,
    /// Follow the parent's decision; sample no root (`parentbased_always_off`).
    ParentBasedAlwaysOff,
    /// Follow the parent's decision; sample a fraction of roots (`parentbased_traceidratio`).
    ParentBasedTraceIdRatio(f64),
}

impl Sampler {
    /// `TraceIdRatio(ratio)`, if `ratio` is within `[0, 1]`.
    pub fn trace_id_ratio(ratio: f64) -> Option<Sampler> {
        (0.0..=1.0)
            .contains(&ratio)
            .then_some(Sampler::TraceIdRatio(ratio))
    }
}

/// A context propagation format (`OTEL_PROPAGATORS`).
///
/// # Examples
///
/// ```
/// use telemetry_facade::{Config, Propagator};
///
/// assert_eq!(Config::new().get_propagators(), [Propagator::TraceContext, Propagator::Baggage]);
/// // Only `traceparent` and `tracestate`, as OTEL_PROPAGATORS=tracecontext would:
/// let config = Config::new().propagators([Propagator::TraceContext]);
/// assert_eq!(config.get_propagators(), [Propagator::TraceContext]);
/// let from_env = Config::from_vars([("OTEL_PROPAGATORS", "tracecontext")]);
/// assert_eq!(from_env.get_propagators(), config.get_propagators());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Propagator {
    /// W3C Trace Context: `traceparent` and `tracestate`.
    TraceContext,
    /// W3C Baggage: `baggage`.
    Baggage,
}

/// The batch span processor's settings (`OTEL_BSP_*`), used by exporters
/// that send spans over the network.
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use telemetry_facade::BatchSettings;
///
/// let b = BatchSettings::default();
/// assert_eq!((b.max_queue_size, b.max_export_batch_size), (2048, 512));
/// assert_eq!(b.schedule_delay, Duration::from_millis(5000));
/// assert_eq!(b.export_timeout, Some(Duration::from_millis(30_000)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct BatchSettings {
    /// Spans waiting for export at most; more are dropped and counted
    /// (`OTEL_BSP_MAX_QUEUE_SIZE`, default 2048).
    pub max_queue_size: usize,
    /// Delay between two exports (`OTEL_BSP_SCHEDULE_DELAY`, default 5 s).
    pub schedule_delay: Duration,
    /// Time allowed for one export, `None` for no limit
    /// (`OTEL_BSP_EXPORT_TIMEOUT`, default 30 s; `0` means no limit).
    pub export_timeout: Option<Duration>,
    /// Spans per export at most (`OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, default
    /// 512, never above the queue size).
    pub max_export_batch_size: usize,
}

impl BatchSettings {
    /// The defaults of the batch log record processor (`OTEL_BLRP_*`):
    /// those of spans, but an export every second.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use telemetry_facade::{BatchSettings, Config};
    ///
    /// let logs = BatchSettings::for_logs();
    /// assert_eq!(logs.schedule_delay, Duration::from_secs(1));
    /// assert_eq!(Config::new().get_log_batch(), logs);
    /// ```
    pub fn for_logs() -> BatchSettings {
        BatchSettings {
            schedule_delay: Duration::from_millis(1000),
            ..BatchSettings::default()
        }
    }

    /// These settings made safe, with one message per change: a zero queue
    /// or batch size is the default, sizes above a million and durations
    /// above [`MAX_DURATION`](crate::config::MAX_DURATION) are cut, and the
    /// batch never exceeds the queue.
    pub(crate) fn checked(mut self) -> (BatchSettings, Vec<String>) {
        const MAX_SIZE: usize = 1_000_000;
        let max_duration = crate::config::MAX_DURATION;
        let d = BatchSettings::default();
        let mut problems = Vec::new();
        for (what, size, default) in [
            ("max_queue_size", &mut self.max_queue_size, d.max_queue_size),
            (
                "max_export_batch_size",
                &mut self.max_export_batch_size,
                d.max_export_batch_size,
            ),
        ] {
            if *size == 0 {
                problems.push(format!("{what} 0 is below 1; using {default}"));
                *size = default;
            } else if *size > MAX_SIZE {
                problems.push(format!(
                    "{what} {size} is above {MAX_SIZE}; using {MAX_SIZE}"
                ));
                *size = MAX_SIZE;
            }
        }
        if self.max_export_batch_size > self.max_queue_size {
            problems.push(format!(
                "max_export_batch_size {} exceeds the queue size; using {}",
                self.max_export_batch_size, self.max_queue_size
            ));
            self.max_export_batch_size = self.max_queue_size;
        }
        for (what, duration) in [
            ("schedule_delay", Some(&mut self.schedule_delay)),
            ("export_timeout", self.export_timeout.as_mut()),
        ] {
            if let Some(duration) = duration.filter(|d| **d > max_duration) {
                problems.push(format!(
                    "{what} {duration:?} is above {max_duration:?}; using {max_duration:?}"
                ));
                *duration = max_duration;
            }
        }
        (self, problems)
    }
}

impl Default for BatchSettings {
    fn default() -> BatchSettings {
        BatchSettings {
            max_queue_size: 2048,
            schedule_delay: Duration::from_millis(5000),
            export_timeout: Some(Duration::from_millis(30_000)),
            max_export_batch_size: 512,
        }
    }
}

/// Limits on attributes, applied to span attributes and to log fields
/// (`OTEL_ATTRIBUTE_COUNT_LIMIT`, `OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT`).
///
/// # Examples
///
/// ```
/// use telemetry_facade::AttributeLimits;
///
/// let limits = AttributeLimits::default();
/// assert_eq!(limits.count, 128);
/// assert_eq!(limits.value_length, None);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AttributeLimits {
    /// Attributes per span, and fields per log record, at most (default 128).
    pub count: usize,
    /// String values longer than this many characters are cut (default: no
    /// limit).
    pub value_length: Option<usize>,
}

impl Default for AttributeLimits {
    fn default() -> AttributeLimits {
        AttributeLimits {
            count: 128,
            value_length: None,
        }
    }
}
