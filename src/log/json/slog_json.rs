//! The built-in JSON-lines drain over `slog-json`: each record is rendered
//! into a per-thread buffer, then written as one line.

use std::cell::{Cell, RefCell};
use std::io;
use std::rc::Rc;

use slog::Drain as _;

use super::Frame;
use crate::log::output::Output;
use crate::log::record_kv::key;
use crate::log::timestamp::Timestamp;
use crate::TraceContext;

/// The JSON-lines sink: each record rendered by `slog-json`, then written
/// as one whole line to the output.
pub(crate) struct JsonSink(Output);

impl JsonSink {
    /// Whether records can be written as JSON in this build.
    pub(crate) const AVAILABLE: bool = true;

    /// The sink writing to `out`.
    pub(crate) fn open(out: Output) -> Result<JsonSink, Output> {
        Ok(JsonSink(out))
    }

    /// Writes `record` as one line inside `frame`; `non_ascii` says (once
    /// the record is serialized) whether a string in it was not ASCII.
    pub(crate) fn render(
        &self,
        frame: &Frame<'_>,
        record: &slog::Record<'_>,
        values: &slog::OwnedKVList,
        non_ascii: &Cell<bool>,
    ) {
        render_checked(Some(frame), record, values, non_ascii, |line| {
            self.0.write_line(line)
        });
    }

    pub(crate) fn flush(&self) {
        self.0.flush();
    }

    /// The `"span"` object of the `Nested` style, as one JSON value.
    pub(crate) fn emit_span_object(
        &self,
        s: &mut dyn slog::Serializer,
        cx: &TraceContext,
    ) -> slog::Result {
        s.emit_serde(key("span"), &slog::Serde(NestedSpan(*cx)))
    }
}

/// The `"span"` object of the `Nested` trace-field style.
#[derive(Clone)]
struct NestedSpan(TraceContext);

impl serde::Serialize for NestedSpan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let cx = &self.0;
        let mut map = serializer.serialize_map(Some(3))?;
        cx.trace_id()
            .with_hex(|h| map.serialize_entry("trace_id", h))?;
        cx.span_id()
            .with_hex(|h| map.serialize_entry("span_id", h))?;
        match cx.parent_span_id() {
            Some(p) => p.with_hex(|h| map.serialize_entry("parent_span_id", h))?,
            None => map.serialize_entry("parent_span_id", &())?,
        }
        map.end()
    }
}

/// A buffer the thread's `Json` drain writes into and we read back.
#[derive(Clone, Default)]
struct LineBuf(Rc<RefCell<Vec<u8>>>);

impl io::Write for LineBuf {
    #[inline]
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut line = self.0.borrow_mut();
        // serde_json writes quotes, colons and commas one byte at a time: a
        // push, not a call to memcpy.
        match buf {
            [b] => line.push(*b),
            _ => line.extend_from_slice(buf),
        }
        Ok(buf.len())
    }

    #[inline]
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.write(buf).map(|_| ())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type JsonDrain = slog_json::Json<LineBuf>;

fn new_drain() -> (JsonDrain, LineBuf) {
    let buf = LineBuf::default();
    let drain = slog_json::Json::new(buf.clone())
        .set_newlines(true)
        .set_flush(false)
        .build();
    (drain, buf)
}

/// `{"timestamp":"…","level":"…"` and, when the frame has them,
/// `,"logger":"…"` and `,"event":"…"`: the line up to the record's fields.
/// The fixed-size parts are copied without a call.
fn write_head(line: &mut Vec<u8>, frame: &Frame<'_>) {
    let ts = Timestamp::now();
    line.reserve(128);
    line.extend_from_slice(b"{\"timestamp\":\"");
    line.extend_from_slice(ts.as_bytes());
    line.extend_from_slice(b"\",\"level\":\"");
    line.extend_from_slice(frame.level.as_bytes());
    line.push(b'"');
    if let Some(name) = frame.logger {
        line.extend_from_slice(b",\"logger\":\"");
        line.extend_from_slice(name.as_bytes());
        line.push(b'"');
    }
    if let Some(event) = frame.event {
        line.extend_from_slice(b",\"event\":\"");
        line.extend_from_slice(event.as_bytes());
        line.push(b'"');
    }
}

