//! Receivers for the OTLP export integration tests.
//!
//! Include it from a test with
//!
//! ```ignore
//! #[path = "support/otlp.rs"]
//! mod otlp;
//! ```
//!
//! It offers three things to export to, all on loopback ports:
//!
//! * [`Receiver`]: our recording receiver, `scripts/otlp_receiver.py`, which
//!   decodes OTLP/HTTP and OTLP/gRPC trace exports with the official protobuf
//!   definitions and records every request as one JSON object (headers, real
//!   compression, spans). The record format is described at the top of that
//!   script.
//! * [`Rotel`]: the rotel collector, an independent OTLP implementation,
//!   printing what it received; [`RotelSpan`] is a span parsed from that text.
//! * [`Stalled`]: a TCP server that accepts and reads but never answers, for
//!   timeout tests; [`free_port`] gives a port nothing listens on.
//!
//! For TLS, [`TlsFiles::generate`] makes a test CA with server and client
//! certificates (with the `openssl` command), and [`Receiver::start_tls`]
//! runs the recording receiver with them, HTTPS and gRPC over TLS.
//!
//! The Python side is installed by `eval "$(bash scripts/otlp_venv.sh)"`,
//! which exports `TELEMETRY_FACADE_OTLP_PYTHON` and `TELEMETRY_FACADE_ROTEL`.
//! Without them, or when a receiver does not start, the constructors panic:
//! these tests fail, they never skip.
//!
//! Every wait here is bounded; children are killed and reaped on drop. A
//! temporary directory holding a receiver's files is removed on drop, except
//! when the test is panicking: then its path is printed for inspection.

#![allow(dead_code, unreachable_pub)]

use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// The variable naming the venv python that runs `scripts/otlp_receiver.py`.
pub const PYTHON_VAR: &str = "TELEMETRY_FACADE_OTLP_PYTHON";
/// The variable naming the `rotel-agent` binary.
pub const ROTEL_VAR: &str = "TELEMETRY_FACADE_ROTEL";
/// What to run when the variables are missing.
pub const INSTALL_HINT: &str =
    "install the OTLP test receivers and export their paths by running, \
     in the repository root: eval \"$(bash scripts/otlp_venv.sh)\"";

/// How long a receiver may take to start.
const START_BOUND: Duration = Duration::from_secs(30);
/// How long a child may take to exit once told to.
const STOP_BOUND: Duration = Duration::from_secs(10);
/// How often waits poll.
const POLL: Duration = Duration::from_millis(20);

fn env_path(var: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(value) if !value.is_empty() => PathBuf::from(value),
        _ => panic!("{var} is not set: {INSTALL_HINT}"),
    }
}

/// A new, empty directory under the system temp dir.
fn fresh_temp_dir(tag: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "telemetry-facade-{tag}-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
    ));
    fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create temp dir {}: {e}", dir.display()));
    dir
}

/// Removes `dir`, or keeps it and says where when the test is failing.
fn remove_temp_dir(dir: &Path, what: &str) {
    if thread::panicking() {
        eprintln!("{what}: keeping {} for inspection", dir.display());
    } else {
        let _ = fs::remove_dir_all(dir);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Waits up to `bound` for `child` to exit; kills it if it has not.
fn reap(child: &mut Child, bound: Duration) -> Option<ExitStatus> {
    let deadline = Instant::now() + bound;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(POLL),
            _ => {
                let _ = child.kill();
                return child.wait().ok();
            }
        }
    }
}

/// A port on 127.0.0.1 that nothing listened on a moment ago (bound, read,
/// released). Exporting to it is refused at once.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("cannot bind a loopback port")
}

fn accepts_tcp(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}

// ------------------------------------------------------------------ Receiver

/// The OTLP/HTTP and OTLP/gRPC ports of a receiver on loopback, and the
/// endpoints they make.
#[derive(Clone, Copy, Debug)]
pub struct Ports {
    /// The OTLP/HTTP port.
    pub http: u16,
    /// The OTLP/gRPC port.
    pub grpc: u16,
}

impl Ports {
    /// `http://127.0.0.1:PORT`, the OTLP/HTTP base (traces go to `/v1/traces`).
    pub fn http_endpoint(self) -> String {
        format!("http://127.0.0.1:{}", self.http)
    }

