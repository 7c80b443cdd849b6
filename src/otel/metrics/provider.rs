//! The process's meter provider: built by `init` with the configured
//! readers (OTLP, console, Prometheus, a test capture), looked up when an
//! instrument binds, shut down by the guard.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Mutex, PoisonError};

use once_cell::sync::OnceCell;
use opentelemetry::metrics::{Meter, MeterProvider as _};
use opentelemetry::InstrumentationScope;
use opentelemetry_sdk::metrics::{Instrument, MeterProviderBuilder, SdkMeterProvider, Stream};

use crate::config::DiagLevel;
use crate::{Config, InitError};

static PROVIDER: OnceCell<SdkMeterProvider> = OnceCell::new();

/// Readers to add to the provider, each as the step that adds it (the SDK's
/// reader trait cannot be named outside it). In a mutex only so that
/// `Config` stays `Sync`.
#[derive(Default)]
pub(crate) struct Readers(Mutex<Vec<AddReader>>);

pub(super) type AddReader = Box<dyn FnOnce(MeterProviderBuilder) -> MeterProviderBuilder + Send>;

impl Readers {
    /// Adds a step that adds a reader.
    pub(crate) fn push(&mut self, add: AddReader) {
        self.0
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .push(add);
    }
}

impl fmt::Debug for Readers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.lock().map_or(0, |readers| readers.len());
        write!(f, "Readers({n})")
    }
}

/// A meter of the provider, while telemetry is on.
#[allow(clippy::ptr_arg)] // a `Cow`: a `'static` scope name is not copied
pub(super) fn meter(scope: &Cow<'static, str>) -> Option<Meter> {
    if !crate::lifecycle::is_on() {
        return None;
    }
    installed_meter(scope)
}

/// A meter of the provider once installed, whatever the lifecycle state
/// (`init` registers the observable instruments made before it while it is
/// still starting).
#[allow(clippy::ptr_arg)] // a `Cow`: a `'static` scope name is not copied
pub(super) fn installed_meter(scope: &Cow<'static, str>) -> Option<Meter> {
    let provider = PROVIDER.get()?;
    Some(provider.meter_with_scope(InstrumentationScope::builder(scope.clone()).build()))
}

pub(super) fn install(config: &mut Config) -> Result<(), InitError> {
    let settings = config.get_metrics().clone();
    let limit = settings.get_cardinality_limit();
    let mut builder = SdkMeterProvider::builder()
        .with_resource(crate::otel::provider::resource(config))
        // Memory stays bounded: past `limit` attribute sets, one overflow
        // point per instrument.
        .with_view(move |_: &Instrument| {
            Stream::builder().with_cardinality_limit(limit).build().ok()
        });
    let mut readers = std::mem::take(&mut config.metrics_payload);
    if settings.get_otlp() {
        match crate::otel::otlp_export::metric_reader(config) {
            Ok(add) => readers.push(add),
            Err(why) => {
                if config.diag_level >= DiagLevel::Warn {
                    crate::lifecycle::diagnostics::warn(format_args!(
                        "metrics are not exported over OTLP: {why}"
                    ));
                }
            }
        }
    }
    if settings.get_prometheus() {
        match super::prometheus::reader() {
            Ok(add) => readers.push(add),
            Err(why) => {
                if config.diag_level >= DiagLevel::Warn {
                    crate::lifecycle::diagnostics::warn(format_args!(
                        "metrics are not kept for Prometheus: {why}"
                    ));
                }
            }
        }
    }
    if settings.get_console() {
        readers.push(super::console::reader(&settings));
    }
    for add in readers
        .0
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        builder = add(builder);
    }
    let provider = builder.build();
    if config.install_global {
        opentelemetry::global::set_meter_provider(provider.clone());
    }
    PROVIDER
        .set(provider)
        .map_err(|_| InitError::AlreadyInitialized)?;
    super::observable::register_pending();
    Ok(())
}

/// Collects and exports now, through every reader.
pub(super) fn flush() {
    if let Some(provider) = PROVIDER.get() {
        let _ = provider.force_flush();
    }
}

pub(super) fn shutdown(timeout: std::time::Duration) -> Result<(), InitError> {
    match PROVIDER.get() {
        Some(provider) => provider
            .shutdown_with_timeout(timeout)
            .map_err(|e| InitError::Backend(format!("metrics shutdown: {e}"))),
        None => Ok(()),
    }
}
