//! The public tracing handles: [`Tracer`], [`SpanBuilder`], [`Span`] and
//! [`SpanGuard`].

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::fmt::Write as _;
use std::marker::PhantomData;

use crate::backend::trace::{
    SelectedBuilder, SelectedEnterGuard, SelectedSpan, SelectedTracer, SpanBackend,
    SpanBuilderBackend, TracerBackend,
};
use crate::vocabulary::formatting::formatted;
use crate::{Key, KeyValue, SpanKind, Status, TraceContext, Value};

/// Starts spans for one instrumentation scope (usually a module path).
///
/// Get one from [`Telemetry::tracer`](crate::Telemetry::tracer). Cheap to
/// clone; safe to keep in a `static`: it looks the tracer provider up when a
/// span starts, so a handle made before [`init`](crate::init) produces real
/// spans afterwards.
///
/// # Examples
///
/// ```
/// let telemetry = telemetry_facade::get_telemetry("my_crate::db");
/// let tracer = telemetry.tracer();
///
/// let rows = tracer.in_span("query", |span| {
///     span.set_attribute("db.system", "sqlite");
///     3
/// });
/// assert_eq!(rows, 3);
/// ```
#[derive(Clone)]
pub struct Tracer {
    imp: SelectedTracer,
}

impl Tracer {
    /// A tracer for a `'static` scope name, usable in a `static`.
    #[inline]
    pub(crate) const fn named(scope: &'static str) -> Tracer {
        Tracer {
            imp: SelectedTracer::named(scope),
        }
    }

    #[inline]
    pub(crate) fn new(scope: Cow<'static, str>) -> Tracer {
        Tracer {
            imp: SelectedTracer::new(scope),
        }
    }

    /// Starts a span, child of the current span (if any).
    ///
    /// The span is not made current; use [`Span::enter`] or
    /// [`Tracer::in_span`] for that.
    ///
    /// # Examples
    ///
    /// ```
    /// let tracer = telemetry_facade::get_telemetry("my_crate::db").tracer().clone();
    ///
    /// let span = tracer.start("migrate");
    /// span.set_attribute("db.migrations", 4);
    /// {
    ///     let _entered = span.enter(); // current until the guard drops
    ///     tracer.start("migration_1").end(); // a child of "migrate"
    /// }
    /// span.end();
    /// ```
    #[inline]
    pub fn start(&self, name: impl Into<Cow<'static, str>>) -> Span {
        self.span(name).start()
    }

    /// A builder for a span with a kind, attributes, links or an explicit
    /// parent.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, SpanKind};
    ///
    /// let tracer = get_telemetry("my_crate::http").tracer().clone();
    /// let span = tracer
    ///     .span("GET /users")
    ///     .kind(SpanKind::Server)
    ///     .attribute("http.request.method", "GET")
    ///     .start();
    /// span.end();
    /// ```
    #[inline]
    pub fn span(&self, name: impl Into<Cow<'static, str>>) -> SpanBuilder<'_> {
        SpanBuilder {
            imp: self.imp.builder(name.into()),
        }
    }

    /// Runs `f` inside a new span that is current for the duration of the
    /// call; the span ends when `f` returns (or unwinds).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Span};
    ///
    /// let tracer = get_telemetry("my_crate::math").tracer().clone();
    /// let total = tracer.in_span("sum", |span| {
    ///     span.set_attribute("items", 3);
    ///     // The span is current: code called from here can reach it.
    ///     Span::current().add_event("summing", [("method", "naive")]);
    ///     1 + 2 + 3
    /// });
    /// assert_eq!(total, 6);
    /// ```
    #[inline]
    pub fn in_span<T>(&self, name: impl Into<Cow<'static, str>>, f: impl FnOnce(&Span) -> T) -> T {
        self.span(name).in_span(f)
    }
}

impl fmt::Debug for Tracer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tracer").finish_non_exhaustive()
    }
}

