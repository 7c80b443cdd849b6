//! `MetricsSettings::prometheus(true)` (feature `prometheus`): a pull
//! reader of `opentelemetry-prometheus` feeding a private
//! `prometheus::Registry`; [`text`] collects on demand and encodes with the
//! `prometheus` crate's text encoder. The OpenTelemetry-to-Prometheus
//! naming rules (sanitised names, unit suffixes, `_total` on counters,
//! `target_info` from the resource, `otel_scope_*` labels) are that
//! exporter's.

use std::cell::Cell;

use once_cell::sync::OnceCell;
use prometheus::{Registry, TextEncoder};

use super::provider::AddReader;

/// Whether [`text`] can return text in this build.
pub(super) const AVAILABLE: bool = true;

/// The registry the installed reader feeds; set once, by `init`.
static REGISTRY: OnceCell<Registry> = OnceCell::new();

thread_local! {
    /// Set while this thread collects: an observable callback asking for
    /// the text again gets `None` instead of waiting for itself.
    static COLLECTING: Cell<bool> = const { Cell::new(false) };
}

/// The step adding the Prometheus reader to the provider.
pub(super) fn reader() -> Result<AddReader, String> {
    let registry = Registry::new();
    let exporter = opentelemetry_prometheus::exporter()
        .with_registry(registry.clone())
        .build()
        .map_err(|e| format!("the Prometheus exporter: {e}"))?;
    REGISTRY
        .set(registry)
        .map_err(|_| "a Prometheus reader is already installed".to_owned())?;
    Ok(Box::new(move |builder| builder.with_reader(exporter)))
}

/// Collects now and renders the text format; `None` before `init`, after
/// shutdown, without the reader, and from inside a collection.
pub(super) fn text() -> Option<String> {
    if !crate::lifecycle::is_on() {
        return None;
    }
    let registry = REGISTRY.get()?;
    if COLLECTING.with(|c| c.replace(true)) {
        return None;
    }
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            COLLECTING.with(|c| c.set(false));
        }
    }
    let _reset = Reset;
    let families = registry.gather();
    TextEncoder::new().encode_to_string(&families).ok()
}
