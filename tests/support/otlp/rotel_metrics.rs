//! [`RotelMetric`]s: the OTLP metrics that [`super::Rotel`] printed, parsed
//! by [`parse_rotel_metrics`].
//!
//! The printed format (rotel 0.0.1a15, `--debug-log metrics
//! --debug-log-verbosity detailed`), per export request, one block:
//!
//! ```text
//! ResourceMetrics #0
//! Resource SchemaURL: <url>
//! Resource attributes:                      (only when there are some)
//!      -> service.name: Str(svc-m)
//! ScopeMetrics #0
//! ScopeMetrics SchemaURL: <url>
//! InstrumentationScope mscope 2.0           (only when the scope is set;
//!                                            "name " when no version)
//! Metric #0
//! Descriptor:
//!      -> Name: requests
//!      -> Description: Requests served      (empty after ": " when unset)
//!      -> Unit: {request}
//!      -> DataType: Sum                     (Sum, Gauge, Histogram,
//!                                            ExponentialHistogram, Summary;
//!                                            Empty when no data is set)
//!      -> IsMonotonic: true                 (sums only)
//!      -> AggregationTemporality: AGGREGATION_TEMPORALITY_CUMULATIVE
//!                                           (sums and both histograms;
//!                                            ..._DELTA, ..._UNSPECIFIED)
//! NumberDataPoints #0                       (sums and gauges)
//! Data point attributes:                    (only when there are some)
//!      -> route: Str(/a)
//!      -> code: Int(200)
//! StartTimestamp: 1700000000000000000       (unix nanos, 0 when unset)
//! Timestamp: 1700000000000000100
//! Value: 7                                  (as_int or as_double, printed
//!                                            alike: 21.5, 80 for 80.0, NaN,
//!                                            -4; no line when unset)
//! Exemplars:                                (only when there are some)
//! Exemplar #0
//!      -> Trace ID: 000102030405060708090a0b0c0d0e0f  (empty after ": "
//!      -> Span ID: 08090a0b0c0d0e0f                    when unset)
//!      -> Timestamp: 1700000000000000250
//!      -> Value: 42
//!      -> FilteredAttributes:               (only when there are some)
//!           -> user: Str(u1)
//! Metric #1
//! ...
//! HistogramDataPoints #0                    (histograms)
//! Data point attributes:
//!      -> route: Str(/a)
//! StartTimestamp: 1700000000000000000
//! Timestamp: 1700000000000000300
//! Count: 6
//! Sum: 123.5                                (Sum, Min, Max: only when set)
//! Min: 1.5
//! Max: 80
//! ExplicitBounds #0: 5
//! ExplicitBounds #1: 50
//! Buckets #0, Count: 1
//! Buckets #1, Count: 2
//! Buckets #2, Count: 3
//! Exemplars:
//! Exemplar #0
//!      -> ...                               (as above)
//! ExponentialHistogramDataPoints #0         (exponential histograms)
//! StartTimestamp: 1
//! Timestamp: 2
//! Count: 5
//! Sum: 9
//! Min: 0
//! Max: 4
//! Bucket [-1, -0.7071067811865476), Count: 1   (the negative buckets, the
//! Bucket [0, 0], Count: 1                        zero bucket, the positive
//! Bucket (2, 2.82842712474619], Count: 1         ones, each with its value
//! Bucket (2.82842712474619, 4], Count: 2         range; scale and offsets
//!                                                are not printed)
//! Exemplars:                                (as above)
//! SummaryDataPoints #0                      (summaries)
//! StartTimestamp: 1
//! Timestamp: 2
//! Count: 10
//! Sum: 55
//! QuantileValue #0: Quantile 0.5, Value 5
//! QuantileValue #1: Quantile 0.99, Value 9.9
//! ```
//!
//! Numbers are printed with Rust's `Display`: a double without a fraction
//! has none (`80`), so an int value cannot be told from a double one. Not
//! printed: data point flags, a metric's metadata, the exponential
//! histogram's scale, zero count (only as the `[0, 0]` bucket), zero
//! threshold and offsets (only as bucket ranges). Values (attributes, and a
//! description) are printed raw: a string with a newline continues on the
//! next line (the parser appends such lines to the value before them).
//!
//! With `--debug-log traces --debug-log logs --debug-log metrics` (the flag
//! repeated), span, log and metric blocks share stdout, each request's block
//! printed with one write; this parser skips the other blocks (from a
//! `ResourceSpans #` or `ResourceLog #` line up to the next
//! `ResourceMetrics #` line) and rotel's own log lines.

