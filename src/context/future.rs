//! [`FutureExt`]: keep a span and the scoped log fields current across
//! `.await`, on whatever thread each poll runs, and into spawned tasks.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use pin_project_lite::pin_project;

use crate::backend::log::{self as logger, Scope};
use crate::backend::trace::{FutureSlot, SelectedFutureSlot};
use crate::vocabulary::fields::Field;
use crate::{Context, Span};

/// Context propagation for every `Future`. Executor-agnostic: hand the
/// wrapped future to `tokio::spawn`, `async_std::task::spawn`, a
/// `block_on`, or `.await` it.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, FutureExt};
///
/// async fn fetch(id: u32) -> u32 { id * 2 }
///
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     use std::task::{Context, Poll, Wake, Waker};
/// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
/// #     let waker = Waker::from(std::sync::Arc::new(Noop));
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
/// # }
/// let tracer = get_telemetry("my_crate::client").tracer().clone();
/// let out = block_on(fetch(21).in_span(tracer.start("fetch")));
/// assert_eq!(out, 42);
/// ```
pub trait FutureExt: Future + Sized {
    /// Makes `span` current during every poll of this future, and ends the
    /// span when the future completes or is dropped. Only the span: to
    /// carry scoped fields into a spawned task, also use
    /// [`with_current_context`](FutureExt::with_current_context).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, FutureExt};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let t = get_telemetry("my_crate::client");
    /// let body = block_on(
    ///     async {
    ///         info!(t.logger(), "sending"); // written inside the span
    ///         "ok"
    ///     }
    ///     .in_span(t.tracer().start("send")),
    /// );
    /// assert_eq!(body, "ok");
    /// ```
    #[inline]
    fn in_span(self, span: Span) -> Instrumented<Self> {
        Instrumented {
            inner: FutureSlot::new(self),
            span,
        }
    }

    /// Like [`in_span`](FutureExt::in_span), for a future that returns a
    /// `Result`: an `Err` is recorded on the span
    /// ([`Span::record_error`]), which sets its status to `Error`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, testing, FutureExt, Status, BUILD};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// async fn fetch() -> Result<u32, std::io::Error> {
    ///     Err(std::io::Error::other("timed out"))
    /// }
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let tracer = get_telemetry("my_crate::client").tracer().clone();
    /// let result = block_on(fetch().try_in_span(tracer.start("fetch")));
    /// assert!(result.is_err());
    ///
    /// let spans = capture.spans_named("fetch");
    /// assert_eq!(spans.len(), usize::from(BUILD.traces));
    /// assert!(spans.iter().all(|span| span.status == Status::error("timed out")));
    /// ```
    #[inline]
    fn try_in_span<T, E>(self, span: Span) -> TryInstrumented<Self>
    where
        Self: Future<Output = Result<T, E>>,
        E: Error,
    {
        TryInstrumented {
            inner: self.in_span(span),
        }
    }

    /// Captures the current [`Context`] (span and scoped fields) now and
    /// makes it current during every poll. Use it on what you spawn:
    /// `tokio::spawn(work().with_current_context())`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, with_fields, Field, FutureExt};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let logger = get_telemetry("my_crate::tasks").logger().clone();
    /// let task = with_fields(&[Field::new("request_id", "r-7")], || {
    ///     // Captured here, where request_id is in scope...
    ///     async move { info!(logger, "task_ran") }.with_current_context()
    /// });
    /// // ...and restored wherever the task is polled.
    /// std::thread::spawn(move || block_on(task)).join().unwrap();
    /// ```
    #[inline]
    fn with_current_context(self) -> WithContext<Self> {
        self.with_context(Context::current())
    }

    /// Makes `cx` current during every poll.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, Context, Field, FutureExt};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let logger = get_telemetry("my_crate::batch").logger().clone();
    /// let cx = Context::current().with_fields(&[Field::new("batch_id", &12)]);
    /// let jobs: Vec<_> = (0..3)
    ///     .map(|i| {
    ///         let logger = logger.clone();
    ///         async move { info!(logger, "job_done", job = i) }.with_context(cx.clone())
    ///     })
    ///     .collect();
    /// for job in jobs {
    ///     block_on(job); // each record carries batch_id=12
    /// }
    /// ```
    #[inline]
    fn with_context(self, cx: Context) -> WithContext<Self> {
        WithContext { inner: self, cx }
    }

    /// Adds `fields` (after the scoped fields current now) to every log
    /// record made while this future runs. Only the fields: whatever span
    /// is current when it is polled stays current.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, Field, FutureExt};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let logger = get_telemetry("my_crate::orders").logger().clone();
    /// let order_id = 1234u64;
    /// block_on(
    ///     async {
    ///         info!(logger, "validated"); // both carry order_id=1234
    ///         info!(logger, "stored");
    ///     }
    ///     .with_fields(&[Field::new("order_id", &order_id)]),
    /// );
    /// ```
    #[inline]
    fn with_fields(self, fields: &[Field<'_>]) -> WithFields<Self> {
        WithFields {
            inner: self,
            scope: logger::scope_with(&logger::current_scope(), fields),
        }
    }
}

impl<F: Future> FutureExt for F {}

/// Polls with `span` entered; when the poll is ready, `finish` sees the
/// output, then the span ends. What every span-carrying future here does.
#[inline]
pub(crate) fn poll_in_span<T>(
    span: &mut Span,
    poll: impl FnOnce() -> Poll<T>,
    finish: impl FnOnce(&Span, &T),
) -> Poll<T> {
    let guard = span.enter();
    let poll = poll();
    drop(guard);
    if let Poll::Ready(output) = &poll {
        finish(span, output);
        span.end_in_place();
    }
    poll
}

pin_project! {
    /// A future with a span current during every poll; made by
    /// [`FutureExt::in_span`]. The span ends when the future completes or
    /// is dropped; the inner future is dropped with the span current, so a
    /// destructor that logs still carries the trace.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, FutureExt, Instrumented};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// async fn load() -> u32 {
    ///     7
    /// }
    ///
    /// let tracer = get_telemetry("my_crate::loader").tracer().clone();
    /// let fut: Instrumented<_> = load().in_span(tracer.start("load"));
    /// fut.span().set_attribute("attempt", 1); // the span, before the first poll
    /// assert_eq!(block_on(fut), 7); // the span has ended
    /// ```
    #[must_use = "futures do nothing unless polled"]
    pub struct Instrumented<F> {
        // Empty only while this wrapper is being dropped.
        #[pin]
        inner: SelectedFutureSlot<F>,
        span: Span,
    }

    impl<F> PinnedDrop for Instrumented<F> {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            let _entered = this.span.enter();
            this.inner.drop_now();
        }
    }
}

