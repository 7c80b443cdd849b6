//! The JSON sink of a build without the `json` feature: a type with no
//! values. `open` refuses (the caller falls back to the pretty format), so
//! every method below is unreachable, and says so to the compiler.

use crate::log::output::Output;
use crate::TraceContext;

/// No JSON sink can exist in this build.
pub(crate) enum JsonSink {}

impl JsonSink {
    /// Whether records can be written as JSON in this build.
    pub(crate) const AVAILABLE: bool = false;

    /// Always refuses, handing the output back.
    pub(crate) fn open(out: Output) -> Result<JsonSink, Output> {
        Err(out)
    }

    pub(crate) fn render(
        &self,
        _frame: &super::Frame<'_>,
        _record: &slog::Record<'_>,
        _values: &slog::OwnedKVList,
        _non_ascii: &std::cell::Cell<bool>,
    ) {
        match *self {}
    }

    pub(crate) fn flush(&self) {
        match *self {}
    }

    pub(crate) fn emit_span_object(
        &self,
        _s: &mut dyn slog::Serializer,
        _cx: &TraceContext,
    ) -> slog::Result {
        match *self {}
    }
}