/// A span being configured: kind, attributes, links and parent.
///
/// Made by [`Tracer::span`]; [`start`](SpanBuilder::start) it or run a
/// closure [`in_span`](SpanBuilder::in_span). When nothing can record (the
/// no-op build, or before [`init`](crate::init) unless the `tracing-forward`
/// feature hands the span to an application's `tracing` subscriber), every
/// method returns at once without converting its arguments.
///
/// # Examples
///
/// Every builder method at once (each may be called in any order, or not
/// at all):
///
/// ```
/// use telemetry_facade::propagation::parse_traceparent;
/// use telemetry_facade::{get_telemetry, KeyValue, SpanKind};
///
/// let tracer = get_telemetry("my_crate::jobs").tracer().clone();
/// // The context of the message that caused this job, from its headers.
/// let message = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
///
/// let processed = tracer
///     .span("process_batch")
///     .kind(SpanKind::Consumer)
///     .attribute("batch.size", 2)
///     .attributes([("messaging.system", "kafka"), ("messaging.destination.name", "orders")])
///     .link_with_attributes(message, [KeyValue::new("messaging.message.index", 0)])
///     .root() // a new trace, whatever span is current
///     .in_span(|batch| {
///         for i in 0..2 {
///             // An explicit parent: `batch` (also the current span here).
///             let item = tracer.span("process_item").parent(batch).start();
///             item.set_attribute("item.index", i);
///         }
///         2
///     });
/// assert_eq!(processed, 2);
/// # Ok::<(), telemetry_facade::propagation::ParseError>(())
/// ```
#[must_use = "a span builder does nothing until `start` or `in_span`"]
pub struct SpanBuilder<'a> {
    imp: SelectedBuilder<'a>,
}