impl<F> Instrumented<F> {
    /// The span.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, FutureExt};
    ///
    /// let span = get_telemetry("my_crate").tracer().start("poll_source");
    /// let fut = std::future::ready(3).in_span(span);
    /// fut.span().set_attribute("source", "disk");
    /// # drop(fut);
    /// ```
    pub fn span(&self) -> &Span {
        &self.span
    }
}

impl<F: Future> Instrumented<F> {
    /// Polls the inner future in the span; `finish` sees a ready output
    /// before the span ends.
    #[inline]
    fn poll_then(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
        finish: impl FnOnce(&Span, &F::Output),
    ) -> Poll<F::Output> {
        let this = self.project();
        match this.inner.get() {
            Some(inner) => poll_in_span(this.span, || inner.poll(cx), finish),
            // Unreachable: `inner` is taken only by the destructor.
            None => Poll::Pending,
        }
    }
}

impl<F: Future> Future for Instrumented<F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        self.poll_then(cx, |_, _| ())
    }
}

impl<F> fmt::Debug for Instrumented<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Instrumented")
            .field("span", &self.span)
            .finish_non_exhaustive()
    }
}

pin_project! {
    /// A future that records an `Err` output on its span; made by
    /// [`FutureExt::try_in_span`].
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, FutureExt, TryInstrumented};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// async fn parse(input: &str) -> Result<u32, std::num::ParseIntError> {
    ///     input.parse()
    /// }
    ///
    /// let tracer = get_telemetry("my_crate::parser").tracer().clone();
    /// let ok: TryInstrumented<_> = parse("42").try_in_span(tracer.start("parse"));
    /// assert_eq!(block_on(ok), Ok(42));
    /// // An `Err` output is recorded on its span (status `Error`) and returned.
    /// assert!(block_on(parse("x").try_in_span(tracer.start("parse"))).is_err());
    /// ```
    #[must_use = "futures do nothing unless polled"]
    pub struct TryInstrumented<F> {
        #[pin]
        inner: Instrumented<F>,
    }
}

impl<F, T, E> Future for TryInstrumented<F>
where
    F: Future<Output = Result<T, E>>,
    E: Error,
{
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        self.project().inner.poll_then(cx, |span, result| {
            if let Err(e) = result {
                span.record_error(e);
            }
        })
    }
}

impl<F> fmt::Debug for TryInstrumented<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TryInstrumented")
            .field("span", &self.inner.span)
            .finish_non_exhaustive()
    }
}

pin_project! {
    /// A future with scoped log fields current during every poll; made by
    /// [`FutureExt::with_fields`].
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, info, testing, Field, FutureExt, WithFields, BUILD};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let capture = testing::capture(); // records what this build can record
    /// let logger = get_telemetry("my_crate::jobs").logger().clone();
    /// let job: WithFields<_> = async { info!(logger, "job_step") }
    ///     .with_fields(&[Field::new("job_id", &42)]);
    /// block_on(job);
    ///
    /// let lines: Vec<_> = capture.log_lines().into_iter().filter(|l| l.contains("job_step")).collect();
    /// assert_eq!(lines.len(), usize::from(BUILD.logs));
    /// assert!(lines.iter().all(|l| l.contains("job_id")));
    /// ```
    #[must_use = "futures do nothing unless polled"]
    pub struct WithFields<F> {
        #[pin]
        inner: F,
        scope: Scope,
    }
}

impl<F: Future> Future for WithFields<F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _scope = logger::enter_scope(this.scope);
        this.inner.poll(cx)
    }
}

impl<F> fmt::Debug for WithFields<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithFields").finish_non_exhaustive()
    }
}

pin_project! {
    /// A future with a [`Context`] current during every poll; made by
    /// [`FutureExt::with_current_context`] and [`FutureExt::with_context`].
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, FutureExt, TraceContext, WithContext};
    ///
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let tracer = get_telemetry("my_crate::tasks").tracer().clone();
    /// let (task, parent): (WithContext<_>, _) = tracer.in_span("spawn_task", |_span| {
    ///     // Captures the "spawn_task" span now...
    ///     (async { TraceContext::current() }.with_current_context(), TraceContext::current())
    /// });
    /// // ...and makes it current again when the task runs, on another thread.
    /// let seen = std::thread::spawn(move || block_on(task)).join().unwrap();
    /// assert_eq!(seen, parent); // both `None` unless spans record
    /// ```
    #[must_use = "futures do nothing unless polled"]
    pub struct WithContext<F> {
        #[pin]
        inner: F,
        cx: Context,
    }
}

impl<F: Future> Future for WithContext<F> {
    type Output = F::Output;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _guard = this.cx.attach();
        this.inner.poll(cx)
    }
}

impl<F> fmt::Debug for WithContext<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithContext").finish_non_exhaustive()
    }
}