    /// `http://127.0.0.1:PORT`, the OTLP/gRPC endpoint.
    pub fn grpc_endpoint(self) -> String {
        format!("http://127.0.0.1:{}", self.grpc)
    }

    /// `https://127.0.0.1:PORT`, the OTLP/HTTP base over TLS (a receiver
    /// from [`Receiver::start_tls`]).
    pub fn https_endpoint(self) -> String {
        format!("https://127.0.0.1:{}", self.http)
    }

    /// `https://127.0.0.1:PORT`, the OTLP/gRPC endpoint over TLS.
    pub fn grpcs_endpoint(self) -> String {
        format!("https://127.0.0.1:{}", self.grpc)
    }
}

/// Our recording OTLP receiver (`scripts/otlp_receiver.py`), serving
/// OTLP/HTTP and OTLP/gRPC; it appends one JSON line per request to a record
/// file that [`Receiver::requests`] reads back.
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
        let deadline = Instant::now() + within;
        loop {
            let failures = self.tls_handshake_failures();
            if failures.len() >= n || Instant::now() >= deadline {
                return failures;
            }
            thread::sleep(POLL);
        }
    }

    /// The JSON-lines file the receiver appends to.
    pub fn record_path(&self) -> &Path {
        &self.record
    }

    /// Every request received so far, in arrival order, one JSON object each
    /// (format: the docstring of `scripts/otlp_receiver.py`).
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
        self.requests()
            .into_iter()
            .flat_map(|mut request| match request["spans"].take() {
                Value::Array(spans) => spans,
                _ => Vec::new(),
            })
            .collect()
    }

    /// Polls until at least `n` spans have arrived or `within` has passed,
    /// and returns what arrived (the test asserts on it).
    pub fn wait_for_spans(&self, n: usize, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        loop {
            let spans = self.spans();
            if spans.len() >= n || Instant::now() >= deadline {
                return spans;
            }
            thread::sleep(POLL);
        }
    }

    /// Polls until at least `n` requests (with spans or refused) have
    /// arrived or `within` has passed, and returns them.
    pub fn wait_for_requests(&self, n: usize, within: Duration) -> Vec<Value> {
        let deadline = Instant::now() + within;
        loop {
            let requests = self.requests();
            if requests.len() >= n || Instant::now() >= deadline {
                return requests;
            }
            thread::sleep(POLL);
        }
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

// ---------------------------------------------------------------------- TLS

/// A throwaway PKI for TLS tests, in a fresh temporary directory (removed on
/// drop, kept and printed when the test is panicking). All PEM; keys are
/// unencrypted PKCS#8 (`-----BEGIN PRIVATE KEY-----`), EC P-256; certificates
/// are X.509 v3 signed with ECDSA SHA-256, valid from one day ago until 30
/// days from now.
#[derive(Debug)]
pub struct TlsFiles {
    /// The directory holding everything (also the CA keys and openssl's
    /// bookkeeping).
    pub dir: PathBuf,
    /// The test CA (`CN=otlp-test-ca`, CA:true, keyCertSign): trust it to
    /// accept the server certificate.
    pub ca_cert: PathBuf,
    /// The server certificate (`CN=localhost`, subjectAltName `IP:127.0.0.1,
    /// DNS:localhost`, extendedKeyUsage serverAuth), signed by the CA.
    pub server_cert: PathBuf,
    /// Its key.
    pub server_key: PathBuf,
    /// A client certificate (`CN=otlp-test-client`, extendedKeyUsage
    /// clientAuth), signed by the CA.
    pub client_cert: PathBuf,
    /// Its key.
    pub client_key: PathBuf,
    /// Another, unrelated CA (`CN=otlp-test-other-ca`) that signed nothing
    /// here: trusting only it must make the handshake fail.
    pub other_ca_cert: PathBuf,
}

/// The `openssl ca` / `openssl req` configuration [`TlsFiles::generate`]
/// uses; relative paths are in the TLS directory.
const OPENSSL_CNF: &str = "\
[ ca ]
default_ca = test_ca

[ test_ca ]
database = index.txt
new_certs_dir = issued
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
email_in_dn = no
copy_extensions = none

[ policy_any ]
commonName = supplied

[ req ]
distinguished_name = req_dn
prompt = no

[ req_dn ]
CN = unused

[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ v3_server ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer

[ v3_client ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
";

impl TlsFiles {
    /// Generates the CA, the server and client certificates and the second
    /// CA with the `openssl` command (found on `PATH`); panics, with
    /// openssl's output, when it is missing or fails.
    ///
    /// `openssl ca` does the signing because it takes explicit validity
    /// dates (`-startdate`, `-enddate`), which `openssl x509 -req` before
    /// OpenSSL 3.4 does not.
    pub fn generate() -> TlsFiles {
        let dir = fresh_temp_dir("otlp-tls");
        let write = |name: &str, contents: &str| {
            let path = dir.join(name);
            fs::write(&path, contents)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        };
        write("openssl.cnf", OPENSSL_CNF);
        write("index.txt", "");
        write("serial", "01\n");
        fs::create_dir_all(dir.join("issued"))
            .unwrap_or_else(|e| panic!("cannot create a dir in {}: {e}", dir.display()));

        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("the clock is before 1970")
            .as_secs();
        let start = asn1_utc_time(now - 86_400);
        let end = asn1_utc_time(now + 30 * 86_400);
        let openssl = |args: &[&str]| run_openssl(&dir, args);

        for name in ["ca", "server", "client", "other-ca"] {
            let key = format!("{name}.key");
            openssl(&[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-out",
                &key,
            ]);
        }
        // `name.csr` for `name.key` with subject CN=`cn`, then `name.pem`
        // signed by `issuer` (`issuer.pem`, `issuer.key`) or by itself.
        let certify = |name: &str, cn: &str, extensions: &str, issuer: Option<&str>| {
            let key = format!("{name}.key");
            let csr = format!("{name}.csr");
            let cert = format!("{name}.pem");
            let subject = format!("/CN={cn}");
            openssl(&[
                "req",
                "-new",
                "-config",
                "openssl.cnf",
                "-key",
                &key,
                "-subj",
                &subject,
                "-out",
                &csr,
            ]);
            let issuer_cert = issuer.map(|issuer| format!("{issuer}.pem"));
            let issuer_key = issuer.map(|issuer| format!("{issuer}.key"));
            let mut args = vec![
                "ca",
                "-batch",
                "-config",
                "openssl.cnf",
                "-notext",
                "-startdate",
                &start,
                "-enddate",
                &end,
                "-extensions",
                extensions,
                "-in",
                &csr,
                "-out",
                &cert,
            ];
            match (&issuer_cert, &issuer_key) {
                (Some(issuer_cert), Some(issuer_key)) => {
                    args.extend(["-cert", issuer_cert, "-keyfile", issuer_key]);
                }
                _ => args.extend(["-selfsign", "-keyfile", &key]),
            }
            openssl(&args);
        };
        certify("ca", "otlp-test-ca", "v3_ca", None);
        certify("server", "localhost", "v3_server", Some("ca"));
        certify("client", "otlp-test-client", "v3_client", Some("ca"));
        certify("other-ca", "otlp-test-other-ca", "v3_ca", None);

        TlsFiles {
            ca_cert: dir.join("ca.pem"),
            server_cert: dir.join("server.pem"),
            server_key: dir.join("server.key"),
            client_cert: dir.join("client.pem"),
            client_key: dir.join("client.key"),
            other_ca_cert: dir.join("other-ca.pem"),
            dir,
        }
    }
}

impl Drop for TlsFiles {
    fn drop(&mut self) {
        remove_temp_dir(&self.dir, "TLS files");
    }
}

/// Runs `openssl ARGS` in `dir`; panics with its output unless it succeeds.
fn run_openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run `openssl`, needed to generate the TLS test certificates \
                 (install OpenSSL's command line tool so that `openssl` is on PATH): {e}"
            )
        });
    if !output.status.success() {
        panic!(
            "`openssl {}` failed ({}) in {}:\n{}{}",
            args.join(" "),
            output.status,
            dir.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    }
}

/// `secs` since the Unix epoch as an ASN.1 UTCTime, `YYMMDDHHMMSSZ` (what
/// `openssl ca -startdate` takes; UTCTime covers 1950 to 2049).
fn asn1_utc_time(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).expect("a date before year 10^17");
    let rest = secs % 86_400;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's
    // `civil_from_days`).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{:02}{month:02}{day:02}{:02}{:02}{:02}Z",
        year % 100,
        rest / 3600,
        rest / 60 % 60,
        rest % 60,
    )
}