impl SpanBuilder<'_> {
    /// Sets the span kind (default [`SpanKind::Internal`]).
    #[inline]
    pub fn kind(mut self, kind: SpanKind) -> Self {
        self.imp.set_kind(kind);
        self
    }

    /// Adds an attribute, visible to samplers.
    #[inline]
    pub fn attribute(mut self, key: impl Into<Key>, value: impl Into<Value>) -> Self {
        if self.imp.is_live() {
            self.imp.push_attribute(KeyValue::new(key, value));
        }
        self
    }

    /// Adds several attributes.
    #[inline]
    pub fn attributes<I>(mut self, attributes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<KeyValue>,
    {
        if self.imp.is_live() {
            for kv in attributes {
                self.imp.push_attribute(kv.into());
            }
        }
        self
    }

    /// Links the span to another span's context (for example the message
    /// that caused a batch job).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::parse_traceparent;
    /// use telemetry_facade::{get_telemetry, testing, BUILD};
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let tracer = get_telemetry("my_crate::jobs").tracer().clone();
    /// let message = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
    /// tracer.span("consume").link(message).start().end();
    ///
    /// let spans = capture.spans_named("consume");
    /// assert_eq!(spans.len(), usize::from(BUILD.traces));
    /// assert!(spans.iter().all(|span| span.links == [message]));
    /// # Ok::<(), telemetry_facade::propagation::ParseError>(())
    /// ```
    #[inline]
    pub fn link(self, cx: TraceContext) -> Self {
        self.link_with_attributes(cx, std::iter::empty::<KeyValue>())
    }

    /// Links the span to another span's context, with attributes on the
    /// link.
    #[inline]
    pub fn link_with_attributes<I>(mut self, cx: TraceContext, attributes: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<KeyValue>,
    {
        if self.imp.is_live() {
            let attributes = attributes.into_iter().map(Into::into).collect();
            self.imp.push_link(cx, attributes);
        }
        self
    }

    /// Makes `parent` the parent, instead of the current span.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, testing, BUILD};
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let tracer = get_telemetry("my_crate::http").tracer().clone();
    /// let request = tracer.start("request"); // started, not current
    /// tracer.span("parse_body").parent(&request).start().end();
    /// let request_id = request.context().map(|cx| cx.span_id());
    /// request.end();
    ///
    /// let children = capture.spans_named("parse_body");
    /// assert_eq!(children.len(), usize::from(BUILD.traces));
    /// assert!(children.iter().all(|child| child.parent_span_id == request_id));
    /// ```
    #[inline]
    pub fn parent(mut self, parent: &Span) -> Self {
        self.imp.set_parent_span(&parent.imp);
        self
    }

    /// Makes a context received from another process the parent (a remote
    /// parent), instead of the current span.
    ///
    /// [`propagation::extract`](crate::propagation::extract) does this for
    /// every span started in its context; use `parent_context` when the
    /// remote context came some other way.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::propagation::parse_traceparent;
    /// use telemetry_facade::{get_telemetry, testing, SpanKind, BUILD};
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let remote = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
    /// let tracer = get_telemetry("my_crate::server").tracer().clone();
    /// tracer
    ///     .span("handle")
    ///     .kind(SpanKind::Server)
    ///     .parent_context(remote)
    ///     .in_span(|_span| {});
    ///
    /// let spans = capture.spans_named("handle");
    /// assert_eq!(spans.len(), usize::from(BUILD.traces));
    /// assert!(spans.iter().all(|span| span.trace_id == remote.trace_id()
    ///     && span.parent_span_id == Some(remote.span_id())));
    /// # Ok::<(), telemetry_facade::propagation::ParseError>(())
    /// ```
    #[inline]
    pub fn parent_context(mut self, cx: TraceContext) -> Self {
        self.imp.set_parent_context(cx);
        self
    }

    /// Starts a new trace: the span has no parent, whatever is current.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, testing, BUILD};
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let tracer = get_telemetry("my_crate::cache").tracer().clone();
    /// tracer.in_span("request", |_request| {
    ///     // Background work that must not belong to the request's trace.
    ///     tracer.span("refresh_cache").root().start().end();
    /// });
    ///
    /// let spans = capture.spans_named("refresh_cache");
    /// assert_eq!(spans.len(), usize::from(BUILD.traces));
    /// assert!(spans.iter().all(|span| span.parent_span_id.is_none()));
    /// ```
    #[inline]
    pub fn root(mut self) -> Self {
        self.imp.set_root();
        self
    }

    /// Starts the span. It is not made current.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, SpanKind};
    ///
    /// let tracer = get_telemetry("my_crate::storage").tracer().clone();
    /// let upload = tracer.span("upload").kind(SpanKind::Client).start();
    /// upload.set_attribute("object.size", 1024);
    /// upload.end(); // or let it drop
    /// ```
    #[inline]
    pub fn start(self) -> Span {
        Span {
            imp: self.imp.start(),
        }
    }

    /// Starts the span and runs `f` with it current; the span ends when `f`
    /// returns (or unwinds).
    ///
    /// When nothing can record (before `init`, with `OTEL_SDK_DISABLED`,
    /// in the no-op build), `f` runs at once with a span that records
    /// nothing, and nothing is started, entered or ended: the cheapest way
    /// to instrument a hot function (20 instructions over the bare code for
    /// a span with 2 attributes and a log line, against 45 with
    /// [`start`](SpanBuilder::start) and [`Span::enter`]; `BENCHMARKS.md`).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, SpanKind};
    ///
    /// let tracer = get_telemetry("my_crate::codec").tracer().clone();
    /// let size = tracer
    ///     .span("compress")
    ///     .kind(SpanKind::Internal)
    ///     .attribute("codec", "zstd")
    ///     .in_span(|span| {
    ///         let out = vec![0u8; 16];
    ///         span.set_attribute("bytes.out", out.len());
    ///         out.len()
    ///     });
    /// assert_eq!(size, 16);
    /// ```
    #[inline]
    pub fn in_span<T>(self, f: impl FnOnce(&Span) -> T) -> T {
        if !self.imp.is_live() {
            // Nothing can record: `f` runs here, inlined, with a span that
            // does nothing (nothing to enter, nothing to end), on a path
            // free of the calls and saved registers the live one needs;
            // the live path is a function of its own.
            return f(&self.start());
        }
        in_live_span(self, f)
    }
}

/// [`SpanBuilder::in_span`] once something can record: start, enter, run.
#[inline(never)]
fn in_live_span<T>(builder: SpanBuilder<'_>, f: impl FnOnce(&Span) -> T) -> T {
    let span = builder.start();
    let _guard = span.enter();
    f(&span)
}

impl fmt::Debug for SpanBuilder<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpanBuilder").finish_non_exhaustive()
    }
}

/// One operation in a trace. Ends when dropped or when [`end`](Span::end)
/// is called.
///
/// All methods take `&self`: a span can be shared with the closure or future
/// it describes. In the no-op build a `Span` is zero-sized and every method
/// compiles to nothing.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, KeyValue, Status};
///
/// let tracer = get_telemetry("my_crate").tracer().clone();
/// let span = tracer.start("load_config");
/// span.set_attribute("config.path", "/etc/app.toml");
/// span.add_event("parsed", [KeyValue::new("entries", 12)]);
/// span.set_status(Status::Ok);
/// drop(span); // ends the span
/// ```
#[must_use = "a span ends as soon as it is dropped"]
pub struct Span {
    imp: SelectedSpan,
}

