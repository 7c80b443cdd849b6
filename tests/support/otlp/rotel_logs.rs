//! [`RotelLog`]s: the OTLP log records that [`super::Rotel`] printed, parsed
//! by [`parse_rotel_logs`].
//!
//! The printed format (rotel 0.0.1a15, `--debug-log logs
//! --debug-log-verbosity detailed`), per export request, one block:
//!
//! ```text
//! ResourceLog #0
//! Resource SchemaURL: <url>
//! Resource attributes:                      (only when there are some)
//!      -> service.name: Str(svc-x)
//! ScopeLogs #0
//! ScopeLogs SchemaURL: <url>
//! InstrumentationScope my-scope 1.0         (only when the scope is set;
//!                                            "name " when no version)
//! LogRecord #0
//! ObservedTimestamp: 1700000000000000002    (unix nanos, 0 when unset)
//! Timestamp: 1700000000000000001
//! SeverityText: WARN                        (empty after ": " when unset)
//! SeverityNumber: SEVERITY_NUMBER_WARN(13)  (SEVERITY_NUMBER_UNSPECIFIED(0)
//!                                            when unset)
//! EventName: my.event                       (only when not empty)
//! Body: Str(disk (almost) full)             (always; "Empty" when unset;
//!                                            Int(5), Double(2.5),
//!                                            Bool(true), Bytes([0, 255]),
//!                                            Map(msg:Str(m), n:Int(7)), ...)
//! Attributes:                               (only when there are some)
//!      -> s: Str(a b)
//!      -> i: Int(42)
//!      -> f: Double(1.5)
//!      -> b: Bool(true)
//!      -> arr: Slice(Str(x), Int(2))
//!      -> by: Bytes([1, 2])
//!      -> kvl: Map(in:Int(1))
//!      -> none: Empty
//!     Trace ID       : 000102030405060708090a0b0c0d0e0f   (empty after ": "
//!     Span ID        : 08090a0b0c0d0e0f                    without a trace)
//! Flags: 1
//! LogRecord #1
//! ...
//! ```
//!
//! Values are printed as in spans (`rotel_spans.rs`): raw, unquoted, a
//! string with a newline continuing on the next line (the parser appends
//! such lines to the body or attribute value before them). A record's
//! dropped attributes count is not printed, nor an empty event name.
//!
//! With `--debug-log traces`, `--debug-log logs` and `--debug-log metrics`
//! (the flag repeated; `traces,logs` is refused), span blocks
//! (`ResourceSpans #0` ...), log blocks and metric blocks
//! (`ResourceMetrics #0` ...) share stdout, each request's block printed
//! with one write; this parser skips span and metric blocks, from a
//! `ResourceSpans #` or `ResourceMetrics #` line up to the next
//! `ResourceLog #` line, and rotel's own log lines.

use super::rotel_spans::{block_header, find_attribute, is_log_line};

/// A log record as rotel printed it (the format: the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelLog {
    /// 32 lowercase hex digits, or empty when the record has no trace.
    pub trace_id: String,
    /// 16 hex digits, or empty.
    pub span_id: String,
    /// The trace flags (`Flags: 1`).
    pub flags: u32,
    /// The severity number, from `SEVERITY_NUMBER_WARN(13)`: 13 (0 when
    /// unset, or if rotel printed something unparsable).
    pub severity_number: i32,
    /// The severity number's name: `SEVERITY_NUMBER_WARN`.
    pub severity_name: String,
    /// The severity text (`WARN`), empty when unset.
    pub severity_text: String,
    /// The body as printed: `"Str(disk full)"`, `"Int(5)"`, `"Map(k:Str(v))"`,
    /// `"Empty"` when unset.
    pub body: String,
    /// The event name, empty when unset.
    pub event_name: String,
    /// Unix nanoseconds (0 when unset).
    pub time_unix_nano: u64,
    /// Unix nanoseconds (0 when unset).
    pub observed_time_unix_nano: u64,
    /// Attributes as printed: (`"i"`, `"Int(42)"`), (`"s"`, `"Str(x)"`), ...
    pub attributes: Vec<(String, String)>,
    /// The resource's attributes, printed the same way.
    pub resource: Vec<(String, String)>,
    /// The instrumentation scope line's text: `"name version"` (just `"name"`
    /// without a version), or empty.
    pub scope: String,
}

impl RotelLog {
    /// The printed value of attribute `key` (`"Str(x)"`, `"Int(42)"`, ...).
    pub fn attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.attributes, key)
    }

    /// The printed value of resource attribute `key`.
    pub fn resource_attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.resource, key)
    }

    /// The body's string when it is a string (`Str(...)`), else `None`.
    pub fn body_str(&self) -> Option<&str> {
        self.body.strip_prefix("Str(")?.strip_suffix(')')
    }
}

