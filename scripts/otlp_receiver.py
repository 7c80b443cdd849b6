#!/usr/bin/env python3
"""A recording OTLP trace, log and metric receiver for the telemetry-facade integration tests.

It decodes what an OTLP span, log or metric exporter sends with the official protobuf
definitions (the `opentelemetry-proto` package) and writes one JSON line per
export request, so a Rust test can check exactly what went over the wire.
Run it with the venv python that `scripts/otlp_venv.sh` sets up:

    python scripts/otlp_receiver.py --record FILE
        [--tls-cert CERT.pem --tls-key KEY.pem [--tls-client-ca CA.pem]]

It serves, on loopback ports picked by the OS:

* OTLP/HTTP: `POST /v1/traces`, `POST /v1/logs` and `POST /v1/metrics`,
  bodies `application/x-protobuf` (also `application/json`, OTLP's JSON
  encoding), plain or with `Content-Encoding: gzip` / `deflate`. Answers 200
  with a serialized `ExportTraceServiceResponse` / `ExportLogsServiceResponse`
  / `ExportMetricsServiceResponse` (`{}` for a JSON body).
* OTLP/gRPC: `/opentelemetry.proto.collector.trace.v1.TraceService/Export`,
  `/opentelemetry.proto.collector.logs.v1.LogsService/Export` and
  `/opentelemetry.proto.collector.metrics.v1.MetricsService/Export` (answered
  with a serialized `ExportTraceServiceResponse` / `ExportLogsServiceResponse`
  / `ExportMetricsServiceResponse`) over HTTP/2, cleartext (prior knowledge) or TLS (below). This server is
  built on the `h2` package, not on grpcio: a grpcio server hides the
  `grpc-encoding` header and the per-message compressed flag from the
  application (checked with grpcio 1.85.1: neither `invocation_metadata()`
  nor a server interceptor sees `grpc-encoding`), so it could not tell
  whether the client really compressed. Here both are read from the wire.

TLS: with `--tls-cert` and `--tls-key` (PEM; the key unencrypted) BOTH
servers speak TLS only (TLS 1.2 or later, stdlib `ssl`): OTLP/HTTP is
HTTP/1.1 over TLS (ALPN `http/1.1` offered, no ALPN accepted too), OTLP/gRPC
is HTTP/2 over TLS with ALPN `h2` (a client that offers no ALPN, or none in
common, still gets HTTP/2: it fails later if it does not speak it). With
`--tls-client-ca CA.pem` as well, every client must present a certificate
signed by that CA (`CERT_REQUIRED`). A handshake that fails (untrusted server
certificate, missing or untrusted client certificate, plaintext sent to a TLS
port, no handshake within 10 s) records nothing; it prints one line on stderr,

    tls handshake failed: http|grpc 127.0.0.1:PORT: <the ssl error>

and the server goes on serving the next connection.

Once both listen it prints ONE line on stdout, `{"http": PORT, "grpc": PORT}`,
and nothing else there afterwards. It exits when its stdin reaches end of file
(so a test process that dies takes it along) or on SIGTERM/SIGINT.

Record format: FILE gets one JSON object per line, one line per request,
appended with a single write(2) under a lock:

    {"transport": "http" | "grpc",
     "signal": "traces" | "logs" | "metrics" | null,
                                                 # from the path; null for an
                                                 # unknown path (refused)
     "path": "/v1/traces" | "/v1/logs" | "/v1/metrics" |
             the gRPC method path (the HTTP/2 ":path"),
     "headers": {lowercased name: value, ...},   # every request header; for gRPC
                                                 # the HTTP/2 headers, pseudo-headers
                                                 # (":path", ":authority", ...) included;
                                                 # a repeated header is joined with ", "
     "compression": "gzip" | "deflate" | null,   # what the client really did: HTTP's
                                                 # Content-Encoding; for gRPC the
                                                 # grpc-encoding of a message whose
                                                 # compressed flag was set (a
                                                 # grpc-encoding header on uncompressed
                                                 # messages gives null). Another
                                                 # encoding (zstd) is named here too,
                                                 # and refused with "error".
     "content_type": the Content-Type header or null,
     "tls": true | false,                        # whether the request came over TLS
     "client_cert_subject": str | null,          # the commonName (CN) of the client
                                                 # certificate's subject; null without
                                                 # --tls-client-ca, without TLS, or
                                                 # when the subject has no CN
     "alpn": "h2" | "http/1.1" | null,           # the ALPN protocol negotiated;
                                                 # null without TLS or without ALPN
     "spans": [SPAN, ...],                       # [] when the body was not decoded,
                                                 # and for a logs or metrics request
     "logs": [LOG, ...],                         # [] when the body was not decoded,
                                                 # and for a traces or metrics request
     "metrics": [METRIC, ...],                   # [] when the body was not decoded,
                                                 # and for a traces or logs request
     "error": "..."}                             # only when the request was refused

    SPAN = {"trace_id": 32 lowercase hex digits, "span_id": 16 hex,
            "parent_span_id": 16 hex or "", "name": str,
            "kind": "SPAN_KIND_INTERNAL" | "SPAN_KIND_SERVER" | ...,
            "attributes": {key: VALUE, ...},
            "events": [{"name", "time_unix_nano", "attributes"}],
            "links": [{"trace_id", "span_id", "trace_state", "attributes"}],
            "status": {"code": "STATUS_CODE_UNSET" | "STATUS_CODE_OK" |
                               "STATUS_CODE_ERROR", "message": str},
            "start_time_unix_nano": int, "end_time_unix_nano": int,
            "resource": {key: VALUE}, "scope": scope name, "scope_version": str,
            "trace_state": str, "flags": int,
            "dropped_attributes_count": int, "dropped_events_count": int,
            "dropped_links_count": int}

    LOG = {"trace_id": 32 lowercase hex digits or "" (no trace context),
           "span_id": 16 hex or "", "flags": int (the trace flags),
           "severity_number": int (0 unspecified, 1-4 TRACE, 5-8 DEBUG,
                               9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL),
           "severity_text": str, "body": VALUE (null when unset),
           "attributes": {key: VALUE, ...},
           "time_unix_nano": int, "observed_time_unix_nano": int,
           "event_name": str, "resource": {key: VALUE},
           "scope": scope name, "scope_version": str,
           "dropped_attributes_count": int}

    METRIC = {"name": str, "description": str, "unit": str,
              "kind": "sum" | "gauge" | "histogram" | "exponential_histogram" |
                      "summary" | null (no data set: then "points" is []),
              "monotonic": bool for a sum (is_monotonic), null otherwise,
              "temporality": "cumulative" | "delta" for a sum, histogram or
                             exponential histogram; null for a gauge or a
                             summary, and when UNSPECIFIED (0) was sent,
              "metadata": {key: VALUE},
              "resource": {key: VALUE}, "scope": scope name, "scope_version": str,
              "points": [POINT, ...]}

    POINT: every key is always present, null when it does not apply to the
    metric's kind (or, for an optional field, when it was not set):

    POINT = {"attributes": {key: VALUE},
             "start_time_unix_nano": int, "time_unix_nano": int,
             "flags": int,
             "value": int (as_int) | float (as_double) | null (unset)
                      -- sum and gauge; null for the other kinds,
             "count": int                 -- histogram, exponential histogram,
                                             summary; null for sum/gauge,
             "sum": float | null          -- histogram, exponential histogram
                                             (null when unset), summary,
             "min", "max": float | null   -- histogram, exponential histogram
                                             (null when unset),
             "bucket_counts": [int],      -- histogram only,
             "explicit_bounds": [float],  -- histogram only,
             "scale": int, "zero_count": int, "zero_threshold": float,
             "positive", "negative": {"offset": int, "bucket_counts": [int]}
                                          -- exponential histogram only,
             "quantile_values": [{"quantile": float, "value": float}]
                                          -- summary only,
             "exemplars": [EXEMPLAR, ...] -- [] for a summary (it has none)}

    EXEMPLAR = {"trace_id": 32 hex or "", "span_id": 16 hex or "",
                "value": int (as_int) | float (as_double) | null (unset),
                "time_unix_nano": int, "filtered_attributes": {key: VALUE}}

    Floats follow VALUE's rule (a non-finite one is "NaN", "inf" or "-inf").

    "spans" / "logs" / "metrics" hold every span / log record / metric of
    the request, flattened, in request order; their "resource" and "scope"
    come from the enclosing ResourceSpans / ResourceLogs / ResourceMetrics
    and ScopeSpans / ScopeLogs / ScopeMetrics.

    VALUE: string, int, float and bool map to JSON; an array to a list; a
    key-value list to an object; bytes to a lowercase hex string; an unset
    value to null; a non-finite double to the string "NaN", "inf" or "-inf".
    A repeated attribute key keeps its last value.

Refusals, each recorded with "error" and empty "spans", "logs" and
"metrics": an
unknown path (HTTP 404, gRPC status 12 UNIMPLEMENTED), a method other than
POST (405), an unsupported content type or encoding (415), a body that does
not decode (HTTP 400, gRPC status 3 INVALID_ARGUMENT).
"""

