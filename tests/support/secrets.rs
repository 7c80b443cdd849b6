//! The table of hostile keys the redaction tests write under: secret keys
//! in every case style and position, and near-misses that must be left
//! alone. Shared by `tests/redaction.rs` (lines, spans) and
//! `tests/otlp_logs.rs` (log records at the collector).

/// What a redacted value is written as.
pub const MARKER: &str = "[REDACTED]";
/// The value written under every key of [`KEYS`].
pub const SECRET: &str = "s3cr3t-VALUE";

/// (key, redacted by the default rules)
pub const KEYS: &[(&str, bool)] = &[
    ("password", true),
    ("PASSWORD", true),
    ("Password", true),
    ("passwd", true),
    ("pwd", true),
    ("db.password", true),
    ("user_password", true),
    ("user-password", true),
    ("secret", true),
    ("client_secret", true),
    ("client.secret", true),
    ("token", true),
    ("access_token", true),
    ("refresh-token", true),
    ("id.token", true),
    ("api_key", true),
    ("apikey", true),
    ("apiKey", true),
    ("x-api-key", true),
    ("X_API_KEY", true),
    ("authorization", true),
    ("Authorization", true),
    ("http.request.header.authorization", true),
    ("proxy-authorization", true),
    ("cookie", true),
    ("Cookie", true),
    ("set-cookie", true),
    ("http.response.header.set_cookie", true),
    ("private_key", true),
    ("tls.private-key", true),
    ("credit_card", true),
    ("card_number", true),
    ("payment.card-number", true),
    ("cvv", true),
    ("ssn", true),
    ("user.ssn", true),
    // Near-misses: left alone.
    ("passwordless", false),
    ("password_policy", false),
    ("token_count", false),
    ("tokens", false),
    ("secretary", false),
    ("author", false),
    ("authority", false),
    ("cookies_enabled", false),
    ("key", false),
    ("api", false),
    ("card", false),
    ("user", false),
    ("session_id", false),
    ("tokenizer", false),
    ("ssn_checked", false),
    ("order_id", false),
];
