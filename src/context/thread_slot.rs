//! A per-thread "current value" slot with a restoring guard: what scoped
//! log fields and the no-op build's propagated headers both need.

use std::cell::RefCell;
use std::sync::Arc;
use std::thread::LocalKey;

/// The thread-local a slot lives in.
pub(crate) type Slot<T> = LocalKey<RefCell<Option<Arc<T>>>>;

/// The current value, if any. `None` during thread teardown or while the
/// slot is being replaced.
pub(crate) fn get<T>(slot: &'static Slot<T>) -> Option<Arc<T>> {
    slot.try_with(|c| c.try_borrow().ok().and_then(|b| b.clone()))
        .ok()
        .flatten()
}

/// Calls `f` once with the current value, without cloning it (with `None`
/// during thread teardown or while the slot is being replaced).
pub(crate) fn with<T>(slot: &'static Slot<T>, f: impl FnOnce(Option<&T>)) {
    let mut f = Some(f);
    let _ = slot.try_with(|c| {
        if let Ok(current) = c.try_borrow() {
            if let Some(f) = f.take() {
                f(current.as_deref());
            }
        }
    });
    if let Some(f) = f {
        f(None);
    }
}

/// Makes `value` current until the guard drops.
pub(crate) fn enter<T: 'static>(slot: &'static Slot<T>, value: Option<Arc<T>>) -> Guard<T> {
    let previous = slot
        .try_with(|c| {
            c.try_borrow_mut()
                .ok()
                .map(|mut current| std::mem::replace(&mut *current, value))
        })
        .ok()
        .flatten();
    Guard { slot, previous }
}

/// Restores the previous value when dropped.
pub(crate) struct Guard<T: 'static> {
    slot: &'static Slot<T>,
    /// `None` when entering changed nothing.
    previous: Option<Option<Arc<T>>>,
}

impl<T> Drop for Guard<T> {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            let _ = self.slot.try_with(|c| {
                if let Ok(mut current) = c.try_borrow_mut() {
                    *current = previous;
                }
            });
        }
    }
}

impl<T> std::fmt::Debug for Guard<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guard").finish_non_exhaustive()
    }
}