import argparse
import base64
import gzip
import json
import math
import os
import signal
import socket
import socketserver
import ssl
import sys
import threading
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import h2.config
import h2.connection
import h2.events
import h2.exceptions
from google.protobuf import json_format
from opentelemetry.proto.collector.logs.v1 import logs_service_pb2
from opentelemetry.proto.collector.metrics.v1 import metrics_service_pb2
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.metrics.v1 import metrics_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

# How long a client may take to complete its TLS handshake.
TLS_HANDSHAKE_TIMEOUT = 10.0

# gRPC status codes used in answers.
GRPC_OK = 0
GRPC_INVALID_ARGUMENT = 3
GRPC_INTERNAL = 13
GRPC_UNIMPLEMENTED = 12


class Refused(Exception):
    """A request the receiver answers with an error, recorded with `error`."""

    def __init__(self, message, http_status=400, grpc_status=GRPC_INVALID_ARGUMENT):
        super().__init__(message)
        self.http_status = http_status
        self.grpc_status = grpc_status


class Recorder:
    """Appends one JSON line per request to the record file."""

    def __init__(self, path):
        self._lock = threading.Lock()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def record(self, entry):
        line = (json.dumps(entry, allow_nan=False) + "\n").encode("utf-8")
        with self._lock:
            # One write(2) for the whole line, so a reader never sees half of it
            # followed by another request's line; loop only on a short write.
            view = memoryview(line)
            while view:
                view = view[os.write(self._fd, view):]


