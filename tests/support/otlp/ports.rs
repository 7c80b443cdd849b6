//! Loopback ports: a receiver's two OTLP ports and their endpoints, a port
//! nothing listens on, and whether a port accepts connections.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::Duration;

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

/// A port on 127.0.0.1 that nothing listened on a moment ago (bound, read,
/// released). Exporting to it is refused at once.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("cannot bind a loopback port")
}

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
pub(super) fn accepts_tcp(port: u16) -> bool {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok()
}
