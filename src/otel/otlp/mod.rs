//! [`SpanExport::Otlp`](crate::SpanExport::Otlp): spans batched by the
//! SDK's batch span processor (its own thread; ending a span only queues
//! it, and drops it when the queue is full) and sent by opentelemetry-otlp
//! over HTTP/protobuf or gRPC, with every setting passed explicitly from
//! our [`OtlpSettings`] (which the environment has already been read into).

mod grpc;
mod http;
mod tally;
mod tls;

use std::sync::Arc;
use std::time::Duration;

use opentelemetry_sdk::trace::{BatchConfigBuilder, BatchSpanProcessor, SpanExporter};

use crate::{BatchSettings, OtlpCompression, OtlpProtocol, OtlpSettings};
pub(crate) use tally::Tally;
use tally::{CountingExporter, CountingProcessor};

/// What "no limit" becomes for the transports, which want a duration:
/// a year (long enough for any export, short enough for any clock).
const NO_LIMIT: Duration = Duration::from_secs(365 * 24 * 3600);

/// The settings, resolved for one transport.
struct Plan {
    endpoint: String,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    gzip: bool,
    /// For an `https://` endpoint.
    #[cfg_attr(not(feature = "otlp-tls"), allow(dead_code))]
    tls: Option<tls::TlsFiles>,
}

/// The span processor to install, and its counters.
pub(crate) type Processor = CountingProcessor<BatchSpanProcessor>;

/// Builds the export path; an `Err` explains why spans cannot be exported
/// (`init` turns it into a warning and goes on without export).
pub(crate) fn processor(
    settings: &OtlpSettings,
    batch: BatchSettings,
) -> Result<(Processor, Arc<Tally>), String> {
    let endpoint = settings.traces_endpoint();
    let https = endpoint
        .get(..8)
        .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
    if https && !cfg!(feature = "otlp-tls") {
        return Err(format!(
            "{endpoint} is an https:// endpoint, which needs telemetry-facade's \
             `otlp-tls` feature"
        ));
    }
    let tls = match https {
        true => Some(tls::TlsFiles::read(settings)?),
        false => None,
    };
    // One request may take the shorter of the OTLP timeout and the batch
    // processor's export timeout (both `None` when unlimited).
    let timeout = match (settings.get_timeout(), batch.export_timeout) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let plan = Plan {
        endpoint,
        headers: settings.get_headers().to_vec(),
        timeout,
        gzip: settings.get_compression() == OtlpCompression::Gzip,
        tls,
    };
    let tally = Arc::new(Tally::default());
    let processor = match settings.get_protocol() {
        OtlpProtocol::Grpc => batch_processor(grpc::exporter(&plan)?, batch, &tally),
        OtlpProtocol::HttpProtobuf => {
            batch_processor(http::exporter(&plan, &tally)?, batch, &tally)
        }
    };
    Ok((processor, tally))
}

fn batch_processor<E: SpanExporter + 'static>(
    exporter: E,
    batch: BatchSettings,
    tally: &Arc<Tally>,
) -> Processor {
    let config = BatchConfigBuilder::default()
        .with_max_queue_size(batch.max_queue_size)
        .with_max_export_batch_size(batch.max_export_batch_size)
        .with_scheduled_delay(batch.schedule_delay)
        .build();
    let exporter = CountingExporter {
        inner: exporter,
        tally: Arc::clone(tally),
    };
    CountingProcessor {
        inner: BatchSpanProcessor::builder(exporter)
            .with_batch_config(config)
            .build(),
        tally: Arc::clone(tally),
    }
}
