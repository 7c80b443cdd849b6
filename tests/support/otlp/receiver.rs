//! [`Receiver`]: our recording OTLP receiver, `scripts/otlp_receiver.py`,
//! run by the venv python, plaintext or over TLS.

use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{mpsc, Mutex};
use std::thread;
use std::time::Duration;

use serde_json::Value;

use super::child::{env_path, reap, START_BOUND};
use super::temp_dir::{fresh_temp_dir, remove_temp_dir};
use super::{at_least, lock, Ports, TlsFiles, INSTALL_HINT, PYTHON_VAR};

/// Our recording OTLP receiver (`scripts/otlp_receiver.py`), serving
/// OTLP/HTTP and OTLP/gRPC, traces, logs and metrics; it appends one JSON
/// line per request to a record file that [`Receiver::requests`] reads back
/// ([`Receiver::spans`], [`Receiver::logs`] and [`Receiver::metrics`]: their
/// items).
#[derive(Debug)]
pub struct Receiver {
    child: Mutex<Child>,
    /// Kept open: the receiver exits when its stdin closes, so it dies with
    /// the test process even when no destructor runs.
    stdin: Option<ChildStdin>,
    dir: PathBuf,
    record: PathBuf,
    stderr: PathBuf,
    http_port: u16,
    grpc_port: u16,
    tls: bool,
}

impl Receiver {
    /// Starts the receiver, plaintext; panics, saying how to install it, when
    /// it cannot.
    pub fn start() -> Receiver {
        Receiver::launch(&[])
    }

    /// Starts the receiver with TLS only on both ports, serving
    /// `tls.server_cert` (valid for `127.0.0.1` and `localhost`, signed by
    /// `tls.ca_cert`): OTLP/HTTP over HTTPS ([`Ports::https_endpoint`]) and
    /// OTLP/gRPC over TLS with ALPN `h2` ([`Ports::grpcs_endpoint`]). With
    /// `require_client_cert`, every client must present a certificate signed
    /// by `tls.ca_cert` (such as `tls.client_cert`); its subject's CN is
    /// recorded as `"client_cert_subject"`. A failed handshake records
    /// nothing; see [`Receiver::tls_handshake_failures`]. Panics like
    /// [`Receiver::start`].
    pub fn start_tls(tls: &TlsFiles, require_client_cert: bool) -> Receiver {
        let mut args = vec![
            "--tls-cert".into(),
            tls.server_cert.clone().into_os_string(),
            "--tls-key".into(),
            tls.server_key.clone().into_os_string(),
        ];
        if require_client_cert {
            args.push("--tls-client-ca".into());
            args.push(tls.ca_cert.clone().into_os_string());
        }
        Receiver::launch(&args)
    }

