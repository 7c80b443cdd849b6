#!/usr/bin/env bash
# Issue 18: which locks the threads of `facade-threads` meet on. Counts,
# per lock, the acquisitions that found it taken (calls of std's
# `Mutex::lock_contended`, where the inlined fast path hands over) and the
# unlocks that had to wake a sleeping waiter (`Mutex::wake`), with
# uprobes, in `facade-threads UNITS 1 facade:T` for T = 2 and 8; then the
# share of the 2-thread run's CPU samples spent inside `lock_contended`
# (spinning or going to sleep), per lock; then the CPU time per unit by
# function with 2 threads against 1 thread (where the second thread's cost
# goes: locks, and cache lines written by both threads). Each uprobe event
# is attributed to the lock by the first frame of its call chain that
# names one.
#
#   bash bench/run.sh             # builds target/bench/bin/facade-threads
#   bash bench/contention.sh      # UNITS=100000 per thread by default
#
# Needs perf with uprobes (root, or perf_event_paranoid and tracefs set
# for it), binutils (nm, readelf) and python3. Wall-clock work on a
# shared machine: contention only happens while two threads run at once,
# so the counts depend on the CPUs the threads got (printed by each run
# as `cpus=`).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=target/bench/bin/facade-threads
OUT=target/bench
UNITS=${UNITS:-100000}
WARM_UP=1000
[ -x "$BIN" ] || { echo "$BIN is missing: run bash bench/run.sh first" >&2; exit 1; }
command -v perf >/dev/null || { echo "bench/contention.sh needs perf" >&2; exit 1; }

