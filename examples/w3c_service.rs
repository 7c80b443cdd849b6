//! A small HTTP service for W3C Trace Context conformance testing (std
//! only, plus serde_json for the body).
//!
//! It accepts `POST /test` whose body is a JSON array of
//! `{"url": ..., "arguments": ...}`; for each element it starts a child span
//! of the context extracted from the request and POSTs `arguments` as JSON
//! to `url`, with that span's context injected. It answers 200 when all the
//! calls are made.
//!
//! `cargo run --example w3c_service -- 127.0.0.1:5000`

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use telemetry_facade::propagation::{extract, inject};
use telemetry_facade::{get_telemetry, init, Config, SpanKind};

/// One HTTP/1.1 request: method, path, headers (lowercase names; repeated
/// lines joined with commas), body.
struct Request {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

fn read_request(stream: &mut TcpStream) -> io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let path = parts.next().unwrap_or_default().to_owned();
    let mut headers: HashMap<String, String> = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_owned());
            headers
                .entry(k)
                .and_modify(|old| {
                    old.push(',');
                    old.push_str(&v);
                })
                .or_insert(v);
        }
    }
    let len = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0usize);
    let mut body = vec![0; len.min(1 << 20)];
    reader.read_exact(&mut body)?;
    Ok(Request {
        method,
        path,
        headers,
        body,
    })
}

fn respond(stream: &mut TcpStream, status: &str) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    )
}

/// POSTs `body` to `url` (`http://host:port/path`) with `headers`.
fn post(url: &str, headers: &HashMap<String, String>, body: &str) -> io::Result<()> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "only http:// URLs"))?;
    let (host, path) = rest
        .split_once('/')
        .map_or((rest, "/".to_owned()), |(h, p)| (h, format!("/{p}")));
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut request = format!("POST {path} HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n", body.len());
    for (k, v) in headers {
        request.push_str(&format!("{k}: {v}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    Ok(())
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    let request = read_request(&mut stream)?;
    if request.method != "POST" || request.path != "/test" {
        return respond(&mut stream, "404 Not Found");
    }
    let Ok(serde_json::Value::Array(calls)) = serde_json::from_slice(&request.body) else {
        return respond(&mut stream, "400 Bad Request");
    };
    let tracer = get_telemetry("w3c_service").tracer().clone();
    let cx = extract(&request.headers);
    cx.run(|| {
        let server = tracer.span("POST /test").kind(SpanKind::Server).start();
        let _entered = server.enter();
        for call in &calls {
            let url = call["url"].as_str().unwrap_or_default();
            let arguments = call["arguments"].to_string();
            tracer.span("POST").kind(SpanKind::Client).in_span(|span| {
                span.set_attribute("url.full", url.to_owned());
                let mut headers = HashMap::new();
                inject(&mut headers);
                if let Err(e) = post(url, &headers, &arguments) {
                    span.record_error(&e);
                }
            });
        }
    });
    respond(&mut stream, "200 OK")
}

/// Serves until the listener fails; one thread per connection (the test
/// harness may call this service from inside its own requests).
pub(crate) fn serve(listener: TcpListener) -> io::Result<()> {
    for stream in listener.incoming() {
        let stream = stream?;
        let cx = telemetry_facade::Context::current();
        std::thread::spawn(move || cx.run(|| handle(stream)));
    }
    Ok(())
}

#[allow(dead_code)] // the tests include this file as a module
fn main() -> io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:5000".to_owned());
    let _guard = init(Config::new().service_name("w3c_service").with_env()).expect("first init");
    let listener = TcpListener::bind(&addr)?;
    eprintln!("w3c_service listening on {addr}");
    serve(listener)
}
