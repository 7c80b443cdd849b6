//! [`Rotel`]: the rotel collector run as a child process, with the threads
//! that collect what it prints.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::child::{env_path, reap, START_BOUND, STOP_BOUND};
use super::ports::accepts_tcp;
use super::rotel_logs::{parse_rotel_logs, RotelLog};
use super::rotel_metrics::{parse_rotel_metrics, RotelMetric};
use super::rotel_spans::{parse_rotel_spans, RotelSpan};
use super::temp_dir::{fresh_temp_dir, remove_temp_dir};
use super::{at_least, lock, Ports, INSTALL_HINT, ROTEL_VAR};
use crate::support::poll::poll_until;

/// Runs rotel with `"$0" "$@"` and kills it when this shell's stdin reaches
/// end of file: when the [`Rotel`] is dropped, or when the test process dies
/// without running destructors. The shell exits once rotel has, with its
/// status.
const ROTEL_WRAPPER: &str = r#"
exec 3<&0 0</dev/null
"$0" "$@" 3<&- &
rotel=$!
( cat <&3 >/dev/null 2>&1; kill -KILL "$rotel" 2>/dev/null ) >/dev/null 2>&1 &
watcher=$!
exec 3<&-
wait "$rotel"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
"#;

/// How long rotel's output must stay still before it is parsed, so that a
/// batch printed in several writes is read whole.
const ROTEL_QUIET: Duration = Duration::from_millis(100);

/// What a reader thread collected from one of rotel's output streams.
#[derive(Debug)]
struct Collected {
    lines: Vec<String>,
    last_line_at: Instant,
    closed: bool,
}

type Shared = Arc<Mutex<Collected>>;

/// The rotel OTLP collector (`rotel-agent start`), an independent receiver
/// with a gRPC and an HTTP port, exporting to a blackhole and printing every
/// span, log record and metric it receives on stdout ([`Rotel::spans`],
/// [`Rotel::logs`] and [`Rotel::metrics`] parse that; the printed formats
/// are described in `rotel_spans.rs`, `rotel_logs.rs` and
/// `rotel_metrics.rs`).
#[derive(Debug)]
pub struct Rotel {
    child: Mutex<Child>,
    /// Kept open: the wrapper shell kills rotel when it closes.
    stdin: Option<ChildStdin>,
    stdout: Shared,
    stderr: Shared,
    readers: Vec<JoinHandle<()>>,
    dir: PathBuf,
    grpc_port: u16,
    http_port: u16,
}

impl Rotel {
    /// Starts rotel on two free loopback ports (retrying with new ports, up
    /// to 3 times, when a port was taken meanwhile); panics, saying how to
    /// install it, when it cannot.
    pub fn start() -> Rotel {
        let binary = env_path(ROTEL_VAR);
        let mut failures = Vec::new();
        for attempt in 1..=3 {
            match Rotel::try_start(&binary) {
                Ok(rotel) => return rotel,
                Err((why, port_taken)) => {
                    failures.push(format!("attempt {attempt}: {why}"));
                    if !port_taken {
                        break;
                    }
                }
            }
        }
        panic!(
            "rotel ({}) did not start:\n{}\n{INSTALL_HINT}",
            binary.display(),
            failures.join("\n")
        );
    }

    /// One start; the error says why and whether a port was taken.
    fn try_start(binary: &Path) -> Result<Rotel, (String, bool)> {
        // Both listeners are held together, so the two ports differ.
        let grpc = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
        let http = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
        let grpc_port = grpc.local_addr().expect("local addr").port();
        let http_port = http.local_addr().expect("local addr").port();
        drop((grpc, http));

        let dir = fresh_temp_dir("rotel");
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(ROTEL_WRAPPER)
            .arg(binary)
            .arg("start")
            .arg("--otlp-grpc-endpoint")
            .arg(format!("127.0.0.1:{grpc_port}"))
            .arg("--otlp-http-endpoint")
            .arg(format!("127.0.0.1:{http_port}"))
            .args(["--exporter", "blackhole"])
            // Repeated, not `traces,logs,metrics` (refused): all three
            // signals print.
            .args(["--debug-log", "traces"])
            .args(["--debug-log", "logs"])
            .args(["--debug-log", "metrics"])
            .args(["--debug-log-verbosity", "detailed"])
            .arg("--pid-file")
            .arg(dir.join("rotel.pid"))
            .arg("--log-file")
            .arg(dir.join("rotel.log"))
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        // Rotel reads its options from ROTEL_* too; only ours count.
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("ROTEL_") {
                command.env_remove(name);
            }
        }
        let mut child = command.spawn().map_err(|e| {
            remove_temp_dir(&dir, "rotel");
            (
                format!("cannot run sh for {}: {e}", binary.display()),
                false,
            )
        })?;
        let stdout = Arc::new(Mutex::new(Collected {
            lines: Vec::new(),
            last_line_at: Instant::now(),
            closed: false,
        }));
        let stderr = Arc::new(Mutex::new(Collected {
            lines: Vec::new(),
            last_line_at: Instant::now(),
            closed: false,
        }));
        let readers = vec![
            collect_lines(child.stdout.take().expect("piped stdout"), stdout.clone()),
            collect_lines(child.stderr.take().expect("piped stderr"), stderr.clone()),
        ];
        let rotel = Rotel {
            stdin: child.stdin.take(),
            child: Mutex::new(child),
            stdout,
            stderr,
            readers,
            dir,
            grpc_port,
            http_port,
        };

