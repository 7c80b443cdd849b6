//! The JSON-lines sink, chosen once here: the real one over `slog-json`
//! with the `json` feature, an uninhabited stand-in without it (so the
//! emit path reads the same in every build, and a `Sink::Json` simply
//! cannot exist when JSON is compiled out).

mod frame;
pub(crate) use frame::Frame;

cfg_if::cfg_if! {
    if #[cfg(feature = "json")] {
        mod slog_json;
        pub(crate) use slog_json::JsonSink;
    } else {
        mod compiled_out;
        pub(crate) use compiled_out::JsonSink;
    }
}