// --------------------------------------------------------------------- Rotel

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
/// span it receives on stdout ([`Rotel::spans`] parses that).
///
/// The printed format (rotel 0.0.1a15, `--debug-log traces
/// --debug-log-verbosity detailed`), per export batch:
///
/// ```text
/// ResourceSpans #0
/// Resource SchemaURL: <url>
/// Resource attributes:                      (only when there are some)
///      -> service.name: Str(svc-x)
/// ScopeSpans #0
/// ScopeSpans SchemaURL: <url>
/// InstrumentationScope my-scope 1.0         (only when the scope is set;
///                                            "name " when no version)
/// Span #0
///     Trace ID       : 000102030405060708090a0b0c0d0e0f
///     Parent ID      : 08090a0b0c0d0e0f     (empty for a root span)
///     ID             : 0001020304050607
///     Name           : hello-span
///     Kind           : SPAN_KIND_SERVER
///     TraceState     : k=v                  (only when not empty)
/// Start time: 1                             (unix nanos)
/// End time: 2
///     Status code    : STATUS_CODE_ERROR    (both lines only when the span
///     Status message : boom (bad) thing      carries a Status message at all)
/// Attributes:                               (only when there are some)
///      -> k1: Int(42)
///      -> s: Str(a b (c) d)
///      -> f: Double(1.5)
///      -> b: Bool(true)
///      -> arr: Slice(Str(x), Str(y))
///      -> by: Bytes([1, 2])
///      -> kvl: Map(in:Int(1))
///      -> none: Empty
/// Events:                                   (only when there are some)
/// SpanEvent #0
///      -> Name: ev one
///      -> Timestamp: 3
///      -> DroppedAttributesCount: 0
///      -> Attributes::                      (only when there are some)
///           -> ek: Str(ev val)
/// Links:                                    (only when there are some)
/// SpanLink #0
///      -> Trace ID: ffffffffffffffffffffffffffffffff
///      -> ID: eeeeeeeeeeeeeeee
///      -> TraceState: a=b
///      -> DroppedAttributesCount: 0
///      -> Attributes::
///           -> lk: Int(7)
/// ```
///
/// Rotel's own log lines (`2026-01-01T00:00:00.000000Z  INFO Starting
/// Rotel. ...`) are mixed in and skipped. Values are printed raw: a string
/// with a newline continues on the next line (the parser appends such lines
/// to the previous value), and nothing is quoted, so a value containing
/// `", "` or `)` cannot be told from the printed structure. Span dropped
/// counts and span flags are not printed.
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

