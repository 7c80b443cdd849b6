//! `LogOutput::File` appends whole JSON lines to a file. Its own process.
#![cfg(feature = "json")]

use telemetry_facade::{get_telemetry, info, init, Config, LogOutput};

#[test]
fn records_are_appended_to_the_file() {
    let path =
        std::env::temp_dir().join(format!("telemetry-facade-log-{}.jsonl", std::process::id()));
    let _ = std::fs::remove_file(&path);
    std::fs::write(&path, "existing line\n").unwrap();
    let guard = init(Config::new().log_output(LogOutput::File(path.clone()))).unwrap();
    let logger = get_telemetry("file_test").logger().clone();
    for i in 0..3 {
        info!(logger, "to_file", i = i);
    }
    drop(guard);
    let text = std::fs::read_to_string(&path).unwrap();
    let _ = std::fs::remove_file(&path);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert_eq!(lines[0], "existing line", "the file is appended to");
    for (i, line) in lines[1..].iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            (v["event"].as_str(), v["i"].as_u64()),
            (Some("to_file"), Some(i as u64))
        );
    }
}
