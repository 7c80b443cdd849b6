//! An application's own `slog::Drain` receives the records (feature
//! `slog`), and nothing is written before `init`. Its own process.
#![cfg(feature = "slog")]

use std::fmt::Arguments;
use std::sync::{Arc, Mutex};

use telemetry_facade::{get_telemetry, info, init, Config, Field};

/// One record as `(level, message, [(key, value)])`.
type Record = (String, String, Vec<(String, String)>);

/// Keeps every record.
#[derive(Clone, Default)]
struct Collect(Arc<Mutex<Vec<Record>>>);

struct Pairs(Vec<(String, String)>);
impl slog::Serializer for Pairs {
    fn emit_arguments(&mut self, key: slog::Key, val: &Arguments<'_>) -> slog::Result {
        self.0.push((key.to_string(), val.to_string()));
        Ok(())
    }
}

impl slog::Drain for Collect {
    type Ok = ();
    type Err = slog::Never;
    fn log(
        &self,
        record: &slog::Record<'_>,
        values: &slog::OwnedKVList,
    ) -> Result<(), slog::Never> {
        let mut pairs = Pairs(Vec::new());
        let _ = slog::KV::serialize(&record.kv(), record, &mut pairs);
        let _ = slog::KV::serialize(values, record, &mut pairs);
        self.0.lock().unwrap().push((
            record.level().as_str().to_owned(),
            record.msg().to_string(),
            pairs.0,
        ));
        Ok(())
    }
}

#[test]
fn an_application_drain_gets_the_records_after_init_only() {
    let drain = Collect::default();
    let logger = get_telemetry("drain_test").logger().clone();
    info!(logger, "before_init", n = 1);
    assert!(drain.0.lock().unwrap().is_empty());

    let _guard = init(Config::new().slog_drain(drain.clone())).unwrap();
    let bound = logger.bind(&[Field::new("request_id", "r-9")]);
    get_telemetry("drain_test")
        .tracer()
        .in_span("drain_span", |span| {
            info!(bound, "after_init", n = 2, password = "hunter2");
            let records = drain.0.lock().unwrap();
            assert_eq!(records.len(), 1, "{records:?}");
            let (level, msg, pairs) = &records[0];
            assert_eq!((level.as_str(), msg.as_str()), ("INFO", "after_init"));
            let get = |k: &str| {
                pairs
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.as_str())
            };
            assert_eq!(get("logger"), Some("drain_test"));
            assert_eq!(get("event"), Some("after_init"));
            assert_eq!(get("request_id"), Some("r-9"));
            assert_eq!(get("n"), Some("2"));
            assert_eq!(
                get("password"),
                Some("[REDACTED]"),
                "redacted for drains too"
            );
            match span.context() {
                Some(cx) => assert_eq!(get("trace_id"), Some(cx.trace_id().to_string().as_str())),
                None => assert_eq!(get("trace_id"), None),
            }
        });
}
