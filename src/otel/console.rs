//! A span exporter that writes one readable line per finished span to
//! stdout or stderr: what `SpanExport::Stdout` / `Stderr` install.

use std::fmt::Write as _;
use std::io::Write as _;

use opentelemetry_sdk::error::OTelSdkResult;
use opentelemetry_sdk::trace::{SpanData, SpanExporter};

use super::convert;
use crate::text::quote::Quoted;
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
        Quoted(&span.name),
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
            let _ = write!(line, " status=error({})", Quoted(&description));
        }
    }
    for kv in &span.attributes {
        line.push(' ');
        push_key_value(&mut line, kv);
    }
    for event in &span.events.events {
        let _ = write!(line, " event={}{{", Quoted(&event.name));
        for (i, kv) in event.attributes.iter().enumerate() {
            if i > 0 {
                line.push(' ');
            }
            push_key_value(&mut line, kv);
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

/// `key=value`, each written bare when a plain word, else quoted and
/// escaped (see `text::quote`): a span line stays one line whatever its
/// attributes hold.
fn push_key_value(line: &mut String, kv: &opentelemetry::KeyValue) {
    let _ = write!(
        line,
        "{}={}",
        Quoted(kv.key.as_str()),
        Quoted(&kv.value.to_string())
    );
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use opentelemetry::trace::{SpanContext, SpanId, SpanKind, Status};
    use opentelemetry::{InstrumentationScope, KeyValue};
    use opentelemetry_sdk::trace::{SpanEvents, SpanLinks};

    use super::*;
    use crate::text::quote::assert_one_clean_line;

    fn span(name: &str, attributes: Vec<KeyValue>, event: Option<(&str, KeyValue)>) -> SpanData {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut events = SpanEvents::default();
        if let Some((event_name, kv)) = event {
            events.events.push(opentelemetry::trace::Event::new(
                event_name.to_owned(),
                start,
                vec![kv],
                0,
            ));
        }
        SpanData {
            span_context: SpanContext::empty_context(),
            parent_span_id: SpanId::INVALID,
            parent_span_is_remote: false,
            span_kind: SpanKind::Internal,
            name: name.to_owned().into(),
            start_time: start,
            end_time: start + Duration::from_millis(3),
            attributes,
            dropped_attributes_count: 0,
            events,
            links: SpanLinks::default(),
            status: Status::Unset,
            instrumentation_scope: InstrumentationScope::builder("test").build(),
        }
    }

    /// Characters that break a line or drive a terminal.
    const FORGERS: [char; 6] = ['\n', '\r', '\x1b', '\x7f', '\u{85}', '\u{2028}'];

    #[test]
    fn keys_and_values_follow_the_plain_word_rule() {
        let line = format_span(&span(
            "GET /users",
            vec![
                KeyValue::new("http.method", "GET"),
                KeyValue::new("mime", "application/vnd.api+json"),
                KeyValue::new("note", "two words"),
                KeyValue::new("odd key", "x"),
                KeyValue::new("count", 3),
            ],
            Some(("retry", KeyValue::new("attempt", 2))),
        ));
        assert!(line.starts_with("span \"GET /users\" 3ms "), "{line:?}");
        assert!(
            line.contains(
                " http.method=GET mime=application/vnd.api+json note=\"two words\" \"odd key\"=x count=3"
            ),
            "{line:?}"
        );
        assert!(line.contains(" event=retry{attempt=2}"), "{line:?}");
        assert_one_clean_line(&line);
    }

    #[test]
    fn no_key_or_value_writes_a_raw_control_character() {
        for c in FORGERS {
            let forged = format!("x{c}span forged trace_id=0");
            let line = format_span(&span(
                &forged,
                vec![KeyValue::new(forged.clone(), forged.clone())],
                Some((&forged, KeyValue::new(forged.clone(), forged.clone()))),
            ));
            assert_one_clean_line(&line);
        }
    }

    proptest::proptest! {
        /// Any span name, attribute, event and status text: one line, no raw
        /// control character but the final newline.
        #[test]
        fn any_text_gives_one_clean_line(
            name in proptest::prelude::any::<String>(),
            key in proptest::prelude::any::<String>(),
            value in proptest::prelude::any::<String>(),
            event in proptest::prelude::any::<String>(),
        ) {
            let mut data = span(
                &name,
                vec![KeyValue::new(key.clone(), value.clone())],
                Some((&event, KeyValue::new(value.clone(), key.clone()))),
            );
            data.status = Status::error(value);
            assert_one_clean_line(&format_span(&data));
        }
    }
}
