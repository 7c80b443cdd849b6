//! [`init`] and [`TelemetryGuard`]: the one-shot lifecycle, and the atomic
//! state every handle checks before doing any work.

mod build_info;
pub(crate) mod clock;
pub(crate) mod diagnostics;
mod export_loss;
pub(crate) mod panics;

pub use build_info::{Build, BUILD};
pub use export_loss::{LogLoss, SpanLoss};

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

use std::time::Duration;

use crate::backend::log::LoggerBackend;
use crate::backend::log::SelectedLogger;
use crate::backend::metrics::SelectedMeter;
use crate::backend::trace::{SelectedTracer, TracerBackend};
use crate::backend::Install;
use crate::Config;

const UNINIT: u8 = 0;
const STARTING: u8 = 1;
const ON: u8 = 2;
const OFF: u8 = 3;

static STATE: AtomicU8 = AtomicU8::new(UNINIT);

/// Whether telemetry is initialised and running: one atomic load.
#[inline]
#[allow(dead_code)] // unused in the build with no backend at all
pub(crate) fn is_on() -> bool {
    STATE.load(Ordering::Acquire) == ON
}

/// Whether `init` has not been called (or failed): one atomic load. What
/// the `tracing` forward is allowed to run on.
#[inline]
#[allow(dead_code)] // used by the `tracing` forward only
pub(crate) fn is_uninit() -> bool {
    STATE.load(Ordering::Relaxed) == UNINIT
}

/// Why [`init`] failed, or what [`TelemetryGuard::shutdown`] reports.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{init, Config, InitError};
///
/// let guard = match init(Config::new().service_name("doc-example")) {
///     Ok(guard) => guard,
///     Err(InitError::AlreadyInitialized) => unreachable!("the first call in this process"),
///     Err(e) => panic!("telemetry could not start: {e}"),
/// };
///
/// // A second `init` changes nothing: the first configuration stays.
/// let again = init(Config::new()).unwrap_err();
/// assert!(matches!(again, InitError::AlreadyInitialized));
/// assert_eq!(
///     again.to_string(),
///     "telemetry is already initialised; init() can succeed once per process"
/// );
/// guard.shutdown().expect("spans are not exported here, so none can be lost");
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum InitError {
    /// `init` already ran in this process; the configuration it installed
    /// stays in force.
    AlreadyInitialized,
    /// A backend could not be set up, or did not shut down cleanly.
    Backend(String),
    /// Shutdown finished, but spans ended that never reached the collector
    /// (only counted for [`SpanExport::Otlp`](crate::SpanExport::Otlp)).
    SpansLost(crate::SpanLoss),
    /// Shutdown finished, but log records were emitted that never reached
    /// the collector (only counted for
    /// [`LogExport::Otlp`](crate::LogExport::Otlp)). When spans were lost
    /// too, [`SpansLost`](InitError::SpansLost) is returned and this is
    /// printed on stderr.
    LogsLost(crate::LogLoss),
}

impl fmt::Display for InitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InitError::AlreadyInitialized => {
                f.write_str("telemetry is already initialised; init() can succeed once per process")
            }
            InitError::Backend(why) => write!(f, "telemetry backend: {why}"),
            InitError::SpansLost(loss) => write!(f, "span export: {loss}"),
            InitError::LogsLost(loss) => write!(f, "log export: {loss}"),
        }
    }
}

impl std::error::Error for InitError {}