# ---------------------------------------------------------------- decoding


def finite(number):
    """A double as JSON: itself, or "NaN" / "inf" / "-inf" when not finite."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return number


def any_value(value):
    """An OTLP AnyValue as a JSON value (see VALUE in the module docstring)."""
    which = value.WhichOneof("value")
    if which is None:
        return None
    if which == "double_value":
        return finite(value.double_value)
    if which == "array_value":
        return [any_value(item) for item in value.array_value.values]
    if which == "kvlist_value":
        return attributes(value.kvlist_value.values)
    if which == "bytes_value":
        return value.bytes_value.hex()
    return getattr(value, which)  # string_value, bool_value, int_value


def attributes(key_values):
    return {kv.key: any_value(kv.value) for kv in key_values}


def span_json(span, resource, scope):
    return {
        "trace_id": span.trace_id.hex(),
        "span_id": span.span_id.hex(),
        "parent_span_id": span.parent_span_id.hex(),
        "name": span.name,
        "kind": trace_pb2.Span.SpanKind.Name(span.kind),
        "attributes": attributes(span.attributes),
        "events": [
            {
                "name": event.name,
                "time_unix_nano": event.time_unix_nano,
                "attributes": attributes(event.attributes),
            }
            for event in span.events
        ],
        "links": [
            {
                "trace_id": link.trace_id.hex(),
                "span_id": link.span_id.hex(),
                "trace_state": link.trace_state,
                "attributes": attributes(link.attributes),
            }
            for link in span.links
        ],
        "status": {
            "code": trace_pb2.Status.StatusCode.Name(span.status.code),
            "message": span.status.message,
        },
        "start_time_unix_nano": span.start_time_unix_nano,
        "end_time_unix_nano": span.end_time_unix_nano,
        "resource": attributes(resource.attributes),
        "scope": scope.name,
        "scope_version": scope.version,
        "trace_state": span.trace_state,
        "flags": span.flags,
        "dropped_attributes_count": span.dropped_attributes_count,
        "dropped_events_count": span.dropped_events_count,
        "dropped_links_count": span.dropped_links_count,
    }


def spans_json(request):
    """All spans of an ExportTraceServiceRequest, flattened."""
    return [
        span_json(span, resource_spans.resource, scope_spans.scope)
        for resource_spans in request.resource_spans
        for scope_spans in resource_spans.scope_spans
        for span in scope_spans.spans
    ]


def log_json(record, resource, scope):
    return {
        "trace_id": record.trace_id.hex(),
        "span_id": record.span_id.hex(),
        "flags": record.flags,
        "severity_number": record.severity_number,
        "severity_text": record.severity_text,
        "body": any_value(record.body),
        "attributes": attributes(record.attributes),
        "time_unix_nano": record.time_unix_nano,
        "observed_time_unix_nano": record.observed_time_unix_nano,
        "event_name": record.event_name,
        "resource": attributes(resource.attributes),
        "scope": scope.name,
        "scope_version": scope.version,
        "dropped_attributes_count": record.dropped_attributes_count,
    }


def logs_json(request):
    """All log records of an ExportLogsServiceRequest, flattened."""
    return [
        log_json(record, resource_logs.resource, scope_logs.scope)
        for resource_logs in request.resource_logs
        for scope_logs in resource_logs.scope_logs
        for record in scope_logs.log_records
    ]


def number_value(message):
    """The `value` oneof (as_int / as_double) of a NumberDataPoint or an
    Exemplar: an int, a float, or None when unset."""
    which = message.WhichOneof("value")
    if which == "as_int":
        return message.as_int
    if which == "as_double":
        return finite(message.as_double)
    return None


def optional_double(message, field):
    """An optional double field (histogram sum/min/max), None when unset."""
    return finite(getattr(message, field)) if message.HasField(field) else None


def exemplar_json(exemplar):
    return {
        "trace_id": exemplar.trace_id.hex(),
        "span_id": exemplar.span_id.hex(),
        "value": number_value(exemplar),
        "time_unix_nano": exemplar.time_unix_nano,
        "filtered_attributes": attributes(exemplar.filtered_attributes),
    }


def point_json(point, kind):
    """A data point of a metric of `kind` (POINT in the module docstring)."""
    entry = {
        "attributes": attributes(point.attributes),
        "start_time_unix_nano": point.start_time_unix_nano,
        "time_unix_nano": point.time_unix_nano,
        "flags": point.flags,
        "value": None,
        "count": None,
        "sum": None,
        "min": None,
        "max": None,
        "bucket_counts": None,
        "explicit_bounds": None,
        "scale": None,
        "zero_count": None,
        "zero_threshold": None,
        "positive": None,
        "negative": None,
        "quantile_values": None,
        "exemplars": [],
    }
    if kind in ("sum", "gauge"):
        entry["value"] = number_value(point)
    else:
        entry["count"] = point.count
    if kind in ("histogram", "exponential_histogram"):
        for field in ("sum", "min", "max"):
            entry[field] = optional_double(point, field)
    if kind == "histogram":
        entry["bucket_counts"] = list(point.bucket_counts)
        entry["explicit_bounds"] = [finite(bound) for bound in point.explicit_bounds]
    elif kind == "exponential_histogram":
        entry["scale"] = point.scale
        entry["zero_count"] = point.zero_count
        entry["zero_threshold"] = finite(point.zero_threshold)
        for side in ("positive", "negative"):
            buckets = getattr(point, side)
            entry[side] = {"offset": buckets.offset,
                           "bucket_counts": list(buckets.bucket_counts)}
    elif kind == "summary":
        entry["sum"] = finite(point.sum)
        entry["quantile_values"] = [
            {"quantile": finite(q.quantile), "value": finite(q.value)}
            for q in point.quantile_values
        ]
    if kind != "summary":
        entry["exemplars"] = [exemplar_json(e) for e in point.exemplars]
    return entry


_TEMPORALITIES = {
    metrics_pb2.AGGREGATION_TEMPORALITY_CUMULATIVE: "cumulative",
    metrics_pb2.AGGREGATION_TEMPORALITY_DELTA: "delta",
}


def metric_json(metric, resource, scope):
    kind = metric.WhichOneof("data")
    data = getattr(metric, kind) if kind is not None else None
    temporality = None
    if kind in ("sum", "histogram", "exponential_histogram"):
        temporality = _TEMPORALITIES.get(data.aggregation_temporality)
    return {
        "name": metric.name,
        "description": metric.description,
        "unit": metric.unit,
        "kind": kind,
        "monotonic": data.is_monotonic if kind == "sum" else None,
        "temporality": temporality,
        "metadata": attributes(metric.metadata),
        "resource": attributes(resource.attributes),
        "scope": scope.name,
        "scope_version": scope.version,
        "points": [point_json(point, kind) for point in data.data_points] if data else [],
    }


def metrics_json(request):
    """All metrics of an ExportMetricsServiceRequest, flattened."""
    return [
        metric_json(metric, resource_metrics.resource, scope_metrics.scope)
        for resource_metrics in request.resource_metrics
        for scope_metrics in resource_metrics.scope_metrics
        for metric in scope_metrics.metrics
    ]


class Signal:
    """One OTLP signal the receiver accepts: its paths, its messages, and the
    record key its decoded items go to."""

    def __init__(self, name, http_path, grpc_path, request_type, response_type,
                 key, items):
        self.name = name
        self.http_path = http_path
        self.grpc_path = grpc_path
        self.request_type = request_type
        self.response_type = response_type
        self.key = key      # "spans" | "logs" | "metrics"
        self.items = items  # request -> list of JSON objects

    def response(self):
        return self.response_type().SerializeToString()


SIGNALS = (
    Signal("traces", "/v1/traces",
           "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
           trace_service_pb2.ExportTraceServiceRequest,
           trace_service_pb2.ExportTraceServiceResponse, "spans", spans_json),
    Signal("logs", "/v1/logs",
           "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
           logs_service_pb2.ExportLogsServiceRequest,
           logs_service_pb2.ExportLogsServiceResponse, "logs", logs_json),
    Signal("metrics", "/v1/metrics",
           "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
           metrics_service_pb2.ExportMetricsServiceRequest,
           metrics_service_pb2.ExportMetricsServiceResponse, "metrics", metrics_json),
)


def empty_items():
    """The record's item lists ("spans", "logs", "metrics"), all empty."""
    return {signal.key: [] for signal in SIGNALS}


