//! Where records go: the sink chosen at `init` (JSON lines, the pretty
//! format, or an application's drain) and the writer it writes whole lines
//! to.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use once_cell::sync::{Lazy, OnceCell};

use super::escape_hatch::AppDrain;
use super::json::{self, JsonSink};
use super::level_filter;
use super::otlp::OtlpLogs;
use super::record_kv::RecordKv;
use super::whole_lines::{self, write_whole, Outcome};
use super::{pretty, slog_level};
use crate::config::log_directives::Directives;
use crate::config::DiagLevel;
use crate::vocabulary::fields::Field;
use crate::{Config, InitError, Level, LogFormat, LogOutput, TraceContext, TraceFieldStyle, Value};

/// A writer for whole lines: one `write_all` per record, under a lock.
pub(crate) enum Output {
    Stdout,
    Stderr,
    Writer(Box<OwnLine<Mutex<Box<dyn Write + Send>>>>),
}

/// A value alone in its cache lines (boxed, 128-byte aligned: two lines,
/// as adjacent lines are fetched together): the writer's lock is taken by
/// every line from every thread, and what sat next to it was read by every
/// line (measured, BENCHMARKS.md, "Threads, scale and memory").
#[repr(align(128))]
pub(crate) struct OwnLine<T>(T);

impl Output {
    fn open(output: LogOutput) -> Output {
        match output {
            LogOutput::Stdout => Output::Stdout,
            LogOutput::Stderr => Output::Stderr,
            LogOutput::Writer(w) => Output::Writer(Box::new(OwnLine(w))),
            LogOutput::File(path) => match std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
            {
                Ok(file) => Output::Writer(Box::new(OwnLine(Mutex::new(Box::new(file))))),
                Err(e) => {
                    crate::lifecycle::diagnostics::warn(format_args!(
                        "log file {} cannot be opened ({e}); logging to stderr instead",
                        path.display()
                    ));
                    Output::Stderr
                }
            },
        }
    }

    /// Writes one line, whole or not at all (counted: see `whole_lines`).
    /// Logging never fails the program.
    pub(crate) fn write_line(&self, line: &[u8]) {
        let outcome = match self {
            Output::Stdout => write_whole(&mut io::stdout().lock(), line),
            Output::Stderr => write_whole(&mut io::stderr().lock(), line),
            Output::Writer(w) => match lock_writer(&w.0) {
                Some(mut w) => {
                    let outcome = write_whole(&mut *w, line);
                    let _ = w.flush();
                    outcome
                }
                None => whole_lines::count_dropped(),
            },
        };
        if outcome == Outcome::Written {
            if let Some(dropped) = whole_lines::summary_due() {
                report_dropped(dropped);
            }
        }
    }

    fn is_terminal(&self) -> bool {
        match self {
            Output::Stdout => io::stdout().is_terminal(),
            Output::Stderr => io::stderr().is_terminal(),
            Output::Writer(_) => false,
        }
    }

    pub(crate) fn flush(&self) {
        let _ = match self {
            Output::Stdout => io::stdout().flush(),
            Output::Stderr => io::stderr().flush(),
            Output::Writer(w) => match lock_writer(&w.0) {
                Some(mut w) => w.flush(),
                None => Ok(()),
            },
        };
    }
}

enum Sink {
    App(AppDrain),
    Json(JsonSink),
    Pretty {
        out: Output,
        color: bool,
    },
    /// Records go over OTLP only.
    Nowhere,
}

struct Root {
    sink: Sink,
    /// The OTLP log export path, when records go there too.
    otlp: Option<OtlpLogs>,
    style: TraceFieldStyle,
    limits: crate::AttributeLimits,
}

static ROOT: OnceCell<Root> = OnceCell::new();

/// The logger values every record is given: none (ours are in the record).
static NO_VALUES: Lazy<slog::OwnedKVList> = Lazy::new(|| slog::OwnedKVList::from(slog::o!()));

pub(super) static LOCATION: slog::RecordLocation = slog::RecordLocation {
    file: "",
    line: 0,
    column: 0,
    function: "",
    module: "",
};

