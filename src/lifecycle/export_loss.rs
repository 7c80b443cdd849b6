//! [`SpanLoss`] and [`LogLoss`]: what the guard reports when spans ended,
//! or log records were emitted, that were not exported.

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
        let counts = (self.dropped, self.failed, self.pending);
        describe(f, "spans", counts, self.last_error.as_deref())
    }
}

/// Log records emitted that did not reach the collector, counted by the
/// OTLP log export path ([`LogExport::Otlp`](crate::LogExport::Otlp)) and
/// reported once, by the [`TelemetryGuard`](crate::TelemetryGuard) at
/// shutdown, as [`InitError::LogsLost`](crate::InitError::LogsLost).
///
/// Nothing is counted in builds without the `otlp` feature and a logger
/// backend.
///
/// # Examples
///
/// ```
/// use telemetry_facade::LogLoss;
///
/// let mut loss = LogLoss::default();
/// assert!(loss.is_empty());
/// loss.failed = 2;
/// assert_eq!(loss.to_string(), "2 log records were not exported: 2 in failed export requests");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LogLoss {
    /// Records emitted while the export queue was full
    /// ([`Config::log_batch`](crate::Config::log_batch)), or still queued
    /// when the shutdown timeout ran out.
    pub dropped: u64,
    /// Records in export requests that failed (collector unreachable,
    /// refusing, or slower than the export timeout).
    pub failed: u64,
    /// Records in an export request still unanswered when the shutdown
    /// timeout ran out.
    pub pending: u64,
    /// The last export error, if any.
    pub last_error: Option<String>,
}

impl LogLoss {
    /// Whether no record was lost.
    pub fn is_empty(&self) -> bool {
        self.dropped == 0 && self.failed == 0 && self.pending == 0
    }
}

impl fmt::Display for LogLoss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = (self.dropped, self.failed, self.pending);
        describe(f, "log records", counts, self.last_error.as_deref())
    }
}

/// `N <items> were not exported: …` from `(dropped, failed, pending)`.
fn describe(
    f: &mut fmt::Formatter<'_>,
    items: &str,
    (dropped, failed, pending): (u64, u64, u64),
    last_error: Option<&str>,
) -> fmt::Result {
    let total = dropped + failed + pending;
    write!(f, "{total} {items} were not exported")?;
    let mut sep = ": ";
    if dropped > 0 {
        write!(
            f,
            "{sep}{dropped} dropped (export queue full, or still queued at shutdown)"
        )?;
        sep = ", ";
    }
    if failed > 0 {
        write!(f, "{sep}{failed} in failed export requests")?;
        sep = ", ";
    }
    if pending > 0 {
        write!(f, "{sep}{pending} in a request unanswered at shutdown")?;
    }
    if let Some(error) = last_error {
        write!(f, "; last export error: {error}")?;
    }
    Ok(())
}
