//! The OpenTelemetry trace backend: real spans through `opentelemetry_sdk`.

mod attach;
mod console;
mod context;
mod convert;
mod escape_hatch;
mod parent_ids;
pub(crate) mod provider;
mod span_capture;
mod span_status;
mod trace;

// OTLP export, chosen once here: the real path with the `otlp` feature,
// a stand-in that exports nothing without it (`init` warns).
cfg_if::cfg_if! {
    if #[cfg(feature = "otlp")] {
        pub(crate) mod otlp;
        pub(crate) use otlp as otlp_export;
    } else {
        pub(crate) mod otlp_compiled_out;
        pub(crate) use otlp_compiled_out as otlp_export;
    }
}

// Metrics, with the `metrics` feature.
cfg_if::cfg_if! {
    if #[cfg(feature = "metrics")] {
        pub(crate) mod metrics;
    }
}

pub(crate) use self::context::OtelContext;
pub(crate) use self::trace::OtelTracer;
