//! TLS for the OTLP transports, chosen once here: rustls with the
//! `otlp-tls` feature; without it, plain `http://` only (an `https://`
//! endpoint is refused with the reason).

cfg_if::cfg_if! {
    if #[cfg(feature = "otlp-tls")] {
        mod rustls_tls;
        pub(super) use rustls_tls::Tls;
    } else {
        mod plain_only;
        pub(super) use plain_only::Tls;
    }
}