/// A span as rotel printed it (see [`Rotel`] for the format).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelSpan {
    /// 32 lowercase hex digits.
    pub trace_id: String,
    /// 16 hex digits, or empty for a root span.
    pub parent_id: String,
    /// 16 hex digits.
    pub span_id: String,
    /// The span name.
    pub name: String,
    /// `SPAN_KIND_INTERNAL`, `SPAN_KIND_SERVER`, ...
    pub kind: String,
    /// The W3C trace state, empty when none was sent.
    pub trace_state: String,
    /// Start, unix nanoseconds (0 if rotel printed something unparsable).
    pub start_time_unix_nano: u64,
    /// End, unix nanoseconds.
    pub end_time_unix_nano: u64,
    /// `STATUS_CODE_UNSET` / `_OK` / `_ERROR`; empty when the span carried no
    /// Status message at all.
    pub status: String,
    /// The status description.
    pub status_message: String,
    /// Attributes as printed: (`"k1"`, `"Int(42)"`), (`"s"`, `"Str(x)"`),
    /// (`"f"`, `"Double(1.5)"`), (`"b"`, `"Bool(true)"`), ...
    pub attributes: Vec<(String, String)>,
    /// The resource's attributes, printed the same way.
    pub resource: Vec<(String, String)>,
    /// The instrumentation scope line's text: `"name version"` (just `"name"`
    /// without a version), or empty.
    pub scope: String,
    /// Event names, in order.
    pub events: Vec<String>,
    /// Events with their details.
    pub event_details: Vec<RotelEvent>,
    /// Links.
    pub links: Vec<RotelLink>,
}

