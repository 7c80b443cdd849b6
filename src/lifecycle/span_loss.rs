//! [`SpanLoss`]: what the guard reports when spans ended but were not
//! exported.

use std::fmt;

/// Spans that ended but did not reach the collector, counted by the batch
/// export path ([`SpanExport::Otlp`](crate::SpanExport::Otlp)) and reported
/// once, by the [`TelemetryGuard`](crate::TelemetryGuard) at shutdown, as
/// [`InitError::SpansLost`](crate::InitError::SpansLost).
///
/// Nothing is counted in builds without the `otlp` feature.
///
/// # Examples
///
/// ```
/// use telemetry_facade::SpanLoss;
///
/// // What `TelemetryGuard::shutdown` returns in `InitError::SpansLost`
/// // looks like this:
/// let mut loss = SpanLoss::default();
/// assert!(loss.is_empty());
/// loss.dropped = 3;
/// loss.last_error = Some("connection refused".into());
/// assert!(!loss.is_empty());
/// assert_eq!(
///     loss.to_string(),
///     "3 spans were not exported: 3 dropped (export queue full, or still queued at shutdown); \
///      last export error: connection refused"
/// );
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SpanLoss {
    /// Spans that ended after the export queue was full
    /// ([`BatchSettings::max_queue_size`](crate::BatchSettings)), or that
    /// were still queued when the shutdown timeout ran out.
    pub dropped: u64,
    /// Spans in export requests that failed (collector unreachable,
    /// refusing, or slower than the export timeout).
    pub failed: u64,
    /// Spans in an export request still unanswered when the shutdown
    /// timeout ran out.
    pub pending: u64,
    /// The last export error, if any.
    pub last_error: Option<String>,
}

impl SpanLoss {
    /// Whether no span was lost.
    pub fn is_empty(&self) -> bool {
        self.dropped == 0 && self.failed == 0 && self.pending == 0
    }
}

impl fmt::Display for SpanLoss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total = self.dropped + self.failed + self.pending;
        write!(f, "{total} spans were not exported")?;
        let mut sep = ": ";
        if self.dropped > 0 {
            write!(
                f,
                "{sep}{} dropped (export queue full, or still queued at shutdown)",
                self.dropped
            )?;
            sep = ", ";
        }
        if self.failed > 0 {
            write!(f, "{sep}{} in failed export requests", self.failed)?;
            sep = ", ";
        }
        if self.pending > 0 {
            write!(
                f,
                "{sep}{} in a request unanswered at shutdown",
                self.pending
            )?;
        }
        if let Some(error) = &self.last_error {
            write!(f, "; last export error: {error}")?;
        }
        Ok(())
    }
}