HTTP_SIGNALS = {signal.http_path: signal for signal in SIGNALS}
GRPC_SIGNALS = {signal.grpc_path: signal for signal in SIGNALS}


def parse_protobuf(payload, signal):
    request = signal.request_type()
    try:
        request.ParseFromString(payload)
    except Exception as err:  # google.protobuf.message.DecodeError and kin
        raise Refused(f"malformed {request.DESCRIPTOR.name}: {err}") from None
    return request


# OTLP/JSON writes these byte fields (of spans, links, log records and
# metric exemplars) as hex, where protobuf's JSON mapping expects base64.
# Every object of the document is searched, at any depth.
_HEX_ID_KEYS = ("traceId", "spanId", "parentSpanId")


def _hex_ids_to_base64(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _HEX_ID_KEYS and isinstance(value, str):
                node[key] = base64.b64encode(bytes.fromhex(value)).decode("ascii")
            else:
                _hex_ids_to_base64(value)
    elif isinstance(node, list):
        for item in node:
            _hex_ids_to_base64(item)


def parse_otlp_json(payload, signal):
    request = signal.request_type()
    try:
        document = json.loads(payload)
        _hex_ids_to_base64(document)
        json_format.ParseDict(document, request)
    except Exception as err:
        raise Refused(f"malformed OTLP/JSON {request.DESCRIPTOR.name}: {err}") from None
    return request


def decompress(payload, encoding):
    """Undo a Content-Encoding / grpc-encoding; returns the plain bytes."""
    try:
        if encoding == "gzip":
            return gzip.decompress(payload)
        if encoding == "deflate":
            return zlib.decompress(payload)
    except Exception as err:
        raise Refused(f"body is not valid {encoding}: {err}") from None
    raise Refused(f"unsupported encoding {encoding!r}", http_status=415,
                  grpc_status=GRPC_UNIMPLEMENTED)


# ---------------------------------------------------------------- TLS


_stderr_lock = threading.Lock()


def report(line):
    """One whole line on stderr (threads never interleave within a line)."""
    with _stderr_lock:
        sys.stderr.write(line.rstrip("\n") + "\n")
        sys.stderr.flush()


def tls_context(cert, key, client_ca, alpn):
    """A server-side TLS 1.2+ context, or None without `cert`."""
    if cert is None:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(certfile=cert, keyfile=key)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cafile=client_ca)
    context.set_alpn_protocols(alpn)
    return context


