//! The no-op backend: zero-sized handles whose methods do nothing.
//!
//! Always compiled, so that the `--all-features` build still type-checks it
//! against the backend contract; unused in builds where a real backend is on.

#[cfg_attr(feature = "slog", allow(dead_code, unused_imports))]
mod log;
#[cfg_attr(feature = "otel", allow(dead_code, unused_imports))]
mod pass_through;
#[cfg_attr(feature = "otel", allow(dead_code, unused_imports))]
mod trace;

/// A captured nothing: what the no-op backends capture as context or scope.
/// A struct rather than `()`, so call sites read the same in every build.
#[derive(Clone, Debug, Default)]
pub(crate) struct Nothing;

/// Restores nothing when dropped.
#[derive(Debug)]
pub(crate) struct NoGuard;

#[cfg_attr(feature = "slog", allow(unused_imports))]
pub(crate) use self::log::NoopLogger;
#[cfg_attr(feature = "otel", allow(unused_imports))]
pub(crate) use self::trace::NoopTracer;