/// Installs the application's telemetry configuration. Call it once, early
/// in `main`; libraries must never call it.
///
/// Until `init` succeeds nothing is recorded or written. Handles made
/// before follow the configuration from then on. A second call returns
/// [`InitError::AlreadyInitialized`] and changes nothing.
///
/// With the `tracing-forward` feature, spans and records made before
/// `init` go to the application's `tracing` subscriber, if it has one; from
/// the moment `init` succeeds (also with `OTEL_SDK_DISABLED=true`), nothing
/// more is forwarded: they go to this crate's outputs only.
///
/// Keep the returned guard alive: dropping it flushes and shuts telemetry
/// down (bounded by [`Config::shutdown_timeout`]).
///
/// # Examples
///
/// ```
/// use telemetry_facade::{init, Config, InitError};
///
/// let guard = init(Config::new().service_name("doc-example")).expect("first init");
/// assert!(matches!(init(Config::new()), Err(InitError::AlreadyInitialized)));
/// drop(guard);
/// ```
pub fn init(mut config: Config) -> Result<TelemetryGuard, InitError> {
    if let Err(state) =
        STATE.compare_exchange(UNINIT, STARTING, Ordering::AcqRel, Ordering::Acquire)
    {
        if state == STARTING {
            wait_while_starting();
        }
        return Err(InitError::AlreadyInitialized);
    }
    if config.diag_level >= crate::config::DiagLevel::Warn {
        for warning in &config.warnings {
            diagnostics::warn(format_args!("{warning}"));
        }
        if config.span_export == crate::SpanExport::Otlp && !SelectedTracer::EXPORTS_OTLP {
            diagnostics::warn(format_args!(
                "spans are not exported: SpanExport::Otlp needs telemetry-facade's `otlp` feature"
            ));
        }
        if config.log_export.to_otlp() && !SelectedLogger::EXPORTS_OTLP {
            diagnostics::warn(format_args!(
                "log records are not sent over OTLP: LogExport::Otlp needs telemetry-facade's \
                 `otlp` feature and a logger backend (`slog` or `json`); they go to the log output"
            ));
        }
    }
    crate::propagation::set_propagators(config.get_propagators());
    crate::redaction::install(&config.redact_keys, config.redact_values);
    if config.sdk_disabled {
        // Fixed for the life of the process: every handle stays a no-op.
        STATE.store(OFF, Ordering::Release);
        return Ok(TelemetryGuard {
            timeout: config.shutdown_timeout,
            done: true,
            quiet: true,
        });
    }
    let installed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| install(&mut config)))
        .unwrap_or_else(|_| Err(InitError::Backend("installing a backend panicked".into())));
    if let Err(e) = installed {
        STATE.store(UNINIT, Ordering::Release);
        return Err(e);
    }
    crate::bridges::install(&config);
    if config.record_panics {
        panics::install();
    }
    STATE.store(ON, Ordering::Release);
    Ok(TelemetryGuard {
        timeout: config.shutdown_timeout,
        done: false,
        quiet: config.diag_level == crate::config::DiagLevel::None,
    })
}

/// Another thread is installing: once `init` returns on this thread, its
/// records must be written, so wait until the installation is done (at most
/// `INSTALL_WAIT`: a stuck installation never blocks the caller for good).
fn wait_while_starting() {
    const INSTALL_WAIT: Duration = Duration::from_secs(30);
    let deadline = std::time::Instant::now() + INSTALL_WAIT;
    let mut pause = Duration::from_micros(50);
    while STATE.load(Ordering::Acquire) == STARTING && std::time::Instant::now() < deadline {
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(10));
    }
}

fn install(config: &mut Config) -> Result<(), InitError> {
    SelectedTracer::install(config)?;
    SelectedLogger::install(config)?;
    SelectedMeter::install(config)
}

/// Flushes and shuts telemetry down when dropped (or at
/// [`shutdown`](TelemetryGuard::shutdown)); made by [`init`].
///
/// Keep it in a variable of `main` for as long as the program runs: a
/// guard bound to `_` is dropped at once.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, init, Config};
///
/// let tracer = get_telemetry("my_app").tracer().clone();
/// {
///     let _guard = init(Config::new().service_name("my_app")).expect("first init");
///     tracer.in_span("work", |_span| {});
/// } // the guard drops here: spans are flushed and telemetry shuts down
///
/// // From then on nothing records, in every build.
/// assert!(!tracer.start("after_shutdown").is_recording());
/// ```
#[must_use = "dropping the guard shuts telemetry down at once"]
pub struct TelemetryGuard {
    timeout: Duration,
    done: bool,
    /// `OTEL_LOG_LEVEL=none`: a failed shutdown is not printed on drop.
    quiet: bool,
}

impl TelemetryGuard {
    /// How many of this crate's own diagnostic lines (warnings at `init`,
    /// the shutdown report) could not be written to stderr so far, because
    /// it was closed or full. Writing them never panics or fails `init`.
    ///
    /// # Examples
    ///
    /// ```
    /// let guard = telemetry_facade::init(telemetry_facade::Config::new()).expect("first init");
    /// assert_eq!(guard.unwritten_diagnostics(), 0);
    /// ```
    pub fn unwritten_diagnostics(&self) -> u64 {
        diagnostics::unwritten()
    }

