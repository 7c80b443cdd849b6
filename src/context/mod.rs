//! [`Context`]: what is current on a thread — the current span and the
//! scoped log fields — captured to be carried into other threads and
//! futures.

pub(crate) mod future;
mod gather;
pub(crate) mod thread_slot;

pub use future::{FutureExt, Instrumented, TryInstrumented, WithContext, WithFields};
pub use gather::{Gather, TryGather};

use std::fmt;
use std::marker::PhantomData;

use crate::backend::context::{self as trace, Snapshot, SnapshotGuard};
use crate::backend::log::{self as logger, Scope, ScopeGuard};
use crate::vocabulary::fields::Field;

/// A snapshot of what is current on this thread: the current span and the
/// scoped log fields. Cheap to clone; `Send`, so it can be moved into a
/// thread or a task and made current there.
///
/// In the no-op build it is zero-sized and every method compiles to
/// nothing.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info, Context, Field};
///
/// let t = get_telemetry("my_crate::jobs");
/// let cx = Context::current().with_fields(&[Field::new("job_id", &7)]);
/// let worker = std::thread::spawn(move || {
///     cx.run(|| info!(get_telemetry("my_crate::jobs").logger(), "job_started"))
/// });
/// worker.join().unwrap();
/// # let _ = t;
/// ```
#[derive(Clone, Default)]
pub struct Context {
    trace: Snapshot,
    scope: Scope,
}

impl Context {
    /// What is current on this thread now.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Context};
    ///
    /// let tracer = get_telemetry("my_crate::pool").tracer().clone();
    /// tracer.in_span("submit", |_span| {
    ///     let cx = Context::current(); // the "submit" span, and any scoped fields
    ///     let tracer = tracer.clone();
    ///     std::thread::spawn(move || {
    ///         // A child of "submit", on another thread.
    ///         cx.run(|| tracer.in_span("job", |_job| {}))
    ///     })
    ///     .join()
    ///     .unwrap();
    /// });
    /// ```
    #[inline]
    pub fn current() -> Context {
        Context {
            trace: trace::capture(),
            scope: logger::current_scope(),
        }
    }

    /// The same context with `fields` added to every log record made while
    /// it is current (after the fields of enclosing scopes).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, Context, Field};
    ///
    /// let logger = get_telemetry("my_crate::http").logger().clone();
    /// let request = Context::current().with_fields(&[Field::new("request_id", "r-1")]);
    /// let user = request.with_fields(&[Field::new("user_id", &42)]);
    /// user.run(|| info!(logger, "authorized")); // request_id, then user_id
    /// ```
    #[inline]
    pub fn with_fields(&self, fields: &[Field<'_>]) -> Context {
        Context {
            trace: self.trace.clone(),
            scope: logger::scope_with(&self.scope, fields),
        }
    }

    /// The same context with a context extracted from a carrier.
    pub(crate) fn with_remote(&self, remote: crate::propagation::SharedRemote) -> Context {
        Context {
            trace: trace::with_remote(&self.trace, remote),
            scope: self.scope.clone(),
        }
    }

    /// The same context with `key=value` put first in the `tracestate` that
    /// [`propagation::inject`](crate::propagation::inject) writes while it
    /// is current (an updated key moves to the front, as Trace Context
    /// §3.5 asks of a vendor that changes its entry). Without the `otel`
    /// feature, the headers passed through are updated the same way.
    ///
    /// # Errors
    ///
    /// The key or value is not valid for `tracestate`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use telemetry_facade::propagation::{extract, inject};
    ///
    /// let mut incoming = HashMap::new();
    /// incoming.insert("traceparent".to_owned(),
    ///     "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned());
    /// incoming.insert("tracestate".to_owned(), "rojo=1,congo=2".to_owned());
    /// let cx = extract(&incoming).with_tracestate("congo", "3")?;
    /// let mut outgoing = HashMap::new();
    /// cx.run(|| inject(&mut outgoing));
    /// assert_eq!(outgoing["tracestate"], "congo=3,rojo=1");
    /// # Ok::<(), telemetry_facade::propagation::TraceStateError>(())
    /// ```
    pub fn with_tracestate(
        &self,
        key: &str,
        value: &str,
    ) -> Result<Context, crate::propagation::TraceStateError> {
        // Validates exactly as the header grammar does.
        crate::propagation::TraceState::new().insert(key, value)?;
        Ok(Context {
            trace: trace::with_tracestate(&self.trace, key, value),
            scope: self.scope.clone(),
        })
    }

    /// Makes this context current on this thread until the guard drops.
    /// The guard is not `Send`:
    ///
    /// ```compile_fail
    /// fn assert_send<T: Send>(_: T) {}
    /// assert_send(telemetry_facade::Context::current().attach());
    /// ```
    #[inline]
    pub fn attach(&self) -> ContextGuard {
        ContextGuard {
            _scope: logger::enter_scope(&self.scope),
            _trace: trace::attach(&self.trace),
            _not_send: PhantomData,
        }
    }

    /// Runs `f` with this context current.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, Context, Field};
    ///
    /// let logger = get_telemetry("my_crate::import").logger().clone();
    /// let cx = Context::current().with_fields(&[Field::new("file", "orders.csv")]);
    /// let rows = cx.run(|| {
    ///     info!(logger, "importing"); // carries file="orders.csv"
    ///     120
    /// });
    /// assert_eq!(rows, 120);
    /// ```
    #[inline]
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        let _guard = self.attach();
        f()
    }

