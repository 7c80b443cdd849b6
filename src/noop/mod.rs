//! The no-op backends: zero-sized handles whose methods do nothing, and the
//! header pass-through of builds without a trace backend.
//!
//! Always compiled, so that the `--all-features` build still type-checks
//! them against the backend contract; unused in builds where a real
//! backend is on.

/// `Install` for a no-op backend: nothing to set up, shut down, carry in
/// `Config` or capture.
macro_rules! install_nothing {
    ($backend:ty) => {
        impl $crate::backend::Install for $backend {
            const RECORDS: bool = false;
            type ConfigPayload = $crate::noop::Nothing;

            fn install(_config: &mut $crate::Config) -> Result<(), $crate::InitError> {
                Ok(())
            }

            fn shutdown(_deadline: std::time::Duration) -> Result<(), $crate::InitError> {
                Ok(())
            }

            fn flush(_deadline: std::time::Duration) {}

            type Capture = $crate::noop::Nothing;

            fn capture_into(config: $crate::Config, _capture: &Self::Capture) -> $crate::Config {
                config
            }
        }
    };
}

#[cfg_attr(feature = "slog", allow(dead_code, unused_imports))]
pub(crate) mod log;
#[cfg_attr(feature = "metrics", allow(dead_code, unused_imports))]
pub(crate) mod metrics;
#[cfg_attr(feature = "otel", allow(dead_code, unused_imports))]
pub(crate) mod pass_through;
#[cfg_attr(feature = "otel", allow(dead_code, unused_imports))]
pub(crate) mod trace;

/// A captured nothing: what the no-op backends capture as context or scope,
/// and carry as `Config` payload. A struct rather than `()`, so call sites
/// read the same in every build.
#[derive(Clone, Debug, Default)]
pub(crate) struct Nothing;

/// Restores nothing when dropped.
#[derive(Debug)]
pub(crate) struct NoGuard;
