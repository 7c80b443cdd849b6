#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod backend;
mod build_info;
mod config;
mod context;
mod diag;
mod env;
mod field;
mod future;
mod gather;
mod kv;
mod lifecycle;
mod local;
mod log_config;
mod logger;
mod macros;
mod noop;
mod otlp_config;
mod settings;
mod span_loss;
mod status;
mod telemetry;
mod trace;
mod trace_context;

#[cfg(feature = "otel")]
mod otel;

pub mod propagation;

#[cfg(feature = "slog")]
mod log;

#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;

pub use build_info::{Build, BUILD};
pub use config::{Config, SpanExport};
pub use context::{spawn_thread, with_fields, Context, ContextGuard};
pub use field::{Field, FieldValue, ToFieldValue};
pub use future::{FutureExt, Instrumented, TryInstrumented, WithContext, WithFields};
pub use gather::{Gather, TryGather};
pub use kv::{Key, KeyValue, Value};
pub use lifecycle::{init, InitError, TelemetryGuard};
pub use log_config::{LogFormat, LogOutput, TraceFieldStyle};
pub use logger::{Level, Logger, ParseLevelError};
pub use otlp_config::{OtlpCompression, OtlpProtocol, OtlpSettings};
pub use settings::{AttributeLimits, BatchSettings, Propagator, Sampler};
pub use span_loss::SpanLoss;
pub use status::{SpanKind, Status};
pub use telemetry::{get_telemetry, Telemetry};
pub use trace::{Span, SpanBuilder, SpanGuard, Tracer};
pub use trace_context::{SpanId, TraceContext, TraceFlags, TraceId};

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
