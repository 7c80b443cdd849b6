#!/usr/bin/env bash
# A real Prometheus server scrapes examples/metrics_http.rs: the example
# serves prometheus_text() at /metrics on loopback, a few /work requests
# record known values, Prometheus (Debian's `prometheus` package, installed
# here when missing; never its system service: the binary runs with a
# temporary config and storage) scrapes it every second, and its HTTP API
# (/api/v1/query) must return exactly those values.
#
#   bash scripts/prometheus_check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "prometheus_check: $*" >&2; }
die() { echo "prometheus_check: error: $*" >&2; exit 1; }

if ! command -v prometheus >/dev/null 2>&1; then
    log "installing Debian's prometheus package"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # Keep the package's service from starting: we run the binary ourselves.
    policy=/usr/sbin/policy-rc.d
    added_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
        $sudo chmod +x "$policy"
        added_policy=1
    fi
    install_ok=""
    for attempt in 1 2; do
        [ "$attempt" -eq 2 ] && $sudo apt-get update -qq >&2
        if DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >&2; then
            install_ok=1
            break
        fi
    done
    [ -n "$added_policy" ] && $sudo rm -f "$policy"
    [ -n "$install_ok" ] || die "apt-get install prometheus failed"
fi
prometheus --version 2>&1 | head -1 >&2

cargo build --quiet --example metrics_http --features prometheus
example=target/debug/examples/metrics_http

work=$(mktemp -d)
app_pid=""
prom_pid=""
cleanup() {
    [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
    [ -n "$prom_pid" ] && kill "$prom_pid" 2>/dev/null || true
    [ -n "$prom_pid" ] && wait "$prom_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

read -r app_port prom_port < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

OTEL_SERVICE_NAME=prometheus-check METRICS_HTTP_PORT=$app_port METRICS_HTTP_SECONDS=180 \
    "$example" > "$work/app.out" 2>&1 &
app_pid=$!
for _ in $(seq 100); do
    grep -q "^listening on " "$work/app.out" 2>/dev/null && break
    sleep 0.1
done
grep -q "^listening on http://127.0.0.1:$app_port" "$work/app.out" \
    || { cat "$work/app.out" >&2; die "the example did not start"; }

cat > "$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: metrics_http
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
prom_pid=$!

python3 - "$app_port" "$prom_port" <<'PY' || { echo "--- prometheus log (tail)" >&2; tail -20 "$work/prometheus.log" >&2; die "Prometheus did not ingest the expected values"; }
import json, sys, time, urllib.parse, urllib.request

app, prom = (f"http://127.0.0.1:{p}" for p in sys.argv[1:3])

def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.headers.get("Content-Type"), r.read().decode()

def get_status(url):
    try:
        return get(url)[0]
    except urllib.error.HTTPError as e:
        return e.code

# Known work: seconds 0.25, 2, 0.5 (sum 2.75; two at or under 0.5 s),
# items 6, 0, 2 (queue: +5, -1, +1 = 5; last: 2), one bad request.
for seconds, items in [(0.25, 6), (2, 0), (0.5, 2)]:
    assert get_status(f"{app}/work?seconds={seconds}&items={items}") == 200
assert get_status(f"{app}/work?seconds=x") == 400
status, content_type, body = get(f"{app}/metrics")
assert status == 200 and content_type == "text/plain; version=0.0.4; charset=utf-8", content_type
assert 'demo_requests_total{outcome="ok",route="/work"' in body, body

expected = {
    'up{job="metrics_http"}': 1,
    'demo_requests_total{job="metrics_http",outcome="ok",route="/work"}': 3,
    'demo_requests_total{outcome="bad_request"}': 1,
    'demo_work_duration_seconds_count{route="/work"}': 3,
    'demo_work_duration_seconds_sum{route="/work"}': 2.75,
    'demo_work_duration_seconds_bucket{route="/work",le="0.5"}': 2,
    'demo_work_duration_seconds_bucket{route="/work",le="+Inf"}': 3,
    'demo_queue_items{otel_scope_name="metrics_http"}': 5,
    'demo_work_last_items': 2,
    'target_info{service_name="prometheus-check",telemetry_sdk_language="rust"}': 1,
}

def query(q):
    url = f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": q})
    try:
        _, _, text = get(url)
    except OSError:
        return None  # not up yet
    answer = json.loads(text)
    assert answer["status"] == "success", answer
    result = answer["data"]["result"]
    if not result:
        return None
    assert len(result) == 1, f"{q}: several series {result}"
    return float(result[0]["value"][1])

deadline = time.monotonic() + 60
while True:
    got = {q: query(q) for q in expected}
    if all(got[q] == v for q, v in expected.items()):
        break
    if time.monotonic() > deadline:
        wrong = {q: (got[q], v) for q, v in expected.items() if got[q] != v}
        sys.exit(f"after 60 s, (got, expected): {wrong}")
    time.sleep(0.5)
for q, v in expected.items():
    print(f"prometheus_check: {q} = {got[q]:g}")

assert get_status(f"{app}/quit") == 200
PY

for _ in $(seq 100); do
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.1
done
if kill -0 "$app_pid" 2>/dev/null; then die "the example did not exit after /quit"; fi
wait "$app_pid" || die "the example exited with status $?"
app_pid=""
echo "prometheus_check: Prometheus scraped the example's /metrics and holds the exact values"
