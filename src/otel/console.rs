//! A span exporter that writes one readable line per finished span to
//! stdout or stderr: what `SpanExport::Stdout` / `Stderr` install.

use std::fmt::Write as _;
use std::io::Write as _;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

use super::convert;
use crate::{Status, TraceContext};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Target {
    Stdout,
    Stderr,
}

#[derive(Debug)]
pub(crate) struct ConsoleExporter {
    target: Target,
}

impl ConsoleExporter {
    pub(crate) fn new(target: Target) -> Self {
        ConsoleExporter { target }
    }
}

/// `span <name> <duration> trace_id=… span_id=… [parent_span_id=…] kind=…
/// status=… [key=value …] [event=name{key=value …} …]`
pub(crate) fn format_span(span: &SpanData) -> String {
    let mut line = String::with_capacity(256);
    let cx = convert::trace_context_back(&span.span_context, None);
    let duration = span
        .end_time
        .duration_since(span.start_time)
        .unwrap_or_default();
    let _ = write!(
        line,
        "span {} {:?} trace_id={} span_id={}",
        quote(&span.name),
        duration,
        cx.trace_id(),
        cx.span_id()
    );
    let parent = convert::span_id_back(span.parent_span_id);
    if parent.is_valid() {
        let _ = write!(line, " parent_span_id={parent}");
    }
    let kind = format!("{:?}", convert::kind_back(&span.span_kind)).to_ascii_lowercase();
    let _ = write!(line, " kind={kind}");
    match convert::status_back(&span.status) {
        Status::Unset => line.push_str(" status=unset"),
        Status::Ok => line.push_str(" status=ok"),
        Status::Error { description } => {
            let _ = write!(line, " status=error({})", quote(&description));
        }
    }
    for kv in &span.attributes {
        let _ = write!(
            line,
            " {}={}",
            kv.key.as_str(),
            quote(&kv.value.to_string())
        );
    }
    for event in &span.events.events {
        let _ = write!(line, " event={}{{", quote(&event.name));
        for (i, kv) in event.attributes.iter().enumerate() {
            let sep = if i == 0 { "" } else { " " };
            let _ = write!(
                line,
                "{sep}{}={}",
                kv.key.as_str(),
                quote(&kv.value.to_string())
            );
        }
        line.push('}');
    }
    for link in &span.links.links {
        let linked: TraceContext = convert::trace_context_back(&link.span_context, None);
        let _ = write!(line, " link={}", linked.traceparent());
    }
    line.push('\n');
    line
}

/// The value as is when it is a plain word, else as a quoted, escaped
/// string: a span line stays one line whatever its attributes hold.
fn quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '@'));
    if plain {
        s.to_owned()
    } else {
        format!("{s:?}")
    }
}

impl SpanExporter for ConsoleExporter {
    async fn export(&self, batch: Vec<SpanData>) -> OTelSdkResult {
        let mut out = String::new();
        for span in &batch {
            out.push_str(&format_span(span));
        }
        // One write per batch, under the stream's lock: lines never tear.
        let _ = match self.target {
            Target::Stdout => std::io::stdout().lock().write_all(out.as_bytes()),
            Target::Stderr => std::io::stderr().lock().write_all(out.as_bytes()),
        };
        Ok(())
    }
}