    /// Wraps `f` so that it runs with this context current, wherever it is
    /// called (another thread, a thread pool).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, Context, Field};
    ///
    /// let logger = get_telemetry("my_crate::pool").logger().clone();
    /// let job = Context::current()
    ///     .with_fields(&[Field::new("job_id", &9)])
    ///     .wrap(move || {
    ///         info!(logger, "job_ran"); // carries job_id=9, on the pool's thread
    ///         true
    ///     });
    /// assert!(std::thread::spawn(job).join().unwrap());
    /// ```
    #[inline]
    pub fn wrap<R>(self, f: impl FnOnce() -> R) -> impl FnOnce() -> R {
        move || self.run(f)
    }
}

impl fmt::Debug for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Context").finish_non_exhaustive()
    }
}

/// Keeps a [`Context`] current; made by [`Context::attach`]. Not `Send`.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info, testing, Context, Field, BUILD};
///
/// let capture = testing::capture(); // records what this build can record
/// let logger = get_telemetry("my_crate::tenants").logger().clone();
/// let cx = Context::current().with_fields(&[Field::new("tenant", "acme")]);
/// {
///     let _guard = cx.attach();
///     info!(logger, "inside"); // carries tenant=acme
/// } // the previous context is current again
/// info!(logger, "outside");
///
/// let lines = capture.log_lines();
/// let inside: Vec<_> = lines.iter().filter(|l| l.contains("inside")).collect();
/// assert_eq!(inside.len(), usize::from(BUILD.logs));
/// assert!(inside.iter().all(|l| l.contains("acme")));
/// assert!(lines.iter().filter(|l| l.contains("outside")).all(|l| !l.contains("acme")));
/// ```
#[must_use = "the context stops being current as soon as the guard is dropped"]
pub struct ContextGuard {
    // Dropped in declaration order: the trace context first, then the scope.
    _trace: SnapshotGuard,
    _scope: ScopeGuard,
    _not_send: PhantomData<*const ()>,
}

impl fmt::Debug for ContextGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ContextGuard").finish_non_exhaustive()
    }
}

/// Runs `f` with `fields` added to every log record made inside it (the
/// equivalent of structlog's `bind_contextvars`). Scopes nest; leaving one
/// removes its fields.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, info, with_fields, Field};
///
/// let logger = get_telemetry("my_crate::http").logger().clone();
/// with_fields(&[Field::new("request_id", "r-1")], || {
///     info!(logger, "handling"); // carries request_id when logs are on
/// });
/// ```
#[inline]
pub fn with_fields<R>(fields: &[Field<'_>], f: impl FnOnce() -> R) -> R {
    Context::current().with_fields(fields).run(f)
}

/// Spawns a thread that starts with the current [`Context`]: its spans are
/// children of the current span and its log records carry the scoped
/// fields.
///
/// # Examples
///
/// ```
/// let handle = telemetry_facade::spawn_thread(|| 2 + 2);
/// assert_eq!(handle.join().unwrap(), 4);
/// ```
pub fn spawn_thread<F, T>(f: F) -> std::thread::JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    let cx = Context::current();
    std::thread::spawn(move || cx.run(f))
}

// Unwind safe in every build, like the handles.
impl std::panic::UnwindSafe for Context {}
impl std::panic::RefUnwindSafe for Context {}
