//! The slog backend's escape hatch on [`Config`]: an application's own
//! `slog::Drain`. It exists only in builds with the `slog` feature (its
//! signature names a `slog` trait), and is the one place that fills the
//! backend's `Config` payload.

use std::fmt;
use std::panic::RefUnwindSafe;

use crate::Config;

/// An application's drain, made infallible.
pub(crate) type AppDrain = Box<dyn slog::SendSyncRefUnwindSafeDrain<Ok = (), Err = slog::Never>>;

/// The drain an application set, if any: the slog backend's `Config`
/// payload.
#[derive(Default)]
pub(crate) struct DrainSlot(pub(crate) Option<AppDrain>);

impl fmt::Debug for DrainSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Some(_) => "an application slog drain",
            None => "the built-in output",
        })
    }
}

impl Config {
    /// Sends log records to an application's `slog::Drain` instead of the
    /// built-in output; format and output settings then do not apply.
    /// Records carry `logger`, `event`, bound, scoped and call fields, then
    /// the trace fields, as key-values; errors of the drain are ignored.
    ///
    /// An escape hatch for applications: only with the `slog` feature.
    ///
    /// # Examples
    ///
    /// ```
    /// use telemetry_facade::Config;
    ///
    /// let config = Config::new().slog_drain(slog::Discard);
    /// # let _ = config;
    /// ```
    #[cfg_attr(docsrs, doc(cfg(feature = "slog")))]
    pub fn slog_drain<D>(mut self, drain: D) -> Config
    where
        D: slog::Drain + Send + Sync + RefUnwindSafe + 'static,
    {
        self.log_payload.0 = Some(Box::new(slog::Drain::ignore_res(drain)));
        self
    }
}
