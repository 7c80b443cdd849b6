//! The `tracing` bridge with a real crate's own instrumentation: an HTTP/2
//! exchange on loopback between hyper-util's client (its connector and
//! pool speak `tracing`) over h2 (its handshake, codec and connection speak
//! `tracing`: events and spans) and a hyper server. What they say lands in
//! our records, with the trace of our span around the requests (made
//! current in the client's future by our `FutureExt::in_span`); h2's spans
//! become ours, nested in our span or starting their own trace as h2 asks;
//! directives filter them; nothing is written twice.
//!
//! The events asserted, as the crates' sources write them
//! (hyper-util 0.1.21, h2 0.4.20):
//! - `hyper_util::client::legacy::connect::http`: `trace!("Http::connect;
//!   scheme={:?}, host={:?}, port={:?}")`, `debug!("connecting to {}")`,
//!   `debug!("connected to {}")` (`connect/http.rs`), in the request's
//!   future;
//! - `hyper_util::client::legacy::pool`: `debug!("pooling idle connection
//!   for {:?}")` when the new HTTP/2 connection is shared into the pool,
//!   `debug!("reuse idle connection for {:?}")` when the second request
//!   takes it (`pool.rs`), both in the request's future;
//! - `h2::client`: `debug!("binding client connection")` and
//!   `debug!("client connection bound")` (`client.rs`, the handshake, in
//!   the request's future);
//! - `h2::codec::framed_write`: `trace_span!("FramedWrite::buffer", frame =
//!   ?item)` around `debug!(frame = ?item, "send")` (`codec/framed_write.rs`):
//!   the client's SETTINGS frame is buffered in the handshake, so that
//!   span is a child of ours;
//! - `h2::proto::connection`: `debug_span!(parent: None, "Connection", peer
//!   = %P::NAME)` (`proto/connection.rs`): a root, one per side.

#[path = "support/captured.rs"]
mod captured;
#[path = "support/child.rs"]
mod child;

use std::convert::Infallible;
use std::time::Duration;

use captured::lines_of;
use child::run_child;
use http_body_util::{BodyExt as _, Empty, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::Value as Json;
use telemetry_facade::{get_telemetry, testing, warn, FutureExt as _, TraceContext, BUILD};
use tokio::sync::mpsc;
use tracing::Instrument as _;

/// What one exchange saw.
struct Exchange {
    /// The server's port on 127.0.0.1.
    port: u16,
    /// Our span around the client's two requests.
    fetch: Option<TraceContext>,
    /// Our span in the server's handler, per request.
    handled: Vec<Option<TraceContext>>,
}

/// The server's handler: our span `handle` inside a `tracing` span
/// `serve`, one `tracing` event inside.
async fn handle(
    request: Request<Incoming>,
    handled: mpsc::UnboundedSender<Option<TraceContext>>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = request.uri().path().to_owned();
    let serve = tracing::info_span!(target: "bridge_hyper::server", "serve", path = %path);
    let cx = async {
        let tracer = get_telemetry("bridge_hyper::server").tracer().clone();
        tracer.in_span("handle", |span| {
            tracing::info!(target: "bridge_hyper::server", path = %path, "handled");
            span.context()
        })
    }
    .instrument(serve)
    .await;
    let _ = handled.send(cx);
    Ok(Response::new(Full::new(Bytes::from_static(b"hello"))))
}

/// A hyper HTTP/2 server and hyper-util's HTTP/2 client on loopback, on a
/// two-worker runtime: two GETs, one after the other, inside our span
/// `fetch` (scope `bridge_hyper::client`), then a warning of ours in it.
/// Everything is dropped before it returns, so h2's connection spans are
/// closed.
fn exchange() -> Exchange {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let exchange = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port");
        let port = listener.local_addr().expect("bound").port();
        let (handled_tx, mut handled_rx) = mpsc::unbounded_channel();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let handled_tx = handled_tx.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        handle(request, handled_tx.clone())
                    });
                    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });

        let client = Client::builder(TokioExecutor::new())
            .http2_only(true)
            .build_http::<Empty<Bytes>>();
        let uri: hyper::Uri = format!("http://127.0.0.1:{port}/hello")
            .parse()
            .expect("a URI");
        let telemetry = get_telemetry("bridge_hyper::client");
        let fetch = telemetry.tracer().start("fetch");
        let fetch_cx = fetch.context();
        let logger = telemetry.logger().clone();
        async {
            for _ in 0..2 {
                let response = client.get(uri.clone()).await.expect("a response");
                assert_eq!(response.status(), 200);
                let body = response.into_body().collect().await.expect("the body");
                assert_eq!(body.to_bytes(), Bytes::from_static(b"hello"));
            }
            warn!(logger, "fetched_twice");
        }
        .in_span(fetch)
        .await;
        drop(client);
        server.abort();
        let mut handled = Vec::new();
        while handled.len() < 2 {
            handled.push(handled_rx.recv().await.expect("the handler ran"));
        }
        Exchange {
            port,
            fetch: fetch_cx,
            handled,
        }
    });
    // Drops the connections' tasks: h2 closes its `Connection` spans.
    runtime.shutdown_timeout(Duration::from_secs(5));
    exchange
}

