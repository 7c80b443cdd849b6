//! Every documented async pattern gives a `Send` future when the inner
//! future is `Send`: each is handed to `tokio::spawn` on a multi-threaded
//! runtime (which does not compile otherwise), written as the README, the
//! rustdoc and the examples write it, and run to completion. The opposite
//! case (a `SpanGuard` held across `.await`) is a `compile_fail` doctest
//! on `Span::enter`.

use std::net::Ipv4Addr;

use telemetry_facade::{
    get_telemetry, info, testing, with_fields, Context, Field, FutureExt, BUILD,
};

/// The README's "Async" pattern, as written there.
async fn handle(request_id: &str) {
    let t = get_telemetry("send::http");
    let work = async {
        info!(t.logger(), "started"); // carries request_id, trace_id, span_id
        tokio::task::yield_now().await;
        info!(t.logger(), "done");
    };
    work.with_fields(&[Field::new("request_id", request_id)])
        .in_span(t.tracer().start("handle"))
        .await
}

/// `examples/async_service.rs`'s lookup: `try_in_span`.
async fn lookup(user: u32) -> Result<String, std::io::Error> {
    async move {
        tokio::task::yield_now().await;
        Ok(format!("user-{user}"))
    }
    .try_in_span(get_telemetry("send::db").tracer().start("lookup"))
    .await
}

/// Display and Debug fields held across `.await`.
async fn with_display_fields() -> u32 {
    let peer = Ipv4Addr::LOCALHOST;
    let attempt = Some(2u8);
    async {
        tokio::task::yield_now().await;
        info!(get_telemetry("send::net").logger(), "connected");
        7
    }
    .with_fields(&[
        Field::display("peer", &peer),
        Field::debug("attempt", &attempt),
    ])
    .await
}

#[test]
fn every_documented_async_pattern_can_be_spawned() {
    let capture = testing::capture();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let tracer = get_telemetry("send::tasks").tracer().clone();
        let mut outputs = Vec::new();

        tokio::spawn(handle("r-1")).await.unwrap();
        outputs.push(tokio::spawn(lookup(3)).await.unwrap().unwrap());
        outputs.push(with_display_fields().await.to_string());
        outputs.push(
            tokio::spawn(with_display_fields())
                .await
                .unwrap()
                .to_string(),
        );

        // `tokio::spawn(fut.with_current_context())`, inside a span.
        let inner = tracer
            .in_span("send_parent", |_| {
                tokio::spawn(
                    async {
                        tokio::task::yield_now().await;
                        1
                    }
                    .with_current_context(),
                )
            })
            .await
            .unwrap();
        outputs.push(inner.to_string());

        // `with_context` with a captured context carrying Display fields.
        let port = 8080u16;
        let cx = Context::current().with_fields(&[Field::display("port", &port)]);
        let out = tokio::spawn(
            async {
                tokio::task::yield_now().await;
                2
            }
            .with_context(cx),
        )
        .await
        .unwrap();
        outputs.push(out.to_string());

        // `with_fields(&[..], || ..)` around the spawn call.
        let handle = with_fields(&[Field::new("job", &9)], || {
            tokio::spawn(async { 3 }.with_current_context())
        });
        outputs.push(handle.await.unwrap().to_string());

        // `gather` and `try_gather`.
        let sizes = tokio::spawn(tracer.clone().gather(
            "send_gather",
            "child",
            (1..=3).map(|i| async move {
                tokio::task::yield_now().await;
                i * 10
            }),
        ))
        .await
        .unwrap();
        outputs.push(format!("{sizes:?}"));
        let results = tokio::spawn(tracer.clone().try_gather(
            "send_try_gather",
            "child",
            (1..=2).map(|i| async move {
                tokio::task::yield_now().await;
                if i == 1 {
                    Ok(i)
                } else {
                    Err(std::io::Error::other("two"))
                }
            }),
        ))
        .await
        .unwrap();
        outputs.push(format!("{}", results.iter().filter(|r| r.is_err()).count()));

        assert_eq!(
            outputs,
            ["user-3", "7", "7", "1", "2", "3", "[10, 20, 30]", "1"]
        );
    });
    // The README pattern's records carry its request_id (and, with a
    // trace backend, a trace id).
    let lines: Vec<_> = capture
        .log_lines()
        .into_iter()
        .filter(|l| l.contains("send::http"))
        .collect();
    if BUILD.json {
        assert_eq!(lines.len(), 2, "{lines:?}");
        for line in &lines {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(v["request_id"], "r-1");
            assert_eq!(v.get("trace_id").is_some(), BUILD.traces, "{line}");
        }
    } else {
        assert_eq!(lines.len(), usize::from(BUILD.logs) * 2, "{lines:?}");
    }
}