def tls_fields(sock):
    """The record's "tls", "client_cert_subject" and "alpn" for a connection."""
    if not isinstance(sock, ssl.SSLSocket):
        return {"tls": False, "client_cert_subject": None, "alpn": None}
    subject = None
    # A dict only when the certificate was verified (--tls-client-ca); else {}.
    for rdn in (sock.getpeercert() or {}).get("subject", ()):
        for name, value in rdn:
            if name == "commonName":
                subject = value
    return {"tls": True, "client_cert_subject": subject,
            "alpn": sock.selected_alpn_protocol()}


class TlsServerMixin:
    """Does the TLS handshake in the connection's own thread (never in the
    accepting one, so a slow or failing client cannot hold up the others) and
    hands the handler the TLS socket. Without `tls_context` it changes nothing."""

    tls_context = None
    transport = ""

    def finish_request(self, request, client_address):
        if self.tls_context is None:
            super().finish_request(request, client_address)
            return
        peer = "%s:%s" % client_address[:2]
        try:
            request.settimeout(TLS_HANDSHAKE_TIMEOUT)
            # Takes over the descriptor: `request` is detached from here on.
            tls = self.tls_context.wrap_socket(
                request, server_side=True, do_handshake_on_connect=False)
        except (OSError, ValueError) as err:
            report(f"tls handshake failed: {self.transport} {peer}: {err}")
            return
        try:
            try:
                tls.do_handshake()
            except (OSError, ValueError) as err:  # ssl.SSLError, timeouts, resets
                report(f"tls handshake failed: {self.transport} {peer}: {err}")
                return
            tls.settimeout(None)
            super().finish_request(tls, client_address)
        finally:
            try:
                tls.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            tls.close()


