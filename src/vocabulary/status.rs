//! Span status and span kind.

use std::borrow::Cow;

/// The outcome of the operation a span describes.
///
/// Follows OpenTelemetry's rules: `Ok` is final (a later `Error` does not
/// replace it), `Error` carries a description, and `Unset` is the default.
///
/// # Examples
///
/// ```
/// use telemetry_facade::Status;
///
/// let s = Status::error("connection refused");
/// assert_eq!(s, Status::Error { description: "connection refused".into() });
/// assert_eq!(Status::default(), Status::Unset);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Status {
    /// No status was set.
    #[default]
    Unset,
    /// The operation succeeded.
    Ok,
    /// The operation failed.
    Error {
        /// What went wrong.
        description: Cow<'static, str>,
    },
}

impl Status {
    /// An `Error` status with a description.
    pub fn error(description: impl Into<Cow<'static, str>>) -> Status {
        Status::Error {
            description: description.into(),
        }
    }
}

/// The role of a span in a trace, as OpenTelemetry defines it.
///
/// # Examples
///
/// ```
/// use telemetry_facade::SpanKind;
///
/// assert_eq!(SpanKind::default(), SpanKind::Internal);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SpanKind {
    /// An internal operation (the default).
    #[default]
    Internal,
    /// The server side of a synchronous request.
    Server,
    /// The client side of a synchronous request.
    Client,
    /// The sender of an asynchronous message.
    Producer,
    /// The receiver of an asynchronous message.
    Consumer,
}
