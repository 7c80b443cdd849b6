//! [`Carrier`] for `http::HeaderMap` (the `http` feature).

use super::Carrier;

#[cfg_attr(docsrs, doc(cfg(feature = "http")))]
impl Carrier for http::HeaderMap {
    fn get_all(&self, name: &str) -> Vec<&str> {
        http::HeaderMap::get_all(self, name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    fn set(&mut self, name: &str, value: String) {
        // Our header names and values are always valid; skip anything else.
        if let (Ok(name), Ok(value)) = (
            http::header::HeaderName::from_bytes(name.as_bytes()),
            http::header::HeaderValue::from_str(&value),
        ) {
            self.insert(name, value);
        }
    }
}
