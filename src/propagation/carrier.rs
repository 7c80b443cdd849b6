//! Carriers: where propagation headers are read from and written to.

use std::collections::HashMap;

/// A set of headers: HTTP request headers, message metadata.
///
/// Implemented for `HashMap<String, String>` (names compared without
/// regard to case, as HTTP does) and, with the `http` feature, for
/// `http::HeaderMap`.
///
/// # Examples
///
/// Message metadata kept as an ordered list:
///
/// ```
/// use telemetry_facade::propagation::{extract, inject, Carrier};
///
/// #[derive(Default)]
/// struct MessageHeaders(Vec<(String, String)>);
///
/// impl Carrier for MessageHeaders {
///     fn get_all(&self, name: &str) -> Vec<&str> {
///         self.0
///             .iter()
///             .filter(|(k, _)| k.eq_ignore_ascii_case(name))
///             .map(|(_, v)| v.as_str())
///             .collect()
///     }
///
///     fn set(&mut self, name: &str, value: String) {
///         self.0.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
///         self.0.push((name.to_owned(), value));
///     }
/// }
///
/// let mut received = MessageHeaders::default();
/// received.set(
///     "traceparent",
///     "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01".to_owned(),
/// );
/// let mut forwarded = MessageHeaders::default();
/// extract(&received).run(|| inject(&mut forwarded));
/// // The trace continues, in every build.
/// let traceparent = forwarded.get_all("traceparent");
/// assert_eq!(traceparent.len(), 1);
/// assert!(traceparent[0].starts_with("00-4bf92f3577b34da6a3ce929d0e0e4736-"));
/// ```
pub trait Carrier {
    /// Every value of the header `name`, in order (several header lines
    /// with the same name are combined by the caller as HTTP requires).
    fn get_all(&self, name: &str) -> Vec<&str>;

    /// Sets the header `name` to `value`, replacing what was there.
    fn set(&mut self, name: &str, value: String);
}

impl Carrier for HashMap<String, String> {
    fn get_all(&self, name: &str) -> Vec<&str> {
        match self.get(name) {
            Some(v) => vec![v.as_str()],
            None => self
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
                .collect(),
        }
    }

    fn set(&mut self, name: &str, value: String) {
        self.retain(|k, _| !k.eq_ignore_ascii_case(name));
        self.insert(name.to_owned(), value);
    }
}
