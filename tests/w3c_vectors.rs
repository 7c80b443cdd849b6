//! Test vectors for `telemetry_facade::propagation`: W3C Trace Context
//! Level 2 (`traceparent`, `tracestate`) and W3C Baggage. Every row names the
//! section of the specification it checks:
//!
//! - "TC §x" is <https://www.w3.org/TR/trace-context-2/> (Level 2, CRD
//!   2024-03-28); "suite" marks a case of the W3C test suite
//!   (w3c/trace-context `test/test.py`).
//! - "BG §x" is <https://www.w3.org/TR/baggage/> (CR 2024-05-30).
//!
//! The module has no feature-dependent code: these tests run, unchanged,
//! under every feature set.

use proptest::prelude::*;
use telemetry_facade::propagation::{
    format_traceparent, parse_traceparent, Baggage, BaggageError, ParseError, TraceState,
    TraceStateError, TraceparentField,
};
use telemetry_facade::{SpanId, TraceContext, TraceFlags, TraceId};

const TID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const PID: &str = "00f067aa0ba902b7";

fn tp(version: &str, trace_id: &str, parent_id: &str, flags: &str) -> String {
    format!("{version}-{trace_id}-{parent_id}-{flags}")
}

// ---------------------------------------------------------------------------
// traceparent
// ---------------------------------------------------------------------------

/// (spec, input, flags byte of the parsed context, canonical version-00 text)
fn valid_traceparents() -> Vec<(&'static str, String, u8, String)> {
    let canonical = |flags: &str| tp("00", TID, PID, flags);
    vec![
        (
            "TC §3.2.3 example: sampled",
            tp("00", TID, PID, "01"),
            0x01,
            canonical("01"),
        ),
        (
            "TC §3.2.3 example: not sampled",
            tp("00", TID, PID, "00"),
            0x00,
            canonical("00"),
        ),
        (
            "TC §3.2.2.5.2 random flag",
            tp("00", TID, PID, "02"),
            0x02,
            canonical("02"),
        ),
        (
            "TC §3.2.2.5 sampled and random",
            tp("00", TID, PID, "03"),
            0x03,
            canonical("03"),
        ),
        (
            "TC §3.2.2.5 unknown bits kept on parse; §3.2.2.5.3 zeroed when sent",
            tp("00", TID, PID, "09"),
            0x09,
            canonical("01"),
        ),
        (
            "TC §3.2.2.5 all bits set; §3.2.2.5.3 only 01 and 02 sent",
            tp("00", TID, PID, "ff"),
            0xff,
            canonical("03"),
        ),
        (
            "TC §3.2.2.3/§3.2.2.4 ids with a single non-zero bit are valid",
            tp(
                "00",
                "00000000000000000000000000000001",
                "0000000000000001",
                "00",
            ),
            0x00,
            tp(
                "00",
                "00000000000000000000000000000001",
                "0000000000000001",
                "00",
            ),
        ),
        (
            "TC §3.2.4 future version, four fields (suite: version_0xcc)",
            tp("cc", TID, PID, "01"),
            0x01,
            canonical("01"),
        ),
        (
            "TC §3.2.4 future version, more fields after a dash (suite: version_0xcc)",
            format!("{}-what-the-future-will-be-like", tp("cc", TID, PID, "01")),
            0x01,
            canonical("01"),
        ),
        (
            "TC §3.2.4 future version, flags followed by a dash and nothing",
            format!("{}-", tp("01", TID, PID, "01")),
            0x01,
            canonical("01"),
        ),
        (
            "TC §3.2.4 future version, unknown fields are not parsed (any text)",
            format!("{}-é🦀\u{0}", tp("fe", TID, PID, "00")),
            0x00,
            canonical("00"),
        ),
        (
            "TC §4.3 step 2.2 future version: only known flag bits parsed",
            tp("cc", TID, PID, "ff"),
            0x03,
            canonical("03"),
        ),
        (
            "RFC 9110 §5.5 leading space is not part of the value (suite: ows_handling)",
            format!(" {}", tp("00", TID, PID, "01")),
            0x01,
            canonical("01"),
        ),
        (
            "RFC 9110 §5.5 leading tab (suite: ows_handling)",
            format!("\t{}", tp("00", TID, PID, "01")),
            0x01,
            canonical("01"),
        ),
        (
            "RFC 9110 §5.5 trailing space (suite: ows_handling)",
            format!("{} ", tp("00", TID, PID, "01")),
            0x01,
            canonical("01"),
        ),
        (
            "RFC 9110 §5.5 mixed leading and trailing OWS (suite: ows_handling)",
            format!("\t {} \t", tp("00", TID, PID, "01")),
            0x01,
            canonical("01"),
        ),
    ]
}

#[test]
fn traceparent_valid_vectors() {
    for (spec, input, flags, canonical) in valid_traceparents() {
        let cx = parse_traceparent(&input).unwrap_or_else(|e| panic!("{spec}: {input:?}: {e}"));
        assert!(cx.is_remote(), "{spec}: marked remote");
        assert_eq!(cx.parent_span_id(), None, "{spec}: no parent span id");
        assert_eq!(cx.trace_flags().bits(), flags, "{spec}: flags of {input:?}");
        assert_eq!(format_traceparent(&cx), canonical, "{spec}: canonical text");
    }
    let cx = parse_traceparent(&tp("00", TID, PID, "01")).unwrap();
    assert_eq!(cx.trace_id(), TraceId::from_hex(TID).unwrap());
    assert_eq!(
        cx.span_id(),
        SpanId::from_hex(PID).unwrap(),
        "TC §3.2.2.4 parent-id is the span id"
    );
}

fn wrong_length(field: TraceparentField, found: usize) -> ParseError {
    ParseError::WrongLength {
        field,
        expected: field.hex_len(),
        found,
    }
}

fn not_hex(field: TraceparentField, found: char) -> ParseError {
    ParseError::NotLowercaseHex { field, found }
}