/// Where a value continued on the next line goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Continued {
    Body,
    Attribute(usize),
    Resource(usize),
}

/// Which list an indented `-> key: value` line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Resource,
    Attributes,
}

/// Parses rotel's detailed log output (format: the module doc); lines of
/// span and metric blocks and rotel's own log lines are skipped.
pub fn parse_rotel_logs(lines: &[String]) -> Vec<RotelLog> {
    let mut logs: Vec<RotelLog> = Vec::new();
    let mut resource: Vec<(String, String)> = Vec::new();
    let mut scope = String::new();
    // Whether the lines are in a block of log records (not of spans).
    let mut in_logs = false;
    let mut section = Section::Other;
    let mut continued: Option<Continued> = None;

    for raw in lines {
        let line = raw.as_str();
        if is_log_line(line) {
            continue;
        }
        if let Some(block) = block_header(line) {
            in_logs = block == "ResourceLog" || block == "ResourceLogs";
            resource.clear();
            scope.clear();
            section = Section::Other;
            continued = None;
            continue;
        }
        if !in_logs {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();

        if line == "Resource attributes:" {
            section = Section::Resource;
        } else if line.starts_with("ScopeLogs #") {
            scope.clear();
            section = Section::Other;
        } else if let Some(rest) = line.strip_prefix("InstrumentationScope ") {
            scope = rest.trim_end().to_owned();
            section = Section::Other;
        } else if line.starts_with("Resource SchemaURL:")
            || line.starts_with("ScopeLogs SchemaURL:")
        {
            section = Section::Other;
        } else if line.starts_with("LogRecord #") {
            logs.push(RotelLog {
                resource: resource.clone(),
                scope: scope.clone(),
                ..RotelLog::default()
            });
            section = Section::Other;
        } else if line == "Attributes:" {
            section = Section::Attributes;
        } else if let (Some(log), Some((field, value))) =
            (logs.last_mut(), record_field(line, indent))
        {
            let value = value.to_owned();
            continued = None;
            match field {
                "ObservedTimestamp" => log.observed_time_unix_nano = value.parse().unwrap_or(0),
                "Timestamp" => log.time_unix_nano = value.parse().unwrap_or(0),
                "SeverityText" => log.severity_text = value,
                "SeverityNumber" => {
                    let (name, number) = value.split_once('(').unwrap_or((&value, ""));
                    log.severity_name = name.to_owned();
                    log.severity_number = number.trim_end_matches(')').parse().unwrap_or(0);
                }
                "EventName" => log.event_name = value,
                "Body" => {
                    log.body = value;
                    continued = Some(Continued::Body);
                }
                "Trace ID" => log.trace_id = value,
                "Span ID" => log.span_id = value,
                _ => log.flags = value.parse().unwrap_or(0), // "Flags"
            }
            section = Section::Other;
            continue;
        } else if let Some(entry) = trimmed.strip_prefix("-> ") {
            let (key, value) = entry.split_once(": ").unwrap_or((entry, ""));
            let entry = (key.to_owned(), value.to_owned());
            continued = match (section, logs.last_mut()) {
                (Section::Resource, _) => {
                    resource.push(entry);
                    Some(Continued::Resource(resource.len() - 1))
                }
                (Section::Attributes, Some(log)) => {
                    log.attributes.push(entry);
                    Some(Continued::Attribute(log.attributes.len() - 1))
                }
                _ => None,
            };
            continue;
        } else if let Some(target) = continued {
            // Not a line of the format: the rest of a value with a newline.
            let value = match (target, logs.last_mut()) {
                (Continued::Resource(i), _) => resource.get_mut(i).map(|(_, v)| v),
                (Continued::Attribute(i), Some(log)) => log.attributes.get_mut(i).map(|(_, v)| v),
                (Continued::Body, Some(log)) => Some(&mut log.body),
                _ => None,
            };
            if let Some(value) = value {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        continued = None;
    }
    logs
}

/// `(field, value)` of a log record's own line, such as `Timestamp: 1` or
/// `    Trace ID       : abc`.
fn record_field(line: &str, indent: usize) -> Option<(&str, &str)> {
    const UNINDENTED: [&str; 7] = [
        "ObservedTimestamp",
        "Timestamp",
        "SeverityText",
        "SeverityNumber",
        "EventName",
        "Body",
        "Flags",
    ];
    let (field, value) = line.trim_start().split_once(':')?;
    let value = value.strip_prefix(' ').unwrap_or(value);
    match indent {
        0 => UNINDENTED.contains(&field).then_some((field, value)),
        4 => {
            let field = field.trim_end();
            ["Trace ID", "Span ID"]
                .contains(&field)
                .then_some((field, value))
        }
        _ => None,
    }
}
