//! `#[instrument]` (feature `macros`): written once for every build that
//! has the attribute. With `otel` the spans are checked through
//! `testing::capture()`; without it the same functions run, return the same
//! values, and no span is captured (`BUILD.traces` says which).

use std::fmt::Display;
use std::future::Future;

use telemetry_facade::testing::{self, SpanRecord};
use telemetry_facade::{instrument, SpanKind, Status, Value, BUILD};

/// The spans named `name` this build captured: one per call with `otel`,
/// none without.
fn spans(name: &str, calls: usize) -> Vec<SpanRecord> {
    let spans = testing::capture().spans_named(name);
    assert_eq!(
        spans.len(),
        calls * usize::from(BUILD.traces),
        "spans named {name}: {spans:?}"
    );
    spans
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

fn assert_send<T: Send>(t: T) -> T {
    t
}

#[instrument]
fn add_plain(a: i64, b: u32, label: &str, owned: String, flag: bool, ratio: f64) -> i64 {
    let _ = (label, owned, flag, ratio);
    a + i64::from(b)
}

#[test]
fn a_sync_fn_gets_a_span_named_after_it_with_every_argument() {
    testing::capture();
    assert_eq!(add_plain(40, 2, "x", "y".to_owned(), true, 0.5), 42);
    for span in spans("add_plain", 1) {
        assert_eq!(span.kind, SpanKind::Internal);
        assert_eq!(span.attribute("a"), Some(&Value::from(40)));
        assert_eq!(span.attribute("b"), Some(&Value::from(2u32)));
        assert_eq!(span.attribute("label"), Some(&Value::from("x")));
        assert_eq!(span.attribute("owned"), Some(&Value::from("y")));
        assert_eq!(span.attribute("flag"), Some(&Value::from(true)));
        assert_eq!(span.attribute("ratio"), Some(&Value::from(0.5)));
        assert_eq!(span.status, Status::Unset);
    }
}

#[instrument(name = "login_attempt", kind = "client", skip(password))]
fn login(user: &str, password: &str) -> bool {
    password.len() > 3 && !user.is_empty()
}

#[instrument(fields(order_id), kind = "server")]
fn load(order_id: u64, _conn: &std::sync::Mutex<Vec<u8>>, secret: &str) -> u64 {
    let _ = secret;
    order_id * 2
}

#[instrument(skip_all)]
fn skip_everything(token: &str, count: u8) -> usize {
    token.len() + usize::from(count)
}

#[test]
fn name_kind_skip_fields_and_skip_all() {
    testing::capture();
    assert!(login("ada", "secret"));
    for span in spans("login_attempt", 1) {
        assert_eq!(span.kind, SpanKind::Client);
        assert_eq!(span.attribute("user"), Some(&Value::from("ada")));
        assert_eq!(span.attribute("password"), None);
    }

    assert_eq!(load(21, &std::sync::Mutex::new(Vec::new()), "s"), 42);
    for span in spans("load", 1) {
        assert_eq!(span.kind, SpanKind::Server);
        assert_eq!(span.attribute("order_id"), Some(&Value::from(21u64)));
        assert_eq!(span.attributes.len(), 1, "{:?}", span.attributes);
    }

    assert_eq!(skip_everything("abc", 1), 4);
    for span in spans("skip_everything", 1) {
        assert!(span.attributes.is_empty(), "{:?}", span.attributes);
    }
}

#[derive(Debug)]
struct Invalid(&'static str);

impl Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid: {}", self.0)
    }
}

#[instrument(err)]
fn parse_checked(text: &str) -> Result<u16, Box<dyn std::error::Error + Send + Sync>> {
    if text.is_empty() {
        return Err("empty input".into()); // early return, recorded
    }
    let n: u16 = text.parse()?; // `?`, recorded
    Ok(n)
}

#[instrument(err, name = "validate")]
fn validate(n: i32) -> Result<i32, Invalid> {
    if n < 0 {
        Err(Invalid("negative"))
    } else {
        Ok(n)
    }
}

#[test]
fn err_records_a_returned_error_on_the_span() {
    testing::capture();
    assert_eq!(parse_checked("8080").unwrap(), 8080);
    assert!(parse_checked("").is_err());
    assert!(parse_checked("port").is_err());
    let all = spans("parse_checked", 3);
    let by_text = |text: &'static str| {
        all.iter()
            .find(|s| s.attribute("text") == Some(&Value::from(text)))
            .cloned()
    };
    if BUILD.traces {
        assert_eq!(by_text("8080").unwrap().status, Status::Unset);
        assert!(by_text("8080").unwrap().events.is_empty());
        let empty = by_text("").unwrap();
        assert_eq!(empty.status, Status::error("empty input"));
        assert_eq!(empty.events.len(), 1);
        assert_eq!(empty.events[0].name, "exception");
        assert_eq!(
            empty.events[0].attribute("exception.message"),
            Some(&Value::from("empty input"))
        );
        let port = by_text("port").unwrap();
        assert_eq!(port.status, Status::error("invalid digit found in string"));
    }

    assert!(validate(-1).is_err());
    for span in spans("validate", 1) {
        assert_eq!(span.status, Status::error("invalid: negative"));
        let event = &span.events[0];
        assert_eq!(
            event.attribute("exception.type").and_then(Value::as_str),
            Some(std::any::type_name::<Invalid>())
        );
    }
}

