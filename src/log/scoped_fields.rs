//! Scoped log fields: a per-thread chain of field sets, made current by a
//! guard (and by `Context`, across threads and `.await`).

use std::cell::RefCell;
use std::sync::Arc;

use crate::context::thread_slot;
use crate::vocabulary::fields::Field;
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

pub(crate) type Guard = thread_slot::Guard<Node>;

pub(crate) fn current() -> Scope {
    Scope(thread_slot::get(&CURRENT))
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

/// Calls `f` with the current chain. The chain is shared (an `Arc`
/// clone, nothing when there is none) rather than borrowed, so a `Display`
/// formatted inside `f` can enter scopes of its own and log with them.
pub(crate) fn with_current(f: impl FnOnce(Option<&Node>)) {
    let current = thread_slot::get(&CURRENT);
    f(current.as_deref())
}

pub(crate) fn enter(scope: &Scope) -> Guard {
    thread_slot::enter(&CURRENT, scope.0.clone())
}