/// A span event as rotel printed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelEvent {
    /// The event name.
    pub name: String,
    /// Unix nanoseconds.
    pub time_unix_nano: u64,
    /// Attributes as printed.
    pub attributes: Vec<(String, String)>,
}

/// A span link as rotel printed it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RotelLink {
    /// 32 hex digits.
    pub trace_id: String,
    /// 16 hex digits.
    pub span_id: String,
    /// The linked context's trace state.
    pub trace_state: String,
    /// Attributes as printed.
    pub attributes: Vec<(String, String)>,
}

impl RotelSpan {
    /// The printed value of attribute `key` (`"Str(x)"`, `"Int(42)"`, ...).
    pub fn attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.attributes, key)
    }

    /// The printed value of resource attribute `key`.
    pub fn resource_attribute(&self, key: &str) -> Option<&str> {
        find_attribute(&self.resource, key)
    }
}

fn find_attribute<'a>(attributes: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
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
            .args(["--debug-log", "traces"])
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

        let deadline = Instant::now() + START_BOUND;
        loop {
            let started = lock(&rotel.stdout)
                .lines
                .iter()
                .any(|line| line.contains("Starting Rotel"));
            if started && accepts_tcp(grpc_port) && accepts_tcp(http_port) {
                return Ok(rotel);
            }
            let exited = lock(&rotel.child).try_wait().ok().flatten();
            if exited.is_some() || Instant::now() >= deadline {
                if exited.is_some() {
                    // Let the readers drain what it printed before it died.
                    let drained = Instant::now() + Duration::from_secs(2);
                    while !(lock(&rotel.stdout).closed && lock(&rotel.stderr).closed)
                        && Instant::now() < drained
                    {
                        thread::sleep(POLL);
                    }
                }
                let stderr = lock(&rotel.stderr).lines.join("\n");
                let stdout = lock(&rotel.stdout).lines.join("\n");
                let port_taken =
                    stderr.contains("unable to bind") || stderr.contains("Address already in use");
                let why = match exited {
                    Some(status) => format!("it exited ({status})"),
                    None => format!(
                        "not ready within {START_BOUND:?} (\"Starting Rotel\" printed: \
                         {started}; ports {grpc_port}, {http_port} accepting: {}, {})",
                        accepts_tcp(grpc_port),
                        accepts_tcp(http_port)
                    ),
                };
                drop(rotel); // kills it if it still runs
                return Err((
                    format!("{why}\nstdout:\n{stdout}\nstderr:\n{stderr}"),
                    port_taken,
                ));
            }
            thread::sleep(POLL);
        }
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
        let deadline = Instant::now() + within;
        loop {
            let spans = self.spans();
            if spans.len() >= n || Instant::now() >= deadline {
                return spans;
            }
            thread::sleep(POLL);
        }
    }

    fn settled_lines(&self) -> Vec<String> {
        let give_up = Instant::now() + Duration::from_secs(2);
        loop {
            {
                let collected = lock(&self.stdout);
                let quiet = collected.last_line_at.elapsed();
                if collected.closed || quiet >= ROTEL_QUIET || Instant::now() >= give_up {
                    return collected.lines.clone();
                }
            }
            thread::sleep(POLL);
        }
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
        let deadline = Instant::now() + STOP_BOUND;
        for reader in self.readers.drain(..) {
            while !reader.is_finished() && Instant::now() < deadline {
                thread::sleep(POLL);
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
        remove_temp_dir(&self.dir, "rotel");
    }
}

/// Where the rotel parser is: which list an indented `-> key: value` line
/// belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Other,
    Resource,
    SpanAttributes,
    Event,
    EventAttributes,
    Link,
    LinkAttributes,
}