/// (spec, input, expected error)
fn invalid_traceparents() -> Vec<(&'static str, String, ParseError)> {
    use TraceparentField::{ParentId, TraceFlags as Flags, TraceId as Tid, Version};
    let tid31 = &TID[..31];
    let pid15 = &PID[..15];
    vec![
        ("TC §3.2.2 empty value", String::new(), ParseError::Empty),
        (
            "TC §3.2.2 only whitespace",
            " \t ".into(),
            ParseError::Empty,
        ),
        // version
        (
            "TC §3.2.2.1 version too short (suite)",
            tp("0", TID, PID, "01"),
            wrong_length(Version, 1),
        ),
        (
            "TC §3.2.2.1 version too long (suite)",
            tp("000", TID, PID, "01"),
            wrong_length(Version, 3),
        ),
        (
            "TC §3.2.2.1 version too long (suite)",
            tp("0000", TID, PID, "01"),
            wrong_length(Version, 4),
        ),
        (
            "TC §3.2.2.1 version non-hex (suite)",
            tp(".0", TID, PID, "01"),
            not_hex(Version, '.'),
        ),
        (
            "TC §3.2.2.1 version non-hex (suite)",
            tp("0.", TID, PID, "01"),
            not_hex(Version, '.'),
        ),
        (
            "TC §3.2.2.1 version upper case (HEXDIGLC)",
            tp("0A", TID, PID, "01"),
            not_hex(Version, 'A'),
        ),
        (
            "TC §3.2.2.1 version ff forbidden (suite)",
            tp("ff", TID, PID, "01"),
            ParseError::ForbiddenVersion,
        ),
        (
            "TC §3.2.2.1 version ff, nothing else",
            "ff".into(),
            ParseError::ForbiddenVersion,
        ),
        (
            "TC §3.2.2.1 version: 2 chars, 3 bytes",
            tp("é0", TID, PID, "01"),
            not_hex(Version, 'é'),
        ),
        (
            "TC §3.2.2.1 version alone",
            "00".into(),
            ParseError::MissingField(Tid),
        ),
        (
            "TC §3.2.2 wrong delimiter",
            format!("00_{TID}_{PID}_01"),
            wrong_length(Version, 55),
        ),
        // trace-id
        (
            "TC §3.2.2.3 trace-id too short (suite)",
            tp("00", tid31, PID, "01"),
            wrong_length(Tid, 31),
        ),
        (
            "TC §3.2.2.3 trace-id too long (suite)",
            tp("00", &format!("{TID}3"), PID, "01"),
            wrong_length(Tid, 33),
        ),
        (
            "TC §3.2.2.3 trace-id empty",
            tp("00", "", PID, "01"),
            wrong_length(Tid, 0),
        ),
        (
            "TC §3.2.2.3 trace-id upper case",
            tp("00", &TID.to_uppercase(), PID, "01"),
            not_hex(Tid, 'B'),
        ),
        (
            "TC §3.2.2.3 trace-id non-hex (suite)",
            tp("00", &format!(".{}", &TID[1..]), PID, "01"),
            not_hex(Tid, '.'),
        ),
        (
            "TC §3.2.2.3 trace-id non-hex (suite)",
            tp("00", &format!("{tid31}."), PID, "01"),
            not_hex(Tid, '.'),
        ),
        (
            "TC §3.2.2.3 trace-id 'g'",
            tp("00", &format!("{tid31}g"), PID, "01"),
            not_hex(Tid, 'g'),
        ),
        (
            "TC §3.2.2.3 trace-id all zeroes (suite)",
            tp("00", "00000000000000000000000000000000", PID, "01"),
            ParseError::AllZeroes(Tid),
        ),
        (
            "TC §3.2.2.3 trace-id: 31 digits and a 2-byte char (32 chars, 33 bytes)",
            tp("00", &format!("{tid31}é"), PID, "01"),
            not_hex(Tid, 'é'),
        ),
        (
            "TC §3.2.2.3 trace-id: a 4-byte char where byte 32 would be cut",
            tp("00", &format!("{}🦀", &TID[..30]), PID, "01"),
            wrong_length(Tid, 31),
        ),
        (
            "TC §3.2.2.3 whitespace inside",
            tp("00", &format!("{TID} "), PID, "01"),
            wrong_length(Tid, 33),
        ),
        // parent-id
        (
            "TC §3.2.2.4 parent-id too short (suite)",
            tp("00", TID, pid15, "01"),
            wrong_length(ParentId, 15),
        ),
        (
            "TC §3.2.2.4 parent-id too long (suite)",
            tp("00", TID, &format!("{PID}7"), "01"),
            wrong_length(ParentId, 17),
        ),
        (
            "TC §3.2.2.4 parent-id upper case",
            tp("00", TID, "00F067AA0BA902B7", "01"),
            not_hex(ParentId, 'F'),
        ),
        (
            "TC §3.2.2.4 parent-id non-hex (suite)",
            tp("00", TID, ".234567890123456", "01"),
            not_hex(ParentId, '.'),
        ),
        (
            "TC §3.2.2.4 parent-id non-hex (suite)",
            tp("00", TID, "123456789012345.", "01"),
            not_hex(ParentId, '.'),
        ),
        (
            "TC §3.2.2.4 parent-id all zeroes (suite)",
            tp("00", TID, "0000000000000000", "01"),
            ParseError::AllZeroes(ParentId),
        ),
        (
            "TC §3.2.2.4 parent-id missing",
            format!("00-{TID}"),
            ParseError::MissingField(ParentId),
        ),
        (
            "TC §3.2.2.4 parent-id: multi-byte char",
            tp("00", TID, &format!("{pid15}ü"), "01"),
            not_hex(ParentId, 'ü'),
        ),
        // trace-flags
        (
            "TC §3.2.2.5 flags too short (suite)",
            tp("00", TID, PID, "1"),
            wrong_length(Flags, 1),
        ),
        (
            "TC §3.2.2.5 flags too long (suite)",
            tp("00", TID, PID, "001"),
            wrong_length(Flags, 3),
        ),
        (
            "TC §3.2.2.5 flags non-hex (suite)",
            tp("00", TID, PID, ".0"),
            not_hex(Flags, '.'),
        ),
        (
            "TC §3.2.2.5 flags non-hex (suite)",
            tp("00", TID, PID, "0."),
            not_hex(Flags, '.'),
        ),
        (
            "TC §3.2.2.5 flags upper case",
            tp("00", TID, PID, "0A"),
            not_hex(Flags, 'A'),
        ),
        (
            "TC §3.2.2.5 flags missing",
            format!("00-{TID}-{PID}"),
            ParseError::MissingField(Flags),
        ),
        (
            "TC §3.2.2.5 flags empty",
            format!("00-{TID}-{PID}-"),
            wrong_length(Flags, 0),
        ),
        (
            "TC §3.2.2.5 flags then newline (only SP/HTAB are OWS)",
            format!("{}\n", tp("00", TID, PID, "01")),
            wrong_length(Flags, 3),
        ),
        // version 00 has exactly four fields; future versions need a dash
        (
            "TC §3.2.2.2 version 00 with extra fields (suite: version_0x00)",
            format!("{}-what-the-future-will-be-like", tp("00", TID, PID, "01")),
            ParseError::TrailingData,
        ),
        (
            "TC §3.2.2.2 version 00 with a trailing dash",
            format!("{}-", tp("00", TID, PID, "01")),
            ParseError::TrailingData,
        ),
        (
            "TC §3.2.2.2 version 00 with trailing data, no dash (suite)",
            format!("{}.", tp("00", TID, PID, "01")),
            wrong_length(Flags, 3),
        ),
        (
            "TC §3.2.4 future version: trailing data without a dash (suite: version_0xcc)",
            format!("{}.what-the-future-will-be-like", tp("cc", TID, PID, "01")),
            wrong_length(Flags, 7),
        ),
        (
            "TC §3.2.4 future version shorter than 55 characters",
            format!("cc-{TID}-{PID}"),
            ParseError::MissingField(Flags),
        ),
        (
            "TC §3.2.4 future version: invalid trace-id",
            tp("cc", "00000000000000000000000000000000", PID, "01"),
            ParseError::AllZeroes(Tid),
        ),
        (
            "TC §3.2.4 future version: upper-case parent-id",
            tp("cc", TID, "00F067AA0BA902B7", "01"),
            not_hex(ParentId, 'F'),
        ),
    ]
}

