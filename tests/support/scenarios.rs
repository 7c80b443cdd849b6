//! The runner of the `harness = false` tests whose scenarios each need a
//! process of their own (`init` is once per process): `main` runs every
//! scenario in a child process (this same binary with `--scenario NAME`),
//! in parallel, and fails when any child fails, takes too long, or does not
//! print its expected stderr line exactly once. Extra arguments filter
//! scenarios by substring, like libtest.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A scenario: its name, what it runs, and the one line its stderr must
/// hold exactly once, if any.
pub type Scenario = (&'static str, fn(), Option<&'static str>);

/// How long one scenario may run before it counts as hung.
const SCENARIO_BOUND: Duration = Duration::from_secs(180);

/// Runs `--scenario NAME` when asked to, else every scenario (filtered by
/// the arguments) in a child process of its own, in parallel; exits 1 when
/// any fails.
pub fn main(scenarios: fn() -> Vec<Scenario>) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--scenario") {
        let name = args.get(i + 1).expect("--scenario NAME");
        let (_, run, _) = scenarios()
            .into_iter()
            .find(|(n, _, _)| n == name)
            .unwrap_or_else(|| panic!("no scenario {name:?}"));
        run();
        return;
    }
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let chosen: Vec<&str> = scenarios()
        .into_iter()
        .map(|(n, _, _)| n)
        .filter(|n| filters.is_empty() || filters.iter().any(|f| n.contains(f.as_str())))
        .collect();
    println!(
        "\nrunning {} OTLP scenarios, each in its own process",
        chosen.len()
    );
    let exe = std::env::current_exe().expect("own path");
    let children: Vec<_> = chosen
        .iter()
        .map(|name| {
            let exe = exe.clone();
            let name = name.to_string();
            std::thread::spawn(move || {
                let started = Instant::now();
                let out = Command::new(exe)
                    .args(["--scenario", &name])
                    .stdin(Stdio::null())
                    .output();
                (name, started.elapsed(), out)
            })
        })
        .collect();
    let mut failed = Vec::new();
    for child in children {
        let (name, took, out) = child.join().expect("runner thread");
        match out {
            Ok(out)
                if out.status.success()
                    && took < SCENARIO_BOUND
                    && reported_once(scenarios, &name, &out.stderr) =>
            {
                println!("scenario {name} ... ok ({:.1} s)", took.as_secs_f64());
            }
            Ok(out) => {
                println!(
                    "scenario {name} ... FAILED ({:?}, {:.1} s)",
                    out.status,
                    took.as_secs_f64()
                );
                println!(
                    "---- {name} stdout ----\n{}",
                    String::from_utf8_lossy(&out.stdout)
                );
                println!(
                    "---- {name} stderr ----\n{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                failed.push(name);
            }
            Err(e) => {
                println!("scenario {name} ... FAILED to start: {e}");
                failed.push(name);
            }
        }
    }
    if failed.is_empty() {
        println!("\ntest result: ok. {} scenarios passed\n", chosen.len());
    } else {
        println!("\ntest result: FAILED. failing scenarios: {failed:?}\n");
        std::process::exit(1);
    }
}

/// Whether the scenario's stderr holds its expected line exactly once.
fn reported_once(scenarios: fn() -> Vec<Scenario>, name: &str, stderr: &[u8]) -> bool {
    let expected = scenarios()
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .and_then(|s| s.2);
    let Some(expected) = expected else {
        return true;
    };
    let stderr = String::from_utf8_lossy(stderr);
    let found = stderr.lines().filter(|l| l.starts_with(expected)).count();
    if found != 1 {
        println!("{name}: expected one stderr line starting with {expected:?}, found {found}");
    }
    found == 1
}
