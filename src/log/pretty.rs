//! The pretty format for development: one readable line per record,
//! `timestamp LEVEL logger event key=value …`, coloured only on a terminal.

use std::fmt::{self, Write as _};

use super::level_name;
use super::timestamp::Timestamp;

/// Collects a record's key-values as `key=value` text.
#[derive(Default)]
struct Collect {
    logger: String,
    event: String,
    pairs: String,
}

/// A value as is when it is a plain word, else quoted and escaped: a record
/// stays on one line whatever it holds.
fn push_quoted(out: &mut String, value: &str) {
    let plain = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '/' | '@' | '+'));
    if plain {
        out.push_str(value);
    } else {
        let _ = write!(out, "{value:?}");
    }
}

impl Collect {
    fn pair(&mut self, key: &str, value: &str, quote: bool) {
        match key {
            "logger" => self.logger = value.to_owned(),
            "event" => self.event = value.to_owned(),
            _ => {
                self.pairs.push(' ');
                self.pairs.push_str(key);
                self.pairs.push('=');
                if quote {
                    push_quoted(&mut self.pairs, value);
                } else {
                    self.pairs.push_str(value);
                }
            }
        }
    }
}

impl slog::Serializer for Collect {
    fn emit_arguments(&mut self, key: slog::Key, val: &fmt::Arguments<'_>) -> slog::Result {
        let text = val.to_string();
        self.pair(key.as_ref(), &text, true);
        Ok(())
    }
    fn emit_str(&mut self, key: slog::Key, val: &str) -> slog::Result {
        self.pair(key.as_ref(), val, true);
        Ok(())
    }
    fn emit_none(&mut self, key: slog::Key) -> slog::Result {
        self.pair(key.as_ref(), "null", false);
        Ok(())
    }
    fn emit_f64(&mut self, key: slog::Key, val: f64) -> slog::Result {
        self.pair(key.as_ref(), &val.to_string(), false);
        Ok(())
    }
    fn emit_i64(&mut self, key: slog::Key, val: i64) -> slog::Result {
        self.pair(key.as_ref(), &val.to_string(), false);
        Ok(())
    }
    fn emit_u64(&mut self, key: slog::Key, val: u64) -> slog::Result {
        self.pair(key.as_ref(), &val.to_string(), false);
        Ok(())
    }
    fn emit_bool(&mut self, key: slog::Key, val: bool) -> slog::Result {
        self.pair(key.as_ref(), if val { "true" } else { "false" }, false);
        Ok(())
    }
}

fn color_of(level: slog::Level) -> &'static str {
    match level {
        slog::Level::Trace | slog::Level::Debug => "\x1b[2m",
        slog::Level::Info => "\x1b[32m",
        slog::Level::Warning => "\x1b[33m",
        slog::Level::Error | slog::Level::Critical => "\x1b[31m",
    }
}

/// Renders `record` as one line and hands it to `write`.
pub(crate) fn render(record: &slog::Record<'_>, color: bool, write: impl FnOnce(&[u8])) {
    let mut c = Collect::default();
    let _ = slog::KV::serialize(&record.kv(), record, &mut c);
    let level = level_name(record.level()).to_ascii_uppercase();
    let mut line = String::with_capacity(96 + c.pairs.len());
    line.push_str(Timestamp::now().as_str());
    line.push(' ');
    if color {
        let _ = write!(line, "{}{level:<8}\x1b[0m", color_of(record.level()));
    } else {
        let _ = write!(line, "{level:<8}");
    }
    line.push(' ');
    push_quoted(&mut line, &c.logger);
    line.push(' ');
    push_quoted(&mut line, &c.event);
    line.push_str(&c.pairs);
    line.push('\n');
    write(line.as_bytes());
}