    fn launch(extra_args: &[OsString]) -> Receiver {
        let python = env_path(PYTHON_VAR);
        let dir = fresh_temp_dir("otlp-receiver");
        let record = dir.join("requests.jsonl");
        let stderr = dir.join("receiver.stderr");
        let stderr_file = fs::File::create(&stderr)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", stderr.display()));
        let mut child = Command::new(&python)
            .arg("scripts/otlp_receiver.py")
            .arg("--record")
            .arg(&record)
            .args(extra_args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(stderr_file)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {} ({PYTHON_VAR}): {e}; {INSTALL_HINT}",
                    python.display()
                )
            });
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut line = String::new();
            let read = BufReader::new(stdout).read_line(&mut line).map(|_| line);
            let _ = tx.send(read);
        });
        let ports = match rx.recv_timeout(START_BOUND) {
            Ok(Ok(line)) => parse_ports(&line).ok_or_else(|| format!("printed {line:?}")),
            Ok(Err(e)) => Err(format!("reading its stdout failed: {e}")),
            Err(_) => Err(format!("printed no ports within {START_BOUND:?}")),
        };
        let (http_port, grpc_port) = match ports {
            Ok(ports) => ports,
            Err(why) => {
                let status = reap(&mut child, Duration::ZERO);
                let output = fs::read_to_string(&stderr).unwrap_or_default();
                panic!(
                    "the OTLP receiver did not start ({} scripts/otlp_receiver.py): {why}; \
                     exit: {status:?}; stderr:\n{output}\n{INSTALL_HINT}",
                    python.display()
                );
            }
        };
        Receiver {
            stdin: child.stdin.take(),
            child: Mutex::new(child),
            dir,
            record,
            stderr,
            http_port,
            grpc_port,
            tls: !extra_args.is_empty(),
        }
    }

    /// Whether it was started with TLS ([`Receiver::start_tls`]).
    pub fn is_tls(&self) -> bool {
        self.tls
    }

    /// The receiver's two ports (plain or TLS, as it was started).
    pub fn ports(&self) -> Ports {
        Ports {
            http: self.http_port,
            grpc: self.grpc_port,
        }
    }

    /// The receiver's `tls handshake failed: http|grpc 127.0.0.1:PORT: <ssl
    /// error>` stderr lines so far, one per failed TLS handshake (untrusted
    /// server certificate, missing client certificate, plaintext sent to a
    /// TLS port, ...), without the prefix: `"http 127.0.0.1:PORT: ..."`.
    pub fn tls_handshake_failures(&self) -> Vec<String> {
        let text = fs::read_to_string(&self.stderr).unwrap_or_default();
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        complete
            .lines()
            .filter_map(|line| line.strip_prefix(TLS_FAILURE_PREFIX))
            .map(str::to_owned)
            .collect()
    }

    /// Polls until at least `n` TLS handshakes have failed or `within` has
    /// passed, and returns their lines ([`Receiver::tls_handshake_failures`]).
    pub fn wait_for_tls_handshake_failures(&self, n: usize, within: Duration) -> Vec<String> {
        at_least(n, within, "failed TLS handshakes", || {
            self.tls_handshake_failures()
        })
    }

    /// The JSON-lines file the receiver appends to.
    pub fn record_path(&self) -> &Path {
        &self.record
    }

    /// Every request received so far, in arrival order, one JSON object each
    /// (format: the docstring of `scripts/otlp_receiver.py`), traces, logs
    /// and metrics requests alike (their `"signal"` tells them apart).
    pub fn requests(&self) -> Vec<Value> {
        self.check_alive();
        let text = match fs::read_to_string(&self.record) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => panic!("cannot read {}: {e}", self.record.display()),
        };
        // Only whole lines: the receiver writes each line with one write(2),
        // but never trust a last line without its newline.
        let complete = text.rfind('\n').map_or("", |end| &text[..end]);
        complete
            .lines()
            .map(|line| {
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("bad record line {line:?}: {e}"))
            })
            .collect()
    }

    /// The spans of every request so far, flattened, in arrival order.
    pub fn spans(&self) -> Vec<Value> {
        self.items("spans")
    }

    /// The log records of every request so far, flattened, in arrival
    /// order: one JSON object each, LOG in the docstring of
    /// `scripts/otlp_receiver.py` (`"trace_id"`, `"span_id"`,
    /// `"severity_number"`, `"severity_text"`, `"body"`, `"attributes"`,
    /// `"resource"`, `"scope"`, ...).
    pub fn logs(&self) -> Vec<Value> {
        self.items("logs")
    }

    /// The metrics of every request so far, flattened, in arrival order:
    /// one JSON object each, METRIC in the docstring of
    /// `scripts/otlp_receiver.py` (`"name"`, `"description"`, `"unit"`,
    /// `"kind"`, `"monotonic"`, `"temporality"`, `"resource"`, `"scope"`,
    /// `"points"`: POINTs with `"attributes"`, `"value"`, `"count"`, `"sum"`,
    /// `"bucket_counts"`, `"explicit_bounds"`, `"exemplars"`, ...).
    pub fn metrics(&self) -> Vec<Value> {
        self.items("metrics")
    }

    /// The `key` lists (`"spans"`, `"logs"`, `"metrics"`) of every request so far,
    /// concatenated.
    fn items(&self, key: &str) -> Vec<Value> {
        self.requests()
            .into_iter()
            .flat_map(|mut request| match request[key].take() {
                Value::Array(items) => items,
                _ => Vec::new(),
            })
            .collect()
    }

    /// Polls until at least `n` spans have arrived or `within` has passed,
    /// and returns what arrived (the test asserts on it).
    pub fn wait_for_spans(&self, n: usize, within: Duration) -> Vec<Value> {
        at_least(n, within, "spans at the receiver", || self.spans())
    }

    /// Polls until at least `n` log records have arrived or `within` has
    /// passed, and returns what arrived (the test asserts on it).
    pub fn wait_for_logs(&self, n: usize, within: Duration) -> Vec<Value> {
        at_least(n, within, "log records at the receiver", || self.logs())
    }

    /// Polls until at least `n` metrics have arrived (counted over all
    /// requests: a metric exported twice counts twice) or `within` has
    /// passed, and returns what arrived (the test asserts on it).
    pub fn wait_for_metrics(&self, n: usize, within: Duration) -> Vec<Value> {
        at_least(n, within, "metrics at the receiver", || self.metrics())
    }

    /// Polls until at least `n` requests (with spans, log records, metrics, or refused) have
    /// arrived or `within` has passed, and returns them.
    pub fn wait_for_requests(&self, n: usize, within: Duration) -> Vec<Value> {
        at_least(n, within, "requests at the receiver", || self.requests())
    }

    /// Panics, with its stderr, if the receiver has exited.
    fn check_alive(&self) {
        let mut child = lock(&self.child);
        if let Ok(Some(status)) = child.try_wait() {
            let output = fs::read_to_string(&self.stderr).unwrap_or_default();
            panic!("the OTLP receiver exited ({status}); stderr:\n{output}");
        }
    }
}

/// How the receiver starts each stderr line about a failed TLS handshake.
const TLS_FAILURE_PREFIX: &str = "tls handshake failed: ";

fn parse_ports(line: &str) -> Option<(u16, u16)> {
    let ports: Value = serde_json::from_str(line.trim()).ok()?;
    let port = |key: &str| ports[key].as_u64().and_then(|p| u16::try_from(p).ok());
    Some((port("http")?, port("grpc")?))
}

impl Drop for Receiver {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let child = self.child.get_mut().unwrap_or_else(|p| p.into_inner());
        let _ = child.kill();
        let _ = child.wait();
        remove_temp_dir(&self.dir, "OTLP receiver");
    }
}