/// `,"trace_id":"…","span_id":"…","trace_flags":"…"` and, in a child span,
/// `,"parent_span_id":"…"`: lowercase hex, laid out at fixed offsets on the
/// stack and appended at once.
fn write_trace(line: &mut Vec<u8>, cx: &TraceContext) {
    use crate::text::hex::lower;
    const TRACE: &[u8; 13] = b",\"trace_id\":\"";
    const SPAN: &[u8; 13] = b"\",\"span_id\":\"";
    const FLAGS: &[u8; 17] = b"\",\"trace_flags\":\"";
    const PARENT: &[u8; 20] = b"\",\"parent_span_id\":\"";
    let mut out = [0u8; 130];
    out[..13].copy_from_slice(TRACE);
    out[13..45].copy_from_slice(&lower::<16, 32>(&cx.trace_id().to_bytes()));
    out[45..58].copy_from_slice(SPAN);
    out[58..74].copy_from_slice(&lower::<8, 16>(&cx.span_id().to_bytes()));
    out[74..91].copy_from_slice(FLAGS);
    out[91..93].copy_from_slice(&lower::<1, 2>(&[cx.trace_flags().bits()]));
    let n = match cx.parent_span_id() {
        None => 93,
        Some(parent) => {
            out[93..113].copy_from_slice(PARENT);
            out[113..129].copy_from_slice(&lower::<8, 16>(&parent.to_bytes()));
            129
        }
    };
    out[n] = b'"';
    line.extend_from_slice(&out[..n + 1]);
}

/// Joins the head (`line[..start]`) and slog-json's object (`{…}\n` from
/// `start`) into one object, with the frame's trace fields last.
fn close(line: &mut Vec<u8>, start: usize, frame: &Frame<'_>) {
    let body = &line[start..];
    if body.first() != Some(&b'{') || !body.ends_with(b"}\n") {
        // Not what slog-json writes: write no line rather than a broken one.
        line.clear();
        return;
    }
    if body.starts_with(b"{}") {
        line.truncate(start);
    } else {
        line[start] = b',';
        line.truncate(line.len() - 2);
    }
    if let Some(cx) = frame.trace {
        write_trace(line, cx);
    }
    line.extend_from_slice(b"}\n");
}

thread_local! {
    static DRAIN: RefCell<Option<(JsonDrain, LineBuf)>> = const { RefCell::new(None) };
}

fn render_with(
    frame: Option<&Frame<'_>>,
    drain: &JsonDrain,
    buf: &LineBuf,
    record: &slog::Record<'_>,
    values: &slog::OwnedKVList,
    non_ascii: &Cell<bool>,
    write: impl FnOnce(&[u8]),
) {
    let start = {
        let mut line = buf.0.borrow_mut();
        line.clear();
        if let Some(frame) = frame {
            write_head(&mut line, frame);
        }
        line.len()
    };
    if drain.log(record, values).is_ok() {
        let mut line = std::mem::take(&mut *buf.0.borrow_mut());
        if let Some(frame) = frame {
            close(&mut line, start, frame);
        }
        if line.is_empty() {
            *buf.0.borrow_mut() = line;
            return;
        }
        if non_ascii.get() {
            escape_line_separators(&mut line);
        }
        write(&line);
        *buf.0.borrow_mut() = line;
    }
    buf.0.borrow_mut().clear();
}

/// Writes U+2028, U+2029 and U+0085 as `\u` escapes: valid JSON either
/// way, but JavaScript and line splitters (Python's `splitlines`) break a
/// line on them. In slog-json's output they can only be inside strings,
/// where the escape means the same character.
fn escape_line_separators(line: &mut Vec<u8>) {
    let needs = line
        .windows(2)
        .any(|w| w == [0xC2, 0x85] || (w[0] == 0xE2 && w[1] == 0x80));
    if !needs {
        return;
    }
    let mut out = Vec::with_capacity(line.len() + 16);
    let mut i = 0;
    while i < line.len() {
        let rest = &line[i..];
        let (escape, used): (&[u8], usize) = match rest {
            [0xE2, 0x80, 0xA8, ..] => (b"\\u2028", 3),
            [0xE2, 0x80, 0xA9, ..] => (b"\\u2029", 3),
            [0xC2, 0x85, ..] => (b"\\u0085", 2),
            _ => (&rest[..1], 1),
        };
        out.extend_from_slice(escape);
        i += used;
    }
    *line = out;
}

