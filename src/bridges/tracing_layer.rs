//! The `tracing` bridge: a `tracing-subscriber` layer whose events become
//! this crate's records and whose spans become this crate's spans.
//!
//! Events, as for the `log` bridge:
//! - the event's target is the logger name (directives apply to it),
//! - its level maps one to one (`ERROR`, `WARN`, `INFO`, `DEBUG`, `TRACE`),
//! - its `message` field is the `event` (the callsite's name when it has
//!   none), its other fields are fields (`tracing` field names are
//!   `&'static str` already: nothing to intern),
//! - the current span's trace fields (or those of the event's explicit
//!   parent), redaction, and an `error` record's mark on the span.
//!
//! Spans: a `tracing` span the directives let through (its target and
//! level, as for a record) starts one of our spans — named as the
//! `tracing` span, its target as the tracer's scope, its fields as
//! attributes (`otel.name` and `otel.kind` rename it and set its kind, as
//! `tracing-opentelemetry` does), its parent our span of its explicit
//! `tracing` parent, else the span current in our world (which is the
//! innermost entered span of either world: entering a `tracing` span makes
//! its span of ours current) — kept in the `tracing` span's extensions.
//! Entering the `tracing` span makes ours current on that thread (the
//! guard lives in a per-thread stack keyed by span id, never crossing
//! threads); exiting restores the previous one; closing ends it.
//!
//! The loop guard: nothing of our output path reaches `tracing` again.
//! The layer ignores what the OpenTelemetry crates say about themselves
//! (targets starting with `opentelemetry`: the SDK's `internal-logs`,
//! which e.g. `opentelemetry-prometheus` turns on), what is said on the
//! export threads (the SDK's `OpenTelemetry.*` processors, this crate's
//! `telemetry-*` threads, the blocking HTTP client's runtime: there hyper,
//! h2 and tonic speak about our own exports), and any event or span made
//! while the layer itself is writing a record on that thread (a field's
//! `Debug`, or an application's drain, that uses `tracing`), or while the
//! `tracing` forward (`tracing-forward`) hands one of our own records or
//! spans to the subscriber this layer is part of.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use tracing_core::field::{Field as TracingField, Visit};
use tracing_core::span::{Attributes, Id, Record};
use tracing_core::{Event, Metadata, Subscriber};
use tracing_subscriber::layer::{Context as LayerContext, Layer};
use tracing_subscriber::registry::LookupSpan;

use super::shared::{ceiling, lets_through, telemetry_for};
use super::tracing_origin::{self, Crossing};
use crate::backend::log::SelectedLogger;
use crate::backend::trace::{SelectedEnterGuard, SelectedTracer};
use crate::backend::Install;
use crate::config::DiagLevel;
use crate::vocabulary::formatting::formatted;
use crate::{Config, Field, KeyValue, Level, Span, SpanKind, Value};

/// A [`tracing-subscriber`](https://docs.rs/tracing-subscriber) layer:
/// `tracing` events become this crate's log records (with the trace fields
/// of the current span), `tracing` spans become this crate's spans (parent
/// and child kept across both worlds).
///
/// `init` installs it by itself, as the global `tracing` subscriber, when
/// the application has none ([`Config::capture_tracing`], on by default).
/// An application with a subscriber of its own adds the layer to it —
/// before calling `init`, so that `init` knows it is wired:
///
/// ```
/// use tracing_subscriber::layer::SubscriberExt;
///
/// let subscriber = tracing_subscriber::registry().with(telemetry_facade::tracing_layer());
/// tracing::subscriber::set_global_default(subscriber).expect("the first global subscriber");
/// let _guard = telemetry_facade::init(telemetry_facade::Config::new()).expect("first init");
/// tracing::info!(target: "my_app", user = 42, "signed in"); // one of our records
/// ```
///
/// Only with the `tracing-bridge` feature: the type implements a trait of
/// `tracing-subscriber`.
#[cfg_attr(docsrs, doc(cfg(feature = "tracing-bridge")))]
#[derive(Clone)]
pub struct TracingLayer {
    _private: (),
}