pub(crate) fn install(config: &mut Config) -> Result<(), InitError> {
    let spec = config.log_directives.as_deref().unwrap_or("");
    // Problems were found (and reported by `init`) when the directives
    // were read.
    let (directives, _) = Directives::parse(spec, config.log_level);
    let export = config.log_export;
    // Without the `otlp` feature `init` has warned already.
    let otlp = match export.to_otlp() && OtlpLogs::AVAILABLE {
        true => match OtlpLogs::open(config) {
            Ok(otlp) => Some(otlp),
            Err(why) => {
                if config.diag_level >= DiagLevel::Warn {
                    crate::lifecycle::diagnostics::warn(format_args!(
                        "log records over OTLP are off: {why}; they go to the log output"
                    ));
                }
                None
            }
        },
        false => None,
    };
    // Records not sent over OTLP as asked go to the output rather than
    // nowhere.
    let to_output = export.to_output() || (export.to_otlp() && otlp.is_none());
    let sink = match (to_output, config.log_payload.0.take()) {
        (false, _) => Sink::Nowhere,
        (true, Some(drain)) => Sink::App(drain),
        (true, None) => built_in_sink(
            Output::open(std::mem::take(&mut config.log_output)),
            config.log_format,
        ),
    };
    let nowhere = matches!(sink, Sink::Nowhere) && otlp.is_none();
    ROOT.set(Root {
        sink,
        otlp,
        style: config.trace_fields,
        limits: config.attribute_limits,
    })
    .map_err(|_| InitError::AlreadyInitialized)?;
    level_filter::install(directives);
    if nowhere {
        // `LogExport::None`: every logger is off.
        level_filter::set_off();
    }
    Ok(())
}

/// JSON lines when asked and compiled in, else the pretty format.
fn built_in_sink(out: Output, format: LogFormat) -> Sink {
    let out = match format {
        LogFormat::Json => match JsonSink::open(out) {
            Ok(json) => return Sink::Json(json),
            Err(out) => {
                crate::lifecycle::diagnostics::warn(format_args!(
                    "JSON logs need the `json` feature of telemetry-facade; using the pretty format"
                ));
                out
            }
        },
        _ => out,
    };
    let color = out.is_terminal();
    Sink::Pretty { out, color }
}

thread_local! {
    /// Whether this thread holds the application's writer (a panic inside
    /// the writer leaves the hook running with the lock held).
    static HOLDS_WRITER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The application's writer, locked by this thread until the guard drops.
struct HeldWriter<'a>(std::sync::MutexGuard<'a, Box<dyn Write + Send>>);

impl Drop for HeldWriter<'_> {
    fn drop(&mut self) {
        let _ = HOLDS_WRITER.try_with(|h| h.set(false));
    }
}

impl std::ops::Deref for HeldWriter<'_> {
    type Target = Box<dyn Write + Send>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for HeldWriter<'_> {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

/// The application's writer, locked; `None` when this thread holds it
/// already (the panic hook running for a panic inside the writer, or a
/// writer that logs): waiting would never end, so the line is dropped and
/// counted. Other threads hold it only for one line: those are waited for.
fn lock_writer(w: &Mutex<Box<dyn Write + Send>>) -> Option<HeldWriter<'_>> {
    if HOLDS_WRITER.try_with(|h| h.get()).unwrap_or(false) {
        return None;
    }
    let guard = w.lock().unwrap_or_else(PoisonError::into_inner);
    let _ = HOLDS_WRITER.try_with(|h| h.set(true));
    Some(HeldWriter(guard))
}

/// Flushes the output, and the OTLP path within `deadline` (the panic
/// hook's last act).
pub(crate) fn flush(deadline: Duration) {
    flush_output();
    if let Some(Root {
        otlp: Some(otlp), ..
    }) = ROOT.get()
    {
        let _ = crate::lifecycle::bounded(deadline, move || {
            otlp.flush();
            Ok(())
        });
    }
}

fn flush_output() {
    if let Some(root) = ROOT.get() {
        match &root.sink {
            Sink::App(drain) => {
                let _ = drain.flush();
            }
            Sink::Json(json) => json.flush(),
            Sink::Pretty { out, .. } => out.flush(),
            Sink::Nowhere => {}
        }
    }
}

/// One record saying how many were dropped since the last such record.
fn report_dropped(dropped: u64) {
    emit(
        &Cow::Borrowed("telemetry_facade"),
        Level::Warn,
        "log_records_dropped",
        &[],
        None,
        &[Field::new("dropped", &dropped)],
        None,
    );
}