fn parse(line: &str) -> Json {
    serde_json::from_str(line).expect("a JSON line")
}

/// The lines of `logger` whose text contains `text`: exactly `logs` of
/// them (one, or none in a build without a log backend), at `level`.
fn records(logger: &str, text: &str, level: &str) -> Vec<Json> {
    let lines: Vec<String> = lines_of(logger)
        .into_iter()
        .filter(|l| l.contains(text))
        .collect();
    assert_eq!(
        lines.len(),
        usize::from(BUILD.logs),
        "{logger} {text:?}, once: {lines:#?}"
    );
    if !BUILD.json {
        return Vec::new();
    }
    let records: Vec<Json> = lines.iter().map(|l| parse(l)).collect();
    for r in &records {
        assert_eq!(r["level"], level, "{r}");
        assert!(r["event"].as_str().unwrap().contains(text), "{r}");
    }
    records
}

/// The record carries the trace fields of `cx` (none outside a span).
fn assert_in_span(record: &Json, cx: Option<TraceContext>) {
    match cx {
        Some(cx) => {
            assert_eq!(record["trace_id"], cx.trace_id().to_string(), "{record}");
            assert_eq!(record["span_id"], cx.span_id().to_string(), "{record}");
        }
        None => assert!(record.get("trace_id").is_none(), "{record}"),
    }
}