/// Whether the application made a layer (then `init` installs none).
static MADE_BY_APPLICATION: AtomicBool = AtomicBool::new(false);

impl TracingLayer {
    /// The layer, to add to the application's `tracing` subscriber (see
    /// [`TracingLayer`]).
    pub fn new() -> TracingLayer {
        MADE_BY_APPLICATION.store(true, Ordering::Release);
        TracingLayer { _private: () }
    }
}

impl Default for TracingLayer {
    fn default() -> TracingLayer {
        TracingLayer::new()
    }
}

impl fmt::Debug for TracingLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TracingLayer").finish_non_exhaustive()
    }
}

/// The [`TracingLayer`], to add to the application's own `tracing`
/// subscriber: `tracing_subscriber::registry().with(telemetry_facade::tracing_layer())`.
///
/// Only with the `tracing-bridge` feature.
#[cfg_attr(docsrs, doc(cfg(feature = "tracing-bridge")))]
pub fn tracing_layer() -> TracingLayer {
    TracingLayer::new()
}

/// Our span of a `tracing` span, in its extensions.
struct Ours(Span);

thread_local! {
    /// The spans of ours that entering `tracing` spans made current on this
    /// thread, innermost last, with the `tracing` span's id.
    static ENTERED: RefCell<Vec<(u64, SelectedEnterGuard)>> = const { RefCell::new(Vec::new()) };
    /// Whether this thread exports (0: not known yet, 1: yes, 2: no).
    static EXPORT_THREAD: Cell<u8> = const { Cell::new(0) };
}

/// Threads on which `tracing` events are about our own exports.
fn is_export_thread_name(name: &str) -> bool {
    name.starts_with("OpenTelemetry.")
        || name.starts_with("telemetry-otlp")
        || name == "telemetry-shutdown"
        || name == "telemetry-clock"
        || name == "reqwest-internal-sync-runtime"
}

fn on_export_thread() -> bool {
    EXPORT_THREAD
        .try_with(|known| match known.get() {
            0 => {
                let yes = std::thread::current()
                    .name()
                    .is_some_and(is_export_thread_name);
                known.set(if yes { 1 } else { 2 });
                yes
            }
            v => v == 1,
        })
        .unwrap_or(true)
}

/// What the layer never turns into ours (the loop guard).
fn ignored(metadata: &Metadata<'_>) -> bool {
    metadata.target().starts_with("opentelemetry") || on_export_thread()
}

/// Marks the thread busy (crossing into ours) while the layer writes a
/// record or starts a span; `None` when something crosses already: the
/// layer itself (re-entrant), or the `tracing` forward handing one of ours
/// to this subscriber (or during thread teardown).
struct Busy;

impl Busy {
    fn enter() -> Option<Crossing> {
        tracing_origin::cross(tracing_origin::INTO_OURS)
    }
}

fn our_level(level: tracing_core::Level) -> Level {
    match level {
        tracing_core::Level::ERROR => Level::Error,
        tracing_core::Level::WARN => Level::Warn,
        tracing_core::Level::INFO => Level::Info,
        tracing_core::Level::DEBUG => Level::Debug,
        _ => Level::Trace,
    }
}

