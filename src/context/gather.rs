//! Many futures under one parent span (the seeds' "traced gather"), run
//! concurrently by any executor.

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context as TaskContext, Poll};

use crate::context::future::{poll_in_span, Instrumented, TryInstrumented};
use crate::{FutureExt, Span, Tracer};

/// Polls every unfinished child on each wake-up; finished children keep
/// their output until all are done.
struct JoinAll<C: Future> {
    children: Vec<Option<Pin<Box<C>>>>,
    outputs: Vec<Option<C::Output>>,
}

impl<C: Future> JoinAll<C> {
    fn new(children: Vec<C>) -> Self {
        let outputs = children.iter().map(|_| None).collect();
        JoinAll {
            children: children.into_iter().map(|c| Some(Box::pin(c))).collect(),
            outputs,
        }
    }

    fn poll_all(&mut self, cx: &mut TaskContext<'_>) -> Poll<Vec<C::Output>> {
        let mut pending = false;
        for (slot, out) in self.children.iter_mut().zip(self.outputs.iter_mut()) {
            if let Some(child) = slot {
                match child.as_mut().poll(cx) {
                    Poll::Ready(v) => {
                        *out = Some(v);
                        *slot = None;
                    }
                    Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            Poll::Pending
        } else {
            Poll::Ready(self.outputs.iter_mut().filter_map(Option::take).collect())
        }
    }
}

/// What both gathers are: a parent span and its children, joined.
struct Core<C: Future> {
    parent: Span,
    join: JoinAll<C>,
}

impl<C: Future> Core<C> {
    /// The parent span `name` started now, and each future wrapped by
    /// `wrap` in a child span `child` of it.
    fn new<I: IntoIterator>(
        tracer: &Tracer,
        name: Cow<'static, str>,
        child: Cow<'static, str>,
        futures: I,
        wrap: impl Fn(I::Item, Span) -> C,
    ) -> Self {
        let parent = tracer.start(name);
        let children = futures
            .into_iter()
            .map(|f| wrap(f, tracer.span(child.clone()).parent(&parent).start()))
            .collect();
        Core {
            parent,
            join: JoinAll::new(children),
        }
    }

    /// Polls every child in the parent span; `finish` sees all outputs
    /// before the parent ends.
    fn poll(
        &mut self,
        cx: &mut TaskContext<'_>,
        finish: impl FnOnce(&Span, &Vec<C::Output>),
    ) -> Poll<Vec<C::Output>> {
        let join = &mut self.join;
        poll_in_span(&mut self.parent, || join.poll_all(cx), finish)
    }
}

/// The future of [`Tracer::gather`]: every child's output, in order.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, testing, Gather, BUILD};
///
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     use std::task::{Context, Poll, Wake, Waker};
/// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
/// #     let waker = Waker::from(std::sync::Arc::new(Noop));
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
/// # }
/// let capture = testing::capture(); // records what this build can record
/// let tracer = get_telemetry("my_crate::crawler").tracer().clone();
/// let pages: Gather<_> = tracer.gather("crawl", "fetch_page", ["/", "/about"].map(|path| async move {
///     path.len()
/// }));
/// assert_eq!(block_on(pages), [1, 6]);
///
/// // One parent span, one child span per future.
/// let crawl = capture.spans_named("crawl");
/// let children = capture.spans_named("fetch_page");
/// assert_eq!((crawl.len(), children.len()), if BUILD.traces { (1, 2) } else { (0, 0) });
/// let parent_id = crawl.first().map(|parent| parent.span_id);
/// assert!(children.iter().all(|child| child.parent_span_id == parent_id));
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct Gather<F: Future> {
    core: Core<Instrumented<F>>,
}

/// The future of [`Tracer::try_gather`]: every child's `Result`, in order.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, testing, TryGather, Value, BUILD};
///
/// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
/// #     use std::task::{Context, Poll, Wake, Waker};
/// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
/// #     let waker = Waker::from(std::sync::Arc::new(Noop));
/// #     let mut f = std::pin::pin!(f);
/// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
/// # }
/// let capture = testing::capture(); // records what this build can record
/// let tracer = get_telemetry("my_crate::sync").tracer().clone();
/// let all: TryGather<_, _, _> = tracer.try_gather("sync_all", "sync_one", ["a", "", "c"].map(|name| async move {
///     if name.is_empty() { Err(std::fmt::Error) } else { Ok(name) }
/// }));
/// let results = block_on(all);
/// assert_eq!(results, [Ok("a"), Err(std::fmt::Error), Ok("c")]);
///
/// // The parent span counts the failures.
/// let parents = capture.spans_named("sync_all");
/// assert_eq!(parents.len(), usize::from(BUILD.traces));
/// assert!(parents.iter().all(|p| p.attribute("gather.failed") == Some(&Value::I64(1))));
/// ```
#[must_use = "futures do nothing unless polled"]
pub struct TryGather<F, T, E>
where
    F: Future<Output = Result<T, E>>,
    E: Error,
{
    core: Core<TryInstrumented<F>>,
}

// Children are boxed, so the wrappers never need pinning themselves.
impl<F: Future> Unpin for Gather<F> {}
impl<F, T, E> Unpin for TryGather<F, T, E>
where
    F: Future<Output = Result<T, E>>,
    E: Error,
{
}

impl<F: Future> Future for Gather<F> {
    type Output = Vec<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        self.core.poll(cx, |_, _| ())
    }
}

impl<F, T, E> Future for TryGather<F, T, E>
where
    F: Future<Output = Result<T, E>>,
    E: Error,
{
    type Output = Vec<Result<T, E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        self.core.poll(cx, |parent, results| {
            let failed = results.iter().filter(|r| r.is_err()).count();
            parent.set_attribute("gather.children", results.len());
            parent.set_attribute("gather.failed", failed);
        })
    }
}