# ---------------------------------------------------------------- OTLP/HTTP


class HttpHandler(BaseHTTPRequestHandler):
    """OTLP/HTTP: POST /v1/traces, /v1/logs and /v1/metrics."""

    protocol_version = "HTTP/1.1"  # keep-alive, as exporters expect
    server_version = "otlp-test-receiver"
    recorder = None  # set on the subclass made in main()

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # no access log on stderr

    def do_POST(self):
        self._handle()

    def do_GET(self):
        self._handle()

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def _headers(self):
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        return headers

    def _read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            body = bytearray()
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return bytes(body)
                body += self.rfile.read(size)
                self.rfile.readline(65537)  # CRLF after the chunk
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self):
        path = urllib.parse.urlsplit(self.path).path
        encoding = (self.headers.get("Content-Encoding") or "").strip().lower() or None
        if encoding == "identity":
            encoding = None
        content_type = self.headers.get("Content-Type")
        signal = HTTP_SIGNALS.get(path)
        entry = {
            "transport": "http",
            "signal": signal and signal.name,
            "path": path,
            "headers": self._headers(),
            "compression": encoding,
            "content_type": content_type,
            **tls_fields(self.request),
            **empty_items(),
        }
        reply_type = "application/x-protobuf"
        try:
            try:
                body = self._read_body()
            except ValueError as err:
                raise Refused(f"unreadable body: {err}") from None
            if signal is None:
                raise Refused(f"unknown path {path}", http_status=404)
            if self.command != "POST":
                raise Refused(f"method {self.command} not allowed", http_status=405)
            if encoding is not None:
                body = decompress(body, encoding)
            mime = (content_type or "").split(";", 1)[0].strip().lower()
            if mime == "application/x-protobuf":
                request = parse_protobuf(body, signal)
                reply = signal.response()
            elif mime == "application/json":
                request = parse_otlp_json(body, signal)
                reply_type = "application/json"
                reply = b"{}"
            else:
                raise Refused(f"unsupported content type {content_type!r}", http_status=415)
            entry[signal.key] = signal.items(request)
            status = 200
        except Refused as err:
            entry["error"] = str(err)
            status, reply_type, reply = err.http_status, "text/plain", str(err).encode()
        except Exception as err:  # a bug here: answer 500, still record it
            entry["error"] = f"receiver failure: {err!r}"
            status, reply_type, reply = 500, "text/plain", entry["error"].encode()
        self.recorder.record(entry)
        self.send_response(status)
        self.send_header("Content-Type", reply_type)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply)


