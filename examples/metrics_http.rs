//! A tiny HTTP service exposing its metrics to Prometheus at `/metrics`
//! (feature `prometheus`), on loopback:
//!
//! ```text
//! METRICS_HTTP_PORT=9464 cargo run --example metrics_http --features prometheus
//! curl 'http://127.0.0.1:9464/work?seconds=0.25&items=3'
//! curl http://127.0.0.1:9464/metrics
//! curl http://127.0.0.1:9464/quit
//! ```
//!
//! - `GET /work?seconds=S&items=N` records one request in the counter
//!   `demo.requests` (attributes `route`, `outcome`), `S` (default 0.01)
//!   in the histogram `demo.work.duration` (seconds, boundaries 0.01 … 1),
//!   and `N - 1` in the up-down counter `demo.queue.items` (`N` items
//!   queued, default 1, one taken); the observable gauge
//!   `demo.work.last_items` reports the last `N`.
//! - `GET /metrics` answers [`prometheus_text`] with its content type.
//! - `GET /quit` stops the service (so does the time limit,
//!   `METRICS_HTTP_SECONDS`, default 300).
//!
//! `METRICS_HTTP_PORT` (unset or 0: a free port) chooses the port; the
//! first line on stdout is `listening on http://127.0.0.1:<port>`.
//! Everything else is configured by the standard `OTEL_*` variables
//! (`OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`, ...).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use telemetry_facade::{
    get_telemetry, init, prometheus_text, Config, Counter, Histogram, KeyValue, UpDownCounter,
};

struct Instruments {
    requests: Counter<u64>,
    duration: Histogram<f64>,
    queue: UpDownCounter<i64>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let config = Config::from_env();
    let service =
        std::env::var("OTEL_SERVICE_NAME").unwrap_or_else(|_| "metrics-http-example".into());
    let metrics = config.get_metrics().clone().prometheus(true);
    let guard = init(config.service_name(service).metrics(metrics))?;

    let meter = get_telemetry("metrics_http").meter().clone();
    let instruments = Instruments {
        requests: meter
            .u64_counter("demo.requests")
            .description("Requests handled")
            .unit("{request}")
            .build(),
        duration: meter
            .f64_histogram("demo.work.duration")
            .description("Time spent working")
            .unit("s")
            .boundaries(vec![0.01, 0.05, 0.1, 0.5, 1.0])
            .build(),
        queue: meter
            .i64_up_down_counter("demo.queue.items")
            .description("Items waiting")
            .unit("{item}")
            .build(),
    };
    let last_items = Arc::new(AtomicI64::new(0));
    let observed = Arc::clone(&last_items);
    let _gauge = meter
        .i64_observable_gauge("demo.work.last_items")
        .description("Items of the last request")
        .callback(move |o| o.observe(observed.load(Ordering::Relaxed), &[]))
        .build();

    let port: u16 = match std::env::var("METRICS_HTTP_PORT") {
        Ok(port) => port.parse()?,
        Err(_) => 0,
    };
    let seconds: u64 = match std::env::var("METRICS_HTTP_SECONDS") {
        Ok(s) => s.parse()?,
        Err(_) => 300,
    };
    let listener = TcpListener::bind(("127.0.0.1", port))?;
    listener.set_nonblocking(true)?;
    println!("listening on http://{}", listener.local_addr()?);
    std::io::stdout().flush()?;

    let deadline = Instant::now() + Duration::from_secs(seconds);
    while Instant::now() < deadline {
        match listener.accept() {
            Ok((stream, _)) => {
                if serve(stream, &instruments, &last_items) == Served::Quit {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(e) => return Err(e.into()),
        }
    }
    drop(guard);
    Ok(())
}

#[derive(PartialEq)]
enum Served {
    Continue,
    Quit,
}

/// Answers one request (HTTP/1.1, one request per connection).
fn serve(stream: TcpStream, instruments: &Instruments, last_items: &AtomicI64) -> Served {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return Served::Continue;
    }
    // Skip the headers.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    };
    let (status, content_type, body, served) = match path {
        "/metrics" => {
            let text = prometheus_text();
            (
                "200 OK",
                text.content_type(),
                text.into_string(),
                Served::Continue,
            )
        }
        "/work" => {
            let seconds: Option<f64> = param("seconds").map_or(Some(0.01), |s| s.parse().ok());
            let items: Option<i64> = param("items").map_or(Some(1), |s| s.parse().ok());
            match (seconds, items) {
                (Some(seconds), Some(items)) if seconds >= 0.0 => {
                    // Attribute sets by value: filled in only when the
                    // instruments record.
                    instruments.requests.add(
                        1,
                        [
                            KeyValue::new("route", "/work"),
                            KeyValue::new("outcome", "ok"),
                        ],
                    );
                    instruments
                        .duration
                        .record(seconds, [KeyValue::new("route", "/work")]);
                    instruments.queue.add(items - 1, []);
                    last_items.store(items, Ordering::Relaxed);
                    (
                        "200 OK",
                        "text/plain",
                        "done\n".to_owned(),
                        Served::Continue,
                    )
                }
                _ => {
                    instruments.requests.add(
                        1,
                        [
                            KeyValue::new("route", "/work"),
                            KeyValue::new("outcome", "bad_request"),
                        ],
                    );
                    (
                        "400 Bad Request",
                        "text/plain",
                        "seconds and items must be numbers\n".to_owned(),
                        Served::Continue,
                    )
                }
            }
        }
        "/quit" => ("200 OK", "text/plain", "bye\n".to_owned(), Served::Quit),
        _ => (
            "404 Not Found",
            "text/plain",
            "not found\n".to_owned(),
            Served::Continue,
        ),
    };
    let mut stream = &stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
    served
}
