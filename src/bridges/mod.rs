//! Bridges from the logging crates a service's dependencies speak into this
//! crate's records (and spans), chosen here once per bridge.
//!
//! `log` (feature `log-bridge`): `init` installs a `log::Log` that turns
//! every `log` record into one of ours (when a log backend is compiled in,
//! and `Config::capture_log_crate` is on, the default).
//!
//! `tracing` (feature `tracing-bridge`): [`TracingLayer`], a
//! `tracing-subscriber` layer turning `tracing` events into our records and
//! `tracing` spans into our spans; `init` installs it as the global
//! `tracing` subscriber when the application has none
//! (`Config::capture_tracing`, on by default).
//!
//! The other direction, our spans and records into an application's
//! `tracing` subscriber (feature `tracing-forward`), is a backend wrapper
//! (`crate::forward`); both `tracing` directions share the loop guard
//! ([`tracing_origin`]).

use crate::Config;

cfg_if::cfg_if! {
    if #[cfg(any(feature = "tracing-bridge", feature = "tracing-forward"))] {
        pub(crate) mod tracing_origin;
    }
}

cfg_if::cfg_if! {
    if #[cfg(any(feature = "log-bridge", feature = "tracing-bridge"))] {
        mod shared;
        use shared::set_directives;
    } else {
        fn set_directives(_config: &Config) {}
    }
}

cfg_if::cfg_if! {
    if #[cfg(feature = "log-bridge")] {
        mod log_crate;
        use log_crate::install as install_log;
    } else {
        mod log_crate_compiled_out;
        use log_crate_compiled_out::install as install_log;
    }
}

cfg_if::cfg_if! {
    if #[cfg(feature = "tracing-bridge")] {
        mod tracing_layer;
        use tracing_layer::install as install_tracing;
        pub use tracing_layer::{tracing_layer, TracingLayer};
    } else {
        mod tracing_compiled_out;
        use tracing_compiled_out::install as install_tracing;
    }
}

/// Installs the bridges `config` asks for (called once, by `init`).
pub(crate) fn install(config: &Config) {
    set_directives(config);
    install_log(config);
    install_tracing(config);
}