/// The fields of an event or a span as our values, in order; the
/// `message` field apart, and the `otel.*` fields that configure a span.
#[derive(Default)]
struct Fields {
    message: Option<String>,
    otel_name: Option<String>,
    otel_kind: Option<SpanKind>,
    values: Vec<(&'static str, Value)>,
}

impl Fields {
    fn push(&mut self, field: &TracingField, value: Value) {
        match field.name() {
            "message" => {
                self.message = Some(match value {
                    Value::Str(s) => s.into_owned(),
                    other => formatted(|out| write!(out, "{other}")),
                })
            }
            "otel.name" => self.otel_name = Some(formatted(|out| write!(out, "{value}"))),
            "otel.kind" => self.otel_kind = span_kind(&formatted(|out| write!(out, "{value}"))),
            name => self.values.push((name, value)),
        }
    }
}

fn span_kind(kind: &str) -> Option<SpanKind> {
    match kind.to_ascii_lowercase().as_str() {
        "server" => Some(SpanKind::Server),
        "client" => Some(SpanKind::Client),
        "producer" => Some(SpanKind::Producer),
        "consumer" => Some(SpanKind::Consumer),
        "internal" => Some(SpanKind::Internal),
        _ => None,
    }
}

impl Visit for Fields {
    fn record_f64(&mut self, field: &TracingField, value: f64) {
        self.push(field, Value::F64(value));
    }
    fn record_i64(&mut self, field: &TracingField, value: i64) {
        self.push(field, Value::I64(value));
    }
    fn record_u64(&mut self, field: &TracingField, value: u64) {
        self.push(field, Value::from(value));
    }
    fn record_bool(&mut self, field: &TracingField, value: bool) {
        self.push(field, Value::Bool(value));
    }
    fn record_str(&mut self, field: &TracingField, value: &str) {
        self.push(field, Value::from(value.to_owned()));
    }
    fn record_error(&mut self, field: &TracingField, value: &(dyn std::error::Error + 'static)) {
        self.push(field, Value::from(formatted(|out| write!(out, "{value}"))));
    }
    fn record_debug(&mut self, field: &TracingField, value: &dyn fmt::Debug) {
        // `message` is `format_args!(..)`, whose `Debug` is its text.
        self.push(
            field,
            Value::from(formatted(|out| write!(out, "{value:?}"))),
        );
    }
}

impl<S> Layer<S> for TracingLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: LayerContext<'_, S>) {
        let metadata = attrs.metadata();
        if !crate::lifecycle::is_on()
            || ignored(metadata)
            || !lets_through(metadata.target(), our_level(*metadata.level()))
        {
            return;
        }
        let Some(_busy) = Busy::enter() else {
            return;
        };
        let Some(this) = ctx.span(id) else {
            return;
        };
        let mut fields = Fields::default();
        attrs.record(&mut fields);
        let telemetry = telemetry_for(metadata.target());
        let name = match fields.otel_name.take() {
            Some(name) => std::borrow::Cow::Owned(name),
            None => std::borrow::Cow::Borrowed(metadata.name()),
        };
        let mut builder = telemetry.tracer().span(name);
        if let Some(kind) = fields.otel_kind {
            builder = builder.kind(kind);
        }
        builder = builder.attributes(fields.values.into_iter().map(KeyValue::from));
        // The explicit parent's span of ours; a contextual parent is the
        // span current in our world (see the module's notes).
        let parent = attrs.parent().and_then(|parent| ctx.span(parent));
        let parent_extensions = parent.as_ref().map(|parent| parent.extensions());
        let span = match parent_extensions.as_ref().and_then(|e| e.get::<Ours>()) {
            Some(Ours(parent)) => builder.parent(parent).start(),
            None if attrs.is_root() => builder.root().start(),
            None => builder.start(),
        };
        drop(parent_extensions);
        this.extensions_mut().insert(Ours(span));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: LayerContext<'_, S>) {
        let Some(this) = ctx.span(id) else {
            return;
        };
        let extensions = this.extensions();
        let Some(Ours(span)) = extensions.get::<Ours>() else {
            return;
        };
        let Some(_busy) = Busy::enter() else {
            return;
        };
        let mut fields = Fields::default();
        values.record(&mut fields);
        if let Some(name) = fields.otel_name {
            span.update_name(name);
        }
        span.set_attributes(fields.values.into_iter().map(KeyValue::from));
    }

