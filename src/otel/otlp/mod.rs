//! [`SpanExport::Otlp`](crate::SpanExport::Otlp): spans batched by the
//! SDK's batch span processor (its own thread; ending a span only queues
//! it, and drops it when the queue is full) and sent by opentelemetry-otlp
//! over HTTP/protobuf or gRPC, with every setting passed explicitly from
//! our [`OtlpSettings`] (which the environment has already been read into).

mod grpc;
mod http;
mod loss_count;
mod tls;

// Log records over OTLP, when a logger backend makes them.
cfg_if::cfg_if! {
    if #[cfg(feature = "slog")] {
        pub(crate) mod log_export;
    }
}

// Metrics over OTLP, when instruments are real.
cfg_if::cfg_if! {
    if #[cfg(feature = "metrics")] {
        mod metric_export;
        pub(crate) use metric_export::metric_reader;
    }
}

use std::sync::Arc;
use std::time::Duration;

use once_cell::sync::OnceCell;
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, SpanExporter, SpanProcessor,
};

use crate::config::DiagLevel;
use crate::{BatchSettings, Config, OtlpCompression, OtlpProtocol, OtlpSettings, SpanLoss};
use loss_count::{CountingExporter, CountingProcessor, LossCount};
use tls::Tls;

/// Whether `SpanExport::Otlp` exports in this build.
pub(crate) const AVAILABLE: bool = true;

/// The counters of the export path, once it is set up.
static LOSS: OnceCell<Arc<LossCount>> = OnceCell::new();

/// The OTLP export path's processor, or none after a warning when it
/// cannot be set up.
pub(crate) fn processor(config: &Config) -> Option<Box<dyn SpanProcessor>> {
    match counted_processor(config.get_otlp(), config.get_batch()) {
        Ok((processor, loss)) => {
            let _ = LOSS.set(loss);
            Some(Box::new(processor))
        }
        Err(why) => {
            if config.diag_level >= DiagLevel::Warn {
                crate::lifecycle::diagnostics::warn(format_args!("OTLP span export is off: {why}"));
            }
            None
        }
    }
}

/// What the export path lost, read after shutdown.
pub(crate) fn span_loss() -> SpanLoss {
    LOSS.get().map(|loss| loss.span_loss()).unwrap_or_default()
}

/// What "no limit" becomes for the transports, which want a duration:
/// a year (long enough for any export, short enough for any clock).
const NO_LIMIT: Duration = Duration::from_secs(365 * 24 * 3600);

/// The settings, resolved for one transport.
struct Plan {
    endpoint: String,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    gzip: bool,
    tls: Tls,
}

/// The span processor to install, and its counters.
type Processor = CountingProcessor<BatchSpanProcessor>;

/// Builds the export path; an `Err` explains why spans cannot be exported
/// (`init` turns it into a warning and goes on without export).
fn counted_processor(
    settings: &OtlpSettings,
    batch: BatchSettings,
) -> Result<(Processor, Arc<LossCount>), String> {
    let plan = Plan::new(settings, settings.traces_endpoint(), batch)?;
    let loss = Arc::new(LossCount::default());
    let processor = match settings.get_protocol() {
        OtlpProtocol::Grpc => batch_processor(grpc::exporter(&plan)?, batch, &loss),
        OtlpProtocol::HttpProtobuf => batch_processor(http::exporter(&plan, &loss)?, batch, &loss),
    };
    Ok((processor, loss))
}

impl Plan {
    /// The settings resolved for one signal's `endpoint`.
    fn new(
        settings: &OtlpSettings,
        endpoint: String,
        batch: BatchSettings,
    ) -> Result<Plan, String> {
        let https = endpoint
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        let tls = Tls::for_endpoint(settings, https, &endpoint)?;
        // One request may take the shorter of the OTLP timeout and the batch
        // processor's export timeout (both `None` when unlimited).
        let timeout = match (settings.get_timeout(), batch.export_timeout) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        Ok(Plan {
            endpoint,
            headers: settings.get_headers().to_vec(),
            timeout,
            gzip: settings.get_compression() == OtlpCompression::Gzip,
            tls,
        })
    }
}

fn batch_processor<E: SpanExporter + 'static>(
    exporter: E,
    batch: BatchSettings,
    loss: &Arc<LossCount>,
) -> Processor {
    let config = BatchConfigBuilder::default()
        .with_max_queue_size(batch.max_queue_size)
        .with_max_export_batch_size(batch.max_export_batch_size)
        .with_scheduled_delay(batch.schedule_delay)
        .build();
    let exporter = CountingExporter {
        inner: exporter,
        loss: Arc::clone(loss),
    };
    CountingProcessor {
        inner: BatchSpanProcessor::builder(exporter)
            .with_batch_config(config)
            .build(),
        loss: Arc::clone(loss),
    }
}