impl Span {
    /// A handle on the span current on this thread (or a non-recording
    /// handle when none is). Dropping it does not end that span.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, Span};
    ///
    /// fn count_rows(rows: &[u32]) -> usize {
    ///     // Deep in a call stack, without the span at hand:
    ///     Span::current().set_attribute("db.rows", rows.len());
    ///     rows.len()
    /// }
    ///
    /// let tracer = get_telemetry("my_crate::db").tracer().clone();
    /// let n = tracer.in_span("query", |_span| count_rows(&[1, 2, 3]));
    /// assert_eq!(n, 3);
    /// ```
    #[inline]
    pub fn current() -> Span {
        Span {
            imp: SelectedTracer::current(),
        }
    }

    /// Whether the span records what is set on it. Always `false` in the
    /// no-op build, before [`init`](crate::init), and for spans a sampler
    /// dropped: skip expensive work when it is `false`. (With the
    /// `tracing-forward` feature, a span handed to an application's
    /// `tracing` subscriber before `init` records: into that subscriber.)
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, BUILD};
    ///
    /// let tracer = get_telemetry("my_crate").tracer().clone();
    /// // No `tracing` subscriber here, so no build forwards it either.
    /// assert!(!tracer.start("early").is_recording(), "nothing records before init");
    ///
    /// let guard = init(Config::new()).expect("first init");
    /// let span = tracer.start("work");
    /// assert_eq!(span.is_recording(), BUILD.traces);
    /// if span.is_recording() {
    ///     let summary = format!("{:?}", (1..=3).collect::<Vec<_>>()); // costly
    ///     span.set_attribute("input.summary", summary);
    /// }
    /// drop(span);
    /// drop(guard);
    /// ```
    #[inline]
    pub fn is_recording(&self) -> bool {
        self.imp.is_recording()
    }

    /// Sets one attribute.
    ///
    /// # Examples
    ///
    /// ```
    /// let span = telemetry_facade::get_telemetry("my_crate::img").tracer().start("resize");
    /// span.set_attribute("image.width", 640);
    /// span.set_attribute("image.format", "png");
    /// span.set_attribute("image.animated", false);
    /// span.set_attribute("image.scale", 0.5);
    /// let key = format!("image.{}", "source");
    /// span.set_attribute(key, String::from("upload"));
    /// ```
    #[inline]
    pub fn set_attribute(&self, key: impl Into<Key>, value: impl Into<Value>) {
        if self.imp.is_recording() {
            self.imp.set_attribute(key.into(), value.into());
        }
    }

    /// Sets one attribute whose value is computed only if the span records.
    ///
    /// # Examples
    ///
    /// ```
    /// let span = telemetry_facade::get_telemetry("my_crate").tracer().start("work");
    /// let mut computed = false;
    /// span.set_attribute_with("payload.digest", || {
    ///     computed = true;
    ///     "expensive"
    /// });
    /// assert_eq!(computed, span.is_recording());
    /// ```
    #[inline]
    pub fn set_attribute_with<V: Into<Value>>(
        &self,
        key: impl Into<Key>,
        value: impl FnOnce() -> V,
    ) {
        if self.imp.is_recording() {
            let key = key.into();
            // A redacted value is not even computed.
            let value = match crate::redaction::is_secret_key(key.as_str()) {
                true => Value::from(crate::redaction::MARKER),
                false => value().into(),
            };
            self.imp.set_attribute(key, value);
        }
    }

    /// Sets several attributes.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue};
    ///
    /// let span = get_telemetry("my_crate::http").tracer().start("request");
    /// span.set_attributes([
    ///     KeyValue::new("http.request.method", "GET"),
    ///     KeyValue::new("http.response.status_code", 200),
    /// ]);
    /// // Pairs work too, when the values have one type.
    /// span.set_attributes([("server.address", "db1"), ("network.transport", "tcp")]);
    /// ```
    #[inline]
    pub fn set_attributes<I>(&self, attributes: I)
    where
        I: IntoIterator,
        I::Item: Into<KeyValue>,
    {
        if self.imp.is_recording() {
            for kv in attributes {
                let kv = kv.into();
                self.imp.set_attribute(kv.key, kv.value);
            }
        }
    }

    /// Records an event with attributes at the current time.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, KeyValue};
    ///
    /// let span = get_telemetry("my_crate::cache").tracer().start("lookup");
    /// span.add_event("cache_miss", [KeyValue::new("cache.key", "user:42")]);
    /// span.add_event("refreshed", [("entries", 12)]);
    /// span.add_event("done", std::iter::empty::<KeyValue>());
    /// ```
    #[inline]
    pub fn add_event<I>(&self, name: impl Into<Cow<'static, str>>, attributes: I)
    where
        I: IntoIterator,
        I::Item: Into<KeyValue>,
    {
        if self.imp.is_recording() {
            let attributes = attributes.into_iter().map(Into::into).collect();
            self.imp.add_event(name.into(), attributes);
        }
    }

    /// Records an error: an `exception` event with `exception.type` and
    /// `exception.message`, and status `Error` with the message as its
    /// description.
    ///
    /// `exception.type` is the error's Rust type name when it is known at
    /// the call site; through `&dyn Error` it is `dyn core::error::Error`.
    ///
    /// Which status the span ends with, whatever the order of the calls: an
    /// explicit one (`record_error`, [`set_status`](Span::set_status)) wins
    /// over one set by an `error`/`critical` log record; between explicit
    /// errors the last one wins; `Ok` is final.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{error, get_telemetry};
    ///
    /// let t = get_telemetry("my_crate::db");
    /// t.tracer().in_span("query", |span| {
    ///     error!(t.logger(), "query_failed"); // would set Error("query_failed")
    ///     let e = std::io::Error::other("connection reset");
    ///     span.record_error(&e); // the span ends with Error("connection reset")
    /// });
    /// ```
    #[inline]
    pub fn record_error<E: Error + ?Sized>(&self, error: &E) {
        if self.imp.is_recording() {
            let message = formatted(|out| write!(out, "{error}"));
            self.record_error_parts(std::any::type_name::<E>(), message);
        }
    }

    /// [`record_error`](Span::record_error) for an error that is only
    /// `Display` (`#[instrument(err)]`). Not public API.
    #[doc(hidden)]
    #[inline]
    pub fn __record_error_display<E: fmt::Display + ?Sized>(&self, error: &E) {
        if self.imp.is_recording() {
            let message = formatted(|out| write!(out, "{error}"));
            self.record_error_parts(std::any::type_name::<E>(), message);
        }
    }

    fn record_error_parts(&self, type_name: &'static str, message: String) {
        self.imp.add_event(
            Cow::Borrowed("exception"),
            vec![
                KeyValue::new("exception.type", type_name),
                KeyValue::new("exception.message", message.clone()),
            ],
        );
        self.imp.set_status(Status::error(message));
    }

    /// Sets the status. `Ok` is final; `Unset` never replaces another
    /// status; between two `Error`s the last one wins, and an explicit
    /// status always wins over one set by an `error`/`critical` log record
    /// (see [`record_error`](Span::record_error)).
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, testing, Status, BUILD};
    ///
    /// let capture = testing::capture(); // records what this build can record
    /// let span = get_telemetry("my_crate::billing").tracer().start("charge");
    /// span.set_status(Status::Ok);
    /// span.set_status(Status::error("late failure")); // ignored: `Ok` is final
    /// span.end();
    ///
    /// let spans = capture.spans_named("charge");
    /// assert_eq!(spans.len(), usize::from(BUILD.traces));
    /// assert!(spans.iter().all(|span| span.status == Status::Ok));
    /// ```
    #[inline]
    pub fn set_status(&self, status: Status) {
        if self.imp.is_recording() {
            self.imp.set_status(status);
        }
    }

    /// Renames the span.
    ///
    /// # Examples
    ///
    /// ```
    /// let tracer = telemetry_facade::get_telemetry("my_crate::http").tracer().clone();
    /// let span = tracer.start("GET");
    /// // The route is known once the request is matched:
    /// span.update_name("GET /users/{id}");
    /// ```
    #[inline]
    pub fn update_name(&self, name: impl Into<Cow<'static, str>>) {
        if self.imp.is_recording() {
            self.imp.update_name(name.into());
        }
    }

    /// The span's trace id, span id, flags and parent span id, when it has
    /// a valid context. `None` in the no-op build and before `init`.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::{get_telemetry, init, Config, BUILD};
    ///
    /// let guard = init(Config::new()).expect("first init");
    /// let tracer = get_telemetry("my_crate").tracer().clone();
    /// let parent = tracer.start("parent");
    /// let child = tracer.span("child").parent(&parent).start();
    ///
    /// assert_eq!(child.context().is_some(), BUILD.traces);
    /// if let (Some(p), Some(c)) = (parent.context(), child.context()) {
    ///     assert_eq!(c.trace_id(), p.trace_id());
    ///     assert_eq!(c.parent_span_id(), Some(p.span_id()));
    ///     println!("traceparent: {}", c.traceparent());
    /// }
    /// drop((child, parent, guard));
    /// ```
    #[inline]
    pub fn context(&self) -> Option<TraceContext> {
        self.imp.context()
    }

    /// Makes the span current on this thread until the guard drops.
    ///
    /// The guard is not `Send`: it must be dropped on the thread that
    /// made it. To keep a span current across `.await`, wrap the future
    /// instead of holding a guard.
    ///
    /// ```compile_fail
    /// fn assert_send<T: Send>(_: T) {}
    /// let span = telemetry_facade::get_telemetry("x").tracer().start("s");
    /// assert_send(span.enter());
    /// ```
    ///
    /// So an `async` block that holds one across an `.await` cannot be
    /// spawned on a multi-threaded runtime either:
    ///
    /// ```compile_fail
    /// fn assert_send<T: Send>(_: T) {}
    /// let span = telemetry_facade::get_telemetry("x").tracer().start("s");
    /// assert_send(async move {
    ///     let entered = span.enter();
    ///     std::future::ready(()).await;
    ///     drop(entered); // still held after the `.await`
    /// });
    /// ```
    ///
    /// while the same work with the span carried by the future can:
    ///
    /// ```
    /// use telemetry_facade::FutureExt;
    /// fn assert_send<T: Send>(_: T) {}
    /// let span = telemetry_facade::get_telemetry("x").tracer().start("s");
    /// assert_send(async { std::future::ready(()).await }.in_span(span));
    /// ```
    #[inline]
    pub fn enter(&self) -> SpanGuard<'_> {
        SpanGuard {
            _imp: self.imp.enter(),
            _span: PhantomData,
            _not_send: PhantomData,
        }
    }

    /// Makes the span current on this thread until the returned guard
    /// drops, without borrowing it: for the `tracing` bridge, which keeps
    /// the guard in a per-thread stack (never moved to another thread: the
    /// guard is not `Send`) while the span lives in the `tracing` span's
    /// extensions.
    #[allow(dead_code)] // used by the `tracing` bridge only
    pub(crate) fn enter_unbound(&self) -> SelectedEnterGuard {
        self.imp.enter()
    }

    /// Ends the span now (dropping it does the same).
    ///
    /// # Examples
    ///
    /// ```
    /// let tracer = telemetry_facade::get_telemetry("my_crate").tracer().clone();
    /// let download = tracer.start("download");
    /// let bytes = vec![0u8; 64]; // the work the span measures
    /// download.end(); // the span's duration stops here
    /// assert_eq!(bytes.len(), 64); // work after the span
    /// ```
    #[inline]
    pub fn end(self) {
        drop(self);
    }

    /// Ends the span now, in place (for wrappers that keep it).
    #[inline]
    pub(crate) fn end_in_place(&mut self) {
        self.imp.end_in_place();
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Span")
            .field("recording", &self.is_recording())
            .field("context", &self.context())
            .finish()
    }
}