        let printed_start = || {
            lock(&rotel.stdout)
                .lines
                .iter()
                .any(|line| line.contains("Starting Rotel"))
        };
        // Ok(()) once it is ready; Err(status) when it exited first.
        let ready = poll_until("rotel to start", START_BOUND, || {
            if printed_start() && accepts_tcp(grpc_port) && accepts_tcp(http_port) {
                return Some(Ok(()));
            }
            lock(&rotel.child).try_wait().ok().flatten().map(Err)
        });
        let why = match ready {
            Ok(Ok(())) => return Ok(rotel),
            Ok(Err(status)) => {
                // Let the readers drain what it printed before it died.
                let _ = poll_until("rotel's output to close", Duration::from_secs(2), || {
                    (lock(&rotel.stdout).closed && lock(&rotel.stderr).closed).then_some(())
                });
                format!("it exited ({status})")
            }
            Err(timed_out) => format!(
                "{timed_out} (\"Starting Rotel\" printed: {}; ports {grpc_port}, \
                 {http_port} accepting: {}, {})",
                printed_start(),
                accepts_tcp(grpc_port),
                accepts_tcp(http_port)
            ),
        };
        let stderr = lock(&rotel.stderr).lines.join("\n");
        let stdout = lock(&rotel.stdout).lines.join("\n");
        let port_taken =
            stderr.contains("unable to bind") || stderr.contains("Address already in use");
        drop(rotel); // kills it if it still runs
        Err((
            format!("{why}\nstdout:\n{stdout}\nstderr:\n{stderr}"),
            port_taken,
        ))
    }

    /// Rotel's two OTLP ports.
    pub fn ports(&self) -> Ports {
        Ports {
            http: self.http_port,
            grpc: self.grpc_port,
        }
    }

    /// Everything rotel printed on stdout so far (after its output has been
    /// still for a moment), one string.
    pub fn output(&self) -> String {
        self.settled_lines().join("\n")
    }

    /// Every span rotel printed so far, in order. Waits (up to 2 s) for its
    /// output to be still for 100 ms first, so the last span is read whole.
    pub fn spans(&self) -> Vec<RotelSpan> {
        parse_rotel_spans(&self.settled_lines())
    }

    /// Polls until rotel has printed at least `n` spans or `within` has
    /// passed, and returns what it printed (the test asserts on it).
    pub fn wait_for_spans(&self, n: usize, within: Duration) -> Vec<RotelSpan> {
        at_least(n, within, "spans printed by rotel", || self.spans())
    }

    /// Every log record rotel printed so far, in order. Waits like
    /// [`Rotel::spans`] first.
    pub fn logs(&self) -> Vec<RotelLog> {
        parse_rotel_logs(&self.settled_lines())
    }

    /// Polls until rotel has printed at least `n` log records or `within`
    /// has passed, and returns what it printed (the test asserts on it).
    pub fn wait_for_logs(&self, n: usize, within: Duration) -> Vec<RotelLog> {
        at_least(n, within, "log records printed by rotel", || self.logs())
    }

    /// Every metric rotel printed so far, in order (a metric exported twice
    /// appears twice). Waits like [`Rotel::spans`] first.
    pub fn metrics(&self) -> Vec<RotelMetric> {
        parse_rotel_metrics(&self.settled_lines())
    }

    /// Polls until rotel has printed at least `n` metrics or `within` has
    /// passed, and returns what it printed (the test asserts on it).
    pub fn wait_for_metrics(&self, n: usize, within: Duration) -> Vec<RotelMetric> {
        at_least(n, within, "metrics printed by rotel", || self.metrics())
    }

    fn settled_lines(&self) -> Vec<String> {
        let settled = poll_until("rotel's output to settle", Duration::from_secs(2), || {
            let collected = lock(&self.stdout);
            let quiet = collected.last_line_at.elapsed();
            (collected.closed || quiet >= ROTEL_QUIET).then(|| collected.lines.clone())
        });
        // Still printing after that: what is there so far.
        settled.unwrap_or_else(|_| lock(&self.stdout).lines.clone())
    }
}

/// Reads `stream` line by line into `into` until it closes.
fn collect_lines(stream: impl Read + Send + 'static, into: Shared) -> JoinHandle<()> {
    thread::spawn(move || {
        let mut reader = BufReader::new(stream);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            match reader.read_until(b'\n', &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let line = strip_ansi(&String::from_utf8_lossy(&buf));
                    let mut collected = lock(&into);
                    collected
                        .lines
                        .push(line.trim_end_matches(['\n', '\r']).to_owned());
                    collected.last_line_at = Instant::now();
                }
            }
        }
        lock(&into).closed = true;
    })
}

/// `text` without ANSI escape sequences (`ESC [ ... letter`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

impl Drop for Rotel {
    fn drop(&mut self) {
        // Closing stdin makes the wrapper kill rotel; it then exits itself.
        drop(self.stdin.take());
        let child = self.child.get_mut().unwrap_or_else(|p| p.into_inner());
        reap(child, STOP_BOUND);
        // The readers end once rotel and the wrapper have closed the pipes.
        let _ = poll_until("rotel's output readers to end", STOP_BOUND, || {
            self.readers
                .iter()
                .all(JoinHandle::is_finished)
                .then_some(())
        });
        for reader in self.readers.drain(..) {
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        remove_temp_dir(&self.dir, "rotel");
    }
}