use super::rotel_spans::{block_header, find_attribute, is_log_line};

/// A metric as rotel printed it (the format: the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelMetric {
    /// The metric name.
    pub name: String,
    /// The description, empty when unset.
    pub description: String,
    /// The unit, empty when unset.
    pub unit: String,
    /// The printed data type: `"Sum"`, `"Gauge"`, `"Histogram"`,
    /// `"ExponentialHistogram"`, `"Summary"`, or `"Empty"` (no data).
    pub data_type: String,
    /// `Some(is_monotonic)` for a sum, `None` otherwise (not printed).
    pub monotonic: Option<bool>,
    /// `"AGGREGATION_TEMPORALITY_CUMULATIVE"`, `"..._DELTA"` or
    /// `"..._UNSPECIFIED"` for sums and histograms; empty for gauges and
    /// summaries (not printed).
    pub temporality: String,
    /// The resource's attributes, as printed: (`"service.name"`,
    /// `"Str(svc-m)"`), ...
    pub resource: Vec<(String, String)>,
    /// The instrumentation scope line's text: `"name version"` (just `"name"`
    /// without a version), or empty.
    pub scope: String,
    /// The data points, in order.
    pub points: Vec<RotelDataPoint>,
}

/// A data point of a [`RotelMetric`] as rotel printed it. Numbers other
/// than counts and timestamps are kept as printed (`"21.5"`, `"80"`,
/// `"NaN"`); [`RotelDataPoint::value_f64`] and kin parse them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelDataPoint {
    /// Attributes as printed: (`"route"`, `"Str(/a)"`), (`"code"`,
    /// `"Int(200)"`), ...
    pub attributes: Vec<(String, String)>,
    /// Unix nanoseconds (0 when unset, or if rotel printed something
    /// unparsable).
    pub start_time_unix_nano: u64,
    /// Unix nanoseconds.
    pub time_unix_nano: u64,
    /// A sum's or gauge's value as printed (`"7"`, `"21.5"`, `"NaN"`);
    /// empty when no value was sent, and for the other kinds.
    pub value: String,
    /// Histograms and summaries: the count.
    pub count: Option<u64>,
    /// Histograms (when set) and summaries: the sum, as printed.
    pub sum: Option<String>,
    /// Histograms, when set: the minimum, as printed.
    pub min: Option<String>,
    /// Histograms, when set: the maximum, as printed.
    pub max: Option<String>,
    /// A histogram's bucket counts (`Buckets #i, Count: n`), in order.
    pub bucket_counts: Vec<u64>,
    /// A histogram's explicit bounds as printed (`"5"`, `"50"`), in order.
    pub explicit_bounds: Vec<String>,
    /// An exponential histogram's buckets: (printed range, count), such as
    /// (`"[0, 0]"`, 1), (`"(2, 2.82842712474619]"`, 1), negative ones first.
    pub exponential_buckets: Vec<(String, u64)>,
    /// A summary's quantiles: (quantile, value), as printed (`"0.99"`,
    /// `"9.9"`).
    pub quantiles: Vec<(String, String)>,
    /// The exemplars, in order.
    pub exemplars: Vec<RotelExemplar>,
}

/// An exemplar of a [`RotelDataPoint`] as rotel printed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelExemplar {
    /// 32 lowercase hex digits, or empty when unset.
    pub trace_id: String,
    /// 16 hex digits, or empty.
    pub span_id: String,
    /// Unix nanoseconds.
    pub time_unix_nano: u64,
    /// The value as printed (`"42"`); empty when none was sent.
    pub value: String,
    /// The filtered attributes, as printed.
    pub filtered_attributes: Vec<(String, String)>,
}

impl RotelMetric {
    /// The printed value of resource attribute `key`.
    pub fn resource_attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.resource, key)
    }
}

impl RotelDataPoint {
    /// The printed value of attribute `key` (`"Str(x)"`, `"Int(42)"`, ...).
    pub fn attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.attributes, key)
    }

    /// [`RotelDataPoint::value`] as a number (`None` when empty).
    pub fn value_f64(&self) -> Option<f64> {
        self.value.parse().ok()
    }

    /// [`RotelDataPoint::sum`] as a number.
    pub fn sum_f64(&self) -> Option<f64> {
        self.sum.as_deref()?.parse().ok()
    }
}

