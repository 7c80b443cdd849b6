//! The guard flushes every span ended before it drops, and returns within
//! its timeout, also inside a current-thread tokio runtime.
#![cfg(feature = "otel")]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};
use telemetry_facade::{get_telemetry, init, Config, InitError};

/// Keeps what it exported and whether shutdown reached it (the SDK's
/// in-memory exporter forgets its spans at shutdown).
#[derive(Debug, Clone, Default)]
struct Recording {
    spans: Arc<Mutex<Vec<SpanData>>>,
    shut_down: Arc<AtomicBool>,
}

impl SpanExporter for Recording {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        assert!(
            !self.shut_down.load(Ordering::SeqCst),
            "export after shutdown"
        );
        self.spans.lock().unwrap().extend(batch);
        Ok(())
    }

    fn shutdown_with_timeout(&self, _timeout: Duration) -> OTelSdkResult {
        self.shut_down.store(true, Ordering::SeqCst);
        Ok(())
    }
}

#[test]
fn guard_flushes_then_shuts_down_inside_a_current_thread_runtime() {
    let exporter = Recording::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let guard = init(
            Config::new()
                .with_span_exporter(exporter.clone())
                .shutdown_timeout(Duration::from_secs(2)),
        )
        .unwrap();
        let tracer = get_telemetry("lifecycle").tracer().clone();
        for i in 0..1000 {
            let span = tracer.start("flushed");
            span.set_attribute("i", i);
            tokio::task::yield_now().await;
        }
        let started = Instant::now();
        drop(guard);
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "the guard's drop is bounded"
        );
    });
    assert!(
        exporter.shut_down.load(Ordering::SeqCst),
        "the guard shut the exporter down"
    );
    let spans = exporter.spans.lock().unwrap();
    assert_eq!(spans.iter().filter(|s| s.name == "flushed").count(), 1000);

    // After shutdown: nothing records, and init cannot start again.
    let after = get_telemetry("lifecycle").tracer().start("after_shutdown");
    assert!(!after.is_recording());
    assert!(matches!(
        init(Config::new()),
        Err(InitError::AlreadyInitialized)
    ));
}
