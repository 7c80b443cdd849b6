//! The panic hook (`Config::record_panics`): one `critical` record per
//! panic — its message, location, thread and (when `RUST_BACKTRACE` asks
//! for one) backtrace — written with the current trace fields; the current
//! span marked `Error` with the message; the log output and span export
//! flushed within a bounded time; then the hook installed before.
//!
//! It works inside a span, inside a `Display` being logged (the record
//! being written is not disturbed), and while an application's log writer
//! is locked on the panicking thread (the hook's record is then dropped
//! and counted rather than waited for). A panic inside the hook itself
//! goes straight to the previous hook.

use std::backtrace::{Backtrace, BacktraceStatus};
use std::cell::Cell;
use std::fmt::Write as _;
use std::panic::PanicHookInfo;
use std::time::Duration;

use crate::backend::log::SelectedLogger;
use crate::backend::metrics::SelectedMeter;
use crate::backend::trace::SelectedTracer;
use crate::backend::Install;
use crate::vocabulary::formatting::formatted;
use crate::Field;

thread_local! {
    static IN_HOOK: Cell<bool> = const { Cell::new(false) };
}

/// How long the hook waits for the outputs to be flushed.
const FLUSH_DEADLINE: Duration = Duration::from_secs(1);

/// Installs the hook in front of the one installed now.
pub(crate) fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let first = IN_HOOK.try_with(|h| !h.replace(true)).unwrap_or(false);
        if first {
            record(info);
            SelectedLogger::flush(FLUSH_DEADLINE);
            SelectedTracer::flush(FLUSH_DEADLINE);
            SelectedMeter::flush(FLUSH_DEADLINE);
            let _ = IN_HOOK.try_with(|h| h.set(false));
        }
        previous(info);
    }));
}

fn record(info: &PanicHookInfo<'_>) {
    let payload = info.payload();
    let message = match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(s), _) => (*s).to_owned(),
        (_, Some(s)) => s.clone(),
        _ => "Box<dyn Any>".to_owned(),
    };
    let location = info
        .location()
        .map(|l| formatted(|out| write!(out, "{}:{}:{}", l.file(), l.line(), l.column())))
        .unwrap_or_default();
    let current = std::thread::current();
    let thread = match current.name() {
        Some(name) => name.to_owned(),
        None => formatted(|out| write!(out, "{:?}", current.id())),
    };
    let backtrace = Backtrace::capture();
    let backtrace = match backtrace.status() {
        BacktraceStatus::Captured => Some(formatted(|out| write!(out, "{backtrace}"))),
        _ => None,
    };
    crate::backend::trace::mark_current_error(&message);
    let logger = crate::get_telemetry("panic").logger().clone();
    let mut fields = vec![
        Field::new("panic.message", &message),
        Field::new("panic.location", &location),
        Field::new("thread.name", &thread),
    ];
    if let Some(backtrace) = &backtrace {
        fields.push(Field::new("panic.backtrace", backtrace));
    }
    logger.critical("panic", &fields);
}
