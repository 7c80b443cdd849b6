//! [`TlsFiles`]: a throwaway CA with server and client certificates, made
//! with the `openssl` command, for the TLS receivers.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{SystemTime, UNIX_EPOCH};

use super::temp_dir::{fresh_temp_dir, remove_temp_dir};

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