/// Renders `record` as one JSON line and hands it to `write`. A re-entrant
/// call (a field's `Display` that logs) or a call during thread teardown
/// uses a fresh drain instead of the thread's.
#[cfg(test)]
fn render(
    frame: Option<&Frame<'_>>,
    record: &slog::Record<'_>,
    values: &slog::OwnedKVList,
    write: impl FnOnce(&[u8]),
) {
    render_checked(frame, record, values, &Cell::new(true), write)
}

/// Like `render`, escaping line separators only when `non_ascii` is set.
fn render_checked(
    frame: Option<&Frame<'_>>,
    record: &slog::Record<'_>,
    values: &slog::OwnedKVList,
    non_ascii: &Cell<bool>,
    write: impl FnOnce(&[u8]),
) {
    let mut write = Some(write);
    let _ = DRAIN.try_with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            let (drain, buf) = slot.get_or_insert_with(new_drain);
            if let Some(write) = write.take() {
                render_with(frame, drain, buf, record, values, non_ascii, write);
            }
        }
    });
    if let Some(write) = write.take() {
        let (drain, buf) = new_drain();
        render_with(frame, &drain, &buf, record, values, non_ascii, write);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value as Json;

    use super::{render, render_checked, Frame, JsonSink};
    use crate::log::output::Output;
    use crate::log::record_kv::RecordKv;
    use crate::vocabulary::fields::Field;
    use crate::{Level, SpanId, TraceContext, TraceFieldStyle, TraceFlags, TraceId};

    /// The line of a record from `logger` with `event` and `call` fields:
    /// with `framed`, the line `output::emit` writes (the frame around
    /// slog-json's fields); without, slog-json's rendering of every field.
    fn render_line(
        framed: bool,
        logger: &str,
        event: &str,
        style: TraceFieldStyle,
        trace: Option<TraceContext>,
        call: &[Field<'_>],
    ) -> String {
        // Only consulted for nesting; `render` writes into `out`.
        let sink = JsonSink(Output::Stderr);
        let kv = RecordKv {
            logger,
            event,
            bound: &[],
            scoped: None,
            call,
            trace,
            style,
            json: Some(&sink),
            non_ascii: std::cell::Cell::new(false),
            write_logger: true,
            write_event: true,
            limits: crate::AttributeLimits::default(),
        };
        let frame = Frame::new(Level::Warn, logger, event, trace.as_ref(), style);
        let kv = if framed { kv.inside(&frame) } else { kv };
        let rs = slog::RecordStatic {
            location: &slog::RecordLocation {
                file: "",
                line: 0,
                column: 0,
                function: "",
                module: "",
            },
            tag: "t",
            level: slog::Level::Warning,
        };
        let msg = format_args!("e");
        let record = slog::Record::new(&rs, &msg, slog::BorrowedKV(&kv));
        let values = slog::OwnedKVList::from(slog::o!());
        let mut out = String::new();
        let write = |bytes: &[u8]| out = String::from_utf8(bytes.to_vec()).unwrap();
        match framed {
            true => render_checked(Some(&frame), &record, &values, &kv.non_ascii, write),
            false => render(None, &record, &values, write),
        }
        out
    }

    fn line(style: TraceFieldStyle, trace: Option<TraceContext>, call: &[Field<'_>]) -> String {
        render_line(false, "t", "e", style, trace, call)
    }

    fn keys(line: &str) -> Vec<String> {
        let v: serde_json::Map<String, Json> = serde_json::from_str(line).unwrap();
        v.keys().cloned().collect()
    }

    #[test]
    fn the_frame_and_the_fields_make_one_object_in_order() {
        let call = [Field::new("n", &1), Field::new("s", "x\"y")];
        let l = render_line(
            true,
            "my::logger",
            "done",
            TraceFieldStyle::Flat,
            Some(cx()),
            &call,
        );
        assert!(l.ends_with("}\n") && l.matches('\n').count() == 1, "{l:?}");
        assert_eq!(
            keys(&l),
            [
                "timestamp",
                "level",
                "logger",
                "event",
                "n",
                "s",
                "trace_id",
                "span_id",
                "trace_flags",
                "parent_span_id"
            ]
        );
        let v: Json = serde_json::from_str(&l).unwrap();
        assert_eq!(v["level"], "warning");
        assert_eq!(v["logger"], "my::logger");
        assert_eq!(v["event"], "done");
        assert_eq!(v["s"], "x\"y");
        assert_eq!(v["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(v["span_id"], "00f067aa0ba902b7");
        assert_eq!(v["trace_flags"], "01");
        assert_eq!(v["parent_span_id"], "53995c3f42cd8ad8");
        assert_eq!(v["timestamp"].as_str().map(str::len), Some(27));
        // A root span: no parent id.
        let root = render_line(
            true,
            "l",
            "e",
            TraceFieldStyle::Flat,
            Some(cx().with_parent_span_id(None)),
            &[],
        );
        assert_eq!(
            keys(&root),
            [
                "timestamp",
                "level",
                "logger",
                "event",
                "trace_id",
                "span_id",
                "trace_flags"
            ]
        );
    }

    #[test]
    fn names_that_need_escaping_are_left_to_slog_json() {
        // Neither plain: slog-json writes both, escaped, in the same place.
        for (logger, event) in [("a\"b", "e"), ("l", "line\nbreak"), ("é", "\u{2028}")] {
            let l = render_line(
                true,
                logger,
                event,
                TraceFieldStyle::Flat,
                None,
                &[Field::new("k", &true)],
            );
            assert_eq!(l.matches('\n').count(), 1, "{l:?}");
            assert!(!l.contains('\u{2028}'), "{l:?}");
            assert_eq!(
                keys(&l),
                ["timestamp", "level", "logger", "event", "k"],
                "{l:?}"
            );
            let v: Json = serde_json::from_str(&l).unwrap();
            assert_eq!(
                (v["logger"].as_str(), v["event"].as_str()),
                (Some(logger), Some(event))
            );
        }
    }

    #[test]
    fn a_record_with_nothing_for_slog_json_is_still_one_object() {
        let l = render_line(true, "l", "e", TraceFieldStyle::Flat, None, &[]);
        assert_eq!(keys(&l), ["timestamp", "level", "logger", "event"], "{l:?}");
        let traced = render_line(true, "l", "e", TraceFieldStyle::Flat, Some(cx()), &[]);
        assert_eq!(keys(&traced).len(), 8, "{traced:?}");
    }

    #[test]
    fn other_styles_are_written_by_slog_json_after_the_frame() {
        let l = render_line(true, "l", "e", TraceFieldStyle::Nested, Some(cx()), &[]);
        assert_eq!(
            keys(&l),
            ["timestamp", "level", "logger", "event", "span"],
            "{l:?}"
        );
        let l = render_line(true, "l", "e", TraceFieldStyle::All, Some(cx()), &[]);
        let v: Json = serde_json::from_str(&l).unwrap();
        assert_eq!(v["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(
            v["dd.span_id"],
            u64::from_str_radix("00f067aa0ba902b7", 16)
                .unwrap()
                .to_string()
        );
    }

    fn parse(style: TraceFieldStyle, trace: Option<TraceContext>) -> Json {
        let l = line(style, trace, &[]);
        assert!(l.ends_with('\n') && l.matches('\n').count() == 1, "{l:?}");
        serde_json::from_str(&l).unwrap()
    }

    fn cx() -> TraceContext {
        TraceContext::new(
            TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap(),
            SpanId::from_hex("00f067aa0ba902b7").unwrap(),
            TraceFlags::SAMPLED,
        )
        .with_parent_span_id(SpanId::from_hex("53995c3f42cd8ad8"))
    }

    const TRACE_KEYS: [&str; 9] = [
        "trace_id",
        "span_id",
        "trace_flags",
        "parent_span_id",
        "span",
        "dd.trace_id",
        "dd.span_id",
        "trace.id",
        "span.id",
    ];

    fn trace_keys(v: &Json) -> Vec<&str> {
        TRACE_KEYS
            .into_iter()
            .filter(|k| v.get(k).is_some())
            .collect()
    }

    #[test]
    fn flat() {
        let v = parse(TraceFieldStyle::Flat, Some(cx()));
        assert_eq!(v["trace_id"], "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(v["span_id"], "00f067aa0ba902b7");
        assert_eq!(v["trace_flags"], "01");
        assert_eq!(v["parent_span_id"], "53995c3f42cd8ad8");
        assert_eq!(
            trace_keys(&v),
            ["trace_id", "span_id", "trace_flags", "parent_span_id"]
        );
        assert!(trace_keys(&parse(TraceFieldStyle::Flat, None)).is_empty());
        let no_parent = parse(TraceFieldStyle::Flat, Some(cx().with_parent_span_id(None)));
        assert!(no_parent.get("parent_span_id").is_none());
    }

    #[test]
    fn nested() {
        let v = parse(TraceFieldStyle::Nested, Some(cx()));
        assert_eq!(
            v["span"],
            serde_json::json!({
                "trace_id": "4bf92f3577b34da6a3ce929d0e0e4736",
                "span_id": "00f067aa0ba902b7",
                "parent_span_id": "53995c3f42cd8ad8"
            })
        );
        assert_eq!(trace_keys(&v), ["span"]);
        let root = parse(
            TraceFieldStyle::Nested,
            Some(cx().with_parent_span_id(None)),
        );
        assert_eq!(root["span"]["parent_span_id"], Json::Null);
        let outside = parse(TraceFieldStyle::Nested, None);
        assert_eq!(outside["span"], Json::Null);
    }

    #[test]
    fn datadog() {
        let v = parse(TraceFieldStyle::Datadog, Some(cx()));
        // The lower 64 bits of 4bf92f3577b34da6a3ce929d0e0e4736, in decimal.
        assert_eq!(
            v["dd.trace_id"],
            u64::from_str_radix("a3ce929d0e0e4736", 16)
                .unwrap()
                .to_string()
        );
        assert_eq!(
            v["dd.span_id"],
            u64::from_str_radix("00f067aa0ba902b7", 16)
                .unwrap()
                .to_string()
        );
        assert_eq!(trace_keys(&v), ["dd.trace_id", "dd.span_id"]);
        assert!(trace_keys(&parse(TraceFieldStyle::Datadog, None)).is_empty());
    }

    #[test]
    fn elastic() {
        let v = parse(TraceFieldStyle::Elastic, Some(cx()));
        assert_eq!(v["trace.id"], "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(v["span.id"], "00f067aa0ba902b7");
        assert_eq!(trace_keys(&v), ["trace.id", "span.id"]);
    }

    #[test]
    fn all() {
        let v = parse(TraceFieldStyle::All, Some(cx()));
        assert_eq!(trace_keys(&v), TRACE_KEYS);
        let outside = parse(TraceFieldStyle::All, None);
        assert_eq!(trace_keys(&outside), ["span"]);
        assert_eq!(outside["span"], Json::Null);
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

        /// Whatever a value holds, a record is exactly one line of valid
        /// JSON that gives the value back.
        #[test]
        fn any_value_is_one_valid_line(s in any::<String>(), i in any::<i64>(), u in any::<u64>(), f in any::<f64>()) {
            let call = [Field::new("s", s.as_str()), Field::new("i", &i), Field::new("u", &u), Field::new("f", &f)];
            let l = line(TraceFieldStyle::All, Some(cx()), &call);
            let framed = render_line(true, &s, &s, TraceFieldStyle::Flat, Some(cx()), &call);
            prop_assert_eq!(framed.matches('\n').count(), 1);
            let v: Json = serde_json::from_str(&framed).unwrap();
            prop_assert_eq!(v["logger"].as_str(), Some(s.as_str()));
            prop_assert_eq!(v["event"].as_str(), Some(s.as_str()));
            prop_assert_eq!(v["s"].as_str(), Some(s.as_str()));
            prop_assert!(l.ends_with('\n'));
            prop_assert_eq!(l.matches('\n').count(), 1);
            let v: Json = serde_json::from_str(&l).unwrap();
            prop_assert_eq!(v["s"].as_str(), Some(s.as_str()));
            prop_assert_eq!(v["i"].as_i64(), Some(i));
            prop_assert_eq!(v["u"].as_u64(), Some(u));
            if f.is_finite() {
                prop_assert_eq!(v["f"].as_f64(), Some(f));
            } else {
                prop_assert!(v["f"].is_null());
            }
        }
    }
}
