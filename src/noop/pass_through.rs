//! The no-op build's propagation: the headers an `extract` received are kept
//! in the context and written back unchanged by `inject`, so an
//! uninstrumented hop does not cut the trace.

use std::cell::RefCell;

use crate::backend::context::ContextBackend;
use crate::context::thread_slot;
use crate::propagation::{Headers, SharedRemote};

/// The context backend of builds without `otel`: the received headers.
#[derive(Debug)]
pub(crate) struct PassThroughContext;

impl ContextBackend for PassThroughContext {
    type Snapshot = PassThrough;
    type Guard = PassThroughGuard;

    #[inline]
    fn capture() -> PassThrough {
        PassThrough(thread_slot::get(&CURRENT))
    }

    #[inline]
    fn attach(cx: &PassThrough) -> PassThroughGuard {
        thread_slot::enter(&CURRENT, cx.0.clone())
    }

    fn with_remote(_base: &PassThrough, remote: SharedRemote) -> PassThrough {
        PassThrough(Some(remote))
    }

    fn outgoing_headers() -> Headers {
        let mut headers = Headers::default();
        thread_slot::with(&CURRENT, |remote| {
            if let Some(remote) = remote {
                headers = remote.raw.clone();
            }
        });
        headers
    }

    fn with_tracestate(base: &PassThrough, key: &str, value: &str) -> PassThrough {
        with_tracestate(base, key, value)
    }
}

/// The extracted headers, if any, of a captured context.
#[derive(Clone, Debug, Default)]
pub(crate) struct PassThrough(pub(crate) Option<SharedRemote>);

thread_local! {
    static CURRENT: RefCell<Option<SharedRemote>> = const { RefCell::new(None) };
}

/// Restores the previous headers when dropped.
pub(crate) type PassThroughGuard = thread_slot::Guard<crate::propagation::Remote>;

/// The pass-through headers with `key=value` first in `tracestate` (only
/// when there is a `traceparent` to go with it).
fn with_tracestate(base: &PassThrough, key: &str, value: &str) -> PassThrough {
    let Some(remote) = &base.0 else {
        return base.clone();
    };
    if remote.raw.traceparent.is_none() {
        return base.clone();
    }
    let current = remote.raw.tracestate.as_deref().unwrap_or("");
    match crate::propagation::TraceState::parse(&[current]).insert(key, value) {
        Ok(state) => {
            let mut updated = (**remote).clone();
            updated.raw.tracestate = Some(state.header());
            PassThrough(Some(std::sync::Arc::new(updated)))
        }
        Err(_) => base.clone(),
    }
}
