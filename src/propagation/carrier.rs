//! Carriers: where propagation headers are read from and written to.

use std::collections::HashMap;

/// A set of headers: HTTP request headers, message metadata.
///
/// Implemented for `HashMap<String, String>` (names compared without
/// regard to case, as HTTP does) and, with the `http` feature, for
/// `http::HeaderMap`.
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
