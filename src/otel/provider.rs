//! The process's tracer provider: built by `init`, looked up by every
//! tracer when a span starts, shut down by the guard.

use once_cell::sync::OnceCell;
use opentelemetry_sdk::resource::TelemetryResourceDetector;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider, SimpleSpanProcessor, SpanProcessor};
use opentelemetry_sdk::Resource;

use super::console::{ConsoleExporter, Target};
use super::otlp_export;
use super::span_status::StatusFanout;
use crate::{Config, InitError, SpanExport};

static PROVIDER: OnceCell<SdkTracerProvider> = OnceCell::new();

/// The provider, while telemetry is on.
#[inline]
pub(crate) fn active() -> Option<&'static SdkTracerProvider> {
    if crate::lifecycle::is_on() {
        PROVIDER.get()
    } else {
        None
    }
}

/// Our sampler as the SDK's.
fn sdk_sampler(sampler: crate::Sampler) -> Sampler {
    use crate::Sampler as S;
    match sampler {
        S::AlwaysOn => Sampler::AlwaysOn,
        S::AlwaysOff => Sampler::AlwaysOff,
        S::TraceIdRatio(r) => Sampler::TraceIdRatioBased(r),
        S::ParentBasedAlwaysOff => Sampler::ParentBased(Box::new(Sampler::AlwaysOff)),
        S::ParentBasedTraceIdRatio(r) => {
            Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(r)))
        }
        _ => Sampler::ParentBased(Box::new(Sampler::AlwaysOn)),
    }
}

/// The resource every signal is exported with: the SDK's own attributes,
/// the configured ones (redacted like any attribute), the service name.
pub(crate) fn resource(config: &Config) -> Resource {
    // Resource attributes first, so that the service name (which follows
    // the specification's precedence) replaces a `service.name` among them.
    let attributes = config.get_resource_attributes().iter().map(|(k, v)| {
        super::convert::attribute(crate::Key::from(k.clone()), crate::Value::from(v.clone()))
    });
    Resource::builder_empty()
        .with_detector(Box::new(TelemetryResourceDetector))
        .with_attributes(attributes)
        .with_service_name(config.get_service_name())
        .build()
}

pub(crate) fn install(config: &mut Config) -> Result<(), InitError> {
    let resource = resource(config);
    let limits = config.get_attribute_limits();
    super::convert::set_value_length_limit(limits.value_length);
    let count = u32::try_from(limits.count).unwrap_or(u32::MAX);
    let mut builder = SdkTracerProvider::builder()
        .with_resource(resource)
        // Explicit, so the SDK reads nothing from the environment itself:
        // this crate has parsed it already, by the specification's rules.
        .with_sampler(sdk_sampler(config.get_sampler()))
        .with_max_attributes_per_span(count)
        .with_max_attributes_per_event(count)
        .with_max_attributes_per_link(count);
    let mut processors: Vec<Box<dyn SpanProcessor>> = match config.span_export {
        SpanExport::None => Vec::new(),
        SpanExport::Stdout => vec![Box::new(SimpleSpanProcessor::new(ConsoleExporter::new(
            Target::Stdout,
        )))],
        SpanExport::Stderr => vec![Box::new(SimpleSpanProcessor::new(ConsoleExporter::new(
            Target::Stderr,
        )))],
        SpanExport::Otlp => otlp_export::processor(config).into_iter().collect(),
    };
    processors.extend(std::mem::take(&mut config.trace_payload).into_processors());
    // With no processor the SDK skips building export data at all.
    if !processors.is_empty() {
        builder = builder.with_span_processor(StatusFanout::new(processors));
    }
    let provider = builder.build();
    if config.install_global {
        opentelemetry::global::set_tracer_provider(provider.clone());
    }
    PROVIDER
        .set(provider)
        .map_err(|_| InitError::AlreadyInitialized)
}

/// What the OTLP export path lost, read after shutdown.
pub(crate) fn span_loss() -> crate::SpanLoss {
    otlp_export::span_loss()
}

/// Exports what the processors hold.
pub(crate) fn flush() {
    if let Some(provider) = PROVIDER.get() {
        let _ = provider.force_flush();
    }
}

pub(crate) fn shutdown(timeout: std::time::Duration) -> Result<(), InitError> {
    match PROVIDER.get() {
        Some(provider) => provider
            .shutdown_with_timeout(timeout)
            .map_err(|e| InitError::Backend(format!("span export shutdown: {e}"))),
        None => Ok(()),
    }
}