/// Parses rotel's detailed trace output (format: [`Rotel`]).
pub fn parse_rotel_spans(lines: &[String]) -> Vec<RotelSpan> {
    let mut spans: Vec<RotelSpan> = Vec::new();
    let mut resource: Vec<(String, String)> = Vec::new();
    let mut scope = String::new();
    let mut section = Section::Other;
    // Where a value continued on the next line goes.
    let mut last_value: Option<(Section, usize)> = None;

    for raw in lines {
        let line = raw.as_str();
        if is_log_line(line) {
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();

        if line.starts_with("ResourceSpans #") {
            resource.clear();
            scope.clear();
            section = Section::Other;
        } else if line == "Resource attributes:" {
            section = Section::Resource;
        } else if line.starts_with("ScopeSpans #") {
            scope.clear();
            section = Section::Other;
        } else if let Some(rest) = line.strip_prefix("InstrumentationScope ") {
            scope = rest.trim_end().to_owned();
            section = Section::Other;
        } else if line.starts_with("Resource SchemaURL:")
            || line.starts_with("ScopeSpans SchemaURL:")
        {
            section = Section::Other;
        } else if line.starts_with("Span #") {
            spans.push(RotelSpan {
                resource: resource.clone(),
                scope: scope.clone(),
                ..RotelSpan::default()
            });
            section = Section::Other;
        } else if let (Some(span), Some((field, value))) =
            (spans.last_mut(), span_field(line, indent))
        {
            let value = value.to_owned();
            match field {
                "Trace ID" => span.trace_id = value,
                "Parent ID" => span.parent_id = value,
                "ID" => span.span_id = value,
                "Name" => span.name = value,
                "Kind" => span.kind = value,
                "TraceState" => span.trace_state = value,
                "Start time" => span.start_time_unix_nano = value.parse().unwrap_or(0),
                "End time" => span.end_time_unix_nano = value.parse().unwrap_or(0),
                "Status code" => span.status = value,
                _ => span.status_message = value, // "Status message"
            }
            section = Section::Other;
        } else if line == "Attributes:" {
            section = Section::SpanAttributes;
        } else if line == "Events:" || line == "Links:" {
            section = Section::Other;
        } else if line.starts_with("SpanEvent #") {
            if let Some(span) = spans.last_mut() {
                span.event_details.push(RotelEvent::default());
            }
            section = Section::Event;
        } else if line.starts_with("SpanLink #") {
            if let Some(span) = spans.last_mut() {
                span.links.push(RotelLink::default());
            }
            section = Section::Link;
        } else if let Some(entry) = trimmed.strip_prefix("-> ") {
            let (key, value) = entry.split_once(": ").unwrap_or((entry, ""));
            let pair = (key.to_owned(), value.to_owned());
            let nested = indent > 5;
            last_value = None;
            match (section, spans.last_mut()) {
                (Section::Resource, _) => {
                    resource.push(pair);
                    last_value = Some((Section::Resource, resource.len() - 1));
                }
                (Section::SpanAttributes, Some(span)) => {
                    span.attributes.push(pair);
                    last_value = Some((Section::SpanAttributes, span.attributes.len() - 1));
                }
                (Section::Event | Section::EventAttributes, Some(span)) => {
                    let Some(event) = span.event_details.last_mut() else {
                        continue;
                    };
                    if nested {
                        event.attributes.push(pair);
                        last_value = Some((Section::EventAttributes, event.attributes.len() - 1));
                    } else {
                        match key {
                            "Name" => event.name = value.to_owned(),
                            "Timestamp" => event.time_unix_nano = value.parse().unwrap_or(0),
                            "Attributes::" => section = Section::EventAttributes,
                            _ => {}
                        }
                    }
                }
                (Section::Link | Section::LinkAttributes, Some(span)) => {
                    let Some(link) = span.links.last_mut() else {
                        continue;
                    };
                    if nested {
                        link.attributes.push(pair);
                        last_value = Some((Section::LinkAttributes, link.attributes.len() - 1));
                    } else {
                        match key {
                            "Trace ID" => link.trace_id = value.to_owned(),
                            "ID" => link.span_id = value.to_owned(),
                            "TraceState" => link.trace_state = value.to_owned(),
                            "Attributes::" => section = Section::LinkAttributes,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
            continue;
        } else if let Some((target, index)) = last_value {
            // Not a line of the format: the rest of a value with a newline.
            let span = spans.last_mut();
            let value = match (target, span) {
                (Section::Resource, _) => resource.get_mut(index),
                (Section::SpanAttributes, Some(span)) => span.attributes.get_mut(index),
                (Section::EventAttributes, Some(span)) => span
                    .event_details
                    .last_mut()
                    .and_then(|e| e.attributes.get_mut(index)),
                (Section::LinkAttributes, Some(span)) => span
                    .links
                    .last_mut()
                    .and_then(|l| l.attributes.get_mut(index)),
                _ => None,
            };
            if let Some((_, value)) = value {
                value.push('\n');
                value.push_str(line);
            }
            continue;
        }
        last_value = None;
    }
    for span in &mut spans {
        span.events = span.event_details.iter().map(|e| e.name.clone()).collect();
    }
    spans
}

/// `(field, value)` of a span header line such as `    Trace ID       : abc`
/// or `Start time: 1`.
fn span_field(line: &str, indent: usize) -> Option<(&str, &str)> {
    const INDENTED: [&str; 8] = [
        "Trace ID",
        "Parent ID",
        "ID",
        "Name",
        "Kind",
        "TraceState",
        "Status code",
        "Status message",
    ];
    if indent == 4 {
        let (field, value) = line.trim_start().split_once(':')?;
        let field = field.trim_end();
        let value = value.strip_prefix(' ').unwrap_or(value);
        return INDENTED.contains(&field).then_some((field, value));
    }
    if indent == 0 {
        for field in ["Start time", "End time"] {
            if let Some(value) = line.strip_prefix(field).and_then(|r| r.strip_prefix(": ")) {
                return Some((field, value));
            }
        }
    }
    None
}

/// Rotel's own log lines: `2026-01-01T00:00:00.000000Z  INFO ...`.
fn is_log_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 20
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && line.contains("Z ")
}

// ------------------------------------------------------------------- Stalled

/// A TCP server on 127.0.0.1 that accepts every connection, reads and
/// discards whatever arrives, and never writes a byte: every connection stays
/// open, unanswered, until the `Stalled` is dropped. For export timeouts.
#[derive(Debug)]
pub struct Stalled {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    connections: Arc<AtomicUsize>,
    bytes: Arc<AtomicUsize>,
    streams: Arc<Mutex<Vec<TcpStream>>>,
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl Stalled {
    /// Starts listening on a free loopback port.
    pub fn start() -> Stalled {
        let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind a loopback port");
        let addr = listener.local_addr().expect("local addr");
        let stop = Arc::new(AtomicBool::new(false));
        let connections = Arc::new(AtomicUsize::new(0));
        let bytes = Arc::new(AtomicUsize::new(0));
        let streams = Arc::new(Mutex::new(Vec::new()));
        let threads = Arc::new(Mutex::new(Vec::new()));
        let acceptor = {
            let (stop, connections, bytes) = (stop.clone(), connections.clone(), bytes.clone());
            let (streams, threads) = (streams.clone(), threads.clone());
            thread::spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(mut stream) = stream else { continue };
                    connections.fetch_add(1, Ordering::SeqCst);
                    if let Ok(clone) = stream.try_clone() {
                        lock(&streams).push(clone);
                    }
                    let bytes = bytes.clone();
                    lock(&threads).push(thread::spawn(move || {
                        let mut buf = [0u8; 8192];
                        while let Ok(n @ 1..) = stream.read(&mut buf) {
                            bytes.fetch_add(n, Ordering::SeqCst);
                        }
                    }));
                }
            })
        };
        Stalled {
            addr,
            stop,
            connections,
            bytes,
            streams,
            threads,
            acceptor: Some(acceptor),
        }
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Bytes received so far, over all connections.
    pub fn bytes_received(&self) -> usize {
        self.bytes.load(Ordering::SeqCst)
    }
}

impl Drop for Stalled {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the blocked accept; the acceptor sees `stop` and returns.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        for stream in lock(&self.streams).drain(..) {
            let _ = stream.shutdown(Shutdown::Both);
        }
        for reader in lock(&self.threads).drain(..) {
            let _ = reader.join();
        }
    }
}
