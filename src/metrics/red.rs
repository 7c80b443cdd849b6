//! The RED pattern (rate, errors, duration) without boilerplate: time a
//! closure or a future into a histogram, count outcomes with the error type
//! as an attribute, track work in flight with an up-down counter. Each
//! composes with `in_span` in one expression; none reads the clock unless
//! the histogram records.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use pin_project_lite::pin_project;

use super::{Counter, Histogram, UpDownCounter};
use crate::{Attributes, KeyValue};

impl Histogram<f64> {
    /// Runs `work` and records how long it took, in seconds (give the
    /// histogram the unit `s`). The clock is read only when the histogram
    /// records (never in a build without `metrics`, nor before `init`).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue};
    ///
    /// let t = get_telemetry("my_crate::db");
    /// let duration = t.meter().f64_histogram("db.client.operation.duration").unit("s").build();
    /// let rows = t.tracer().in_span("query", |_span| {
    ///     duration.time([KeyValue::new("db.operation", "select")], || 3)
    /// });
    /// assert_eq!(rows, 3);
    /// ```
    pub fn time<R>(&self, attributes: impl Attributes, work: impl FnOnce() -> R) -> R {
        let started = self.is_live().then(Instant::now);
        let result = work();
        if let Some(started) = started {
            self.record(started.elapsed().as_secs_f64(), attributes);
        }
        result
    }

    /// Wraps `future` so that, when it completes, the time from its first
    /// poll to its completion is recorded, in seconds. A future dropped
    /// before it completes records nothing. `Send` when `future` is.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, FutureExt, KeyValue};
    ///
    /// async fn fetch() -> u32 { 7 }
    ///
    /// let t = get_telemetry("my_crate::http");
    /// let duration = t.meter().f64_histogram("http.client.request.duration").unit("s").build();
    /// let request = duration
    ///     .time_future(vec![KeyValue::new("http.request.method", "GET")], fetch())
    ///     .in_span(t.tracer().start("fetch"));
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct Noop; impl Wake for Noop { fn wake(self: std::sync::Arc<Self>) {} }
    /// #     let waker = Waker::from(std::sync::Arc::new(Noop));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop { if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; } }
    /// # }
    /// assert_eq!(block_on(request), 7);
    /// ```
    pub fn time_future<F: Future>(&self, attributes: Vec<KeyValue>, future: F) -> Timed<F> {
        Timed {
            future,
            histogram: self.clone(),
            attributes,
            started: None,
        }
    }
}

pin_project! {
    /// A future whose duration is recorded when it completes; made by
    /// [`Histogram::time_future`].
    #[must_use = "futures do nothing unless polled"]
    pub struct Timed<F> {
        #[pin]
        future: F,
        histogram: Histogram<f64>,
        attributes: Vec<KeyValue>,
        started: Option<Instant>,
    }
}

impl<F: Future> Future for Timed<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        if this.started.is_none() && this.histogram.is_live() {
            *this.started = Some(Instant::now());
        }
        let output = this.future.poll(cx);
        if output.is_ready() {
            if let Some(started) = this.started.take() {
                this.histogram
                    .record(started.elapsed().as_secs_f64(), &*this.attributes);
            }
        }
        output
    }
}

impl<F> std::fmt::Debug for Timed<F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Timed").finish_non_exhaustive()
    }
}

impl Counter<u64> {
    /// Counts one outcome of `result`: `outcome` = `ok` or `error`, and for
    /// an error `error.type` = the error's type name (low cardinality, as
    /// the semantic conventions ask), besides `attributes`. Returns
    /// `result`, so it wraps a call in one expression.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue};
    ///
    /// let outcomes = get_telemetry("my_crate::jobs").meter().u64_counter("jobs.outcomes").build();
    /// let parsed: Result<u32, _> = outcomes.count_result([KeyValue::new("job", "import")], "42".parse::<u32>());
    /// assert_eq!(parsed, Ok(42));
    /// let failed = outcomes.count_result(&[], "x".parse::<u32>());
    /// assert!(failed.is_err()); // counted with error.type = "core::num::error::ParseIntError"
    /// ```
    pub fn count_result<T, E>(
        &self,
        attributes: impl Attributes,
        result: Result<T, E>,
    ) -> Result<T, E> {
        if self.is_live() {
            let attributes = attributes.as_attributes();
            let mut all = Vec::with_capacity(attributes.len() + 2);
            all.extend_from_slice(attributes);
            match &result {
                Ok(_) => all.push(KeyValue::new("outcome", "ok")),
                Err(_) => {
                    all.push(KeyValue::new("outcome", "error"));
                    all.push(KeyValue::new("error.type", std::any::type_name::<E>()));
                }
            }
            self.add(1, &all);
        }
        result
    }
}

impl UpDownCounter<i64> {
    /// Adds 1 now and 1 less when the returned guard drops: work in
    /// flight, with `attributes` on both.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue};
    ///
    /// let t = get_telemetry("my_crate::http");
    /// let active = t.meter().i64_up_down_counter("http.server.active_requests").build();
    /// t.tracer().in_span("handle", |_span| {
    ///     let _in_flight = active.track(vec![KeyValue::new("http.route", "/orders")]);
    ///     // ... handle the request ...
    /// });
    /// ```
    pub fn track(&self, attributes: Vec<KeyValue>) -> InFlight {
        self.add(1, &attributes);
        InFlight {
            counter: self.clone(),
            attributes,
        }
    }
}

/// Work in flight: takes 1 off its up-down counter when dropped; made by
/// [`UpDownCounter::track`].
#[must_use = "dropping the guard at once counts the work as finished"]
pub struct InFlight {
    counter: UpDownCounter<i64>,
    attributes: Vec<KeyValue>,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.counter.add(-1, &self.attributes);
    }
}

impl std::fmt::Debug for InFlight {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InFlight").finish_non_exhaustive()
    }
}
