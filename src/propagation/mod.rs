//! Parsing and serialization of the W3C propagation headers, with no
//! dependency beyond `std`: the same code runs in every build.
//!
//! - [`parse_traceparent`] / [`format_traceparent`]: the `traceparent` header of
//!   [W3C Trace Context Level 2](https://www.w3.org/TR/trace-context-2/) (§3.2),
//!   to and from a [`TraceContext`](crate::TraceContext).
//! - [`TraceState`]: the `tracestate` header of the same specification (§3.3),
//!   an ordered list of vendor entries.
//! - [`Baggage`]: the `baggage` header of
//!   [W3C Baggage](https://www.w3.org/TR/baggage/), application key/value
//!   pairs with optional properties.
//!
//! All three are strict about what they accept and never panic, whatever the
//! input (any byte sequence that is a `&str`, including non-ASCII text at any
//! position). Each documents what it does with invalid input, citing the
//! section of the specification that allows it:
//!
//! | header | invalid input gives |
//! |---|---|
//! | `traceparent` | a [`ParseError`] naming the field and the reason: the caller starts a new trace |
//! | `tracestate` | an empty [`TraceState`] (the whole header is discarded); [`TraceState::try_parse`] says why |
//! | `baggage` | the invalid list-members are dropped, the valid ones kept |
//!
//! [`extract`] reads the headers of a [`Carrier`] into a
//! [`Context`](crate::Context) and [`inject`] writes the current context's
//! headers, following `OTEL_PROPAGATORS` and the coupling rule of Trace
//! Context §3.3: when `traceparent` fails to parse, `tracestate` is not
//! parsed, while a bad `tracestate` never affects `traceparent`.
//!
//! # Examples
//!
//! ```
//! use telemetry_facade::propagation::{format_traceparent, parse_traceparent, Baggage, TraceState};
//!
//! let cx = parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")?;
//! assert!(cx.is_remote() && cx.is_sampled());
//! assert_eq!(format_traceparent(&cx), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
//!
//! let state = TraceState::parse(&["rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE"]);
//! assert_eq!(state.header(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
//!
//! let baggage = Baggage::parse(&["userId=Am%C3%A9lie,serverNode=DF%2028"]);
//! assert_eq!(baggage.get("userId"), Some("Amélie"));
//! # Ok::<(), telemetry_facade::propagation::ParseError>(())
//! ```

mod baggage;
mod carrier;
mod extract_inject;
#[cfg(feature = "http")]
mod http_carrier;
mod traceparent;
mod tracestate;

pub use baggage::{Baggage, BaggageEntry, BaggageError};
pub use carrier::Carrier;
pub use extract_inject::{extract, inject, inject_context};
pub(crate) use extract_inject::{set_propagators, Headers, Remote, SharedRemote};
pub use traceparent::{format_traceparent, parse_traceparent, ParseError, TraceparentField};
pub use tracestate::{TraceState, TraceStateError};

/// Whether `c` is optional whitespace (`OWS = *( SP / HTAB )`, RFC 9110
/// §5.6.3), the only whitespace these headers allow around their parts.
fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// `s` without leading and trailing optional whitespace. Trimming by `char`
/// keeps every slice on a character boundary.
fn trim_ows(s: &str) -> &str {
    s.trim_matches(is_ows)
}
