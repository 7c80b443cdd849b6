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

#[cfg(feature = "tracing-forward")]
mod forward;

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

// The `#[instrument]` attribute, with `macros` (a proc-macro crate of this
// workspace); nothing without it.
cfg_if::cfg_if! {
    if #[cfg(feature = "macros")] {
        #[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
        pub use telemetry_facade_macros::instrument;
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
    Attributes, Field, FieldValue, Key, KeyValue, SpanId, SpanKind, Status, ToFieldValue,
    TraceContext, TraceFlags, TraceId, Value,
};

/// Items the macros of this crate expand to. Not public API: no semver
/// guarantee, do not use directly.
#[doc(hidden)]
pub mod __private {

    use std::fmt;

    use crate::{Span, Telemetry, ToFieldValue, Value};

    /// What `telemetry!()` keeps in its `static`: made at compile time, so
    /// using it costs no initialisation check (and nothing at all when
    /// `Telemetry` is zero-sized, with no backend compiled in).
    #[inline(always)]
    pub const fn telemetry_named(name: &'static str) -> Telemetry {
        Telemetry::named(name)
    }

    /// An argument `#[instrument]` records: converted into a [`Value`] only
    /// when the span records (inside `SpanBuilder::attribute`).
    pub struct InstrumentArg<'a, T: ?Sized>(&'a T);

    impl<T: ?Sized> fmt::Debug for InstrumentArg<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("InstrumentArg(..)")
        }
    }

    /// What `#[instrument]` can record: a [`ToFieldValue`]. Its own trait
    /// for the error message.
    #[diagnostic::on_unimplemented(
        message = "`#[instrument]` cannot record the argument type `{Self}` as a span attribute",
        label = "recorded as a span attribute",
        note = "recorded arguments implement `telemetry_facade::ToFieldValue` (integers, floats, \
                `bool`, strings, `Value`, references to those); leave this one out with \
                `#[instrument(skip(..))]`, or implement `ToFieldValue` for its type"
    )]
    pub trait Recordable: ToFieldValue {}

    impl<T: ToFieldValue + ?Sized> Recordable for T {}

    /// The attribute value of an argument `#[instrument]` records.
    #[inline(always)]
    pub fn instrument_arg<T: Recordable + ?Sized>(value: &T) -> InstrumentArg<'_, T> {
        InstrumentArg(value)
    }

    impl<T: Recordable + ?Sized> From<InstrumentArg<'_, T>> for Value {
        #[inline]
        fn from(arg: InstrumentArg<'_, T>) -> Value {
            arg.0.to_field_value().to_value()
        }
    }

    /// What `#[instrument(err)]` can record: a `Result` whose error is
    /// `Display` (as `Box<dyn Error>` and `anyhow::Error` are).
    #[diagnostic::on_unimplemented(
        message = "`#[instrument(err)]` needs a `Result` whose error type implements `Display`; \
                   `{Self}` is not one",
        label = "the function's return value",
        note = "remove `err`, or return a `Result<_, E>` with `E: Display`"
    )]
    pub trait InstrumentResult {
        /// Records an `Err` on `span`.
        fn record_on(&self, span: &Span);
    }

    impl<T, E: fmt::Display> InstrumentResult for Result<T, E> {
        #[inline]
        fn record_on(&self, span: &Span) {
            if let Err(error) = self {
                span.__record_error_display(error);
            }
        }
    }

    /// `#[instrument(err)]`: records `result` on `span` if it is an `Err`.
    #[inline(always)]
    pub fn instrument_result<R: InstrumentResult>(span: &Span, result: &R) {
        result.record_on(span);
    }

    /// Calls `f`: makes the closure `#[instrument]` wraps a body in an
    /// `FnOnce` (which may return borrows of what it captured).
    #[inline(always)]
    pub fn call_once<R, F: FnOnce() -> R>(f: F) -> R {
        f()
    }
}
