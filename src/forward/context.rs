//! `ForwardContext`: the context contract of the wrapped backend, plus the
//! `tracing` span current when the context was captured (while the forward
//! is on), entered again wherever the context is attached: a task spawned
//! with `with_current_context()` has its forwarded records and spans inside
//! the span that was current where it was made, on whatever thread it
//! runs. Propagation is the wrapped backend's.

use std::marker::PhantomData;
use std::sync::Arc;

use super::trace::{current_forwarded, ForwardGuard, Forwarded};
use crate::backend::context::ContextBackend;
use crate::propagation::{Headers, SharedRemote};

/// The context backend.
#[derive(Debug)]
pub(crate) struct ForwardContext<C>(PhantomData<C>);

/// A captured context: the wrapped backend's, and the `tracing` span that
/// was current.
#[derive(Clone, Debug, Default)]
pub(crate) struct ForwardSnapshot<S> {
    inner: S,
    fwd: Option<Arc<Forwarded>>,
}

impl<C: ContextBackend> ContextBackend for ForwardContext<C> {
    type Snapshot = ForwardSnapshot<C::Snapshot>;
    type Guard = ForwardGuard<C::Guard>;

    #[inline]
    fn capture() -> Self::Snapshot {
        ForwardSnapshot {
            inner: C::capture(),
            fwd: current_forwarded(),
        }
    }

    #[inline]
    fn attach(cx: &Self::Snapshot) -> Self::Guard {
        let inner = C::attach(&cx.inner);
        ForwardGuard {
            _fwd: cx.fwd.as_ref().map(Forwarded::enter),
            _inner: inner,
        }
    }

    fn with_remote(base: &Self::Snapshot, remote: SharedRemote) -> Self::Snapshot {
        ForwardSnapshot {
            inner: C::with_remote(&base.inner, remote),
            fwd: base.fwd.clone(),
        }
    }

    fn outgoing_headers() -> Headers {
        C::outgoing_headers()
    }

    fn with_tracestate(base: &Self::Snapshot, key: &str, value: &str) -> Self::Snapshot {
        ForwardSnapshot {
            inner: C::with_tracestate(&base.inner, key, value),
            fwd: base.fwd.clone(),
        }
    }
}
