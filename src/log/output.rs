//! Where records go: the sink chosen at `init` (JSON lines, the pretty
//! format, or an application's drain) and the writer it writes whole lines
//! to.

use std::io::{self, IsTerminal, Write};
use std::panic::RefUnwindSafe;
use std::sync::{Mutex, PoisonError};

use once_cell::sync::{Lazy, OnceCell};

use super::filter::{self, Directives};
use super::kv::RecordKv;
use super::{pretty, slog_level};
use crate::field::Field;
use crate::{Config, InitError, Level, LogFormat, LogOutput, TraceContext, TraceFieldStyle, Value};

/// An application's drain, made infallible.
pub(crate) type AppDrain = Box<dyn slog::SendSyncRefUnwindSafeDrain<Ok = (), Err = slog::Never>>;

pub(crate) fn app_drain<D>(drain: D) -> AppDrain
where
    D: slog::Drain + Send + Sync + RefUnwindSafe + 'static,
{
    Box::new(slog::Drain::ignore_res(drain))
}

/// A writer for whole lines: one `write_all` per record, under a lock.
pub(crate) enum Output {
    Stdout,
    Stderr,
    Writer(Mutex<Box<dyn Write + Send>>),
}

impl Output {
    fn open(output: LogOutput) -> Output {
        match output {
            LogOutput::Stdout => Output::Stdout,
            LogOutput::Stderr => Output::Stderr,
            LogOutput::Writer(w) => Output::Writer(w),
            LogOutput::File(path) => match std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)
            {
                Ok(file) => Output::Writer(Mutex::new(Box::new(file))),
                Err(e) => {
                    crate::diag::warn(format_args!(
                        "log file {} cannot be opened ({e}); logging to stderr instead",
                        path.display()
                    ));
                    Output::Stderr
                }
            },
        }
    }

    /// Writes one whole line. Errors are dropped: logging never fails the
    /// program.
    pub(crate) fn write_line(&self, line: &[u8]) {
        let _ = match self {
            Output::Stdout => io::stdout().lock().write_all(line),
            Output::Stderr => io::stderr().lock().write_all(line),
            Output::Writer(w) => {
                let mut w = w.lock().unwrap_or_else(PoisonError::into_inner);
                w.write_all(line).and_then(|()| w.flush())
            }
        };
    }

    fn is_terminal(&self) -> bool {
        match self {
            Output::Stdout => io::stdout().is_terminal(),
            Output::Stderr => io::stderr().is_terminal(),
            Output::Writer(_) => false,
        }
    }

    fn flush(&self) {
        let _ = match self {
            Output::Stdout => io::stdout().flush(),
            Output::Stderr => io::stderr().flush(),
            Output::Writer(w) => w.lock().unwrap_or_else(PoisonError::into_inner).flush(),
        };
    }
}

enum Sink {
    App(AppDrain),
    #[cfg(feature = "json")]
    Json(Output),
    Pretty {
        out: Output,
        color: bool,
    },
}

struct Root {
    sink: Sink,
    style: TraceFieldStyle,
    limits: crate::AttributeLimits,
}

static ROOT: OnceCell<Root> = OnceCell::new();

/// The logger values every record is given: none (ours are in the record).
static NO_VALUES: Lazy<slog::OwnedKVList> = Lazy::new(|| slog::OwnedKVList::from(slog::o!()));

static LOCATION: slog::RecordLocation = slog::RecordLocation {
    file: "",
    line: 0,
    column: 0,
    function: "",
    module: "",
};

pub(crate) fn install(config: &mut Config) -> Result<(), InitError> {
    let spec = config.log_directives.as_deref().unwrap_or("");
    let (directives, warnings) = Directives::parse(spec, config.log_level);
    for w in warnings {
        crate::diag::warn(format_args!("log directives {spec:?}: {w}"));
    }
    let sink = match config.slog_drain.take() {
        Some(drain) => Sink::App(drain),
        None => {
            let out = Output::open(std::mem::take(&mut config.log_output));
            match config.log_format {
                #[cfg(feature = "json")]
                LogFormat::Json => Sink::Json(out),
                #[cfg(not(feature = "json"))]
                LogFormat::Json => {
                    crate::diag::warn(format_args!(
                        "JSON logs need the `json` feature of telemetry-facade; using the pretty format"
                    ));
                    let color = out.is_terminal();
                    Sink::Pretty { out, color }
                }
                _ => {
                    let color = out.is_terminal();
                    Sink::Pretty { out, color }
                }
            }
        }
    };
    ROOT.set(Root {
        sink,
        style: config.trace_fields,
        limits: config.attribute_limits,
    })
    .map_err(|_| InitError::AlreadyInitialized)?;
    filter::install(directives);
    Ok(())
}

pub(crate) fn shutdown() {
    filter::set_off();
    if let Some(root) = ROOT.get() {
        match &root.sink {
            Sink::App(drain) => {
                let _ = drain.flush();
            }
            #[cfg(feature = "json")]
            Sink::Json(out) => out.flush(),
            Sink::Pretty { out, .. } => out.flush(),
        }
    }
}

pub(crate) fn emit(
    logger: &str,
    level: Level,
    event: &str,
    bound: &[(&'static str, Value)],
    scoped: Option<&super::scope::Node>,
    call: &[Field<'_>],
    trace: Option<TraceContext>,
) {
    let Some(root) = ROOT.get() else {
        return;
    };
    let kv = RecordKv {
        logger,
        event,
        bound,
        scoped,
        call,
        trace,
        style: root.style,
        limits: root.limits,
        #[cfg(feature = "json")]
        nested_objects: matches!(root.sink, Sink::Json(_)),
        #[cfg(not(feature = "json"))]
        nested_objects: false,
    };
    let rs = slog::RecordStatic {
        location: &LOCATION,
        tag: logger,
        level: slog_level(level),
    };
    let msg = format_args!("{event}");
    let record = slog::Record::new(&rs, &msg, slog::BorrowedKV(&kv));
    match &root.sink {
        Sink::App(drain) => {
            let _ = drain.log(&record, &NO_VALUES);
        }
        #[cfg(feature = "json")]
        Sink::Json(out) => super::json::render(&record, &NO_VALUES, |line| out.write_line(line)),
        Sink::Pretty { out, color } => pretty::render(&record, *color, |line| out.write_line(line)),
    }
}

/// A writer into shared memory, for the `testing` capture.
#[cfg(feature = "testing")]
#[derive(Clone, Default, Debug)]
pub(crate) struct SharedBuffer(std::sync::Arc<Mutex<Vec<u8>>>);

#[cfg(feature = "testing")]
impl SharedBuffer {
    pub(crate) fn lines(&self) -> Vec<String> {
        let bytes = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_owned)
            .collect()
    }
}

#[cfg(feature = "testing")]
impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
