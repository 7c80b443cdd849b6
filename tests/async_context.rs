//! Context across `.await`, task migration, spawns and joins, on a real
//! multi-threaded tokio runtime. Written once for every build: without a
//! backend, the same code runs and nothing is emitted.

use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context as TaskContext, Poll};

use serde_json::Value as Json;
use telemetry_facade::testing;
use telemetry_facade::{
    get_telemetry, info, spawn_thread, with_fields, Context, Field, FutureExt, Status,
    TraceContext, BUILD,
};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(4)
        .enable_all()
        .build()
        .unwrap()
}

/// The JSON lines of one logger (empty unless this build writes JSON).
fn json_lines(logger: &str) -> Vec<Json> {
    let needle = format!("\"logger\":\"{logger}\"");
    testing::capture()
        .log_lines()
        .into_iter()
        .filter(|l| l.contains(&needle))
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect()
}

fn lines_expected(n: usize) -> usize {
    if BUILD.json {
        n
    } else {
        0
    }
}

#[test]
fn ten_thousand_tasks_each_log_their_own_trace_and_request_id() {
    testing::capture();
    const TASKS: usize = 10_000;
    const YIELDS: usize = 5;
    let rt = runtime();
    let t = get_telemetry("async::many");
    rt.block_on(async {
        let mut handles = Vec::with_capacity(TASKS);
        for i in 0..TASKS {
            let (tracer, logger, _) = t.split();
            let request_id = format!("req-{i}");
            let span = tracer.span("async_task").root().start();
            let work = async move {
                for step in 0..YIELDS {
                    info!(logger, "step", step = step);
                    tokio::task::yield_now().await;
                }
            };
            let fields = [Field::new("request_id", request_id.as_str())];
            handles.push(tokio::spawn(work.in_span(span).with_fields(&fields)));
        }
        for h in handles {
            h.await.unwrap();
        }
    });
    let lines = json_lines("async::many");
    assert_eq!(lines.len(), lines_expected(TASKS * YIELDS), "zero missing");
    if BUILD.json {
        let mut trace_of: HashMap<String, String> = HashMap::new();
        let mut request_of: HashMap<String, String> = HashMap::new();
        let mut requests: HashSet<String> = HashSet::new();
        for v in &lines {
            let request = v["request_id"]
                .as_str()
                .expect("every line has its request_id")
                .to_owned();
            if BUILD.traces {
                let trace = v["trace_id"]
                    .as_str()
                    .expect("every line has a trace_id")
                    .to_owned();
                assert_eq!(
                    trace_of
                        .entry(request.clone())
                        .or_insert_with(|| trace.clone()),
                    &trace,
                    "mismatch for {request}"
                );
                assert_eq!(
                    request_of.entry(trace).or_insert_with(|| request.clone()),
                    &request
                );
            } else {
                assert!(v.get("trace_id").is_none());
            }
            requests.insert(request);
        }
        assert_eq!(requests.len(), TASKS, "every task logged");
        if BUILD.traces {
            assert_eq!(trace_of.len(), TASKS, "one trace per request");
            assert_eq!(request_of.len(), TASKS, "one request per trace");
        }
    }
}

#[test]
fn no_context_leaks_into_a_task_without_a_span() {
    testing::capture();
    let rt = runtime();
    let t = get_telemetry("async::leak");
    rt.block_on(async {
        for round in 0..200 {
            let (tracer, logger, _) = t.split();
            let with_span = tokio::spawn(
                async move {
                    tokio::task::yield_now().await;
                }
                .in_span(tracer.start("leak_span"))
                .with_fields(&[Field::new("request_id", "leaky")]),
            );
            let bare_logger = logger.clone();
            let bare = tokio::spawn(async move {
                tokio::task::yield_now().await;
                assert!(
                    TraceContext::current().is_none(),
                    "a span leaked into a bare task"
                );
                info!(bare_logger, "bare", round = round);
            });
            with_span.await.unwrap();
            bare.await.unwrap();
        }
    });
    for v in json_lines("async::leak") {
        assert!(v.get("trace_id").is_none(), "trace fields leaked: {v}");
        assert!(v.get("request_id").is_none(), "scoped fields leaked: {v}");
    }
}

/// A future that is polled once and then dropped (cancelled).
struct PendingOnce(bool);
impl Future for PendingOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[test]
fn a_cancelled_future_leaves_no_context_behind() {
    let capture = testing::capture();
    let rt = runtime();
    let tracer = get_telemetry("async::cancel").tracer().clone();
    let polled = Arc::new(AtomicBool::new(false));
    rt.block_on(async {
        let p = polled.clone();
        let fut = async move {
            p.store(true, Ordering::SeqCst);
            std::future::pending::<()>().await;
        }
        .in_span(tracer.start("cancelled"))
        .with_fields(&[Field::new("request_id", "gone")]);
        let _ = tokio::time::timeout(std::time::Duration::from_millis(20), fut).await;
        assert!(TraceContext::current().is_none());
        assert!(!telemetry_facade::Span::current().is_recording());
        PendingOnce(false).await;
    });
    assert!(polled.load(Ordering::SeqCst));
    // Dropping the future ended its span.
    assert_eq!(
        capture.spans_named("cancelled").len(),
        usize::from(BUILD.traces)
    );
}

