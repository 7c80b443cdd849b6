//! The process's tracer provider: built by `init`, looked up by every
//! tracer when a span starts, shut down by the guard.

use once_cell::sync::OnceCell;
use opentelemetry_sdk::resource::TelemetryResourceDetector;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider, SpanExporter, TracerProviderBuilder};
use opentelemetry_sdk::Resource;

use super::console::{ConsoleExporter, Target};
use crate::{Config, InitError, SpanExport};

/// Adds one exporter to the provider being built.
pub(crate) type AddExporter =
    Box<dyn FnOnce(TracerProviderBuilder) -> TracerProviderBuilder + Send + Sync>;

pub(crate) fn add_exporter<E: SpanExporter + 'static>(exporter: E) -> AddExporter {
    Box::new(move |builder| builder.with_simple_exporter(exporter))
}

static PROVIDER: OnceCell<SdkTracerProvider> = OnceCell::new();

/// The counters of the OTLP export path, when there is one.
#[cfg(feature = "otlp")]
static TALLY: OnceCell<std::sync::Arc<super::otlp::Tally>> = OnceCell::new();

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

pub(crate) fn install(config: &mut Config) -> Result<(), InitError> {
    // Resource attributes first, so that the service name (which follows
    // the specification's precedence) replaces a `service.name` among them.
    let attributes = config
        .get_resource_attributes()
        .iter()
        .map(|(k, v)| opentelemetry::KeyValue::new(k.clone(), v.clone()));
    let resource = Resource::builder_empty()
        .with_detector(Box::new(TelemetryResourceDetector))
        .with_attributes(attributes)
        .with_service_name(config.get_service_name())
        .build();
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
    builder = match config.span_export {
        SpanExport::None => builder,
        SpanExport::Stdout => builder.with_simple_exporter(ConsoleExporter::new(Target::Stdout)),
        SpanExport::Stderr => builder.with_simple_exporter(ConsoleExporter::new(Target::Stderr)),
        SpanExport::Otlp => with_otlp(builder, config),
    };
    for add in std::mem::take(&mut config.span_exporters) {
        builder = add(builder);
    }
    let provider = builder.build();
    if config.install_global {
        opentelemetry::global::set_tracer_provider(provider.clone());
    }
    PROVIDER
        .set(provider)
        .map_err(|_| InitError::AlreadyInitialized)
}

/// The OTLP export path, or a warning and no export when it cannot be set
/// up.
#[cfg(feature = "otlp")]
fn with_otlp(builder: TracerProviderBuilder, config: &Config) -> TracerProviderBuilder {
    match super::otlp::processor(config.get_otlp(), config.get_batch()) {
        Ok((processor, tally)) => {
            let _ = TALLY.set(tally);
            builder.with_span_processor(processor)
        }
        Err(why) => {
            if config.diag_level >= crate::config::DiagLevel::Warn {
                crate::diag::warn(format_args!("OTLP span export is off: {why}"));
            }
            builder
        }
    }
}

/// Without the `otlp` feature `init` has warned already.
#[cfg(not(feature = "otlp"))]
fn with_otlp(builder: TracerProviderBuilder, _: &Config) -> TracerProviderBuilder {
    builder
}

/// What the OTLP export path lost, read after shutdown.
pub(crate) fn span_loss() -> crate::SpanLoss {
    #[cfg(feature = "otlp")]
    if let Some(tally) = TALLY.get() {
        return tally.loss();
    }
    crate::SpanLoss::default()
}

pub(crate) fn shutdown(timeout: std::time::Duration) -> Result<(), InitError> {
    match PROVIDER.get() {
        Some(provider) => provider
            .shutdown_with_timeout(timeout)
            .map_err(|e| InitError::Backend(format!("span export shutdown: {e}"))),
        None => Ok(()),
    }
}
