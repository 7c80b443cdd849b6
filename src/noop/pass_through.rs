//! The no-op build's propagation: the headers an `extract` received are kept
//! in the context and written back unchanged by `inject`, so an
//! uninstrumented hop does not cut the trace.

use std::cell::RefCell;

use crate::local;
use crate::propagation::{Headers, SharedRemote};

/// The extracted headers, if any, of a captured context.
#[derive(Clone, Debug, Default)]
pub(crate) struct PassThrough(pub(crate) Option<SharedRemote>);

thread_local! {
    static CURRENT: RefCell<Option<SharedRemote>> = const { RefCell::new(None) };
}

/// Restores the previous headers when dropped.
pub(crate) type PassThroughGuard = local::Guard<crate::propagation::Remote>;

pub(crate) fn current() -> PassThrough {
    PassThrough(local::get(&CURRENT))
}

pub(crate) fn attach(cx: &PassThrough) -> PassThroughGuard {
    local::enter(&CURRENT, cx.0.clone())
}

pub(crate) fn outgoing() -> Headers {
    let mut headers = Headers::default();
    local::with(&CURRENT, |remote| {
        if let Some(remote) = remote {
            headers = remote.raw.clone();
        }
    });
    headers
}
