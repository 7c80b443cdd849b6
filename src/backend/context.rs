//! The context axis: the trace part of a captured
//! [`Context`](crate::Context), and what propagation reads from and writes
//! into it. The `cfg_if!` below is the one place that picks it:
//! OpenTelemetry's (`otel`) or the header pass-through, wrapped by the
//! `tracing` forward (`tracing-forward`).

use crate::propagation::{Headers, SharedRemote};

cfg_if::cfg_if! {
    if #[cfg(all(feature = "tracing-forward", feature = "otel"))] {
        type Selected = crate::forward::ForwardContext<crate::otel::OtelContext>;
    } else if #[cfg(feature = "tracing-forward")] {
        type Selected = crate::forward::ForwardContext<crate::noop::pass_through::PassThroughContext>;
    } else if #[cfg(feature = "otel")] {
        use crate::otel::OtelContext as Selected;
    } else {
        use crate::noop::pass_through::PassThroughContext as Selected;
    }
}

/// The captured trace context of the selected backend.
pub(crate) type Snapshot = <Selected as ContextBackend>::Snapshot;
/// What attaching a [`Snapshot`] returns.
pub(crate) type SnapshotGuard = <Selected as ContextBackend>::Guard;

/// The trace part of what is current on a thread, and its propagation.
pub(crate) trait ContextBackend {
    /// A captured trace context.
    type Snapshot: Clone + Default + Send + Sync + 'static;
    /// What `attach` returns; dropping it restores the previous context.
    type Guard;
    fn capture() -> Self::Snapshot;
    fn attach(cx: &Self::Snapshot) -> Self::Guard;
    /// `base` with a context extracted from a carrier.
    fn with_remote(base: &Self::Snapshot, remote: SharedRemote) -> Self::Snapshot;
    /// The propagation headers of the current context.
    fn outgoing_headers() -> Headers;
    /// `base` with `key=value` put first in the `tracestate` it propagates
    /// (both already validated).
    fn with_tracestate(base: &Self::Snapshot, key: &str, value: &str) -> Self::Snapshot;
}

/// The trace part of `Context::current()`.
#[inline]
pub(crate) fn capture() -> Snapshot {
    Selected::capture()
}

/// Makes a captured trace context current until the guard drops.
#[inline]
pub(crate) fn attach(cx: &Snapshot) -> SnapshotGuard {
    Selected::attach(cx)
}

/// `base` with a context extracted from a carrier.
#[inline]
pub(crate) fn with_remote(base: &Snapshot, remote: SharedRemote) -> Snapshot {
    Selected::with_remote(base, remote)
}

/// The propagation headers of the current context.
#[inline]
pub(crate) fn outgoing_headers() -> Headers {
    Selected::outgoing_headers()
}

/// `base` with `key=value` first in the propagated `tracestate`.
#[inline]
pub(crate) fn with_tracestate(base: &Snapshot, key: &str, value: &str) -> Snapshot {
    Selected::with_tracestate(base, key, value)
}