# ---------------------------------------------------------------- OTLP/gRPC


def grpc_messages(body, encoding):
    """Split a gRPC request body into messages.

    Each message is a 1-byte compressed flag, a 4-byte big-endian length and
    the payload. Returns (plain payloads, whether any message was compressed).
    """
    messages, compressed, offset = [], False, 0
    while offset < len(body):
        if len(body) - offset < 5:
            raise Refused("truncated gRPC message prefix")
        flag = body[offset]
        length = int.from_bytes(body[offset + 1:offset + 5], "big")
        payload = body[offset + 5:offset + 5 + length]
        if len(payload) != length:
            raise Refused("truncated gRPC message")
        if flag == 1:
            if encoding in (None, "identity"):
                raise Refused("compressed gRPC message without a grpc-encoding",
                              grpc_status=GRPC_INTERNAL)
            payload = decompress(payload, encoding)
            compressed = True
        elif flag != 0:
            raise Refused(f"bad gRPC compressed flag {flag}")
        messages.append(payload)
        offset += 5 + length
    return messages, compressed


class GrpcConnection(socketserver.BaseRequestHandler):
    """One HTTP/2 connection (cleartext, or TLS when the server has a
    `tls_context`) carrying unary TraceService/Export, LogsService/Export and
    MetricsService/Export calls."""

    recorder = None  # set on the subclass made in main()

    def handle(self):
        sock = self.request
        conn = h2.connection.H2Connection(
            config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        streams = {}  # stream id -> (headers list, body bytearray)
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                return
            if not data:
                return
            try:
                events = conn.receive_data(data)
            except h2.exceptions.ProtocolError:
                sock.sendall(conn.data_to_send())
                return
            for event in events:
                if isinstance(event, h2.events.RequestReceived):
                    streams[event.stream_id] = (list(event.headers), bytearray())
                elif isinstance(event, h2.events.DataReceived):
                    if event.stream_id in streams:
                        streams[event.stream_id][1].extend(event.data)
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    if event.stream_id in streams:
                        headers, body = streams.pop(event.stream_id)
                        self._answer(conn, event.stream_id, headers, bytes(body))
                elif isinstance(event, h2.events.StreamReset):
                    streams.pop(event.stream_id, None)
                elif isinstance(event, h2.events.ConnectionTerminated):
                    sock.sendall(conn.data_to_send())
                    return
            sock.sendall(conn.data_to_send())

    def _answer(self, conn, stream_id, header_list, body):
        headers = {}
        for name, value in header_list:
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        encoding = (headers.get("grpc-encoding") or "").strip().lower() or None
        signal = GRPC_SIGNALS.get(headers.get(":path", ""))
        entry = {
            "transport": "grpc",
            "signal": signal and signal.name,
            "path": headers.get(":path", ""),
            "headers": headers,
            "compression": None,
            "content_type": headers.get("content-type"),
            **tls_fields(self.request),
            **empty_items(),
        }
        reply = b""
        try:
            if signal is None:
                raise Refused(f"unknown method {entry['path']}", grpc_status=GRPC_UNIMPLEMENTED)
            if not (entry["content_type"] or "").startswith("application/grpc"):
                # Not gRPC at all: a plain HTTP/2 415, as gRPC servers do.
                entry["error"] = f"unsupported content type {entry['content_type']!r}"
                self.recorder.record(entry)
                conn.send_headers(stream_id, [(":status", "415")], end_stream=True)
                return
            if body[:1] == b"\x01" and encoding not in (None, "identity"):
                entry["compression"] = encoding  # even when it cannot be undone
            messages, _ = grpc_messages(body, encoding)
            if len(messages) != 1:
                raise Refused(f"expected one request message, got {len(messages)}")
            entry[signal.key] = signal.items(parse_protobuf(messages[0], signal))
            response = signal.response()
            reply = b"\x00" + len(response).to_bytes(4, "big") + response
            status, message = GRPC_OK, ""
        except Refused as err:
            entry["error"] = str(err)
            status, message = err.grpc_status, str(err)
        except Exception as err:  # a bug here: answer INTERNAL, still record it
            entry["error"] = f"receiver failure: {err!r}"
            status, message = GRPC_INTERNAL, entry["error"]
        self.recorder.record(entry)
        trailers = [("grpc-status", str(status))]
        if message:
            trailers.append(("grpc-message", urllib.parse.quote(message, safe=" ")))
        response_headers = [(":status", "200"), ("content-type", "application/grpc")]
        if reply:
            conn.send_headers(stream_id, response_headers)
            conn.send_data(stream_id, reply)
            conn.send_headers(stream_id, trailers, end_stream=True)
        else:  # trailers-only response
            conn.send_headers(stream_id, response_headers + trailers, end_stream=True)


class HttpServer(TlsServerMixin, ThreadingHTTPServer):
    daemon_threads = True
    transport = "http"


class GrpcServer(TlsServerMixin, socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    transport = "grpc"

    def server_bind(self):
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().server_bind()


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--record", required=True, help="JSON-lines file to append requests to")
    parser.add_argument("--tls-cert", metavar="FILE",
                        help="PEM server certificate (chain): both servers speak TLS only")
    parser.add_argument("--tls-key", metavar="FILE", help="PEM private key of --tls-cert")
    parser.add_argument("--tls-client-ca", metavar="FILE",
                        help="PEM CA: clients must present a certificate it signed")
    args = parser.parse_args()
    if (args.tls_cert is None) != (args.tls_key is None):
        parser.error("--tls-cert and --tls-key go together")
    if args.tls_client_ca is not None and args.tls_cert is None:
        parser.error("--tls-client-ca needs --tls-cert and --tls-key")

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    recorder = Recorder(args.record)
    tls = (args.tls_cert, args.tls_key, args.tls_client_ca)
    HttpServer.tls_context = tls_context(*tls, alpn=["http/1.1"])
    GrpcServer.tls_context = tls_context(*tls, alpn=["h2"])
    http_server = HttpServer(
        ("127.0.0.1", 0), type("Handler", (HttpHandler,), {"recorder": recorder}))
    grpc_server = GrpcServer(
        ("127.0.0.1", 0), type("Connection", (GrpcConnection,), {"recorder": recorder}))
    for server in (http_server, grpc_server):
        threading.Thread(target=server.serve_forever, daemon=True).start()

    print(json.dumps({"http": http_server.server_address[1],
                      "grpc": grpc_server.server_address[1]}), flush=True)
    try:
        while sys.stdin.buffer.read1(65536):
            pass  # whatever arrives is ignored; end of file means stop
    finally:
        stoppers = [threading.Thread(target=server.shutdown) for server in (http_server, grpc_server)]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join()
        for server in (http_server, grpc_server):
            server.server_close()


if __name__ == "__main__":
    main()
