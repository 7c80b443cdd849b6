//! The no-op build's propagation: the headers an `extract` received are kept
//! in the context and written back unchanged by `inject`, so an
//! uninstrumented hop does not cut the trace.

use std::cell::RefCell;

use crate::propagation::{Headers, SharedRemote};

/// The extracted headers, if any, of a captured context.
#[derive(Clone, Debug, Default)]
pub(crate) struct PassThrough(pub(crate) Option<SharedRemote>);

thread_local! {
    static CURRENT: RefCell<Option<SharedRemote>> = const { RefCell::new(None) };
}

pub(crate) fn current() -> PassThrough {
    PassThrough(
        CURRENT
            .try_with(|c| c.try_borrow().ok().and_then(|b| b.clone()))
            .ok()
            .flatten(),
    )
}

/// Restores the previous headers when dropped.
#[derive(Debug)]
pub(crate) struct PassThroughGuard {
    previous: Option<Option<SharedRemote>>,
}

pub(crate) fn attach(cx: &PassThrough) -> PassThroughGuard {
    let previous = CURRENT
        .try_with(|c| {
            c.try_borrow_mut()
                .ok()
                .map(|mut current| std::mem::replace(&mut *current, cx.0.clone()))
        })
        .ok()
        .flatten();
    PassThroughGuard { previous }
}

impl Drop for PassThroughGuard {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            let _ = CURRENT.try_with(|c| {
                if let Ok(mut current) = c.try_borrow_mut() {
                    *current = previous;
                }
            });
        }
    }
}

pub(crate) fn outgoing() -> Headers {
    CURRENT
        .try_with(|c| {
            c.try_borrow()
                .ok()
                .and_then(|b| b.as_ref().map(|remote| remote.raw.clone()))
        })
        .ok()
        .flatten()
        .unwrap_or_default()
}
