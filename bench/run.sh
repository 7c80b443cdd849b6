#!/usr/bin/env bash
# The benchmarks of issues 8, 14, 15, 16 and 18: builds every case (release, with debug symbols),
# runs each in its own process under callgrind, collecting only the measured
# loop, and prints instructions, allocations and clock reads per work unit,
# with the ratios the issue asks for; then issue 18's native runs (threads,
# memory). See BENCHMARKS.md.
#
#   bash bench/run.sh            # N = 10000 measured units per case
#   N=50000 bash bench/run.sh    # more units
#   THREAD_RUNS=30 bash bench/run.sh   # facade-threads: best of more runs
#
# Needs cargo, valgrind (callgrind), python3 and binutils (objdump,
# addr2line); the network only for the package registry, the first time.
# Writes under target/bench/:
# <case>.callgrind.out (the measured loop), <case>.loop-calls.callgrind.out
# (the same loop, for call counts), <case>.annotate.txt and
# <case>.inclusive.txt (top functions), <case>.wall (native timings),
# <case>.atomics.txt (the atomic instructions of the loop, for the cases
# of ATOMICS_CASES), facade-threads.native and facade-memory.native
# (issue 18's native runs) and results.md (the table). Builds in its own
# target directory (target/bench/cargo), so it neither waits for nor
# disturbs other builds.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-10000}
# Native (wall-clock) runs: informational only; the best of RUNS runs.
N_WALL=${N_WALL:-100000}
RUNS=${RUNS:-3}
# facade-threads (issue 18): units per thread, and the best of how many
# runs (wall-clock on a shared machine: the more runs, the likelier one
# had the CPUs to itself).
THREAD_UNITS=${THREAD_UNITS:-50000}
THREAD_RUNS=${THREAD_RUNS:-10}
OUT=target/bench
BIN=$OUT/bin
export CARGO_TARGET_DIR=$OUT/cargo
# Symbols and line tables for callgrind_annotate, without touching the
# workspace's [profile.release].
export CARGO_PROFILE_RELEASE_DEBUG=true CARGO_PROFILE_BENCH_DEBUG=true

for tool in cargo valgrind python3 objdump addr2line; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh needs $tool" >&2; exit 1; }
done

NOOP_CASES=(baseline facade-noop facade-noop-uncached metrics-noop instrument-noop)
ON_CASES=(facade-disabled facade-disabled-in-span instrument-disabled facade-on facade-on-in-span facade-on-span-only facade-on-log-only facade-sampled-out
          raw-otel raw-slog-json raw-hand-glued tracing-stack tracing-disabled
          raw-slog-json-bufwriter raw-hand-glued-bufwriter
          facade-log-5-fields facade-log-5-fields-unredacted
          facade-scale)
# Issue 18, scale: `facade-scale` run again with more live spans or more
# logger names (the same executable: only the data differs). Each entry:
# the name its results are kept under, then the environment it runs with.
SCALE_VARIANTS=("facade-scale-1k-spans BENCH_LIVE_SPANS=1000"
                "facade-scale-100k-spans BENCH_LIVE_SPANS=100000"
                "facade-scale-10k-loggers BENCH_LOGGERS=10000")
# Issue 18, threads and memory: native runs, built with the `facade-on`
# cases (no other dependency feature), not run under callgrind.
NATIVE_CASES=(facade-threads facade-memory)
# Issue 18: the cases whose loop's atomic instructions are listed
# (callgrind with --dump-instr=yes; bench/atomics.py).
ATOMICS_CASES=(facade-on facade-scale)
# Log records over OTLP (issue 16): the facade's `otlp` feature and the
# SDK's logs API, in a third build so that the cases above are built as
# before.
OTLP_CASES=(facade-otlp-log raw-otel-log)
# Metrics (issue 14): the facade's `metrics` feature, the SDK's metrics API
# and the `metrics` crate with its Prometheus recorder, in a fourth build,
# for the same reason.
METRICS_CASES=(metrics-disabled metrics-disabled-add metrics-disabled-record metrics-disabled-shared metrics-disabled-checked metrics-disabled-static metrics-on raw-otel-metrics metrics-crate)
# The bridges (issue 15): the facade's `log-bridge` and `tracing-bridge`,
# `log` with `kv` and `env_logger`, in a fifth build, for the same reason.
BRIDGE_CASES=(bridge-log-record env-logger-record bridge-tracing-event tracing-json-event
              facade-log-counted)

# Builds the named bench targets (optimised, with debug info) and copies
# each executable to $BIN/<case>.
build_cases() {
    local features=$1; shift
    local args=()
    for b in "$@"; do args+=(--bench "$b"); done
    cargo bench --no-run --quiet -p telemetry-facade-bench --features "$features" "${args[@]}" \
        --message-format=json | python3 -c '
import json, shutil, sys
out = sys.argv[1]
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg.get("executable") and "bench" in msg["target"]["kind"]:
        shutil.copy(msg["executable"], out + "/" + msg["target"]["name"])
' "$BIN"
    for b in "$@"; do [ -x "$BIN/$b" ] || { echo "bench/run.sh: $b was not built" >&2; exit 1; }; done
}

