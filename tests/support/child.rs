//! Runs one `#[ignore]`d test of this binary alone in a child process, with
//! `RUST_LOG`, `LOG_FORMAT` and `OTEL_SDK_DISABLED` removed and `env` set:
//! for the cases that need their own `init` or their own global `tracing`
//! subscriber. Fails the calling test if the child fails.

/// The child's whole output, after checking it succeeded.
pub(crate) fn run_child(name: &str, env: &[(&str, &str)]) -> std::process::Output {
    let mut command = std::process::Command::new(std::env::current_exe().expect("own path"));
    command
        .args([
            "--ignored",
            "--exact",
            name,
            "--nocapture",
            "--test-threads=1",
        ])
        .env_remove("RUST_LOG")
        .env_remove("LOG_FORMAT")
        .env_remove("OTEL_SDK_DISABLED");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = command.output().expect("child test runs");
    assert!(out.status.success(), "{out:?}");
    out
}
