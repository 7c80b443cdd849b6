//! Small text helpers, one of each, shared by every caller: hex digits,
//! percent-encoding, HTTP tokens, cutting at a character limit, and the
//! plain-word quoting of the line formats.
//!
//! Each helper states its rule once; a caller that needs a variant (which
//! hex digits it accepts, what happens to bytes that are not UTF-8) names
//! it with a parameter, so the choice is visible where the helper is used.

pub(crate) mod hex;
pub(crate) mod http_token;
pub(crate) mod percent;

// Used by the line formats of the otel and slog backends, and the generic
// `fields` value of the `tracing` forward, only.
#[cfg(any(feature = "otel", feature = "slog", feature = "tracing-forward"))]
pub(crate) mod quote;
#[cfg(any(feature = "otel", feature = "slog"))]
pub(crate) mod truncate;