    fn on_enter(&self, id: &Id, ctx: LayerContext<'_, S>) {
        let Some(this) = ctx.span(id) else {
            return;
        };
        #[allow(clippy::let_unit_value)] // `()` where entering does nothing
        let guard = match this.extensions().get::<Ours>() {
            Some(Ours(span)) => span.enter_unbound(),
            None => return,
        };
        let id = id.into_u64();
        let _ = ENTERED.try_with(|entered| {
            // Not borrowed otherwise (nothing else borrows it meanwhile),
            // the guard drops at once, leaving the context as it was.
            if let Ok(mut entered) = entered.try_borrow_mut() {
                entered.push((id, guard));
            }
        });
    }

    fn on_exit(&self, id: &Id, _ctx: LayerContext<'_, S>) {
        let id = id.into_u64();
        let _ = ENTERED.try_with(|entered| {
            // Restores the previous context when dropped, at the end of
            // this closure: outside the borrow.
            let _restored = entered.try_borrow_mut().ok().and_then(|mut entered| {
                let at = entered.iter().rposition(|(entered, _)| *entered == id)?;
                Some(entered.remove(at))
            });
        });
    }

    fn on_close(&self, id: Id, ctx: LayerContext<'_, S>) {
        let Some(this) = ctx.span(&id) else {
            return;
        };
        // Ends our span when dropped, at the end of this function: outside
        // the extensions' lock.
        let _ours = this.extensions_mut().remove::<Ours>();
    }

    fn on_event(&self, event: &Event<'_>, ctx: LayerContext<'_, S>) {
        let metadata = event.metadata();
        if ignored(metadata) {
            return;
        }
        let level = our_level(*metadata.level());
        let telemetry = telemetry_for(metadata.target());
        let logger = telemetry.logger();
        if !logger.enabled(level) {
            return;
        }
        let Some(_busy) = Busy::enter() else {
            return;
        };
        let mut fields = Fields::default();
        event.record(&mut fields);
        let message = fields.message.unwrap_or_else(|| metadata.name().to_owned());
        let mut ours: Vec<Field<'_>> = Vec::with_capacity(fields.values.len());
        ours.extend(fields.values.iter().map(|(k, v)| Field::new(k, v)));
        // An explicit parent is current for the record.
        let parent = event.parent().and_then(|parent| ctx.span(parent));
        let _entered = parent.as_ref().and_then(|parent| {
            let extensions = parent.extensions();
            extensions
                .get::<Ours>()
                .map(|Ours(span)| span.enter_unbound())
        });
        logger.log(level, &message, &ours);
    }
}

/// Installs the layer as the global `tracing` subscriber, when a backend
/// records, the application did not turn it off and did not wire a layer
/// of its own; warns when `tracing` already has a global subscriber.
pub(crate) fn install(config: &Config) {
    let records = <SelectedLogger as Install>::RECORDS || <SelectedTracer as Install>::RECORDS;
    if !records || !config.get_capture_tracing() || MADE_BY_APPLICATION.load(Ordering::Acquire) {
        return;
    }
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::Layer as _;
    // Alone in its subscriber, the layer may tell `tracing` the most
    // verbose level any directive lets through: the macros of disabled
    // levels then cost what they cost without a subscriber.
    let most_verbose = match ceiling(config) {
        0 => tracing_core::LevelFilter::TRACE,
        1 => tracing_core::LevelFilter::DEBUG,
        2 => tracing_core::LevelFilter::INFO,
        3 => tracing_core::LevelFilter::WARN,
        4 | 5 => tracing_core::LevelFilter::ERROR,
        _ => tracing_core::LevelFilter::OFF,
    };
    let layer = TracingLayer { _private: () }.with_filter(most_verbose);
    let subscriber = tracing_subscriber::registry().with(layer);
    match tracing_core::dispatcher::set_global_default(tracing_core::Dispatch::new(subscriber)) {
        Ok(()) => {}
        Err(_) if config.diag_level >= DiagLevel::Warn => {
            crate::lifecycle::diagnostics::warn(format_args!(
                "the tracing crate already has a global subscriber: its events and spans do not \
                 reach telemetry-facade; add telemetry_facade::tracing_layer() to it \
                 (Config::capture_tracing(false) silences this)"
            ))
        }
        Err(_) => {}
    }
}
