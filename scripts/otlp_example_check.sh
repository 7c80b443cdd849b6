#!/usr/bin/env bash
# What the README promises a newcomer: start a collector, set two variables,
# run examples/otlp.rs, see the spans arrive (and, with
# OTEL_LOGS_EXPORTER=otlp,console, the log records too, with the ids of the
# lines). The collector is Rotel (from
# the venv of scripts/otlp_venv.sh); each transport is tried once.
#
#   bash scripts/otlp_example_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(bash scripts/otlp_venv.sh)"

cargo build --quiet --example otlp --features otlp
work=$(mktemp -d)
rotel_pid=""
cleanup() {
    [ -n "$rotel_pid" ] && kill "$rotel_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

read -r grpc_port http_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

"$TELEMETRY_FACADE_ROTEL" start \
    --otlp-grpc-endpoint "127.0.0.1:$grpc_port" --otlp-http-endpoint "127.0.0.1:$http_port" \
    --exporter blackhole --debug-log traces --debug-log logs --debug-log-verbosity detailed \
    --pid-file "$work/rotel.pid" --log-file "$work/rotel.log" > "$work/rotel.out" 2>&1 &
rotel_pid=$!
for _ in $(seq 100); do
    grep -q "Starting Rotel" "$work/rotel.out" 2>/dev/null && break
    sleep 0.1
done
grep -q "Starting Rotel" "$work/rotel.out" || { cat "$work/rotel.out" >&2; echo "rotel did not start" >&2; exit 1; }

lines_so_far=0
run() {  # protocol endpoint expected-total-spans
    OTEL_EXPORTER_OTLP_PROTOCOL=$1 OTEL_EXPORTER_OTLP_ENDPOINT=$2 OTEL_LOGS_EXPORTER=otlp,console \
        target/debug/examples/otlp > "$work/example.out"
    # Every line's record reached rotel too, with the line's span id.
    lines_so_far=$((lines_so_far + $(grep -c '"event"' "$work/example.out")))
    for _ in $(seq 50); do
        [ "$(grep -c '^LogRecord #' "$work/rotel.out")" -ge "$lines_so_far" ] && break
        sleep 0.1
    done
    records=$(grep -c '^LogRecord #' "$work/rotel.out")
    [ "$records" -eq "$lines_so_far" ] || { echo "rotel printed $records log records, expected $lines_so_far" >&2; exit 1; }
    for id in $(grep -o '"span_id":"[0-9a-f]*"' "$work/example.out" | cut -d'"' -f4 | sort -u); do
        grep -q "Span ID        : $id" "$work/rotel.out" || { echo "no log record of span $id reached rotel" >&2; exit 1; }
    done
    # Every span id named by a log line was printed by the collector.
    for id in $(grep -o '"span_id":"[0-9a-f]*"' "$work/example.out" | cut -d'"' -f4 | sort -u); do
        grep -q "ID             : $id" "$work/rotel.out" || { echo "span $id of a log line did not reach rotel" >&2; exit 1; }
    done
    for _ in $(seq 50); do
        [ "$(grep -c '^Span #' "$work/rotel.out")" -ge "$3" ] && break
        sleep 0.1
    done
    got=$(grep -c '^Span #' "$work/rotel.out")
    [ "$got" -eq "$3" ] || { echo "rotel printed $got spans, expected $3" >&2; exit 1; }
    echo "otlp example over $1: rotel now holds $got spans and $records log records; every log line's span_id among both"
}
run http/protobuf "http://127.0.0.1:$http_port" 6
run grpc "http://127.0.0.1:$grpc_port" 12
grep -E "Name +: (handle_order|charge_card)" "$work/rotel.out" | sort | uniq -c
