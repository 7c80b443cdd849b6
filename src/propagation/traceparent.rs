//! The `traceparent` header of W3C Trace Context Level 2, §3.2
//! (<https://www.w3.org/TR/trace-context-2/#traceparent-header>).
//!
//! ```abnf
//! value          = version "-" version-format
//! version        = 2HEXDIGLC   ; ff is forbidden
//! version-format = trace-id "-" parent-id "-" trace-flags   ; version 00
//! trace-id       = 32HEXDIGLC  ; all zeroes forbidden
//! parent-id      = 16HEXDIGLC  ; all zeroes forbidden
//! trace-flags    = 2HEXDIGLC
//! ```

use std::fmt;

use crate::text::hex::{self, Accept};
use crate::{SpanId, TraceContext, TraceFlags, TraceId};

/// The trace-flags bits version `00` defines: `sampled` (§3.2.2.5.1) and
/// `random-trace-id` (§3.2.2.5.2, new in Level 2).
const KNOWN_FLAGS: u8 = 0x03;

/// A field of the `traceparent` header, as named by the specification.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::{parse_traceparent, ParseError, TraceparentField};
///
/// assert_eq!(TraceparentField::TraceId.name(), "trace-id");
/// assert_eq!(TraceparentField::TraceId.hex_len(), 32);
///
/// // Parse errors name the field at fault.
/// let err = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1").unwrap_err();
/// assert_eq!(
///     err,
///     ParseError::WrongLength { field: TraceparentField::TraceFlags, expected: 2, found: 1 }
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TraceparentField {
    /// `version`: 2 lowercase hex digits (§3.2.2.1).
    Version,
    /// `trace-id`: 32 lowercase hex digits (§3.2.2.3).
    TraceId,
    /// `parent-id`: 16 lowercase hex digits (§3.2.2.4).
    ParentId,
    /// `trace-flags`: 2 lowercase hex digits (§3.2.2.5).
    TraceFlags,
}

impl TraceparentField {
    /// The field's name in the specification (`"trace-id"`, ...).
    pub const fn name(self) -> &'static str {
        match self {
            TraceparentField::Version => "version",
            TraceparentField::TraceId => "trace-id",
            TraceparentField::ParentId => "parent-id",
            TraceparentField::TraceFlags => "trace-flags",
        }
    }

    /// The field's exact length in hex digits.
    pub const fn hex_len(self) -> usize {
        match self {
            TraceparentField::Version | TraceparentField::TraceFlags => 2,
            TraceparentField::TraceId => 32,
            TraceparentField::ParentId => 16,
        }
    }
}

impl fmt::Display for TraceparentField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a `traceparent` value was rejected by [`parse_traceparent`].
///
/// The specification's answer to every one of these is the same: ignore the
/// header and start a new trace (§3.2.2.3, §3.2.2.4, §3.2.4). The variants
/// say what was wrong, for diagnostics.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::{parse_traceparent, ParseError, TraceparentField};
///
/// let err = parse_traceparent("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01").unwrap_err();
/// assert_eq!(err, ParseError::NotLowercaseHex { field: TraceparentField::TraceId, found: 'B' });
/// assert_eq!(
///     err.to_string(),
///     "invalid traceparent: trace-id must be lowercase hex digits, found 'B'"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParseError {
    /// The value is empty, or only optional whitespace.
    Empty,
    /// The value ends before this field (a `-` and the field are missing).
    MissingField(TraceparentField),
    /// The field does not have its exact length.
    WrongLength {
        /// The field.
        field: TraceparentField,
        /// The length the field must have, in hex digits.
        expected: usize,
        /// The length it has, in characters.
        found: usize,
    },
    /// The field holds a character that is not a lowercase hex digit
    /// (`0-9`, `a-f`): upper case is invalid too (`HEXDIGLC`, §3.2.2).
    NotLowercaseHex {
        /// The field.
        field: TraceparentField,
        /// The first offending character.
        found: char,
    },
    /// The version is `ff`, which is forbidden (§3.2.2.1).
    ForbiddenVersion,
    /// The trace-id or the parent-id is all zeroes (§3.2.2.3, §3.2.2.4).
    AllZeroes(TraceparentField),
    /// A version `00` value has more after its trace-flags: version 00 has
    /// exactly four fields (§3.2.2.2).
    TrailingData,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid traceparent: ")?;
        match self {
            ParseError::Empty => f.write_str("the value is empty"),
            ParseError::MissingField(field) => write!(f, "the {field} field is missing"),
            ParseError::WrongLength {
                field,
                expected,
                found,
            } => write!(
                f,
                "{field} must be {expected} lowercase hex digits, found {found} characters"
            ),
            ParseError::NotLowercaseHex { field, found } => {
                write!(f, "{field} must be lowercase hex digits, found {found:?}")
            }
            ParseError::ForbiddenVersion => f.write_str("version ff is forbidden"),
            ParseError::AllZeroes(field) => write!(f, "{field} is all zeroes"),
            ParseError::TrailingData => {
                f.write_str("version 00 has exactly four fields, found more after trace-flags")
            }
        }
    }
}

