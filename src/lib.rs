#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod backend;
mod bridges;
mod config;
mod context;
mod lifecycle;
mod logger;
mod macros;
mod metrics;
mod noop;
mod redaction;
mod telemetry;
mod text;
mod trace;
mod vocabulary;

pub mod propagation;

#[cfg(feature = "otel")]
mod otel;

#[cfg(feature = "slog")]
mod log;

// The capture is type-checked in every build; public with `testing`.
cfg_if::cfg_if! {
    if #[cfg(feature = "testing")] {
        #[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
        pub mod testing;
    } else {
        #[allow(dead_code, unreachable_pub)]
        mod testing;
    }
}

// The `tracing` layer: a `tracing-subscriber` trait's implementor, so only
// with its feature (an escape hatch, like `Config::with_span_exporter`).
cfg_if::cfg_if! {
    if #[cfg(feature = "tracing-bridge")] {
        #[cfg_attr(docsrs, doc(cfg(feature = "tracing-bridge")))]
        pub use bridges::{tracing_layer, TracingLayer};
    }
}

pub use config::{
    AttributeLimits, BatchSettings, Config, ExemplarFilter, LogExport, LogFormat, LogLimit,
    LogOutput, LogSampling, MetricsSettings, OtlpCompression, OtlpProtocol, OtlpSettings,
    Propagator, Sampler, SpanExport, Temporality, TraceFieldStyle,
};
pub use context::{
    spawn_thread, with_fields, Context, ContextGuard, FutureExt, Gather, Instrumented, TryGather,
    TryInstrumented, WithContext, WithFields,
};
pub use lifecycle::{init, Build, InitError, LogLoss, SpanLoss, TelemetryGuard, BUILD};
pub use logger::{Level, Logger, ParseLevelError};
pub use metrics::{
    prometheus_text, Counter, Gauge, Histogram, InFlight, InstrumentBuilder, Meter,
    ObservableBuilder, ObservableCounter, ObservableGauge, ObservableUpDownCounter, Observer,
    PrometheusText, Timed, UpDownCounter,
};
pub use telemetry::{get_telemetry, Telemetry};
pub use trace::{Span, SpanBuilder, SpanGuard, Tracer};
pub use vocabulary::{
    Field, FieldValue, Key, KeyValue, SpanId, SpanKind, Status, ToFieldValue, TraceContext,
    TraceFlags, TraceId, Value,
};

/// Items the macros of this crate expand to. Not public API: no semver
/// guarantee, do not use directly.
#[doc(hidden)]
pub mod __private {
    pub use once_cell::sync::Lazy;

    use crate::Telemetry;

    /// What `telemetry!()` returns. When `Telemetry` is zero-sized (no
    /// backend compiled in) every value is the same and making one costs
    /// nothing, so the `Lazy` is not even checked: the no-op build then
    /// executes exactly the instructions of uninstrumented code.
    #[inline(always)]
    pub fn cached(cell: &'static Lazy<Telemetry>) -> &'static Telemetry {
        if std::mem::size_of::<Telemetry>() == 0 {
            // A zero-sized box never allocates.
            Box::leak(Box::new(crate::get_telemetry("")))
        } else {
            cell
        }
    }
}
