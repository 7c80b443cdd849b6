//! [`Transport`]: the two OTLP transports a scenario exports over.

use super::Ports;

/// An OTLP transport.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Transport {
    /// OTLP/HTTP with protobuf bodies.
    Http,
    /// OTLP/gRPC.
    Grpc,
}

impl Transport {
    /// The plain-text endpoint of this transport on `ports`.
    pub fn endpoint(self, ports: Ports) -> String {
        match self {
            Transport::Http => ports.http_endpoint(),
            Transport::Grpc => ports.grpc_endpoint(),
        }
    }

    /// The value of `OTEL_EXPORTER_OTLP_PROTOCOL` for this transport.
    pub fn protocol(self) -> &'static str {
        match self {
            Transport::Http => "http/protobuf",
            Transport::Grpc => "grpc",
        }
    }
}