#[derive(Debug)]
struct Failed(u32);
impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "child {} failed", self.0)
    }
}
impl std::error::Error for Failed {}

#[test]
fn gather_runs_children_under_one_parent() {
    let capture = testing::capture();
    let rt = runtime();
    let tracer = get_telemetry("async::gather").tracer().clone();
    let results = rt.block_on(tracer.try_gather(
        "gather_parent",
        "gather_child",
        (0..5u32).map(|i| async move {
            tokio::task::yield_now().await;
            if i == 3 {
                Err(Failed(i))
            } else {
                Ok(i * 2)
            }
        }),
    ));
    assert_eq!(results.len(), 5);
    assert_eq!(results.iter().filter(|r| r.is_err()).count(), 1);
    assert_eq!(*results[4].as_ref().unwrap(), 8);
    let plain = rt.block_on(tracer.gather(
        "gather_plain",
        "gather_plain_child",
        (0..3).map(|i| async move { i }),
    ));
    assert_eq!(plain, [0, 1, 2]);

    let parents = capture.spans_named("gather_parent");
    let children = capture.spans_named("gather_child");
    if BUILD.traces {
        let parent = &parents[0];
        assert_eq!(children.len(), 5);
        for child in &children {
            assert_eq!(child.parent_span_id, Some(parent.span_id));
            assert_eq!(child.trace_id, parent.trace_id);
        }
        let failed: Vec<_> = children
            .iter()
            .filter(|c| c.status != Status::Unset)
            .collect();
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0].status, Status::error("child 3 failed"));
        assert_eq!(
            parent.attribute("gather.failed"),
            Some(&telemetry_facade::Value::I64(1))
        );
    } else {
        assert!(parents.is_empty() && children.is_empty());
    }
}

#[test]
fn fields_and_spans_follow_threads_and_nest() {
    testing::capture();
    let t = get_telemetry("async::threads");
    let (tracer, logger, _) = t.split();
    let parent_cx = tracer.in_span("thread_parent", |span| {
        with_fields(&[Field::new("outer", &1)], || {
            with_fields(&[Field::new("inner", &2)], || {
                let logger = logger.clone();
                let tracer = tracer.clone();
                spawn_thread(move || {
                    info!(logger, "in_thread");
                    tracer.start("thread_child").end();
                })
                .join()
                .unwrap();
            });
            info!(logger, "after_inner_scope");
        });
        span.context()
    });
    let cx = Context::current();
    std::thread::spawn(move || cx.run(|| assert!(TraceContext::current().is_none())))
        .join()
        .unwrap();

    let lines = json_lines("async::threads");
    assert_eq!(lines.len(), lines_expected(2));
    if BUILD.json {
        assert_eq!(
            (lines[0]["outer"].clone(), lines[0]["inner"].clone()),
            (Json::from(1), Json::from(2))
        );
        let keys: HashSet<&str> = lines[1]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert!(
            keys.contains("outer") && !keys.contains("inner"),
            "leaving a scope removes its fields"
        );
        if BUILD.traces {
            let parent = parent_cx.unwrap();
            assert_eq!(lines[0]["span_id"], parent.span_id().to_string());
            let child = &testing::capture().spans_named("thread_child")[0];
            assert_eq!(child.parent_span_id, Some(parent.span_id()));
        }
    }
}

#[test]
fn an_instrumented_future_is_dropped_inside_its_span() {
    // A future's destructor that logs (a connection closed, a guard
    // released) still carries the trace of the span the future ran in.
    struct LogsOnDrop;
    impl Drop for LogsOnDrop {
        fn drop(&mut self) {
            info!(get_telemetry("async::drop").logger(), "dropped_inside");
        }
    }
    testing::capture();
    let tracer = get_telemetry("async::drop").tracer().clone();
    let span = tracer.start("async_dropped_future");
    let expected = span.context();
    let fut = async {
        let _guard = LogsOnDrop;
        std::future::pending::<()>().await;
    }
    .in_span(span);
    // Polled once so the async block holds its guard, then dropped.
    let waker = std::task::Waker::noop();
    let mut fut = Box::pin(fut);
    assert!(fut
        .as_mut()
        .poll(&mut TaskContext::from_waker(waker))
        .is_pending());
    drop(fut);
    let lines = json_lines("async::drop");
    assert_eq!(lines.len(), lines_expected(1));
    if let (Some(line), Some(cx)) = (lines.first(), expected) {
        assert_eq!(line["event"], "dropped_inside");
        assert_eq!(line["span_id"], cx.span_id().to_string());
        assert_eq!(line["trace_id"], cx.trace_id().to_string());
    }
    assert_eq!(expected.is_some(), BUILD.traces);
}