#[instrument]
fn inner_sync(depth: u8) -> u8 {
    depth + 1
}

#[instrument]
fn outer_sync(depth: u8) -> u8 {
    inner_sync(depth + 1) + inner_sync(depth + 1)
}

#[test]
fn nested_instrumented_calls_nest_spans() {
    testing::capture();
    assert_eq!(outer_sync(7), 18);
    let outer = spans("outer_sync", 1);
    let inner: Vec<_> = spans("inner_sync", 2)
        .into_iter()
        .filter(|s| s.attribute("depth") == Some(&Value::from(8u8)))
        .collect();
    if let [outer] = &outer[..] {
        assert_eq!(inner.len(), 2);
        for child in inner {
            assert_eq!(child.parent_span_id, Some(outer.span_id));
            assert_eq!(child.trace_id, outer.trace_id);
        }
    }
}

struct Store {
    name: String,
    items: Vec<u32>,
}

impl Store {
    #[instrument]
    fn len(&self, hint: u32) -> usize {
        let _ = hint;
        self.items.len()
    }

    #[instrument(err)]
    fn first_mut(&mut self, min: u32) -> Result<&mut u32, Invalid> {
        self.items
            .iter_mut()
            .find(|i| **i >= min)
            .ok_or(Invalid("none large enough"))
    }

    #[instrument(skip(self))]
    fn into_name(self, suffix: &str) -> String {
        format!("{}{suffix}", self.name)
    }

    #[instrument(name = "store_get")]
    async fn get(&self, index: usize) -> Option<u32> {
        tokio::task::yield_now().await;
        self.items.get(index).copied()
    }
}

#[test]
fn methods_with_self_receivers() {
    testing::capture();
    let mut store = Store {
        name: "s".to_owned(),
        items: vec![1, 5, 9],
    };
    assert_eq!(store.len(3), 3);
    *store.first_mut(4).unwrap() = 6;
    assert_eq!(store.items, [1, 6, 9]);
    assert!(store.first_mut(100).is_err());
    assert_eq!(runtime().block_on(store.get(1)), Some(6));
    assert_eq!(store.into_name("!"), "s!");

    for span in spans("len", 1) {
        assert_eq!(span.attribute("hint"), Some(&Value::from(3u32)));
        assert_eq!(span.attributes.len(), 1, "self is never recorded");
    }
    let statuses: Vec<_> = spans("first_mut", 2)
        .into_iter()
        .map(|s| s.status)
        .collect();
    if BUILD.traces {
        assert!(statuses.contains(&Status::Unset));
        assert!(statuses.contains(&Status::error("invalid: none large enough")));
    }
    spans("store_get", 1);
    spans("into_name", 1);
}

#[instrument(skip(value, extra, arr))]
fn generic<T: Display, const N: usize>(
    value: T,
    extra: impl Into<u64>,
    arr: [u8; N],
    count: usize,
) -> String {
    format!("{value}{}{}{count}", extra.into(), arr.len())
}

#[test]
fn generics_const_generics_and_impl_trait_arguments() {
    testing::capture();
    assert_eq!(generic::<_, 2>('x', 7u8, [0, 0], 1), "x721");
    for span in spans("generic", 1) {
        assert_eq!(span.attributes.len(), 1, "{:?}", span.attributes);
        assert_eq!(span.attribute("count"), Some(&Value::from(1usize)));
    }
}

#[instrument(err)]
async fn fetch(id: u64) -> Result<String, std::io::Error> {
    tokio::task::yield_now().await; // may resume on another worker
    if id == 0 {
        return Err(std::io::Error::other("no such id"));
    }
    let part = fetch_part(id).await?;
    Ok(format!("item {part}"))
}

#[instrument]
async fn fetch_part(id: u64) -> std::io::Result<u64> {
    tokio::task::yield_now().await;
    Ok(id * 10)
}

