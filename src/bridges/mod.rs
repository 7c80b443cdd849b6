//! Bridges from the logging crates a service's dependencies speak into this
//! crate's records, chosen here once per bridge.
//!
//! `log` (feature `log-bridge`): `init` installs a `log::Log` that turns
//! every `log` record into one of ours (when a log backend is compiled in,
//! and `Config::capture_log_crate` is on, the default).

cfg_if::cfg_if! {
    if #[cfg(feature = "log-bridge")] {
        mod log_crate;
        pub(crate) use log_crate::install;
    } else {
        mod log_crate_compiled_out;
        pub(crate) use log_crate_compiled_out::install;
    }
}