/// Where a value continued on the next line goes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Continued {
    Resource(usize),
    Name,
    Description,
    Unit,
    Attribute(usize),
    ExemplarAttribute(usize),
}

/// Which list an indented `-> key: value` line belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Resource,
    Descriptor,
    Attributes,
    Exemplar,
}

/// Parses rotel's detailed metric output (format: the module doc); lines of
/// span and log blocks and rotel's own log lines are skipped.
pub fn parse_rotel_metrics(lines: &[String]) -> Vec<RotelMetric> {
    let mut metrics: Vec<RotelMetric> = Vec::new();
    let mut resource: Vec<(String, String)> = Vec::new();
    let mut scope = String::new();
    // Whether the lines are in a block of metrics (not of spans or logs).
    let mut in_metrics = false;
    let mut section = Section::Other;
    let mut continued: Option<Continued> = None;

    for raw in lines {
        let line = raw.as_str();
        if is_log_line(line) {
            continue;
        }
        if let Some(block) = block_header(line) {
            in_metrics = block == "ResourceMetrics";
            resource.clear();
            scope.clear();
            section = Section::Other;
            continued = None;
            continue;
        }
        if !in_metrics {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let point = metrics.last_mut().and_then(|m| m.points.last_mut());

        if line == "Resource attributes:" {
            section = Section::Resource;
        } else if line.starts_with("ScopeMetrics #") {
            scope.clear();
            section = Section::Other;
        } else if let Some(rest) = line.strip_prefix("InstrumentationScope ") {
            scope = rest.trim_end().to_owned();
            section = Section::Other;
        } else if line.starts_with("Resource SchemaURL:")
            || line.starts_with("ScopeMetrics SchemaURL:")
        {
            section = Section::Other;
        } else if is_numbered(line, "Metric") {
            metrics.push(RotelMetric {
                resource: resource.clone(),
                scope: scope.clone(),
                ..RotelMetric::default()
            });
            section = Section::Other;
        } else if line == "Descriptor:" {
            section = Section::Descriptor;
        } else if [
            "NumberDataPoints",
            "HistogramDataPoints",
            "ExponentialHistogramDataPoints",
            "SummaryDataPoints",
        ]
        .iter()
        .any(|kind| is_numbered(line, kind))
        {
            if let Some(metric) = metrics.last_mut() {
                metric.points.push(RotelDataPoint::default());
            }
            section = Section::Other;
        } else if line == "Data point attributes:" {
            section = Section::Attributes;
        } else if line == "Exemplars:" {
            section = Section::Other;
        } else if is_numbered(line, "Exemplar") {
            if let Some(point) = point {
                point.exemplars.push(RotelExemplar::default());
            }
            section = Section::Exemplar;
        } else if let (Some(point), true) = (point, indent == 0) {
            if !point_line(point, line) {
                append_continued(continued, line, &mut resource, &mut metrics);
                continue;
            }
            section = Section::Other;
        } else if let Some(entry) = trimmed.strip_prefix("-> ") {
            let (key, value) = entry.split_once(": ").unwrap_or((entry, ""));
            continued = entry_line(section, indent, key, value, &mut resource, &mut metrics);
            continue;
        } else {
            // Not a line of the format: the rest of a value with a newline.
            append_continued(continued, line, &mut resource, &mut metrics);
            continue;
        }
        continued = None;
    }
    metrics
}

/// Whether `line` is `"{kind} #N"`.
fn is_numbered(line: &str, kind: &str) -> bool {
    line.strip_prefix(kind)
        .and_then(|rest| rest.strip_prefix(" #"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads an unindented line of a data point (`Count: 6`, `ExplicitBounds #0:
/// 5`, `Buckets #1, Count: 2`, `Bucket (2, 4], Count: 2`, `QuantileValue #0:
/// Quantile 0.5, Value 5`, ...) into `point`; false when it is none.
fn point_line(point: &mut RotelDataPoint, line: &str) -> bool {
    let number = |text: &str| text.trim().parse::<u64>().unwrap_or(0);
    if let Some(rest) = line.strip_prefix("ExplicitBounds #") {
        let Some((_, bound)) = rest.split_once(": ") else {
            return false;
        };
        point.explicit_bounds.push(bound.to_owned());
    } else if let Some(rest) = line.strip_prefix("Buckets #") {
        let Some((_, count)) = rest.split_once(", Count: ") else {
            return false;
        };
        point.bucket_counts.push(number(count));
    } else if let Some(rest) = line.strip_prefix("Bucket ") {
        let Some((range, count)) = rest.rsplit_once(", Count: ") else {
            return false;
        };
        point
            .exponential_buckets
            .push((range.to_owned(), number(count)));
    } else if let Some(rest) = line.strip_prefix("QuantileValue #") {
        let quantile = rest
            .split_once(": Quantile ")
            .and_then(|(_, rest)| rest.split_once(", Value "));
        let Some((quantile, value)) = quantile else {
            return false;
        };
        point
            .quantiles
            .push((quantile.to_owned(), value.to_owned()));
    } else {
        let Some((field, value)) = line.split_once(": ") else {
            return false;
        };
        let value = value.to_owned();
        match field {
            "StartTimestamp" => point.start_time_unix_nano = number(&value),
            "Timestamp" => point.time_unix_nano = number(&value),
            "Value" => point.value = value,
            "Count" => point.count = Some(number(&value)),
            "Sum" => point.sum = Some(value),
            "Min" => point.min = Some(value),
            "Max" => point.max = Some(value),
            _ => return false,
        }
    }
    true
}

/// Reads an indented `-> key: value` line of `section`; returns where a
/// continuation of its value goes.
fn entry_line(
    section: Section,
    indent: usize,
    key: &str,
    value: &str,
    resource: &mut Vec<(String, String)>,
    metrics: &mut [RotelMetric],
) -> Option<Continued> {
    let entry = (key.to_owned(), value.to_owned());
    let metric = metrics.last_mut();
    match section {
        Section::Resource => {
            resource.push(entry);
            Some(Continued::Resource(resource.len() - 1))
        }
        Section::Descriptor => {
            let metric = metric?;
            let value = value.to_owned();
            match key {
                "Name" => {
                    metric.name = value;
                    return Some(Continued::Name);
                }
                "Description" => {
                    metric.description = value;
                    return Some(Continued::Description);
                }
                "Unit" => {
                    metric.unit = value;
                    return Some(Continued::Unit);
                }
                "DataType" => metric.data_type = value,
                "IsMonotonic" => metric.monotonic = value.parse().ok(),
                "AggregationTemporality" => metric.temporality = value,
                _ => {}
            }
            None
        }
        Section::Attributes => {
            let point = metric?.points.last_mut()?;
            point.attributes.push(entry);
            Some(Continued::Attribute(point.attributes.len() - 1))
        }
        Section::Exemplar => {
            let exemplar = metric?.points.last_mut()?.exemplars.last_mut()?;
            if indent > 5 {
                // Nested under `-> FilteredAttributes:`.
                exemplar.filtered_attributes.push(entry);
                return Some(Continued::ExemplarAttribute(
                    exemplar.filtered_attributes.len() - 1,
                ));
            }
            let value = value.to_owned();
            match key {
                "Trace ID" => exemplar.trace_id = value,
                "Span ID" => exemplar.span_id = value,
                "Timestamp" => exemplar.time_unix_nano = value.trim().parse().unwrap_or(0),
                "Value" => exemplar.value = value,
                _ => {} // "FilteredAttributes:"
            }
            None
        }
        Section::Other => None,
    }
}

/// Appends `line`, after a newline, to the value `target` names.
fn append_continued(
    target: Option<Continued>,
    line: &str,
    resource: &mut [(String, String)],
    metrics: &mut [RotelMetric],
) {
    let Some(target) = target else {
        return;
    };
    let metric = metrics.last_mut();
    let value = match (target, metric) {
        (Continued::Resource(i), _) => resource.get_mut(i).map(|(_, v)| v),
        (Continued::Name, Some(m)) => Some(&mut m.name),
        (Continued::Description, Some(m)) => Some(&mut m.description),
        (Continued::Unit, Some(m)) => Some(&mut m.unit),
        (Continued::Attribute(i), Some(m)) => m
            .points
            .last_mut()
            .and_then(|p| p.attributes.get_mut(i))
            .map(|(_, v)| v),
        (Continued::ExemplarAttribute(i), Some(m)) => m
            .points
            .last_mut()
            .and_then(|p| p.exemplars.last_mut())
            .and_then(|e| e.filtered_attributes.get_mut(i))
            .map(|(_, v)| v),
        _ => None,
    };
    if let Some(value) = value {
        value.push('\n');
        value.push_str(line);
    }
}
