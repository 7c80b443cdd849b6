//! [`RotelSpan`]s: the spans that [`super::Rotel`] printed, parsed by
//! [`parse_rotel_spans`].
//!
//! The printed format (rotel 0.0.1a15, `--debug-log traces
//! --debug-log-verbosity detailed`), per export request, one block:
//!
//! ```text
//! ResourceSpans #0
//! Resource SchemaURL: <url>
//! Resource attributes:                      (only when there are some)
//!      -> service.name: Str(svc-x)
//! ScopeSpans #0
//! ScopeSpans SchemaURL: <url>
//! InstrumentationScope my-scope 1.0         (only when the scope is set;
//!                                            "name " when no version)
//! Span #0
//!     Trace ID       : 000102030405060708090a0b0c0d0e0f
//!     Parent ID      : 08090a0b0c0d0e0f     (empty for a root span)
//!     ID             : 0001020304050607
//!     Name           : hello-span
//!     Kind           : SPAN_KIND_SERVER
//!     TraceState     : k=v                  (only when not empty)
//! Start time: 1                             (unix nanos)
//! End time: 2
//!     Status code    : STATUS_CODE_ERROR    (both lines only when the span
//!     Status message : boom (bad) thing      carries a Status message at all)
//! Attributes:                               (only when there are some)
//!      -> k1: Int(42)
//!      -> s: Str(a b (c) d)
//!      -> f: Double(1.5)
//!      -> b: Bool(true)
//!      -> arr: Slice(Str(x), Str(y))
//!      -> by: Bytes([1, 2])
//!      -> kvl: Map(in:Int(1))
//!      -> none: Empty
//! Events:                                   (only when there are some)
//! SpanEvent #0
//!      -> Name: ev one
//!      -> Timestamp: 3
//!      -> DroppedAttributesCount: 0
//!      -> Attributes::                      (only when there are some)
//!           -> ek: Str(ev val)
//! Links:                                    (only when there are some)
//! SpanLink #0
//!      -> Trace ID: ffffffffffffffffffffffffffffffff
//!      -> ID: eeeeeeeeeeeeeeee
//!      -> TraceState: a=b
//!      -> DroppedAttributesCount: 0
//!      -> Attributes::
//!           -> lk: Int(7)
//! ```
//!
//! Rotel's own log lines (`2026-01-01T00:00:00.000000Z  INFO Starting
//! Rotel. ...`) are mixed in and skipped. So are the blocks of other signals
//! (from `ResourceLog #0`, the log records `rotel_logs.rs` parses, or
//! `ResourceMetrics #0`, the metrics `rotel_metrics.rs` parses, up to the
//! next `ResourceSpans #` line): rotel prints each request's block with one
//! write, so blocks never interleave line by line.
//!
//! Values are printed raw: a string with a newline continues on the next
//! line (the parser appends such lines to the previous value), and nothing
//! is quoted, so a value containing `", "` or `)` cannot be told from the
//! printed structure. Span dropped counts and span flags are not printed.

/// A span as rotel printed it (the format: the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelSpan {
    /// 32 lowercase hex digits.
    pub trace_id: String,
    /// 16 hex digits, or empty for a root span.
    pub parent_id: String,
    /// 16 hex digits.
    pub span_id: String,
    /// The span name.
    pub name: String,
    /// `SPAN_KIND_INTERNAL`, `SPAN_KIND_SERVER`, ...
    pub kind: String,
    /// The W3C trace state, empty when none was sent.
    pub trace_state: String,
    /// Start, unix nanoseconds (0 if rotel printed something unparsable).
    pub start_time_unix_nano: u64,
    /// End, unix nanoseconds.
    pub end_time_unix_nano: u64,
    /// `STATUS_CODE_UNSET` / `_OK` / `_ERROR`; empty when the span carried no
    /// Status message at all.
    pub status: String,
    /// The status description.
    pub status_message: String,
    /// Attributes as printed: (`"k1"`, `"Int(42)"`), (`"s"`, `"Str(x)"`),
    /// (`"f"`, `"Double(1.5)"`), (`"b"`, `"Bool(true)"`), ...
    pub attributes: Vec<(String, String)>,
    /// The resource's attributes, printed the same way.
    pub resource: Vec<(String, String)>,
    /// The instrumentation scope line's text: `"name version"` (just `"name"`
    /// without a version), or empty.
    pub scope: String,
    /// Event names, in order.
    pub events: Vec<String>,
    /// Events with their details.
    pub event_details: Vec<RotelEvent>,
    /// Links.
    pub links: Vec<RotelLink>,
}