#[test]
fn async_fns_keep_their_span_across_await_and_are_send() {
    testing::capture();
    let rt = runtime();
    let ok = rt
        .block_on(async { tokio::spawn(assert_send(fetch(4))).await })
        .unwrap()
        .unwrap();
    assert_eq!(ok, "item 40");
    let err = rt
        .block_on(async { tokio::spawn(fetch(0)).await })
        .unwrap()
        .unwrap_err();
    assert_eq!(err.to_string(), "no such id");

    let fetches = spans("fetch", 2);
    let parts = spans("fetch_part", 1);
    if BUILD.traces {
        let ok = fetches
            .iter()
            .find(|s| s.attribute("id") == Some(&Value::from(4u64)))
            .unwrap();
        assert_eq!(ok.status, Status::Unset);
        assert_eq!(parts[0].parent_span_id, Some(ok.span_id));
        let failed = fetches
            .iter()
            .find(|s| s.attribute("id") == Some(&Value::from(0u64)))
            .unwrap();
        assert_eq!(failed.status, Status::error("no such id"));
        assert_eq!(failed.events[0].name, "exception");
    }
}

/// A non-`Send` body makes a non-`Send` future (and nothing else changes).
#[instrument]
async fn local_only(n: u32) -> u32 {
    let rc = std::rc::Rc::new(n);
    tokio::task::yield_now().await;
    *rc
}

#[test]
fn a_non_send_body_still_runs_locally() {
    testing::capture();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    assert_eq!(rt.block_on(local_only(3)), 3);
    spans("local_only", 1);
}

#[instrument(kind = "producer", err)]
fn send_later(topic: &'static str) -> impl Future<Output = Result<usize, Invalid>> + Send {
    let len = topic.len();
    async move {
        tokio::task::yield_now().await;
        if len == 0 {
            Err(Invalid("empty topic"))
        } else {
            Ok(len)
        }
    }
}

#[test]
fn a_fn_returning_impl_future_has_its_future_instrumented() {
    testing::capture();
    let rt = runtime();
    let sent = rt.block_on(async { tokio::spawn(send_later("orders")).await });
    assert_eq!(sent.unwrap().unwrap(), 6);
    assert!(rt.block_on(send_later("")).is_err());
    let sent = spans("send_later", 2);
    if BUILD.traces {
        assert!(sent.iter().all(|s| s.kind == SpanKind::Producer));
        assert!(sent
            .iter()
            .any(|s| s.status == Status::error("invalid: empty topic")));
    }
}

#[instrument]
fn unit_with_early_return(n: u32) {
    if n == 0 {
        return;
    }
    std::hint::black_box(n);
}

#[test]
fn early_return_from_a_unit_fn_ends_the_span() {
    testing::capture();
    unit_with_early_return(0);
    unit_with_early_return(1);
    let spans = spans("unit_with_early_return", 2);
    if BUILD.traces {
        assert!(spans.iter().all(|s| s.status == Status::Unset));
    }
}

#[instrument]
fn early_return(n: u32) -> &'static str {
    if n == 0 {
        return "zero";
    }
    "more"
}

#[instrument]
fn question_mark(text: &str) -> Option<u32> {
    let n: u32 = text.parse().ok()?;
    Some(n + 1)
}

#[instrument(skip(items))]
fn borrow_back(items: &mut [u32], min: u32) -> Option<&mut u32> {
    items.iter_mut().find(|i| **i >= min)
}

#[instrument]
fn evens(limit: u32) -> impl Iterator<Item = u32> {
    (0..limit).filter(|n| n % 2 == 0)
}

#[instrument(skip(out))]
fn unit_early(flag: bool, out: &mut u32) {
    if flag {
        return;
    }
    *out += 1;
}

#[instrument]
fn never_returns(code: u8) -> ! {
    panic!("stopped with {code}")
}

#[test]
fn a_function_that_never_returns_is_instrumented_too() {
    testing::capture();
    let stopped = std::panic::catch_unwind(|| never_returns(3));
    assert!(stopped.is_err());
    // The span ended as the panic unwound through it.
    for span in spans("never_returns", 1) {
        assert_eq!(span.attribute("code"), Some(&Value::from(3u64)));
    }
}

#[test]
fn plain_bodies_keep_return_question_mark_and_borrows() {
    testing::capture();
    assert_eq!((early_return(0), early_return(5)), ("zero", "more"));
    spans("early_return", 2);

    assert_eq!(question_mark("41"), Some(42));
    assert_eq!(question_mark("x"), None);
    for span in spans("question_mark", 2) {
        assert_eq!(span.status, Status::Unset, "{span:?}");
    }

    let mut items = vec![1, 5, 9];
    if let Some(found) = borrow_back(&mut items, 4) {
        *found = 50;
    }
    assert_eq!(items, [1, 50, 9]);
    for span in spans("borrow_back", 1) {
        assert_eq!(span.attribute("min"), Some(&Value::from(4u64)));
    }

    assert_eq!(evens(7).collect::<Vec<_>>(), [0, 2, 4, 6]);
    spans("evens", 1);

    let mut out = 0;
    unit_early(true, &mut out);
    unit_early(false, &mut out);
    assert_eq!(out, 1);
    spans("unit_early", 2);
}