/// Stops every logger, reports what the output dropped, flushes it, and
/// shuts the OTLP path down within `deadline` (reporting what it lost).
pub(crate) fn shutdown(deadline: Duration) -> Result<(), InitError> {
    level_filter::set_off();
    let (dropped, torn) = whole_lines::totals();
    if dropped > 0 {
        crate::lifecycle::diagnostics::report(format_args!(
            "log output: {dropped} records were dropped ({torn} of them cut short), \
             because the output would not take them (a non-blocking output read too slowly) \
             or failed"
        ));
    }
    flush_output();
    match ROOT.get() {
        Some(Root {
            otlp: Some(otlp), ..
        }) => otlp.shutdown(deadline),
        _ => Ok(()),
    }
}

// A `Cow`, not a `&str`: the OTLP path keeps the name as the scope
// without copying a `'static` one.
#[allow(clippy::ptr_arg)]
pub(crate) fn emit(
    logger: &Cow<'static, str>,
    level: Level,
    event: &str,
    bound: &[(&'static str, Value)],
    scoped: Option<&super::scoped_fields::Node>,
    call: &[Field<'_>],
    trace: Option<TraceContext>,
) {
    let Some(root) = ROOT.get() else {
        return;
    };
    let kv = RecordKv {
        logger: logger.as_ref(),
        event,
        bound,
        scoped,
        call,
        trace,
        style: root.style,
        limits: root.limits,
        json: match &root.sink {
            Sink::Json(json) => Some(json),
            _ => None,
        },
        non_ascii: std::cell::Cell::new(false),
        write_logger: true,
        write_event: true,
    };
    match &root.sink {
        Sink::App(drain) => {
            let _ = with_record(logger, level, &kv, |record| drain.log(record, &NO_VALUES));
        }
        Sink::Json(json) => {
            // The sink writes the text that needs no escaping itself (the
            // timestamp, the level, a plain logger name and event, flat
            // trace fields); slog-json the rest.
            let frame = json::Frame::new(level, logger, event, trace.as_ref(), root.style);
            let kv = kv.inside(&frame);
            with_record(logger, level, &kv, |record| {
                json.render(&frame, record, &NO_VALUES, &kv.non_ascii)
            });
        }
        Sink::Pretty { out, color } => with_record(logger, level, &kv, |record| {
            pretty::render(record, *color, |line| out.write_line(line))
        }),
        Sink::Nowhere => {}
    }
    if let Some(otlp) = &root.otlp {
        // The same fields, without trace fields: the trace context is the
        // OTLP record's own.
        let kv = RecordKv {
            trace: None,
            style: TraceFieldStyle::Flat,
            json: None,
            write_logger: false,
            write_event: false,
            ..kv
        };
        otlp.emit(logger, level, &kv, trace);
    }
}

/// The slog record of `kv` at `level`, handed to `f`.
#[inline]
fn with_record<R>(
    logger: &str,
    level: Level,
    kv: &RecordKv<'_>,
    f: impl FnOnce(&slog::Record<'_>) -> R,
) -> R {
    let rs = slog::RecordStatic {
        location: &LOCATION,
        tag: logger,
        level: slog_level(level),
    };
    let event = kv.event;
    let msg = format_args!("{event}");
    f(&slog::Record::new(&rs, &msg, slog::BorrowedKV(kv)))
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};
    use std::time::Duration;

    use super::*;

    fn writer() -> Arc<Mutex<Box<dyn Write + Send>>> {
        Arc::new(Mutex::new(Box::new(Vec::<u8>::new())))
    }

    #[test]
    fn a_writer_held_by_another_thread_is_waited_for() {
        let w = writer();
        let barrier = Arc::new(Barrier::new(2));
        let holder = {
            let (w, barrier) = (Arc::clone(&w), Arc::clone(&barrier));
            std::thread::spawn(move || {
                let _held = lock_writer(&w).expect("free");
                barrier.wait();
                std::thread::sleep(Duration::from_millis(50));
            })
        };
        barrier.wait();
        assert!(lock_writer(&w).is_some(), "waited for the other thread");
        holder.join().unwrap();
    }

    #[test]
    fn a_writer_held_by_this_thread_is_not_waited_for() {
        let w = writer();
        let held = lock_writer(&w).expect("free");
        assert!(lock_writer(&w).is_none(), "would deadlock");
        drop(held);
        assert!(lock_writer(&w).is_some(), "free again");
    }
}