mkdir -p "$BIN"
rm -f "$BIN"/*
rm -f "$OUT"/*.callgrind.out "$OUT"/*.annotate.txt "$OUT"/*.inclusive.txt "$OUT"/*.wall \
    "$OUT"/*.log "$OUT"/*.atomics.txt "$OUT"/*.native "$OUT"/results.md

# Four builds: Cargo unifies features within a build, so the facade with
# no features (the no-op cases) cannot share a build with the enabled one,
# and the OTLP log cases (the facade's `otlp` feature, the SDK's `logs`) and
# the metrics cases (the facade's `metrics`, the SDK's `metrics`, the
# `metrics` crate) get their own so that the others' dependencies stay as
# they were. The
# baseline is built with the no-op cases. Each build's executables are
# copied out before the next build replaces them.
echo "=== build: facade with no features (${NOOP_CASES[*]})"
build_cases facade-noop "${NOOP_CASES[@]}"

echo "=== build: facade with otel + json (${ON_CASES[*]} ${NATIVE_CASES[*]})"
build_cases facade-on "${ON_CASES[@]}" "${NATIVE_CASES[@]}"

echo "=== build: facade with otel + json + otlp, SDK logs (${OTLP_CASES[*]})"
build_cases facade-otlp "${OTLP_CASES[@]}"

echo "=== build: facade with otel + json + metrics, SDK metrics, metrics crate (${METRICS_CASES[*]})"
build_cases facade-metrics "${METRICS_CASES[@]}"

echo "=== build: facade with otel + json + both bridges, env_logger (${BRIDGE_CASES[*]})"
build_cases facade-bridges "${BRIDGE_CASES[@]}"

# Measures one case: NAME (its results' name), EXE (its executable under
# $BIN), then the environment it runs with (VAR=value ...).
measure() {
    local b=$1 exe=$2
    shift 2
    echo "=== $b${*:+ ($*)}"
    for _ in $(seq "$RUNS"); do env "$@" "$BIN/$exe" "$N_WALL"; done | tee "$OUT/$b.wall"
    local loop="${exe//-/_}::measured_loop"
    local instr=()
    for a in "${ATOMICS_CASES[@]}"; do [ "$a" = "$b" ] && instr=(--dump-instr=yes); done
    # Instructions: collect only inside the measured loop (warm-up, setup
    # and teardown excluded).
    env "$@" valgrind --tool=callgrind --collect-atstart=no --toggle-collect="$loop" "${instr[@]}" \
        --callgrind-out-file="$OUT/$b.callgrind.out" --log-file="$OUT/$b.valgrind.log" \
        "$BIN/$exe" "$N" >/dev/null
    # Calls (allocations, clock reads): callgrind counts calls even while
    # collection is off, so the toggled profile's call counts include the
    # warm-up. A second run dumps the profile on entering and on leaving
    # the loop instead: its part 2 holds exactly the loop's calls.
    env "$@" valgrind --tool=callgrind --dump-before="$loop" --dump-after="$loop" \
        --callgrind-out-file="$OUT/$b.parts" --log-file="$OUT/$b.valgrind-parts.log" \
        "$BIN/$exe" "$N" >/dev/null
    grep -q "^desc: Trigger: --dump-after=$loop" "$OUT/$b.parts.2" || {
        echo "$b: no profile part ends with the measured loop" >&2
        cat "$OUT/$b.valgrind-parts.log" >&2
        exit 1
    }
    mv "$OUT/$b.parts.2" "$OUT/$b.loop-calls.callgrind.out"
    rm -f "$OUT/$b.parts" "$OUT/$b.parts".*
    # Top functions, for reading (callgrind_annotate ships with valgrind).
    callgrind_annotate "$OUT/$b.callgrind.out" > "$OUT/$b.annotate.txt" 2>&1 || true
    callgrind_annotate --inclusive=yes "$OUT/$b.callgrind.out" > "$OUT/$b.inclusive.txt" 2>&1 || true
}

for b in "${NOOP_CASES[@]}" "${ON_CASES[@]}" "${OTLP_CASES[@]}" "${METRICS_CASES[@]}" "${BRIDGE_CASES[@]}"; do
    measure "$b" "$b"
done
for v in "${SCALE_VARIANTS[@]}"; do
    read -r -a args <<< "$v"
    measure "${args[0]}" facade-scale "${args[@]:1}"
done

# Issue 18: the atomic read-modify-write instructions of the loop, with
# where they come from (objdump and addr2line, from binutils).
for b in "${ATOMICS_CASES[@]}"; do
    python3 bench/atomics.py "$OUT/$b.callgrind.out" "$N" > "$OUT/$b.atomics.txt"
done

# Issue 18: threads and memory, native.
echo "=== facade-threads (native: $THREAD_UNITS units per thread, best of $THREAD_RUNS runs)"
"$BIN/facade-threads" "$THREAD_UNITS" "$THREAD_RUNS" | tee "$OUT/facade-threads.native"
echo "=== facade-memory (native)"
"$BIN/facade-memory" | tee "$OUT/facade-memory.native"

echo
python3 bench/report.py "$OUT" "$N" | tee "$OUT/results.md"
echo
echo "Top functions (self cost) per case: $OUT/<case>.annotate.txt (inclusive: <case>.inclusive.txt)"
echo "Atomic instructions per unit: $OUT/<case>.atomics.txt (${ATOMICS_CASES[*]})"
echo "bench/run.sh took $SECONDS s"