#[test]
fn traceparent_invalid_vectors() {
    for (spec, input, expected) in invalid_traceparents() {
        let got = parse_traceparent(&input);
        assert_eq!(got, Err(expected), "{spec}: {input:?}");
        // The message names the header and says what is wrong.
        let message = got.unwrap_err().to_string();
        assert!(
            message.starts_with("invalid traceparent: "),
            "{spec}: {message}"
        );
    }
}

#[test]
fn traceparent_error_messages_name_the_field() {
    let err = parse_traceparent(&tp("00", &TID[..31], PID, "01")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid traceparent: trace-id must be 32 lowercase hex digits, found 31 characters"
    );
    let err = parse_traceparent(&tp("00", TID, "0000000000000000", "01")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid traceparent: parent-id is all zeroes"
    );
    let err = parse_traceparent(&tp("ff", TID, PID, "01")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid traceparent: version ff is forbidden"
    );
    let err = parse_traceparent(&tp("00", TID, PID, "\n1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid traceparent: trace-flags must be lowercase hex digits, found '\\n'"
    );
    let source: &dyn std::error::Error = &err;
    assert!(source.source().is_none());
}

#[test]
fn traceparent_format_writes_version_00_lowercase() {
    // TC §3.2.2: lowercase hex, version 00; the span id is the parent-id.
    let cx = TraceContext::new(
        TraceId::from_bytes([0xAB; 16]),
        SpanId::from_bytes([0xCD; 8]),
        TraceFlags::SAMPLED,
    );
    assert_eq!(
        format_traceparent(&cx),
        "00-abababababababababababababababab-cdcdcdcdcdcdcdcd-01"
    );
    // Same text as TraceContext::traceparent for the known flags.
    assert_eq!(format_traceparent(&cx), cx.traceparent());
}

// ---------------------------------------------------------------------------
// tracestate
// ---------------------------------------------------------------------------

fn members(n: usize) -> String {
    (0..n)
        .map(|i| format!("k{i}=v{i}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// (spec, header lines, canonical header)
fn valid_tracestates() -> Vec<(&'static str, Vec<String>, String)> {
    let all_key_chars = "abcdefghijklmnopqrstuvwxyz0123456789_-*/@";
    let all_value_chars: String = (0x20u8..=0x7e)
        .filter(|&b| b != b',' && b != b'=')
        .map(char::from)
        .collect();
    let s = |v: &str| v.to_owned();
    vec![
        (
            "TC §3.1 example: single system",
            vec![s("rojo=00f067aa0ba902b7")],
            s("rojo=00f067aa0ba902b7"),
        ),
        (
            "TC §3.1 example: two systems",
            vec![s("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")],
            s("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
        ),
        (
            "TC §3.3.2 exactly 32 list-members (suite: member_count_limit)",
            vec![members(32)],
            members(32),
        ),
        ("TC §3.3.2 empty header is accepted", vec![s("")], s("")),
        ("TC §3.3.2 no header lines", vec![], s("")),
        (
            "TC §3.3.2 empty list-members",
            vec![s("a=1,,,b=2")],
            s("a=1,b=2"),
        ),
        (
            "TC §3.3.2 leading and trailing commas",
            vec![s(",a=1,")],
            s("a=1"),
        ),
        (
            "TC §3.3.2 whitespace-only list-members",
            vec![s(" , \t ,")],
            s(""),
        ),
        (
            "TC §3.3.2 empty members do not count towards 32",
            vec![format!(",,{},,", members(32))],
            members(32),
        ),
        (
            "TC §3.3.2 OWS around members (suite: ows_handling)",
            vec![s("foo=1 \t , \t bar=2, \t baz=3")],
            s("foo=1,bar=2,baz=3"),
        ),
        (
            "TC §3.3.2 OWS: tabs and spaces (suite)",
            vec![s("foo=1\t \t,\t \tbar=2,\t \tbaz=3")],
            s("foo=1,bar=2,baz=3"),
        ),
        (
            "TC §3.3.2 leading OWS (suite)",
            vec![s(" foo=1")],
            s("foo=1"),
        ),
        (
            "TC §3.3.2 leading tab (suite)",
            vec![s("\tfoo=1")],
            s("foo=1"),
        ),
        (
            "TC §3.3.2.2.2 trailing spaces are OWS, not value (suite)",
            vec![s("foo=1 ")],
            s("foo=1"),
        ),
        (
            "TC §3.3.2.2.2 trailing tab (suite)",
            vec![s("foo=1\t")],
            s("foo=1"),
        ),
        (
            "TC §3.3.2.2.2 leading spaces of a value are kept",
            vec![s("foo=  1")],
            s("foo=  1"),
        ),
        (
            "TC §3.3.2.2.2 spaces inside a value",
            vec![s("foo=one two")],
            s("foo=one two"),
        ),
        (
            "TC §3.3.2 several header lines combined in order (suite: multiple_headers)",
            vec![s("foo=1,bar=2"), s("rojo=1,congo=2"), s("baz=3")],
            s("foo=1,bar=2,rojo=1,congo=2,baz=3"),
        ),
        (
            "TC §3.3.2 an empty line after (suite: empty_header)",
            vec![s("foo=1"), s("")],
            s("foo=1"),
        ),
        (
            "TC §3.3.2 an empty line before (suite: empty_header)",
            vec![s(""), s("foo=1")],
            s("foo=1"),
        ),
        (
            "TC §3.3.2 32 members over two lines",
            vec![
                members(16),
                (16..32)
                    .map(|i| format!("k{i}=v{i}"))
                    .collect::<Vec<_>>()
                    .join(","),
            ],
            members(32),
        ),
        (
            "TC §3.3.2.2.1 multi-tenant key",
            vec![s("fw529a3039@dt=foo")],
            s("fw529a3039@dt=foo"),
        ),
        (
            "TC §3.3.2.2.1 key may start with a digit",
            vec![s("9abc=1,0@x=2")],
            s("9abc=1,0@x=2"),
        ),
        (
            "TC §3.3.2.2.1 L2: '@' is an ordinary keychar (Level 1 would reject these)",
            vec![s("foo@=1,foo@@bar=2,foo@bar@baz=3")],
            s("foo@=1,foo@@bar=2,foo@bar@baz=3"),
        ),
        (
            "TC §3.3.2.2.1 L2: no tenant/system lengths (system part of 15 chars; suite: key_length_limit)",
            vec![format!("t@{}=1", "v".repeat(15))],
            format!("t@{}=1", "v".repeat(15)),
        ),
        (
            "TC §3.3.2.2.1 L2: tenant part of 242 chars (suite: key_length_limit)",
            vec![s("foo=1"), format!("{}@v=1", "t".repeat(242))],
            format!("foo=1,{}@v=1", "t".repeat(242)),
        ),
        (
            "TC §3.3.2.2.1 L2: 256 characters with an '@' (241 + '@' + 14; suite: key_length_limit)",
            vec![s("foo=1"), format!("{}@{}=1", "t".repeat(241), "v".repeat(14))],
            format!("foo=1,{}@{}=1", "t".repeat(241), "v".repeat(14)),
        ),
        (
            "TC §3.3.2.2.1 L2: 256 characters, '@' last",
            vec![format!("{}@=1", "t".repeat(255))],
            format!("{}@=1", "t".repeat(255)),
        ),
        (
            "TC §3.3.2.2.1 L2: several '@', one after another or apart (suite: key_illegal_vendor_format)",
            vec![s("a@b@c@d=1,e@@@f=2,0@@=3")],
            s("a@b@c@d=1,e@@@f=2,0@@=3"),
        ),
        (
            "TC §3.3.2.2.1 key of 256 characters",
            vec![format!("{}=1", "k".repeat(256))],
            format!("{}=1", "k".repeat(256)),
        ),
        (
            "TC §3.3.2.2.2 value of 256 characters",
            vec![format!("k={}", "v".repeat(256))],
            format!("k={}", "v".repeat(256)),
        ),
        (
            "TC §3.3.2.2.1/§3.3.2.2.2 every allowed character (suite: all_allowed_characters)",
            vec![format!("{all_key_chars}={all_value_chars}")],
            format!("{all_key_chars}={all_value_chars}"),
        ),
    ]
}

#[test]
fn tracestate_valid_vectors() {
    for (spec, lines, canonical) in valid_tracestates() {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let state =
            TraceState::try_parse(&lines).unwrap_or_else(|e| panic!("{spec}: {lines:?}: {e}"));
        assert_eq!(state.header(), canonical, "{spec}");
        assert_eq!(TraceState::parse(&lines), state, "{spec}");
        // Round trip: the canonical text parses back to the same state.
        assert_eq!(
            TraceState::parse(&[&canonical]),
            state,
            "{spec}: round trip"
        );
    }
    let state = TraceState::parse(&["foo=  1 , bar=2"]);
    assert_eq!(state.get("foo"), Some("  1"));
    assert_eq!(state.len(), 2);
}

/// (spec, header lines, expected error)
fn invalid_tracestates() -> Vec<(&'static str, Vec<String>, TraceStateError)> {
    use TraceStateError::{InvalidKey, InvalidValue, MissingEquals, TooManyMembers};
    let s = |v: &str| v.to_owned();
    let key = |n| InvalidKey { member: Some(n) };
    let value = |n| InvalidValue { member: Some(n) };
    vec![
        (
            "TC §3.3.2 33 list-members (suite: member_count_limit)",
            vec![members(33)],
            TooManyMembers,
        ),
        (
            "TC §3.3.2 33 list-members over two lines (limit applies to the combination)",
            vec![
                members(16),
                (16..33)
                    .map(|i| format!("k{i}=v{i}"))
                    .collect::<Vec<_>>()
                    .join(","),
            ],
            TooManyMembers,
        ),
        (
            "TC §3.3.2.2.1 key with a space before '=' (suite: key_illegal_characters)",
            vec![s("foo =1")],
            key(1),
        ),
        (
            "TC §3.3.2.2.1 upper-case key (suite)",
            vec![s("FOO=1")],
            key(1),
        ),
        (
            "TC §3.3.2.2.1 '.' in a key (suite)",
            vec![s("foo.bar=1")],
            key(1),
        ),
        (
            "TC §3.3.2.2.1 key starting with '@' (suite: key_illegal_vendor_format)",
            vec![s("@foo=1,bar=2")],
            key(1),
        ),
        (
            "TC §3.3.2.2.1 key starting with '_'",
            vec![s("_foo=1")],
            key(1),
        ),
        ("TC §3.3.2.2.1 empty key", vec![s("=1")], key(1)),
        (
            "TC §3.3.2.2.1 key of 257 characters (suite: key_length_limit)",
            vec![format!("{}=1", "z".repeat(257))],
            key(1),
        ),
        (
            "TC §3.3.2.2.1 L2: 257 characters with an '@' (the limit is on the whole key)",
            vec![
                s("foo=1"),
                format!("{}@{}=1", "t".repeat(250), "v".repeat(6)),
            ],
            key(2),
        ),
        (
            "TC §3.3.2.2.1 L2: 257 characters ending with '@'",
            vec![format!("{}@=1", "t".repeat(256))],
            key(1),
        ),
        (
            "TC §3.3.2.2.1 L2: a key still starts with a letter or digit (suite: '@foo')",
            vec![s("foo@bar=1,@foo=2")],
            key(2),
        ),
        ("TC §3.3.2.2.1 non-ASCII key", vec![s("fóo=1")], key(1)),
        ("TC §3.3.2.2.2 empty value", vec![s("foo=")], value(1)),
        (
            "TC §3.3.2.2.2 value of only spaces",
            vec![s("foo=   ")],
            value(1),
        ),
        ("TC §3.3.2.2.2 '=' in a value", vec![s("foo=a=b")], value(1)),
        (
            "TC §3.3.2.2.2 tab inside a value",
            vec![s("foo=a\tb")],
            value(1),
        ),
        (
            "TC §3.3.2.2.2 newline in a value",
            vec![s("foo=a\n")],
            value(1),
        ),
        ("TC §3.3.2.2.2 non-ASCII value", vec![s("foo=é")], value(1)),
        (
            "TC §3.3.2.2.2 value of 257 characters (suite: value_length_limit)",
            vec![format!("k={}", "v".repeat(257))],
            value(1),
        ),
        (
            "TC §3.3.2 member without '='",
            vec![s("foo")],
            MissingEquals { member: 1 },
        ),
        (
            "TC §4.3 step 3: one bad member discards the header",
            vec![s("a=1,B=2,c=3")],
            key(2),
        ),
        (
            "TC §4.3 step 3: a bad member on a later line",
            vec![s("a=1"), s(",b=2,C=3")],
            key(3),
        ),
    ]
}

/// (spec, header lines, header kept): a repeated key keeps the header, with
/// the key's first (left-most) entry. TC §3.5 "Delete a key/value pair":
/// "vendors MAY also discard duplicate keys that were not generated by
/// them"; the W3C suite accepts the duplicates passed on as they came or
/// dropped.
fn repeated_key_tracestates() -> Vec<(&'static str, Vec<String>, String)> {
    let s = |v: &str| v.to_owned();
    vec![
        (
            "TC §3.5 same key, same value (suite: duplicated_keys)",
            vec![s("foo=1,foo=1")],
            s("foo=1"),
        ),
        (
            "TC §3.5 same key, other values: the first is kept (suite)",
            vec![s("foo=1,foo=2")],
            s("foo=1"),
        ),
        (
            "TC §3.5 same key over two lines (suite)",
            vec![s("foo=1"), s("foo=1")],
            s("foo=1"),
        ),
        (
            "TC §3.5 same key over two lines, other values (suite)",
            vec![s("foo=1"), s("foo=2")],
            s("foo=1"),
        ),
        (
            "TC §3.5 the other entries keep their order",
            vec![s("a=1,foo=1,b=2,foo=2,c=3,b=4")],
            s("a=1,foo=1,b=2,c=3"),
        ),
        (
            "TC §3.3.2 32 list-members, one a repeat: 31 entries",
            vec![format!("{},k0=x", members(31))],
            members(31),
        ),
    ]
}

#[test]
fn tracestate_repeated_keys_keep_the_header() {
    for (spec, lines, kept) in repeated_key_tracestates() {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let state =
            TraceState::try_parse(&lines).unwrap_or_else(|e| panic!("{spec}: {lines:?}: {e}"));
        assert_eq!(state.header(), kept, "{spec}");
        assert_eq!(TraceState::parse(&lines), state, "{spec}");
        // Each key once, whatever came in.
        let mut keys: Vec<&str> = state.iter().map(|(k, _)| k).collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count, "{spec}: a key twice in {kept}");
    }
    // Repeats count towards the 32: the list as received is too long.
    assert_eq!(
        TraceState::try_parse(&[&format!("{},k0=x", members(32))]),
        Err(TraceStateError::TooManyMembers)
    );
    // A repeat does not excuse a malformed member after it.
    assert_eq!(
        TraceState::try_parse(&["foo=1,foo=2,B=3"]),
        Err(TraceStateError::InvalidKey { member: Some(3) })
    );
    // Updating the repeated key leaves it once, at the front (TC §3.5: "Adding
    // a key/value pair MUST NOT result in the same key being present multiple
    // times").
    let updated = TraceState::parse(&["a=1,foo=1,foo=2"])
        .insert("foo", "3")
        .unwrap();
    assert_eq!(updated.header(), "foo=3,a=1");
}

#[test]
fn tracestate_invalid_vectors_discard_the_whole_header() {
    for (spec, lines, expected) in invalid_tracestates() {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert_eq!(
            TraceState::try_parse(&lines),
            Err(expected),
            "{spec}: {lines:?}"
        );
        let state = TraceState::parse(&lines);
        assert!(state.is_empty(), "{spec}: discarded whole");
        assert_eq!(state.header(), "", "{spec}");
    }
}

#[test]
fn tracestate_errors_say_what_is_wrong() {
    let err = TraceState::try_parse(&["a=1,B=2"]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid tracestate: a key must be"),
        "{err}"
    );
    assert!(err.to_string().ends_with("(list-member 2)"), "{err}");
    assert_eq!(
        TraceState::try_parse(&[&members(33)])
            .unwrap_err()
            .to_string(),
        "invalid tracestate: more than 32 list-members"
    );
}

#[test]
fn tracestate_mutations_follow_section_3_5() {
    // TC §3.1 worked example: each system adds or updates its entry on the left.
    let congo = TraceState::new().insert("congo", "t61rcWkgMzE").unwrap();
    let rojo = congo.insert("rojo", "00f067aa0ba902b7").unwrap();
    assert_eq!(rojo.header(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    let congo_again = rojo.insert("congo", "ucfJifl5GOE").unwrap();
    assert_eq!(
        congo_again.header(),
        "congo=ucfJifl5GOE,rojo=00f067aa0ba902b7"
    );
    // The original values are untouched.
    assert_eq!(rojo.get("congo"), Some("t61rcWkgMzE"));

    // TC §3.5: unmodified entries keep their order.
    let state = TraceState::parse(&["a=1,b=2,c=3,d=4"])
        .insert("c", "x")
        .unwrap();
    assert_eq!(state.header(), "c=x,a=1,b=2,d=4");

    // TC §3.3.2: adding a 33rd entry removes the right-most one.
    let full = TraceState::parse(&[&members(32)]);
    let added = full.insert("new", "1").unwrap();
    assert_eq!(added.len(), 32);
    assert_eq!(added.iter().next(), Some(("new", "1")));
    assert_eq!(added.get("k31"), None);
    assert_eq!(added.get("k30"), Some("v30"));
    // Updating an entry of a full list removes nothing else.
    let updated = full.insert("k31", "x").unwrap();
    assert_eq!(updated.len(), 32);
    assert_eq!(updated.get("k0"), Some("v0"));

    // TC §3.5: delete.
    let removed = state.remove("a");
    assert_eq!(removed.header(), "c=x,b=2,d=4");
    assert_eq!(removed.remove("absent"), removed);

    // TC §3.3.2.2.1/§3.3.2.2.2: insert checks the grammar.
    assert_eq!(
        state.insert("Bad", "1"),
        Err(TraceStateError::InvalidKey { member: None })
    );
    assert_eq!(
        state.insert("ok", "ends with space "),
        Err(TraceStateError::InvalidValue { member: None })
    );
    assert_eq!(
        state.insert("ok", ""),
        Err(TraceStateError::InvalidValue { member: None })
    );
    assert_eq!(
        state.insert("ok", "a,b"),
        Err(TraceStateError::InvalidValue { member: None })
    );
    assert_eq!(
        state.insert("ok", "  leading").unwrap().get("ok"),
        Some("  leading")
    );
    assert_eq!(state.to_string(), state.header());
}

// ---------------------------------------------------------------------------
// baggage
// ---------------------------------------------------------------------------

type Entry = (&'static str, &'static str, Option<&'static str>);

fn entries(baggage: &Baggage) -> Vec<(String, String, Option<String>)> {
    baggage
        .iter()
        .map(|e| {
            (
                e.key().to_owned(),
                e.value().to_owned(),
                e.properties().map(str::to_owned),
            )
        })
        .collect()
}

fn owned(expected: &[Entry]) -> Vec<(String, String, Option<String>)> {
    expected
        .iter()
        .map(|(k, v, p)| ((*k).to_owned(), (*v).to_owned(), p.map(str::to_owned)))
        .collect()
}

/// (spec, header lines, entries, canonical header)
fn baggage_vectors() -> Vec<(&'static str, Vec<&'static str>, Vec<Entry>, &'static str)> {
    vec![
        (
            "BG §3.3.3 example: properties and OWS",
            vec!["key1=value1;property1;property2, key2 = value2, key3=value3; propertyKey=propertyValue"],
            vec![
                ("key1", "value1", Some("property1;property2")),
                ("key2", "value2", None),
                ("key3", "value3", Some("propertyKey=propertyValue")),
            ],
            "key1=value1;property1;property2,key2=value2,key3=value3;propertyKey=propertyValue",
        ),
        (
            "BG §3.4 single header, percent-encoded space",
            vec!["userId=alice,serverNode=DF%2028,isProduction=false"],
            vec![("userId", "alice", None), ("serverNode", "DF 28", None), ("isProduction", "false", None)],
            "userId=alice,serverNode=DF%2028,isProduction=false",
        ),
        (
            "BG §3.4 UTF-8 value, percent-encoded",
            vec!["userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false"],
            vec![("userId", "Amélie", None), ("serverNode", "DF 28", None), ("isProduction", "false", None)],
            "userId=Am%C3%A9lie,serverNode=DF%2028,isProduction=false",
        ),
        (
            "BG §3.4 split over two headers",
            vec!["userId=alice", "serverNode=DF%2028,isProduction=false"],
            vec![("userId", "alice", None), ("serverNode", "DF 28", None), ("isProduction", "false", None)],
            "userId=alice,serverNode=DF%2028,isProduction=false",
        ),
        (
            "BG §3.4 names and values with spaces around them",
            vec!["userId =   alice", "serverNode = DF%2028, isProduction = false"],
            vec![("userId", "alice", None), ("serverNode", "DF 28", None), ("isProduction", "false", None)],
            "userId=alice,serverNode=DF%2028,isProduction=false",
        ),
        ("BG §3.3.1.3 '=' inside a value", vec!["k=a=b=="], vec![("k", "a=b==", None)], "k=a=b=="),
        ("BG §3.3.1 empty value (*baggage-octet)", vec!["k="], vec![("k", "", None)], "k="),
        ("BG §3.3.1.3 lower-case percent digits decode (RFC 3986 §2.1)", vec!["k=%c3%a9"], vec![("k", "é", None)], "k=%C3%A9"),
        ("BG §3.3.1.3 '%' is encoded as %25", vec!["k=100%25"], vec![("k", "100%", None)], "k=100%25"),
        ("BG §3.3.1.3 needlessly encoded octets decode", vec!["k=%41%2Fb"], vec![("k", "A/b", None)], "k=A/b"),
        ("BG §3.3.1.3 4-byte UTF-8", vec!["k=%F0%9F%A6%80"], vec![("k", "🦀", None)], "k=%F0%9F%A6%80"),
        (
            "BG §3.3.1.3 encoded ',', ';', '\"', '\\' and controls",
            vec!["k=%2C%3B%22%5C%0A%09%7F"],
            vec![("k", ",;\"\\\n\t\u{7f}", None)],
            "k=%2C%3B%22%5C%0A%09%7F",
        ),
        ("BG §3.3.1.3 invalid UTF-8 becomes U+FFFD", vec!["k=%FF"], vec![("k", "\u{FFFD}", None)], "k=%EF%BF%BD"),
        ("BG §3.3.1.3 truncated UTF-8 becomes U+FFFD", vec!["k=a%C3%28"], vec![("k", "a\u{FFFD}(", None)], "k=a%EF%BF%BD("),
        (
            "BG §3.3.1.4 OWS around properties removed, property values kept as given",
            vec!["k=v ; p1 ; p2 = x%20y"],
            vec![("k", "v", Some("p1;p2=x%20y"))],
            "k=v;p1;p2=x%20y",
        ),
        ("BG §3.3.1.4 property with an empty value", vec!["k=v;p="], vec![("k", "v", Some("p="))], "k=v;p="),
        (
            "BG §3.3.1.2 keys are tokens: every tchar",
            vec!["a!#$%&'*+-.^_`|~Z9=1"],
            vec![("a!#$%&'*+-.^_`|~Z9", "1", None)],
            "a!#$%&'*+-.^_`|~Z9=1",
        ),
        (
            "BG §3.3.1.1 duplicate keys kept in order",
            vec!["k=1,other=x,k=2"],
            vec![("k", "1", None), ("other", "x", None), ("k", "2", None)],
            "k=1,other=x,k=2",
        ),
        ("BG §3.3.1 empty list-members are skipped", vec![",a=1,,", "", " "], vec![("a", "1", None)], "a=1"),
        ("BG §3.3.1 no header", vec![], vec![], ""),
    ]
}

#[test]
fn baggage_valid_vectors_and_round_trips() {
    for (spec, lines, expected, canonical) in baggage_vectors() {
        let baggage = Baggage::parse(&lines);
        assert_eq!(entries(&baggage), owned(&expected), "{spec}: {lines:?}");
        assert_eq!(baggage.header(), canonical, "{spec}: canonical header");
        assert_eq!(Baggage::parse(&[canonical]), baggage, "{spec}: round trip");
    }
}

/// (spec, invalid list-member): each is dropped, its neighbours kept (BG §3.5).
fn invalid_baggage_members() -> Vec<(&'static str, &'static str)> {
    vec![
        ("BG §3.3.1 no '='", "novalue"),
        ("BG §3.3.1.2 empty key", "=v"),
        ("BG §3.3.1.2 space inside a key", "my key=v"),
        ("BG §3.3.1.2 '(' is not a tchar", "k(=v"),
        ("BG §3.3.1.2 '/' is not a tchar", "a/b=v"),
        ("BG §3.3.1.2 non-ASCII key", "clé=v"),
        ("BG §3.3.1.3 space inside a value", "k=a b"),
        ("BG §3.3.1.3 DQUOTE in a value", "k=\"v\""),
        ("BG §3.3.1.3 backslash in a value", "k=a\\b"),
        ("BG §3.3.1.3 tab inside a value", "k=a\tb"),
        (
            "BG §3.3.1.3 raw non-ASCII value (must be percent-encoded)",
            "k=Amélie",
        ),
        ("BG §3.3.1.3 lone '%'", "k=%"),
        ("BG §3.3.1.3 '%' with one digit", "k=%2"),
        ("BG §3.3.1.3 '%' with non-hex digits", "k=%zz"),
        ("BG §3.3.1.4 empty property after ';'", "k=v;"),
        ("BG §3.3.1.4 property key not a token", "k=v;p q"),
        ("BG §3.3.1.4 property value with a space", "k=v;p=a b"),
        ("BG §3.3.1.4 property without a key", "k=v;=x"),
        ("BG §3.3.1.4 raw non-ASCII property", "k=v;p=é"),
    ]
}

#[test]
fn baggage_invalid_members_are_dropped_one_by_one() {
    for (spec, bad) in invalid_baggage_members() {
        let baggage = Baggage::parse(&[&format!("a=1,{bad},b=2")]);
        assert_eq!(
            entries(&baggage),
            owned(&[("a", "1", None), ("b", "2", None)]),
            "{spec}: {bad:?}"
        );
        assert!(Baggage::parse(&[bad]).is_empty(), "{spec}: {bad:?} alone");
    }
}

#[test]
fn baggage_limits_on_parse() {
    // BG §3.3.2: at most 64 list-members are kept: the first 64.
    let header: Vec<String> = (0..70).map(|i| format!("k{i}=v{i}")).collect();
    let baggage = Baggage::parse(&[&header.join(",")]);
    assert_eq!(baggage.len(), 64);
    assert_eq!(baggage.get("k63"), Some("v63"));
    assert_eq!(baggage.get("k64"), None);
    // Invalid members do not count.
    let with_bad = format!("bad,{}", header[..64].join(","));
    assert_eq!(Baggage::parse(&[&with_bad]).len(), 64);

    // BG §3.3.2: at most 8192 bytes; whole list-members only. An entry that
    // does not fit is dropped, a later one that fits is kept.
    let big = "x".repeat(3000);
    let lines = [
        format!("a={big}"),
        format!("b={big}"),
        format!("c={big}"),
        "d=1".to_owned(),
    ];
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    let baggage = Baggage::parse(&lines);
    let keys: Vec<&str> = baggage.iter().map(|e| e.key()).collect();
    assert_eq!(keys, ["a", "b", "d"]);
    assert!(baggage.header().len() <= Baggage::MAX_BYTES);

    // Exactly 8192 bytes fits; one more byte does not.
    let exact = format!("k={}", "x".repeat(8190));
    assert_eq!(exact.len(), 8192);
    assert_eq!(Baggage::parse(&[&exact]).header(), exact);
    assert!(Baggage::parse(&[&format!("{exact}x")]).is_empty());
    // The limit counts the encoded size: "k=" and 1366 x "é" is 8198 bytes.
    assert!(Baggage::parse(&[&format!("k={}", "%C3%A9".repeat(1366))]).is_empty());
    assert_eq!(
        Baggage::parse(&[&format!("k={}", "%C3%A9".repeat(1365))]).len(),
        1
    );
}

#[test]
fn baggage_limits_on_write() {
    // BG §3.3.2: what we send holds at most 64 list-members...
    let mut baggage = Baggage::new();
    for i in 0..70 {
        baggage.insert(&format!("k{i}"), "v").unwrap();
    }
    assert_eq!(baggage.len(), 70);
    let header = baggage.header();
    assert_eq!(header.split(',').count(), 64);
    assert_eq!(Baggage::parse(&[&header]).get("k63"), Some("v"));
    assert_eq!(Baggage::parse(&[&header]).get("k64"), None);

    // ...and at most 8192 bytes, never a partial list-member.
    let mut baggage = Baggage::new();
    let big = "é".repeat(1000); // 6000 bytes encoded
    baggage.insert("a", &big).unwrap();
    baggage.insert("b", &big).unwrap();
    baggage.insert("c", "small").unwrap();
    let header = baggage.header();
    assert!(header.len() <= Baggage::MAX_BYTES, "{}", header.len());
    let back = Baggage::parse(&[&header]);
    let keys: Vec<&str> = back.iter().map(|e| e.key()).collect();
    assert_eq!(keys, ["a", "c"]);
    assert_eq!(back.get("a"), Some(big.as_str()));

    // An entry that can never fit is refused.
    let mut baggage = Baggage::new();
    assert_eq!(
        baggage.insert("k", &"é".repeat(1366)),
        Err(BaggageError::TooLarge)
    );
    assert!(baggage.insert("k", &"é".repeat(1365)).is_ok());
}

#[test]
fn baggage_percent_encoding_both_ways() {
    // BG §3.3.1.3: everything outside baggage-octet, and '%', is encoded.
    let mut baggage = Baggage::new();
    let all_ascii: String = (0u8..=0x7f).map(char::from).collect();
    baggage.insert("ascii", &all_ascii).unwrap();
    baggage.insert("utf8", "Zürich – 東京 🦀").unwrap();
    let header = baggage.header();
    for b in header.bytes() {
        assert!(
            b.is_ascii_graphic() && !matches!(b, b'"' | b'\\'),
            "unencoded byte {b:#04x} in {header}"
        );
    }
    assert!(header.contains("utf8=Z%C3%BCrich%20%E2%80%93%20%E6%9D%B1%E4%BA%AC%20%F0%9F%A6%80"));
    let back = Baggage::parse(&[&header]);
    assert_eq!(back.get("ascii"), Some(all_ascii.as_str()));
    assert_eq!(back.get("utf8"), Some("Zürich – 東京 🦀"));
    assert_eq!(back, baggage);
}

#[test]
fn baggage_mutations_follow_section_3_5() {
    let mut baggage = Baggage::parse(&["a=1,k=2;p,b=3,k=4"]);
    // Last value of a repeated key.
    assert_eq!(baggage.get("k"), Some("4"));
    assert_eq!(baggage.entry("k").and_then(|e| e.properties()), None);
    // Update: in place of the first, duplicates removed (BG §3.5 deduplicate).
    baggage
        .insert_with_properties("k", "x y", " ttl = 60 ;private")
        .unwrap();
    assert_eq!(baggage.header(), "a=1,k=x%20y;ttl=60;private,b=3");
    // Add: at the end.
    baggage.insert("c", "").unwrap();
    assert_eq!(baggage.header(), "a=1,k=x%20y;ttl=60;private,b=3,c=");
    // Delete.
    assert_eq!(baggage.remove("k").as_deref(), Some("x y"));
    assert_eq!(baggage.remove("k"), None);
    assert_eq!(baggage.header(), "a=1,b=3,c=");
    assert_eq!(baggage.to_string(), baggage.header());
    // Errors.
    assert_eq!(baggage.insert("", "v"), Err(BaggageError::InvalidKey));
    assert_eq!(baggage.insert("ké", "v"), Err(BaggageError::InvalidKey));
    assert_eq!(baggage.insert("k,k", "v"), Err(BaggageError::InvalidKey));
    assert_eq!(
        baggage.insert_with_properties("k", "v", "p;"),
        Err(BaggageError::InvalidProperties)
    );
    assert_eq!(
        baggage.insert_with_properties("k", "v", "p=é"),
        Err(BaggageError::InvalidProperties)
    );
    assert!(BaggageError::InvalidKey
        .to_string()
        .starts_with("invalid baggage entry: "));
    assert_eq!(baggage.len(), 3);
}

// ---------------------------------------------------------------------------
// properties
// ---------------------------------------------------------------------------

/// Near-valid headers: the characters these grammars care about, plus
/// multi-byte ones, so the generator reaches deep into the parsers.
fn near_valid() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[0-9a-fA-F\\-=,;% \\t@*/_.éü🦀\\n]{0,80}").unwrap()
}

proptest! {
    #[test]
    fn traceparent_parse_never_panics(s in any::<String>(), t in near_valid()) {
        let _ = parse_traceparent(&s);
        if let Ok(cx) = parse_traceparent(&t) {
            prop_assert!(cx.is_valid() && cx.is_remote());
        }
    }

    #[test]
    fn traceparent_parse_never_panics_near_the_format(
        prefix in "[0-9a-f]{0,3}",
        cut in 0usize..60,
        junk in near_valid(),
    ) {
        // Valid headers cut at any byte that is a char boundary, then junk.
        let full = format!("{prefix}-{TID}-{PID}-01{junk}");
        let cut = (0..=cut.min(full.len())).rev().find(|&i| full.is_char_boundary(i)).unwrap_or(0);
        let _ = parse_traceparent(&full[..cut]);
        let _ = parse_traceparent(&full);
    }

    #[test]
    fn traceparent_format_then_parse_round_trips(
        trace in any::<[u8; 16]>().prop_filter("non-zero", |b| *b != [0; 16]),
        span in any::<[u8; 8]>().prop_filter("non-zero", |b| *b != [0; 8]),
        flags in any::<u8>(),
    ) {
        let cx = TraceContext::new(TraceId::from_bytes(trace), SpanId::from_bytes(span), TraceFlags::new(flags));
        let text = format_traceparent(&cx);
        let back = parse_traceparent(&text).unwrap();
        prop_assert_eq!(back.trace_id(), cx.trace_id());
        prop_assert_eq!(back.span_id(), cx.span_id());
        prop_assert_eq!(back.trace_flags().bits(), flags & 0x03);
        prop_assert!(back.is_remote());
        prop_assert_eq!(format_traceparent(&back), text);
    }

    #[test]
    fn tracestate_parse_never_panics(lines in proptest::collection::vec(any::<String>(), 0..4), t in near_valid()) {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let state = TraceState::parse(&lines);
        prop_assert!(state.len() <= 32);
        prop_assert_eq!(TraceState::parse(&[&state.header()]), state);
        let state = TraceState::parse(&[&t]);
        prop_assert_eq!(TraceState::parse(&[&state.header()]), state);
    }

    #[test]
    fn tracestate_insert_round_trips(
        entries in proptest::collection::vec(
            ("[a-z0-9][a-z0-9_*/@-]{0,20}", "[ -+\\--<>-~]{0,20}[!-+\\--<>-~]"),
            0..40,
        ),
    ) {
        let mut state = TraceState::new();
        for (k, v) in &entries {
            state = state.insert(k, v).unwrap();
            prop_assert_eq!(state.get(k), Some(v.as_str()));
            prop_assert_eq!(state.iter().next(), Some((k.as_str(), v.as_str())));
        }
        prop_assert!(state.len() <= 32);
        prop_assert_eq!(TraceState::try_parse(&[&state.header()]), Ok(state));
    }

    #[test]
    fn baggage_parse_never_panics_and_respects_limits(
        lines in proptest::collection::vec(any::<String>(), 0..4),
        t in near_valid(),
    ) {
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        for baggage in [Baggage::parse(&lines), Baggage::parse(&[&t])] {
            let header = baggage.header();
            prop_assert!(baggage.len() <= Baggage::MAX_LIST_MEMBERS);
            prop_assert!(header.len() <= Baggage::MAX_BYTES);
            // Parse keeps exactly what header writes back.
            prop_assert_eq!(Baggage::parse(&[&header]), baggage);
        }
    }

    #[test]
    fn baggage_values_round_trip(
        entries in proptest::collection::vec(
            (
                "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}",
                // At most 40 chars of 4 bytes, 3 bytes each encoded: 10 entries fit in 8192 bytes.
                proptest::collection::vec(any::<char>(), 0..40).prop_map(String::from_iter),
            ),
            0..10,
        ),
    ) {
        let mut baggage = Baggage::new();
        for (k, v) in &entries {
            baggage.insert(k, v).unwrap();
        }
        let back = Baggage::parse(&[&baggage.header()]);
        prop_assert_eq!(&back, &baggage);
        for (k, _) in &entries {
            prop_assert_eq!(back.get(k), baggage.get(k));
        }
    }
}
