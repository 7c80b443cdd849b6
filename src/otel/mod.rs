//! The OpenTelemetry trace backend: real spans through `opentelemetry_sdk`.

mod console;
mod convert;
pub(crate) mod memory;
#[cfg(feature = "otlp")]
mod otlp;
mod parents;
pub(crate) mod provider;
mod trace;

pub(crate) use self::trace::OtelTracer;