/// A span event as rotel printed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelEvent {
    /// The event name.
    pub name: String,
    /// Unix nanoseconds.
    pub time_unix_nano: u64,
    /// Attributes as printed.
    pub attributes: Vec<(String, String)>,
}

/// A span link as rotel printed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelLink {
    /// 32 hex digits.
    pub trace_id: String,
    /// 16 hex digits.
    pub span_id: String,
    /// The linked context's trace state.
    pub trace_state: String,
    /// Attributes as printed.
    pub attributes: Vec<(String, String)>,
}

impl RotelSpan {
    /// The printed value of attribute `key` (`"Str(x)"`, `"Int(42)"`, ...).
    pub fn attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.attributes, key)
    }

    /// The printed value of resource attribute `key`.
    pub fn resource_attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.resource, key)
    }
}

/// The printed value of `key` in `attributes` (the last one when repeated).
pub(super) fn find_attribute<'a>(attributes: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Where the rotel parser is: which list an indented `-> key: value` line
/// belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Resource,
    SpanAttributes,
    Event,
    EventAttributes,
    Link,
    LinkAttributes,
}

/// Parses rotel's detailed trace output (format: the module doc).
pub fn parse_rotel_spans(lines: &[String]) -> Vec<RotelSpan> {
    let mut spans: Vec<RotelSpan> = Vec::new();
    // Whether the lines are in a block of spans (not of log records or
    // metrics).
    let mut in_spans = false;
    let mut resource: Vec<(String, String)> = Vec::new();
    let mut scope = String::new();
    let mut section = Section::Other;
    // Where a value continued on the next line goes.
    let mut last_value: Option<(Section, usize)> = None;

    for raw in lines {
        let line = raw.as_str();
        if is_log_line(line) {
            continue;
        }
        if let Some(block) = block_header(line) {
            in_spans = block == "ResourceSpans";
            last_value = None;
        }
        if !in_spans {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();

        if line.starts_with("ResourceSpans #") {
            resource.clear();
            scope.clear();
            section = Section::Other;
        } else if line == "Resource attributes:" {
            section = Section::Resource;
        } else if line.starts_with("ScopeSpans #") {
            scope.clear();
            section = Section::Other;
        } else if let Some(rest) = line.strip_prefix("InstrumentationScope ") {
            scope = rest.trim_end().to_owned();
            section = Section::Other;
        } else if line.starts_with("Resource SchemaURL:")
            || line.starts_with("ScopeSpans SchemaURL:")
        {
            section = Section::Other;
        } else if line.starts_with("Span #") {
            spans.push(RotelSpan {
                resource: resource.clone(),
                scope: scope.clone(),
                ..RotelSpan::default()
            });
            section = Section::Other;
        } else if let (Some(span), Some((field, value))) =
            (spans.last_mut(), span_field(line, indent))
        {
            let value = value.to_owned();
            match field {
                "Trace ID" => span.trace_id = value,
                "Parent ID" => span.parent_id = value,
                "ID" => span.span_id = value,
                "Name" => span.name = value,
                "Kind" => span.kind = value,
                "TraceState" => span.trace_state = value,
                "Start time" => span.start_time_unix_nano = value.parse().unwrap_or(0),
                "End time" => span.end_time_unix_nano = value.parse().unwrap_or(0),
                "Status code" => span.status = value,
                _ => span.status_message = value, // "Status message"
            }
            section = Section::Other;
        } else if line == "Attributes:" {
            section = Section::SpanAttributes;
        } else if line == "Events:" || line == "Links:" {
            section = Section::Other;
        } else if line.starts_with("SpanEvent #") {
            if let Some(span) = spans.last_mut() {
                span.event_details.push(RotelEvent::default());
            }
            section = Section::Event;
        } else if line.starts_with("SpanLink #") {
            if let Some(span) = spans.last_mut() {
                span.links.push(RotelLink::default());
            }
            section = Section::Link;
        } else if let Some(entry) = trimmed.strip_prefix("-> ") {
            let (key, value) = entry.split_once(": ").unwrap_or((entry, ""));
            // In an event or a link, a nested entry is one of its attributes;
            // the others are its own fields.
            let nested = indent > 5;
            let target = match section {
                Section::Event | Section::EventAttributes if nested => Section::EventAttributes,
                Section::Event | Section::EventAttributes => Section::Event,
                Section::Link | Section::LinkAttributes if nested => Section::LinkAttributes,
                Section::Link | Section::LinkAttributes => Section::Link,
                other => other,
            };
            last_value = None;
            if let Some(list) = attribute_list(target, &mut resource, spans.last_mut()) {
                list.push((key.to_owned(), value.to_owned()));
                last_value = Some((target, list.len() - 1));
            } else if let Some(span) = spans.last_mut() {
                match target {
                    Section::Event => {
                        if let Some(event) = span.event_details.last_mut() {
                            match key {
                                "Name" => event.name = value.to_owned(),
                                "Timestamp" => event.time_unix_nano = value.parse().unwrap_or(0),
                                "Attributes::" => section = Section::EventAttributes,
                                _ => {}
                            }
                        }
                    }
                    Section::Link => {
                        if let Some(link) = span.links.last_mut() {
                            match key {
                                "Trace ID" => link.trace_id = value.to_owned(),
                                "ID" => link.span_id = value.to_owned(),
                                "TraceState" => link.trace_state = value.to_owned(),
                                "Attributes::" => section = Section::LinkAttributes,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            continue;
        } else if let Some((target, index)) = last_value {
            // Not a line of the format: the rest of a value with a newline.
            let list = attribute_list(target, &mut resource, spans.last_mut());
            if let Some((_, value)) = list.and_then(|list| list.get_mut(index)) {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        last_value = None;
    }
    for span in &mut spans {
        span.events = span.event_details.iter().map(|e| e.name.clone()).collect();
    }
    spans
}

/// The attribute list `target` names: the resource's, the last span's, or
/// that span's last event's or last link's; `None` for other sections.
fn attribute_list<'a>(
    target: Section,
    resource: &'a mut Vec<(String, String)>,
    span: Option<&'a mut RotelSpan>,
) -> Option<&'a mut Vec<(String, String)>> {
    match (target, span) {
        (Section::Resource, _) => Some(resource),
        (Section::SpanAttributes, Some(span)) => Some(&mut span.attributes),
        (Section::EventAttributes, Some(span)) => span
            .event_details
            .last_mut()
            .map(|event| &mut event.attributes),
        (Section::LinkAttributes, Some(span)) => {
            span.links.last_mut().map(|link| &mut link.attributes)
        }
        _ => None,
    }
}

/// `(field, value)` of a span header line such as `    Trace ID       : abc`
/// or `Start time: 1`.
fn span_field(line: &str, indent: usize) -> Option<(&str, &str)> {
    const INDENTED: [&str; 8] = [
        "Trace ID",
        "Parent ID",
        "ID",
        "Name",
        "Kind",
        "TraceState",
        "Status code",
        "Status message",
    ];
    if indent == 4 {
        let (field, value) = line.trim_start().split_once(':')?;
        let field = field.trim_end();
        let value = value.strip_prefix(' ').unwrap_or(value);
        return INDENTED.contains(&field).then_some((field, value));
    }
    if indent == 0 {
        for field in ["Start time", "End time"] {
            if let Some(value) = line.strip_prefix(field).and_then(|r| r.strip_prefix(": ")) {
                return Some((field, value));
            }
        }
    }
    None
}

/// The kind of block a line starts (`"ResourceSpans"` for `ResourceSpans
/// #0`, `"ResourceLog"` for `ResourceLog #0`, ...), if it starts one.
pub(super) fn block_header(line: &str) -> Option<&str> {
    let (kind, index) = line.split_once(" #")?;
    let is_kind = kind.starts_with("Resource") && kind.bytes().all(|b| b.is_ascii_alphabetic());
    let is_index = !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit());
    (is_kind && is_index).then_some(kind)
}

/// Rotel's own log lines: `2026-01-01T00:00:00.000000Z  INFO ...`.
pub(super) fn is_log_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 20
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && line.contains("Z ")
}
