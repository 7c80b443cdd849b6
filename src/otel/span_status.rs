//! Which status a span ends with, whatever order the calls came in:
//!
//! - an explicit status (`Span::set_status`, `Span::record_error`) wins
//!   over one derived from an `error`/`critical` log record;
//! - between explicit `Error`s, the last one; `Ok` is final and an explicit
//!   `Unset` is ignored (the OpenTelemetry specification's rules);
//! - between log-derived ones, the first (usually the cause).
//!
//! The SDK cannot do this itself: it keeps the "greatest" status, and
//! compares two error descriptions as text. So the wanted status is kept
//! here, by span id, and the one span processor this crate installs
//! ([`StatusFanout`]) writes it into the span's data as the span ends,
//! before any exporter sees it. Nothing is kept when no processor exists
//! (nothing would read it) or the span does not record.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use opentelemetry::trace::{SpanId, Status};
use opentelemetry::Context;
use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{Span, SpanData, SpanProcessor};
use opentelemetry_sdk::Resource;

#[derive(Default)]
struct Wanted {
    explicit: Option<Status>,
    from_log: Option<Status>,
}

/// Whether a `StatusFanout` is installed (set once, at `init`).
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// How many spans have a wanted status: span ends skip the table at zero.
static PENDING: AtomicUsize = AtomicUsize::new(0);
static TABLE: Mutex<HashMap<SpanId, Wanted, BuildHasherDefault<DefaultHasher>>> =
    Mutex::new(HashMap::with_hasher(BuildHasherDefault::new()));

fn update(id: SpanId, f: impl FnOnce(&mut Wanted)) {
    if !ACTIVE.load(Ordering::Acquire) {
        return;
    }
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    let wanted = table.entry(id).or_insert_with(|| {
        PENDING.fetch_add(1, Ordering::AcqRel);
        Wanted::default()
    });
    f(wanted);
}

/// An explicit status for the span `id`.
pub(crate) fn set_explicit(id: SpanId, status: Status) {
    update(id, |w| match (&w.explicit, status) {
        (Some(Status::Ok), _) | (_, Status::Unset) => {}
        (_, status) => w.explicit = Some(status),
    });
}

/// The status an `error`/`critical` record asks for the span `id`.
pub(crate) fn set_from_log(id: SpanId, description: &str) {
    update(id, |w| {
        if w.from_log.is_none() {
            w.from_log = Some(Status::error(description.to_owned()));
        }
    });
}

/// The wanted status of the span `id`, removed from the table.
fn take(id: SpanId) -> Option<Status> {
    if PENDING.load(Ordering::Acquire) == 0 {
        return None;
    }
    let wanted = TABLE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .remove(&id)?;
    PENDING.fetch_sub(1, Ordering::AcqRel);
    wanted.explicit.or(wanted.from_log)
}

/// The one processor installed in the SDK: fixes each ending span's
/// status, then hands the span to every configured processor in order.
#[derive(Debug)]
pub(crate) struct StatusFanout(Vec<Box<dyn SpanProcessor>>);

impl StatusFanout {
    /// Installs the rule in front of `processors`.
    pub(crate) fn new(processors: Vec<Box<dyn SpanProcessor>>) -> StatusFanout {
        ACTIVE.store(true, Ordering::Release);
        StatusFanout(processors)
    }
}

impl SpanProcessor for StatusFanout {
    fn on_start(&self, span: &mut Span, cx: &Context) {
        for p in &self.0 {
            p.on_start(span, cx);
        }
    }

    fn on_end(&self, mut span: SpanData) {
        if let Some(status) = take(span.span_context.span_id()) {
            span.status = status;
        }
        if let Some((last, rest)) = self.0.split_last() {
            for p in rest {
                p.on_end(span.clone());
            }
            last.on_end(span);
        }
    }

    fn force_flush(&self) -> OTelSdkResult {
        self.0
            .iter()
            .map(|p| p.force_flush())
            .fold(Ok(()), Result::and)
    }

    fn shutdown_with_timeout(&self, timeout: Duration) -> OTelSdkResult {
        self.0
            .iter()
            .map(|p| p.shutdown_with_timeout(timeout))
            .fold(Ok(()), Result::and)
    }

    fn set_resource(&mut self, resource: &Resource) {
        for p in &mut self.0 {
            p.set_resource(resource);
        }
    }
}