impl std::error::Error for ParseError {}

/// Checks one field: its exact length, then lowercase hex only.
fn check_field(field: TraceparentField, text: Option<&str>) -> Result<&str, ParseError> {
    let text = text.ok_or(ParseError::MissingField(field))?;
    let found = text.chars().count();
    if found != field.hex_len() {
        return Err(ParseError::WrongLength {
            field,
            expected: field.hex_len(),
            found,
        });
    }
    if let Some(bad) = text
        .chars()
        .find(|&c| !hex::is_digit(c, Accept::LowercaseOnly))
    {
        return Err(ParseError::NotLowercaseHex { field, found: bad });
    }
    Ok(text)
}

/// Parses a `traceparent` header value (W3C Trace Context Level 2, §3.2)
/// into the remote context it names.
///
/// The result is marked remote ([`TraceContext::is_remote`]); its span id is
/// the header's `parent-id` (the caller's span, the parent of the span this
/// process starts) and its own parent span id is `None`.
///
/// Rules, strictly:
///
/// - Each field has its exact length (2, 32, 16 and 2) and holds lowercase
///   hex digits only; version `ff`, an all-zero trace-id and an all-zero
///   parent-id are invalid (§3.2.2.1, §3.2.2.3, §3.2.2.4).
/// - Version `00` has exactly four fields: anything after trace-flags is an
///   error (§3.2.2.2).
/// - A higher version is parsed by its version-00 prefix (§3.2.4,
///   "Versioning of traceparent"): the four fields must be valid, and
///   trace-flags must be either the end of the value or followed by `-`;
///   what follows that dash is not looked at ("Vendors MUST NOT parse or
///   assume anything about unknown fields for this version").
/// - Trace flags: for version `00` the byte is kept whole, unknown bits
///   included, as the caller's recommendation (§3.2.2.5: flags are a bit field
///   to be read by masking; "Other Flags" only requires that a vendor *sets*
///   unknown bits to zero, which [`format_traceparent`] does). For a higher
///   version only the bits version `00` defines (sampled, random) are kept:
///   "the vendor will only parse the trace-flags values supported by this
///   version of this specification and ignore all other values" (§4.3, "A
///   traceparent is Received", step 2.2).
/// - Leading and trailing optional whitespace (spaces and tabs) is not part
///   of an HTTP field value (RFC 9110 §5.5) and is ignored; whitespace inside
///   the value is an error.
///
/// # Errors
///
/// A [`ParseError`] naming the first field that breaks a rule, and why. The
/// caller must then ignore the header (and `tracestate` with it, §3.3) and
/// start a new trace.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::{parse_traceparent, ParseError, TraceparentField};
///
/// let cx = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
/// assert_eq!(cx.trace_id().to_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
/// assert_eq!(cx.span_id().to_string(), "00f067aa0ba902b7");
/// assert!(cx.is_sampled() && cx.is_remote());
/// assert_eq!(cx.parent_span_id(), None);
///
/// // A future version with more fields: the known prefix is used.
/// let future = parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next")?;
/// assert_eq!(future.trace_id(), cx.trace_id());
///
/// assert_eq!(
///     parse_traceparent("00-00000000000000000000000000000000-00f067aa0ba902b7-01"),
///     Err(ParseError::AllZeroes(TraceparentField::TraceId))
/// );
/// # Ok::<(), ParseError>(())
/// ```
pub fn parse_traceparent(value: &str) -> Result<TraceContext, ParseError> {
    let value = super::trim_ows(value);
    if value.is_empty() {
        return Err(ParseError::Empty);
    }
    // Splitting on an ASCII '-' never cuts a multi-byte character.
    let mut fields = value.split('-');

    let version = check_field(TraceparentField::Version, fields.next())?;
    if version == "ff" {
        return Err(ParseError::ForbiddenVersion);
    }
    let trace_id = check_field(TraceparentField::TraceId, fields.next())?;
    let trace_id = TraceId::from_hex(trace_id).unwrap_or(TraceId::INVALID);
    if !trace_id.is_valid() {
        return Err(ParseError::AllZeroes(TraceparentField::TraceId));
    }
    let parent_id = check_field(TraceparentField::ParentId, fields.next())?;
    let parent_id = SpanId::from_hex(parent_id).unwrap_or(SpanId::INVALID);
    if !parent_id.is_valid() {
        return Err(ParseError::AllZeroes(TraceparentField::ParentId));
    }
    let flags = check_field(TraceparentField::TraceFlags, fields.next())?;
    // Checked: two lowercase hex digits, so decoding cannot fail.
    let [flags] = hex::decode::<1>(flags.as_bytes(), Accept::LowercaseOnly).unwrap_or([0]);

    let flags = if version == "00" {
        // Exactly four fields (§3.2.2.2).
        if fields.next().is_some() {
            return Err(ParseError::TrailingData);
        }
        flags
    } else {
        // A higher version: trace-flags was either the end of the value or
        // followed by '-' (the split guarantees it, since a longer field
        // failed its length check); the rest is not ours to read (§3.2.4).
        flags & KNOWN_FLAGS
    };

    Ok(TraceContext::new(trace_id, parent_id, TraceFlags::new(flags)).into_remote())
}

