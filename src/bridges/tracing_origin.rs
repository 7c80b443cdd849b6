//! Which way something is crossing between `tracing` and this crate on
//! this thread, so that nothing crosses twice (the loop guard of both
//! `tracing` directions).
//!
//! - The `tracing` bridge (`tracing-bridge`) marks the thread
//!   [`INTO_OURS`] while it turns a `tracing` event or span into ours: what
//!   it writes then is never forwarded back to `tracing`.
//! - The forward (`tracing-forward`) marks it [`INTO_TRACING`] while it
//!   hands one of our records or spans to the `tracing` dispatcher: the
//!   bridge, if the application put it in the same subscriber, ignores it.
//!
//! Either side does nothing while anything crosses already on the thread
//! (also a re-entrant record: a field's `Display` that logs while being
//! written).

use std::cell::Cell;

thread_local! {
    static CROSSING: Cell<u8> = const { Cell::new(NOTHING) };
}

const NOTHING: u8 = 0;
/// The `tracing` bridge is turning a `tracing` event or span into ours.
#[allow(dead_code)] // used by the `tracing` bridge only
pub(crate) const INTO_OURS: u8 = 1;
/// The forward is handing one of ours to `tracing`.
#[allow(dead_code)] // used by the `tracing` forward only
pub(crate) const INTO_TRACING: u8 = 2;

/// Marks the thread as crossing one way until dropped; the previous mark
/// comes back then.
#[derive(Debug)]
pub(crate) struct Crossing {
    previous: u8,
}

impl Drop for Crossing {
    #[inline]
    fn drop(&mut self) {
        let previous = self.previous;
        let _ = CROSSING.try_with(|c| c.set(previous));
    }
}

/// Marks the thread as crossing `way`; `None` when something crosses
/// already on this thread (or during thread teardown): the caller then
/// leaves the record or span alone.
#[inline]
pub(crate) fn cross(way: u8) -> Option<Crossing> {
    CROSSING
        .try_with(|c| match c.get() {
            NOTHING => {
                c.set(way);
                Some(Crossing { previous: NOTHING })
            }
            _ => None,
        })
        .ok()
        .flatten()
}

/// Marks the thread as crossing `way` whatever crosses already: for what
/// must happen in any case (entering, leaving and closing a `tracing` span
/// keep the subscriber's books balanced).
#[inline]
#[allow(dead_code)] // used by the `tracing` forward only
pub(crate) fn mark(way: u8) -> Crossing {
    let previous = CROSSING.try_with(|c| c.replace(way)).unwrap_or(way);
    Crossing { previous }
}