    /// Stops recording, flushes what was recorded and shuts the exporters
    /// down, waiting at most the configured timeout. Reports a failure
    /// instead of printing it: [`InitError::SpansLost`] when spans ended
    /// that did not reach the collector (counted for
    /// [`SpanExport::Otlp`](crate::SpanExport::Otlp)), with how many and why.
    ///
    /// Dropping the guard does the same and prints the failure as one line
    /// on stderr (unless `OTEL_LOG_LEVEL=none`).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{init, Config, InitError};
    ///
    /// let guard = init(Config::new()).expect("first init");
    /// // ... the program runs ...
    /// let lost = match guard.shutdown() {
    ///     Ok(()) => 0,
    ///     Err(InitError::SpansLost(loss)) => loss.dropped + loss.failed + loss.pending,
    ///     Err(e) => panic!("telemetry shutdown: {e}"),
    /// };
    /// assert_eq!(lost, 0, "spans are only counted when exported over OTLP");
    /// ```
    pub fn shutdown(mut self) -> Result<(), InitError> {
        self.done = true;
        shutdown(self.timeout)
    }
}

fn shutdown(timeout: Duration) -> Result<(), InitError> {
    STATE.store(OFF, Ordering::Release);
    // Logs, metrics and spans may each wait up to `timeout` for a
    // collector: they shut down side by side, so the whole takes `timeout`,
    // not three times it.
    type Shutdown = fn(Duration) -> Result<(), InitError>;
    let (logs, metrics, finished) = std::thread::scope(|scope| {
        let spawn = |work: Shutdown| {
            let thread = std::thread::Builder::new().name("telemetry-shutdown".into());
            (thread.spawn_scoped(scope, move || work(timeout)), work)
        };
        let join = |(handle, work): (
            std::io::Result<std::thread::ScopedJoinHandle<'_, _>>,
            Shutdown,
        )| {
            match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|_| Err(InitError::Backend("a shutdown panicked".into()))),
                // No thread to spare: one after the other.
                Err(_) => work(timeout),
            }
        };
        let logs = spawn(SelectedLogger::shutdown);
        let metrics = spawn(SelectedMeter::shutdown);
        let finished = SelectedTracer::shutdown(timeout);
        (join(logs), join(metrics), finished)
    });
    // Whatever the exporter did, what it lost is reported once, here.
    let loss = SelectedTracer::span_loss();
    let traces = match loss.is_empty() {
        true => finished,
        false => Err(InitError::SpansLost(loss)),
    };
    // The first failure is returned, the others printed.
    let mut first = None;
    for result in [traces, logs, metrics] {
        if let Err(e) = result {
            match first {
                None => first = Some(e),
                Some(_) => diagnostics::report(format_args!("{e}")),
            }
        }
    }
    first.map_or(Ok(()), Err)
}

/// Runs `work` on its own thread and waits for it at most `timeout` (plus a
/// little): what a backend whose shutdown may block uses, so that dropping
/// the guard returns whatever an exporter does, also on an async runtime's
/// only thread.
#[allow(dead_code)] // unused by backends that never block
pub(crate) fn bounded(
    timeout: Duration,
    work: impl FnOnce() -> Result<(), InitError> + Send + 'static,
) -> Result<(), InitError> {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("telemetry-shutdown".into())
        .spawn(move || {
            let _ = tx.send(work());
        });
    if spawned.is_err() {
        return Err(InitError::Backend("no thread for shutdown".into()));
    }
    match rx.recv_timeout(timeout.saturating_add(Duration::from_millis(200))) {
        Ok(result) => result,
        Err(_) => Err(InitError::Backend(format!(
            "shutdown did not finish within {timeout:?}; unexported spans were dropped"
        ))),
    }
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        if !self.done {
            self.done = true;
            if let Err(e) = shutdown(self.timeout) {
                if !self.quiet {
                    diagnostics::report(format_args!("{e}"));
                }
            }
        }
    }
}

impl fmt::Debug for TelemetryGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TelemetryGuard")
            .field("timeout", &self.timeout)
            .finish()
    }
}
