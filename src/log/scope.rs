//! Scoped log fields: a per-thread chain of field sets, made current by a
//! guard (and by `Context`, across threads and `.await`).

use std::cell::RefCell;
use std::sync::Arc;

use crate::field::Field;
use crate::Value;

/// One scope's fields, after the fields of the scopes around it.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) parent: Option<Arc<Node>>,
    pub(crate) fields: Box<[(&'static str, Value)]>,
}

impl Node {
    /// Every field, outermost scope first.
    pub(crate) fn for_each(
        &self,
        f: &mut dyn FnMut(&'static str, &Value) -> slog::Result,
    ) -> slog::Result {
        if let Some(parent) = &self.parent {
            parent.for_each(f)?;
        }
        for (k, v) in self.fields.iter() {
            f(k, v)?;
        }
        Ok(())
    }

    pub(crate) fn len(&self) -> usize {
        self.fields.len() + self.parent.as_ref().map_or(0, |p| p.len())
    }
}

/// A captured chain of scoped fields (`None`: no field).
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope(Option<Arc<Node>>);

thread_local! {
    static CURRENT: RefCell<Option<Arc<Node>>> = const { RefCell::new(None) };
}

pub(crate) fn current() -> Scope {
    Scope(
        CURRENT
            .try_with(|c| c.try_borrow().ok().and_then(|b| b.clone()))
            .ok()
            .flatten(),
    )
}

pub(crate) fn with(base: &Scope, fields: &[Field<'_>]) -> Scope {
    if fields.is_empty() {
        return base.clone();
    }
    Scope(Some(Arc::new(Node {
        parent: base.0.clone(),
        fields: fields.iter().map(|f| (f.key, f.value.to_value())).collect(),
    })))
}

/// Calls `f` with the current chain, without cloning it.
pub(crate) fn with_current<R>(f: impl FnOnce(Option<&Node>) -> R) -> R {
    let mut f = Some(f);
    let out = CURRENT
        .try_with(|c| match c.try_borrow() {
            Ok(b) => f.take().map(|f| f(b.as_deref())),
            Err(_) => None,
        })
        .ok()
        .flatten();
    match out {
        Some(r) => r,
        // Thread teardown, or a scope being entered right now.
        None => (f.take().expect("not called yet"))(None),
    }
}

/// Restores the previous chain when dropped.
#[derive(Debug)]
pub(crate) struct Guard {
    /// `None` when entering did not change anything.
    previous: Option<Option<Arc<Node>>>,
}

pub(crate) fn enter(scope: &Scope) -> Guard {
    let previous = CURRENT
        .try_with(|c| {
            c.try_borrow_mut()
                .ok()
                .map(|mut current| std::mem::replace(&mut *current, scope.0.clone()))
        })
        .ok()
        .flatten();
    Guard { previous }
}

impl Drop for Guard {
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
