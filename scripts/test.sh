#!/usr/bin/env bash
# The project's one test command: every feature combination is built,
# linted and tested; then the docs, the examples and the promises that span
# builds (dependency list, public API) are checked.
#
#   bash scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Every build here is a first build on CI: incremental compilation only
# costs disk (gigabytes across the feature matrix) and time.
export CARGO_INCREMENTAL=0

# The feature sets we promise: none, each backend, OTLP export without TLS,
# metrics with the JSON logs, and all together; `#[instrument]` (`macros`)
# alone, in the no-op build (with `all`, it runs on the real backends); the
# `tracing` forward alone, around the no-op backends (what a library that
# turns it on by itself gets; with `all`, around the real ones).
COMBOS=("" "otel" "slog" "json" "otel,json" "otlp,json" "metrics,json" "macros" "tracing-forward" "all")

features_args() {
    if [ "$1" = "all" ]; then echo "--all-features"; else echo "--no-default-features --features=$1"; fi
}
with_testing() {
    if [ "$1" = "all" ]; then echo "--all-features"; else echo "--no-default-features --features=$1${1:+,}testing"; fi
}

step() { printf '\n=== %s\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "feature checks only at the selection points (scripts/feature_checks.py)"
python3 scripts/feature_checks.py

step "OTLP receivers for the export tests (Python venv in target/otlp-venv)"
# Exports TELEMETRY_FACADE_OTLP_PYTHON and TELEMETRY_FACADE_ROTEL; tests/otlp.rs
# fails (never skips) without them.
eval "$(bash scripts/otlp_venv.sh)"

for combo in "${COMBOS[@]}"; do
    label=${combo:-none}
    step "[$label] clippy (without and with the testing feature)"
    # shellcheck disable=SC2046
    cargo clippy --quiet $(features_args "$combo") --all-targets -- -D warnings
    # shellcheck disable=SC2046
    cargo clippy --quiet $(with_testing "$combo") --all-targets -- -D warnings
    step "[$label] tests (unit, integration, doc)"
    # shellcheck disable=SC2046
    cargo test --quiet $(with_testing "$combo")
done

step "the #[instrument] crate: clippy, and its doctests (examples, misuse) on the no-op and the otel backends"
cargo clippy --quiet -p telemetry-facade-macros --all-targets -- -D warnings
cargo test --quiet -p telemetry-facade-macros
cargo test --quiet -p telemetry-facade-macros --features telemetry-facade/otel --doc

step "[tracing-bridge] the tracing bridge without a backend, and with spans but no logs"
# `all` runs it with every backend; these builds check the bridge's no-op
# paths (no logger, no tracer) and spans without records.
cargo clippy --quiet --no-default-features --features=tracing-bridge,testing --all-targets -- -D warnings
cargo test --quiet --no-default-features --features=tracing-bridge,testing --test tracing_bridge --test tracing_bridge_hyper
cargo test --quiet --no-default-features --features=otel,tracing-bridge,testing --test tracing_bridge --test tracing_bridge_hyper

step "[tracing-forward] with the tracing bridge and no backend, and with the backends but no bridge"
# `all` runs it with both bridges and every backend; these builds check the
# loop guard without a backend, and the forward around the real backends
# without the bridge.
cargo clippy --quiet --no-default-features --features=tracing-forward,tracing-bridge,testing --all-targets -- -D warnings
cargo test --quiet --no-default-features --features=tracing-forward,tracing-bridge,testing --test tracing_forward
cargo test --quiet --no-default-features --features=otel,json,tracing-forward,testing --test tracing_forward

step "docs build without warnings, with docs.rs's settings (feature badges)"
# docs.rs builds with `--cfg docsrs` on nightly; the `doc(cfg)` badges need
# the unstable `doc_cfg`, which RUSTC_BOOTSTRAP enables on this stable
# toolchain (for the docs only, never for the crate users build).
RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-D warnings --cfg docsrs" cargo doc --quiet --no-deps --all-features

step "examples"
cargo run --quiet --example library --no-default-features
cargo run --quiet --example quickstart > target/quickstart.out
cat target/quickstart.out
grep -q '^span handle_batch ' target/quickstart.out
# Every log line written in a span names a span the exporter printed.
log_spans=$(grep -o '"span_id":"[0-9a-f]\{16\}"' target/quickstart.out | cut -d'"' -f4 | sort -u)
printed_spans=$(grep '^span ' target/quickstart.out | grep -o ' span_id=[0-9a-f]\{16\}' | cut -d= -f2 | sort -u)
[ -n "$log_spans" ] || { echo "quickstart wrote no log line inside a span" >&2; exit 1; }
missing=$(comm -23 <(echo "$log_spans") <(echo "$printed_spans"))
[ -z "$missing" ] || { echo "log lines name spans that were not exported: $missing" >&2; exit 1; }
echo "quickstart: $(echo "$log_spans" | wc -l) spans named by log lines, all exported"

cargo run --quiet --example async_service > target/async_service.out
python3 - target/async_service.out <<'PY'
import collections, json, sys
by_request, by_trace = collections.defaultdict(set), collections.defaultdict(set)
for line in open(sys.argv[1]):
    v = json.loads(line)
    by_request[v["request_id"]].add(v["trace_id"])
    by_trace[v["trace_id"]].add(v["request_id"])
assert len(by_request) == 200, f"{len(by_request)} request ids, expected 200"
assert all(len(t) == 1 for t in by_request.values()), "a request_id maps to several trace_ids"
assert all(len(r) == 1 for r in by_trace.values()), "a trace_id maps to several request_ids"
print(f"async_service: {len(by_request)} request_ids, each with exactly one trace_id and back")
PY

step "example otlp: spans reach a real collector (Rotel) with two environment variables"
bash scripts/otlp_example_check.sh

step "example metrics_http: a real Prometheus server scrapes /metrics (scripts/prometheus_check.sh)"
bash scripts/prometheus_check.sh

step "release build: slog's compile-time level ceiling does not drop trace/debug records"
cargo test --quiet --release --features testing --test logs every_level_has_its_name

step "zero-dependency promise: cargo tree --no-default-features -e normal"
deps=$(cargo tree --no-default-features -e normal --prefix none | awk '{print $1}' | sort -u)
echo "$deps"
extra=$(echo "$deps" | grep -v -x -E 'telemetry-facade|cfg-if|once_cell|pin-project-lite' || true)
if [ -n "$extra" ]; then
    echo "unexpected dependencies in the no-feature build: $extra" >&2
    exit 1
fi

step "benchmarks build (run them with: bash bench/run.sh, or cargo bench -p telemetry-facade-bench --features facade-on)"
cargo clippy --quiet -p telemetry-facade-bench --all-features --benches -- -D warnings

step "public API: the same items and signatures in every feature set"
python3 scripts/public_api.py

echo
echo "all checks passed"
