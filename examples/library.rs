//! What a library writes: instrumentation with no `cfg`, no setup, and no
//! output of its own. Runs in every build; prints only its own result.
//!
//! `cargo run --example library --no-default-features`

use telemetry_facade::{info, telemetry, warn, KeyValue, SpanKind};

/// A library function, instrumented once.
pub fn checksum(data: &[u8]) -> u32 {
    let t = telemetry!();
    t.tracer()
        .span("checksum")
        .kind(SpanKind::Internal)
        .attribute("data.len", data.len())
        .in_span(|span| {
            info!(t.logger(), "checksum_start", len = data.len());
            let sum = data
                .iter()
                .fold(0u32, |acc, b| acc.rotate_left(5) ^ u32::from(*b));
            if data.is_empty() {
                warn!(t.logger(), "empty_input");
            }
            span.add_event("folded", [KeyValue::new("sum", i64::from(sum))]);
            sum
        })
}

fn main() {
    // No init(): a library never configures telemetry, so nothing is emitted.
    println!("checksum = {:#010x}", checksum(b"telemetry-facade"));
}
