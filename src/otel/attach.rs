//! Making a context current, and knowing when that did not work: the
//! OpenTelemetry context stack holds 65 535 contexts per thread, and past
//! that `attach` changes nothing. Counting our own attachments on the
//! thread costs two thread-local updates; only when the count comes near
//! the limit is the current context checked (contexts attached by other
//! instrumentation are not counted: they would have to be hundreds deep
//! to hide an overflow).

use std::cell::Cell;

use opentelemetry::trace::TraceContextExt;
use opentelemetry::{Context, ContextGuard};

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
}

/// From this depth on, an attachment is checked.
const CHECK_FROM: u32 = 65_000;

/// A context made current; dropping it restores the previous one.
#[derive(Debug)]
pub(crate) struct Attached {
    _guard: ContextGuard,
}

impl Drop for Attached {
    #[inline]
    fn drop(&mut self) {
        let _ = DEPTH.try_with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Makes `cx` current; `false` with it when the stack was full and `cx` is
/// not current after all.
#[inline]
pub(crate) fn attach(cx: &Context) -> (Attached, bool) {
    let depth = DEPTH.try_with(|d| {
        let depth = d.get().saturating_add(1);
        d.set(depth);
        depth
    });
    let guard = Attached {
        _guard: cx.clone().attach(),
    };
    let current = match depth {
        Ok(depth) if depth < CHECK_FROM => true,
        _ => is_current(cx),
    };
    (guard, current)
}

#[cold]
fn is_current(cx: &Context) -> bool {
    let id = |cx: &Context| cx.span().span_context().span_id();
    Context::map_current(|current| id(current) == id(cx))
}