#[test]
fn hyper_and_h2_speak_tracing_into_our_records_and_spans() {
    let capture = testing::capture();
    let ex = exchange();
    let addr = format!("127.0.0.1:{}", ex.port);
    assert_eq!(ex.fetch.is_some(), BUILD.traces);

    // hyper-util's connector and pool, in the request's future: each
    // record once, with our span's trace fields.
    let connect = "hyper_util::client::legacy::connect::http";
    let pool = "hyper_util::client::legacy::pool";
    let mut in_fetch = Vec::new();
    in_fetch.extend(records(connect, "Http::connect; scheme=Some(", "trace"));
    in_fetch.extend(records(connect, &format!("connecting to {addr}"), "debug"));
    in_fetch.extend(records(connect, &format!("connected to {addr}"), "debug"));
    in_fetch.extend(records(pool, "pooling idle connection for", "debug"));
    in_fetch.extend(records(pool, "reuse idle connection for", "debug"));
    // h2's handshake, in the request's future too.
    in_fetch.extend(records("h2::client", "binding client connection", "debug"));
    in_fetch.extend(records("h2::client", "client connection bound", "debug"));
    in_fetch.extend(records("bridge_hyper::client", "fetched_twice", "warning"));
    assert_eq!(in_fetch.len(), 8 * usize::from(BUILD.json));
    for record in &in_fetch {
        assert_in_span(record, ex.fetch);
        if let Some(port) = record["event"]
            .as_str()
            .and_then(|e| e.strip_prefix("connect"))
        {
            assert!(port.ends_with(&addr), "{record}");
        }
    }

    // h2 buffered the client's SETTINGS frame in the handshake, in its
    // `FramedWrite::buffer` span: that span is ours, a child of `fetch`,
    // and its `send` record carries it.
    let settings_span = ex.fetch.map(|fetch| {
        let children: Vec<_> = capture
            .trace(fetch.trace_id())
            .into_iter()
            .filter(|s| {
                s.name == "FramedWrite::buffer"
                    && s.scope == "h2::codec::framed_write"
                    && s.parent_span_id == Some(fetch.span_id())
                    && s.attribute("frame")
                        .is_some_and(|f| f.to_string().starts_with("Settings"))
            })
            .collect();
        assert_eq!(children.len(), 1, "{children:#?}");
        children[0].span_id
    });
    if BUILD.json {
        let sends: Vec<Json> = lines_of("h2::codec::framed_write")
            .iter()
            .map(|l| parse(l))
            .filter(|r| r["event"] == "send")
            .collect();
        let settings = sends.iter().filter(|r| {
            r["frame"]
                .as_str()
                .unwrap_or_default()
                .starts_with("Settings")
        });
        // At least each side's SETTINGS and its acknowledgement.
        assert!(settings.count() >= 4, "{sends:#?}");
        if let (Some(fetch), Some(span)) = (ex.fetch, settings_span) {
            let in_handshake: Vec<&Json> = sends
                .iter()
                .filter(|r| r["span_id"] == span.to_string())
                .collect();
            assert_eq!(in_handshake.len(), 1, "{sends:#?}");
            let send = in_handshake[0];
            assert!(
                send["frame"].as_str().unwrap().starts_with("Settings"),
                "{send}"
            );
            assert_eq!(send["trace_id"], fetch.trace_id().to_string(), "{send}");
            assert_eq!(
                send["parent_span_id"],
                fetch.span_id().to_string(),
                "{send}"
            );
        }
    }

    // h2's `Connection` spans (`parent: None`): ours too, one per side,
    // each the root of its own trace.
    let connections: Vec<_> = capture
        .spans_named("Connection")
        .into_iter()
        .filter(|s| s.scope == "h2::proto::connection")
        .collect();
    assert_eq!(
        connections.len(),
        2 * usize::from(BUILD.traces),
        "{connections:#?}"
    );
    if let Some(fetch) = ex.fetch {
        let mut peers: Vec<String> = connections
            .iter()
            .map(|s| {
                s.attribute("peer")
                    .map(|p| p.to_string())
                    .unwrap_or_default()
            })
            .collect();
        peers.sort();
        assert_eq!(peers, ["Client", "Server"]);
        for s in &connections {
            assert_eq!(s.parent_span_id, None, "{s:?}");
            assert_ne!(s.trace_id, fetch.trace_id(), "{s:?}");
        }
        assert_ne!(connections[0].trace_id, connections[1].trace_id);
        // What h2 says while its connections are polled carries their
        // traces: every frame received was received in one of them.
        if BUILD.json {
            let traces: Vec<String> = connections.iter().map(|s| s.trace_id.to_string()).collect();
            let received: Vec<Json> = lines_of("h2::codec::framed_read")
                .iter()
                .map(|l| parse(l))
                .filter(|r| r["event"] == "received")
                .collect();
            assert!(received.len() >= 4, "{received:#?}");
            for r in &received {
                let trace = r["trace_id"].as_str().unwrap_or_default().to_owned();
                assert!(traces.contains(&trace), "{r}");
            }
        }
    }

    // The server's side: our span `handle` inside the `tracing` span
    // `serve`, each request its own; the `tracing` event inside carries
    // `handle`.
    assert_eq!(ex.handled.len(), 2);
    let serves = capture.spans_named("serve");
    assert_eq!(serves.len(), 2 * usize::from(BUILD.traces));
    for (n, cx) in ex.handled.iter().enumerate() {
        assert_eq!(cx.is_some(), BUILD.traces);
        if let Some(cx) = cx {
            let handle = capture
                .trace(cx.trace_id())
                .into_iter()
                .find(|s| s.span_id == cx.span_id())
                .expect("handle exported");
            let serve = serves
                .iter()
                .find(|s| Some(s.span_id) == handle.parent_span_id)
                .expect("handle's parent is a serve span");
            assert_eq!(serve.parent_span_id, None, "request {n}");
        }
    }
    let handled: Vec<String> = lines_of("bridge_hyper::server");
    assert_eq!(handled.len(), 2 * usize::from(BUILD.logs), "{handled:#?}");
    if BUILD.json {
        let mut ids: Vec<Json> = handled
            .iter()
            .map(|l| parse(l)["span_id"].clone())
            .collect();
        let mut expected: Vec<Json> = ex
            .handled
            .iter()
            .map(|cx| cx.map_or(Json::Null, |cx| Json::from(cx.span_id().to_string())))
            .collect();
        ids.sort_by_key(|v| v.to_string());
        expected.sort_by_key(|v| v.to_string());
        assert_eq!(ids, expected);
    }
}

