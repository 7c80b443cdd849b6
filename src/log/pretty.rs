//! The pretty format for development: one readable line per record,
//! `timestamp LEVEL logger event key=value …`, coloured only on a terminal.

use std::fmt::{self, Write as _};

use super::level_name;
use super::timestamp::Timestamp;
use crate::text::quote::Quoted;

/// Collects a record's key-values as `key=value` text.
#[derive(Default)]
struct Collect {
    logger: String,
    event: String,
    pairs: String,
}

impl Collect {
    fn pair(&mut self, key: &str, value: &str, quote: bool) {
        match key {
            "logger" => self.logger = value.to_owned(),
            "event" => self.event = value.to_owned(),
            _ => {
                // Keys and text values by the one quoting rule
                // (`text::quote`): a record stays on one line whatever it
                // holds. Numbers, booleans and null are written as they are.
                let _ = write!(self.pairs, " {}=", Quoted(key));
                if quote {
                    let _ = write!(self.pairs, "{}", Quoted(value));
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
    let _ = write!(line, " {} {}", Quoted(&c.logger), Quoted(&c.event));
    line.push_str(&c.pairs);
    line.push('\n');
    write(line.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::quote::assert_one_clean_line;

    fn line(logger: &str, event: &str, key: &'static str, value: &str) -> String {
        let mut out = String::new();
        let rs = slog::record_static!(slog::Level::Info, "");
        // slog serializes a borrowed list from its end.
        let kv = slog::b!("n" => 3, key => value, "event" => event, "logger" => logger);
        // The record borrows temporaries: made and rendered in one statement.
        render(
            &slog::Record::new(&rs, &format_args!(""), kv),
            false,
            |bytes| out = String::from_utf8(bytes.to_vec()).expect("UTF-8"),
        );
        out
    }

    #[test]
    fn keys_and_values_follow_the_plain_word_rule() {
        let l = line("my_crate::db", "query_done", "table", "users");
        assert!(
            l.contains(" INFO     my_crate::db query_done table=users n=3\n"),
            "{l:?}"
        );
        let l = line("a", "two words", "odd key", "application/vnd.api+json");
        assert!(
            l.contains(" a \"two words\" \"odd key\"=application/vnd.api+json n=3"),
            "{l:?}"
        );
        let l = line("a", "e", "city", "Zürich");
        assert!(l.contains(" city=\"Zürich\""), "{l:?}");
    }

    #[test]
    fn no_key_or_value_writes_a_raw_control_character() {
        // Keys are `&'static str` here: one per character checked.
        let keys: [(&'static str, char); 6] = [
            ("k\nINFO forged", '\n'),
            ("k\rINFO forged", '\r'),
            ("k\x1b[2Kforged", '\x1b'),
            ("k\x7fforged", '\x7f'),
            ("k\u{85}forged", '\u{85}'),
            ("k\u{2028}forged", '\u{2028}'),
        ];
        for (key, c) in keys {
            let forged = format!("x{c}2024-01-01T00:00:00Z INFO forged event");
            let l = line(&forged, &forged, key, &forged);
            assert_one_clean_line(&l);
        }
    }

    proptest::proptest! {
        /// Any logger, event, key and value: one line, no raw control
        /// character but the final newline.
        #[test]
        fn any_text_gives_one_clean_line(
            logger in proptest::prelude::any::<String>(),
            event in proptest::prelude::any::<String>(),
            key in proptest::prelude::any::<String>(),
            value in proptest::prelude::any::<String>(),
        ) {
            let key: &'static str = Box::leak(key.into_boxed_str());
            assert_one_clean_line(&line(&logger, &event, key, &value));
        }
    }
}