/// Formats `cx` as a version `00` `traceparent` header value:
/// `00-{trace-id}-{span-id}-{trace-flags}`, lowercase hex.
///
/// The span id of `cx` becomes the `parent-id` field (the receiver's
/// parent). Trace-flag bits that version `00` does not define are written as
/// zero: "Vendors MUST set those to zero" (§3.2.2.5.3, "Other Flags"); the
/// sampled and random bits are kept. So a context parsed from a header with
/// unknown flag bits formats back without them.
///
/// The context is written as it is: a context with an all-zero id (see
/// [`TraceContext::is_valid`]) gives a header that receivers must ignore, so
/// check validity before sending.
///
/// # Examples
///
/// ```
/// use telemetry_facade::propagation::format_traceparent;
/// use telemetry_facade::{SpanId, TraceContext, TraceFlags, TraceId};
///
/// let cx = TraceContext::new(
///     TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap(),
///     SpanId::from_hex("00f067aa0ba902b7").unwrap(),
///     TraceFlags::new(0x03),
/// );
/// assert_eq!(format_traceparent(&cx), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03");
///
/// // Unknown flag bits are not sent.
/// let odd = TraceContext::new(cx.trace_id(), cx.span_id(), TraceFlags::new(0xff));
/// assert!(format_traceparent(&odd).ends_with("-03"));
/// ```
pub fn format_traceparent(cx: &TraceContext) -> String {
    let flags = TraceFlags::new(cx.trace_flags().bits() & KNOWN_FLAGS);
    format!("00-{}-{}-{}", cx.trace_id(), cx.span_id(), flags)
}