/// Keeps a span current on this thread; made by [`Span::enter`]. Dropping
/// it restores the previous current span. Not `Send`, in every build.
///
/// # Examples
///
/// ```
/// use telemetry_facade::{get_telemetry, Span};
///
/// let tracer = get_telemetry("my_crate::batch").tracer().clone();
/// let batch = tracer.start("batch");
/// {
///     let _guard = batch.enter();
///     assert_eq!(Span::current().context(), batch.context());
///     tracer.start("item").end(); // a child of "batch"
/// } // "batch" is no longer current, and still open
/// batch.set_attribute("items", 1);
/// batch.end();
/// ```
#[must_use = "the span stops being current as soon as the guard is dropped"]
pub struct SpanGuard<'a> {
    _imp: SelectedEnterGuard,
    _span: PhantomData<&'a Span>,
    _not_send: PhantomData<*const ()>,
}

/// Dropping restores the previous span (through the backend's guard). The
/// impl also exists where that guard does nothing, so that a guard held
/// across an `.await` makes the future `!Send` in every build alike.
impl Drop for SpanGuard<'_> {
    #[inline(always)]
    fn drop(&mut self) {}
}

impl fmt::Debug for SpanGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SpanGuard").finish_non_exhaustive()
    }
}

// The handles keep no invariant a panic could break, so they are unwind
// safe in every build (the SDK's trait objects inside are not marked so).
impl std::panic::UnwindSafe for Tracer {}
impl std::panic::RefUnwindSafe for Tracer {}
impl std::panic::UnwindSafe for Span {}
impl std::panic::RefUnwindSafe for Span {}
impl std::panic::UnwindSafe for SpanBuilder<'_> {}
impl std::panic::RefUnwindSafe for SpanBuilder<'_> {}
