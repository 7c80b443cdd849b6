//! Small text helpers, one of each, shared by every caller: hex digits,
//! percent-encoding and HTTP tokens.
//!
//! Each helper states its rule once; a caller that needs a variant (which
//! hex digits it accepts, what happens to bytes that are not UTF-8) names
//! it with a parameter, so the choice is visible where the helper is used.

pub(crate) mod hex;
pub(crate) mod http_token;
pub(crate) mod percent;