#[test]
fn directives_filter_what_hyper_and_h2_say() {
    let out = run_child("child_exchange_with_directives", &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Our JSON lines (the first shares its line with libtest's `test ... `).
    let lines: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.find("{\"timestamp\"").map(|at| &l[at..]))
        .collect();
    let logs = usize::from(BUILD.logs);
    let count = |text: &str| lines.iter().filter(|l| l.contains(text)).count();
    // `hyper_util::client::legacy::connect=debug`: its debug records, not
    // its trace one.
    assert_eq!(count("connecting to 127.0.0.1:"), logs, "{stdout}");
    assert_eq!(count("connected to 127.0.0.1:"), logs, "{stdout}");
    assert_eq!(count("Http::connect;"), 0, "{stdout}");
    // The pool is at the default, `warn`.
    assert_eq!(count("idle connection"), 0, "{stdout}");
    // `h2::client=debug`; the rest of h2 at `warn`.
    assert_eq!(count("binding client connection"), logs, "{stdout}");
    assert_eq!(count("client connection bound"), logs, "{stdout}");
    assert_eq!(count("\"logger\":\"h2::codec"), 0, "{stdout}");
    assert_eq!(count("\"logger\":\"h2::proto"), 0, "{stdout}");
    assert_eq!(count("\"level\":\"trace\""), 0, "{stdout}");
    // Our own warning, and the server's `tracing` info records dropped.
    assert_eq!(count("fetched_twice"), logs, "{stdout}");
    assert_eq!(count("\"handled\""), 0, "{stdout}");
    assert_eq!(lines.len(), 5 * logs, "{stdout}");
    // All of them in `fetch`: no h2 span in between (they are filtered).
    if BUILD.json {
        let records: Vec<Json> = lines.iter().map(|l| parse(l)).collect();
        let fetch = &records
            .iter()
            .find(|r| r["event"] == "fetched_twice")
            .expect("our warning");
        for r in &records {
            assert_eq!(r["trace_id"], fetch["trace_id"], "{r}");
            assert_eq!(r["span_id"], fetch["span_id"], "{r}");
        }
        assert_eq!(fetch.get("span_id").is_some(), BUILD.traces, "{fetch}");
    }
}

/// Run by the test above: `warn` by default, `debug` for hyper-util's
/// connector and h2's client, JSON lines to standard output.
#[test]
#[ignore = "run in a child process"]
fn child_exchange_with_directives() {
    let guard = telemetry_facade::init(
        telemetry_facade::Config::new()
            .log_directives("warn,hyper_util::client::legacy::connect=debug,h2::client=debug"),
    )
    .expect("first init");
    let ex = exchange();
    assert_eq!(ex.fetch.is_some(), BUILD.traces);
    drop(guard);
}