impl<F: Future> fmt::Debug for Gather<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gather")
            .field("parent", &self.core.parent)
            .finish_non_exhaustive()
    }
}

impl<F, T, E> fmt::Debug for TryGather<F, T, E>
where
    F: Future<Output = Result<T, E>>,
    E: Error,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TryGather")
            .field("parent", &self.core.parent)
            .finish_non_exhaustive()
    }
}

impl Tracer {
    /// Runs `futures` concurrently under one parent span called `name`,
    /// each in its own child span called `child`; resolves to every output,
    /// in order. Works with any executor: the children are polled by this
    /// future, on whatever thread polls it.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let tracer = telemetry_facade::get_telemetry("my_crate").tracer().clone();
    /// let sizes = block_on(tracer.gather("fetch_all", "fetch", (1..=3).map(|i| async move { i * 10 })));
    /// assert_eq!(sizes, [10, 20, 30]);
    /// ```
    pub fn gather<I, F>(
        &self,
        name: impl Into<Cow<'static, str>>,
        child: impl Into<Cow<'static, str>>,
        futures: I,
    ) -> Gather<F>
    where
        I: IntoIterator<Item = F>,
        F: Future,
    {
        Gather {
            core: Core::new(self, name.into(), child.into(), futures, F::in_span),
        }
    }

    /// Like [`gather`](Tracer::gather), for futures that return a `Result`:
    /// a child's `Err` is recorded on that child's span (status `Error`) and
    /// returned in its place; the parent span gets `gather.children` and
    /// `gather.failed` attributes.
    ///
    /// # Examples
    ///
    /// ```
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// let tracer = telemetry_facade::get_telemetry("my_crate::users").tracer().clone();
    /// let lookups = (1..=3).map(|id| async move {
    ///     if id == 2 {
    ///         Err(std::io::Error::other(format!("user {id} not found")))
    ///     } else {
    ///         Ok(format!("user-{id}"))
    ///     }
    /// });
    /// let results = block_on(tracer.try_gather("load_users", "load_user", lookups));
    /// let found: Vec<_> = results.into_iter().filter_map(Result::ok).collect();
    /// assert_eq!(found, ["user-1", "user-3"]);
    /// ```
    pub fn try_gather<I, F, T, E>(
        &self,
        name: impl Into<Cow<'static, str>>,
        child: impl Into<Cow<'static, str>>,
        futures: I,
    ) -> TryGather<F, T, E>
    where
        I: IntoIterator<Item = F>,
        F: Future<Output = Result<T, E>>,
        E: Error,
    {
        TryGather {
            core: Core::new(self, name.into(), child.into(), futures, F::try_in_span),
        }
    }
}
