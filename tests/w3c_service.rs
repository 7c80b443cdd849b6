//! The conformance example end to end on loopback: this test starts it,
//! plays the test harness, and receives the calls it makes.

#[allow(dead_code)]
#[path = "../examples/w3c_service.rs"]
mod w3c_service;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::Duration;

use telemetry_facade::{testing, BUILD};

const TRACEPARENT: &str = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

/// Accepts one request on `listener`; returns its headers (lowercase) and body.
fn receive_one(listener: TcpListener, tx: mpsc::Sender<(Vec<(String, String)>, String)>) {
    let (stream, _) = listener.accept().unwrap();
    let mut reader = BufReader::new(stream);
    let mut headers = Vec::new();
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).unwrap();
        if h.trim().is_empty() {
            break;
        }
        let (k, v) = h.split_once(':').unwrap();
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
    }
    let len: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .unwrap()
        .1
        .parse()
        .unwrap();
    let mut body = vec![0; len];
    reader.read_exact(&mut body).unwrap();
    let mut stream = reader.into_inner();
    stream
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
        .unwrap();
    tx.send((headers, String::from_utf8(body).unwrap()))
        .unwrap();
}

#[test]
fn the_service_continues_the_trace_to_each_url() {
    let capture = testing::capture();
    let service = TcpListener::bind("127.0.0.1:0").unwrap();
    let service_addr = service.local_addr().unwrap();
    std::thread::spawn(move || w3c_service::serve(service));

    let callee = TcpListener::bind("127.0.0.1:0").unwrap();
    let callee_url = format!("http://{}/called", callee.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || receive_one(callee, tx));

    let body = format!(r#"[{{"url": "{callee_url}", "arguments": [{{"x": 1}}]}}]"#);
    let mut harness = TcpStream::connect(service_addr).unwrap();
    harness
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        harness,
        "POST /test HTTP/1.1\r\nhost: x\r\ntraceparent: {TRACEPARENT}\r\ntracestate: foo=1\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    harness.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");

    let (headers, received) = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the service called the URL");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&received).unwrap(),
        serde_json::json!([{"x": 1}])
    );
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let traceparent = get("traceparent").expect("traceparent injected");
    assert!(
        traceparent.starts_with("00-0af7651916cd43dd8448eb211c80319c-"),
        "{traceparent}"
    );
    assert_eq!(get("tracestate").as_deref(), Some("foo=1"));
    if BUILD.traces {
        // A new span: the client span, child of the server span, child of the caller.
        let client = capture.spans_named("POST");
        let server = capture.spans_named("POST /test");
        assert_eq!(
            server[0].parent_span_id.unwrap().to_string(),
            "b7ad6b7169203331"
        );
        assert_eq!(client[0].parent_span_id, Some(server[0].span_id));
        assert_eq!(
            traceparent,
            format!(
                "00-0af7651916cd43dd8448eb211c80319c-{}-01",
                client[0].span_id
            )
        );
    } else {
        assert_eq!(traceparent, TRACEPARENT, "pass-through");
    }
}