# perf probe takes a raw address as an offset in the file: the symbol's
# address, less its segment's address, plus the segment's file offset.
probe_offset() {
    python3 - "$BIN" "$1" <<'PY'
import re, subprocess, sys
exe, pattern = sys.argv[1], re.compile(sys.argv[2])
addr = next(int(f[0], 16) for f in (l.split() for l in subprocess.run(
    ["nm", exe], capture_output=True, text=True, check=True).stdout.splitlines())
    if len(f) == 3 and pattern.search(f[2]))
for line in subprocess.run(["readelf", "-lW", exe], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    f = line.split()
    if f and f[0] == "LOAD":
        offset, vaddr, memsz = int(f[1], 16), int(f[2], 16), int(f[5], 16)
        if vaddr <= addr < vaddr + memsz:
            print(hex(addr - vaddr + offset))
            break
PY
}
contended=$(probe_offset 'futex.*5Mutex14lock_contended$')
wake=$(probe_offset 'futex.*5Mutex4wake$')
[ -n "$contended" ] && [ -n "$wake" ] || { echo "std's futex mutex symbols not found in $BIN" >&2; exit 1; }

perf probe -q -d 'facade_contention:*' 2>/dev/null || true
perf probe -q -x "$BIN" --add "facade_contention:contended=$contended"
perf probe -q -x "$BIN" --add "facade_contention:wake=$wake"
trap 'perf probe -q -d "facade_contention:*" 2>/dev/null || true' EXIT

# Reads `perf script --inline` from stdin; prints per lock the events per
# 1 000 units (or, with --share, the share of all samples).
CLASSIFY=$(cat <<'PY'
import re, sys
LOCKS = [
    ("SimpleSpanProcessor", "SDK `SimpleSpanProcessor`'s exporter mutex (span end)"),
    ("lock_writer", "the log output's writer mutex (`Output::write_line`)"),
    ("Output::write_line", "the log output's writer mutex (`Output::write_line`)"),
    ("parent_ids::get", "a parent-id shard, lookup (`parent_ids::get`)"),
    ("parent_ids::insert", "a parent-id shard, insert"),
    ("parent_ids::remove", "a parent-id shard, remove"),
    ("facade_threads::rate", "the harness's start barrier (outside the units)"),
]
mode, units = sys.argv[1], int(sys.argv[2])
counts, total, event, chain = {}, 0, None, []

def flush():
    global total
    if event is None:
        return
    total += 1
    if mode != "--share" and event != mode:
        return
    if mode == "--share" and not any("lock_contended" in f for f in chain):
        return
    name = next((label for key, label in LOCKS if any(key in f for f in chain)), None)
    if name is None:
        frames = [f for f in chain if not re.search(r"std::|core::|alloc::|lock_contended|Mutex", f)]
        name = "other: " + (frames[0] if frames else "?")
    counts[name] = counts.get(name, 0) + 1

for line in sys.stdin:
    if line and not line[0].isspace():
        flush()
        m = re.search(r"facade_contention:(\w+):", line)
        event, chain = (m.group(1) if m else "sample"), []
    elif line.strip():
        chain.append(line.strip())
flush()
for name, n in sorted(counts.items(), key=lambda kv: -kv[1]):
    if mode == "--share":
        print(f"  {100 * n / max(total, 1):6.2f} % of CPU samples  {name}")
    else:
        print(f"  {1000 * n / units:8.2f} per 1 000 units  {name}")
if not counts:
    print("  none")
PY
)
classify() { python3 -c "$CLASSIFY" "$@"; }

for t in 2 8; do
    data=$OUT/contention-$t.data
    echo "=== facade-threads $UNITS 1 facade:$t (uprobes on lock_contended and wake)"
    perf record -q -e facade_contention:contended -e facade_contention:wake --call-graph dwarf \
        -o "$data" -- "$BIN" "$UNITS" 1 "facade:$t"
    units=$((t * (UNITS + WARM_UP)))
    echo "contended acquisitions (lock_contended), $units units:"
    perf script -i "$data" --inline 2>/dev/null | classify contended "$units"
    echo "unlocks that woke a sleeping waiter (wake):"
    perf script -i "$data" --inline 2>/dev/null | classify wake "$units"
done

data=$OUT/contention-cpu.data
echo "=== facade-threads $UNITS 1 facade:2 (CPU samples with call chains, 4 kHz)"
perf record -q -e cpu-clock:u -F 4000 --call-graph dwarf -o "$data" -- "$BIN" "$UNITS" 1 facade:2
echo "share of the CPU samples inside lock_contended, per lock:"
perf script -i "$data" --inline 2>/dev/null | classify --share 0

# Where the second thread's cost goes: CPU time per unit by function,
# 2 threads against 1 (flat profiles, no call chains).
FREQ=10000
for t in 1 2; do
    echo "=== facade-threads $UNITS 1 facade:$t (CPU samples, $FREQ Hz)"
    perf record -q -e cpu-clock:u -F "$FREQ" -o "$OUT/contention-flat-$t.data" -- "$BIN" "$UNITS" 1 "facade:$t"
    perf report -i "$OUT/contention-flat-$t.data" --stdio --no-children --sort sym -n 2>/dev/null \
        > "$OUT/contention-flat-$t.txt"
done
echo "CPU ns per unit by function (samples x 1e9 / $FREQ Hz / units), 2 threads - 1 thread, largest growth first:"
python3 -c '
import re, sys
freq, units = int(sys.argv[1]), int(sys.argv[2])
def load(path, threads):
    d = {}
    for line in open(path):
        m = re.match(r"\s*[\d.]+%\s+(\d+)\s+\[\.\]\s+(.*)$", line)
        if m:
            d[m.group(2).strip()[:110]] = int(m.group(1)) * 1e9 / freq / (threads * units)
    return d
one, two = load(sys.argv[3], 1), load(sys.argv[4], 2)
print(f"  {sum(one.values()):7.0f} {sum(two.values()):7.0f} {sum(two.values()) - sum(one.values()):+7.0f}  all functions")
rows = sorted(set(one) | set(two), key=lambda k: one.get(k, 0) - two.get(k, 0))
for k in rows[:15]:
    print(f"  {one.get(k, 0):7.1f} {two.get(k, 0):7.1f} {two.get(k, 0) - one.get(k, 0):+7.1f}  {k}")
' "$FREQ" "$((UNITS + WARM_UP))" "$OUT/contention-flat-1.txt" "$OUT/contention-flat-2.txt"
