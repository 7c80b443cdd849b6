#!/usr/bin/env python3
"""Summarises the callgrind runs of bench/run.sh: instructions, allocations
and clock reads per work unit for every case, and the ratios of issues 8,
14, 15, 16 and 18; then issue 18's native figures (threads, memory).

    python3 bench/report.py DIR N

DIR holds, per case, <case>.callgrind.out (callgrind with --toggle-collect
on the measured loop: its instruction total is the loop's),
<case>.loop-calls.callgrind.out (the profile part dumped on leaving the loop
by --dump-before/--dump-after: its call counts are the loop's; the toggled
profile's are not, as callgrind counts calls while not collecting) and
<case>.wall (the lines the case printed in native runs); for issue 18,
<case>.atomics.txt (bench/atomics.py's listing), facade-threads.native and
facade-memory.native (what those cases printed). N is the number of
work units of the measured loop. Prints the tables in Markdown; exits 1 if
a case or a file is missing.

Allocations are calls into the C allocator (malloc, calloc, realloc,
posix_memalign, aligned_alloc, memalign) from outside it; clock reads are
calls to clock_gettime, gettimeofday or time from outside them. Both are
read from callgrind's call arcs (`calls=` lines), which count every call
made while collection was on.
"""

import os
import re
import sys

CASES = [
    ("baseline", "no instrumentation"),
    ("facade-noop", "facade, no features, `telemetry!()` handle"),
    ("facade-noop-uncached", "facade, no features, handle from `get_telemetry` (diagnostic)"),
    ("instrument-noop", "`#[instrument]`ed function, no backend feature"),
    ("facade-disabled", "facade, otel+json, `init()` never called"),
    ("facade-disabled-in-span", "the same unit written with `SpanBuilder::in_span`, `init()` never called"),
    ("instrument-disabled", "`instrument-noop`'s function, otel+json, `init()` never called"),
    ("facade-on", "facade, otel+json, initialised"),
    ("facade-on-in-span", "the same unit written with `SpanBuilder::in_span`, initialised"),
    ("facade-on-span-only", "facade, initialised, the span only"),
    ("facade-on-log-only", "facade, initialised, the log line only (no span)"),
    ("facade-sampled-out", "facade, initialised, the log line dropped by log sampling"),
    ("raw-otel", "opentelemetry_sdk span, no log"),
    ("raw-slog-json", "slog-json line, no span"),
    ("raw-hand-glued", "raw span + slog-json line with ids from `Context::current()`"),
    ("tracing-stack", "tracing + fmt JSON + tracing-opentelemetry"),
    ("tracing-disabled", "`tracing-stack`'s unit with no subscriber installed"),
    ("raw-slog-json-bufwriter", "reference: `raw-slog-json` through a flushed `BufWriter<Sink>`"),
    ("raw-hand-glued-bufwriter", "reference: `raw-hand-glued` through a flushed `BufWriter<Sink>`"),
    ("facade-log-5-fields", "facade, initialised, a line with 5 fields, redaction on (default keys)"),
    ("facade-log-5-fields-unredacted", "facade, initialised, the same line, `redact_keys` empty"),
    ("facade-otlp-log", "facade, otel+json+otlp, the 3-field record over OTLP only (queued)"),
    ("raw-otel-log", "opentelemetry_sdk logs API, the same record (queued)"),
    ("metrics-noop", "facade, no features: counter add + histogram record, 2 attributes each"),
    ("metrics-disabled", "facade, metrics, `init()` never called: the same (each set passed by value)"),
    ("metrics-disabled-add", "the same with one recording per unit: the counter's `add` alone"),
    ("metrics-disabled-record", "the same, the histogram's `record` alone"),
    ("metrics-disabled-shared", "the same, one set built per unit and shared by reference (`&attributes`)"),
    ("metrics-disabled-checked", "the same behind one `Counter::enabled()` check (attributes built only when on)"),
    ("metrics-disabled-static", "the same, the attributes in a `static` (`KeyValue::from_static`)"),
    ("metrics-on", "facade, metrics, initialised (`testing::capture()`): the same"),
    ("raw-otel-metrics", "opentelemetry_sdk instruments, PeriodicReader 24 h: the same"),
    ("metrics-crate", "`metrics` crate macros + Prometheus recorder: the same"),
    ("bridge-log-record", "facade + `log-bridge`: `log::info!` with 3 key-values, one JSON line, no span"),
    ("env-logger-record", "`env_logger`: the same `log::info!`"),
    ("bridge-tracing-event", "facade + `tracing-bridge`: `tracing::info!` with 3 fields, one JSON line, no span"),
    ("tracing-json-event", "`tracing-subscriber` `fmt().json()`: the same `tracing::info!`"),
    ("facade-log-counted", "facade's own `info!`, the same 3 fields, in the bridges' build"),
    ("facade-scale", "facade, initialised, the unit's span a child of a current root span (issue 18)"),
    ("facade-scale-1k-spans", "`facade-scale` with 1 000 live spans (the root and 999 open children)"),
    ("facade-scale-100k-spans", "`facade-scale` with 100 000 live spans"),
    ("facade-scale-10k-loggers", "`facade-scale` after 10 000 distinct logger names each logged once, kept"),
]

# Issue 18: the native runs.
THREAD_COUNTS = [1, 2, 4, 8]
THREAD_UNITS = ["control", "facade", "span-only", "log-only", "raw-span"]
MEMORY_ITEMS = [
    ("root-span", "a live span (`facade-on`'s, 2 attributes), no parent"),
    ("child-span", "a live span with a parent (an entry in the parent-id side table)"),
    ("telemetry", "an idle `get_telemetry(format!(..))` handle, never used"),
    ("telemetry-used", "what that handle's first line and first span add"),
    ("logger", "a `Logger` cloned from such a handle"),
]

ALLOC = {"malloc", "calloc", "realloc", "posix_memalign", "aligned_alloc", "memalign",
         "valloc", "pvalloc"}
CLOCK = {"clock_gettime", "gettimeofday", "time", "__vdso_clock_gettime",
         "__vdso_gettimeofday", "__vdso_time"}


def canonical(name):
    """`__libc_malloc'2` -> `malloc`; `clock_gettime@@GLIBC_2.17` -> `clock_gettime`."""
    name = re.sub(r"'\d+$", "", name.strip())
    name = name.split("@")[0]
    for prefix in ("__libc_", "__GI___", "__GI_", "__"):
        if name.startswith(prefix) and name[len(prefix):] in ALLOC | CLOCK:
            return name[len(prefix):]
    return name


def parse(path):
    """Returns (total Ir, {callee: calls from outside its own group})."""
    names = {}
    total = None
    current_fn = None
    pending_callee = None
    calls = {}

    def resolve(spec):
        m = re.match(r"\((\d+)\)(?:\s+(.*))?$", spec)
        if not m:
            return spec
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), "?")

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("fn="):
                current_fn = canonical(resolve(line[3:]))
            elif line.startswith("cfn="):
                pending_callee = canonical(resolve(line[4:]))
            elif line.startswith("calls="):
                count = int(line[6:].split()[0])
                callee = pending_callee
                for group in (ALLOC, CLOCK):
                    if callee in group and current_fn not in group:
                        calls[callee] = calls.get(callee, 0) + count
            elif line.startswith("totals:") or line.startswith("summary:"):
                total = int(line.split(":", 1)[1].split()[0])
    if total is None:
        raise SystemExit(f"{path}: no totals line")
    return total, calls


def native_lines(path, prefix):
    """The `key=value` fields of each line of `path` that starts with
    `prefix`; exits 1 if the file is missing."""
    if not os.path.exists(path):
        print(f"missing: {path}", file=sys.stderr)
        sys.exit(1)
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith(prefix + " "):
            rows.append(dict(f.split("=", 1) for f in line.split()[1:] if "=" in f))
    return rows


def atomics_per_unit(path):
    """The first number of bench/atomics.py's listing: atomic RMWs per unit."""
    if not os.path.exists(path):
        print(f"missing: {path}", file=sys.stderr)
        sys.exit(1)
    first = open(path, encoding="utf-8").readline()
    return float(first.split()[0])


def wall(path):
    """The smallest ns_per_unit among the native runs, or None."""
    best = None
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            m = re.search(r"ns_per_unit=([0-9.]+)", line)
            if m:
                v = float(m.group(1))
                best = v if best is None else min(best, v)
    return best


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    directory, n = sys.argv[1], int(sys.argv[2])
    rows = {}
    for case, _ in CASES:
        out = os.path.join(directory, f"{case}.callgrind.out")
        if not os.path.exists(out):
            print(f"missing: {out}", file=sys.stderr)
            sys.exit(1)
        total, _ = parse(out)
        calls_out = os.path.join(directory, f"{case}.loop-calls.callgrind.out")
        if not os.path.exists(calls_out):
            print(f"missing: {calls_out}", file=sys.stderr)
            sys.exit(1)
        _, calls = parse(calls_out)
        rows[case] = {
            "total": total,
            "ir": total / n,
            "alloc": sum(calls.get(f, 0) for f in ALLOC) / n,
            "clock": sum(calls.get(f, 0) for f in CLOCK) / n,
            "ns": wall(os.path.join(directory, f"{case}.wall")),
        }

    print(f"N = {n} work units per case (after 1000 warm-up units); "
          "instructions (Ir) from callgrind, inclusive of everything the measured loop runs.\n")
    print("| case | what | Ir / unit | allocs / unit | clock reads / unit | wall ns / unit |")
    print("|---|---|---:|---:|---:|---:|")
    for case, what in CASES:
        r = rows[case]
        ns = "-" if r["ns"] is None else f"{r['ns']:.0f}"
        print(f"| `{case}` | {what} | {r['ir']:,.1f} | {r['alloc']:g} | {r['clock']:g} | {ns} |")

    ir = {c: rows[c]["ir"] for c in rows}
    total = {c: rows[c]["total"] for c in rows}
    base = ir["baseline"]
    log_in_span = ir["facade-on"] - ir["facade-on-span-only"]
    log_no_span = ir["facade-on-log-only"] - base
    slog_line = ir["raw-slog-json"] - base
    glued_line = ir["raw-hand-glued"] - ir["raw-otel"]

    def verdict(ok):
        return "met" if ok else "MISSED"

    noop_extra = (total["facade-noop"] - total["baseline"]) / n
    uncached_extra = (total["facade-noop-uncached"] - total["baseline"]) / n
    instrument_extra = (total["instrument-noop"] - total["baseline"]) / n
    disabled_extra = ir["facade-disabled"] - base
    on_ratio = ir["facade-on"] / ir["raw-hand-glued"]
    fields_ratio = log_in_span / slog_line
    print()
    print("| ratio | value | issue 8 target | |")
    print("|---|---:|---|---|")
    print(f"| `facade-noop` − `baseline` (extra Ir / unit) | {noop_extra:+g} | 0 | {verdict(noop_extra == 0)} |")
    print(f"| `facade-noop-uncached` − `baseline` (extra Ir / unit) | {uncached_extra:+g} | (diagnostic) | |")
    print(f"| `instrument-noop` − `baseline` (extra Ir / unit; issue 15) | {instrument_extra:+g} | 0 | {verdict(instrument_extra == 0)} |")
    print(f"| `facade-disabled` − `baseline` (extra Ir / unit) | {disabled_extra:+g} | ≤ 10 | {verdict(disabled_extra <= 10)} |")
    tracing_disabled_extra = ir["tracing-disabled"] - base
    in_span_extra = ir["facade-disabled-in-span"] - base
    print(f"| `facade-disabled` − `baseline` vs `tracing-disabled` − `baseline` (issue 18; `start()` + `enter()`) | {disabled_extra:+g} vs {tracing_disabled_extra:+g} | ≤ 20 and below `tracing` | {verdict(disabled_extra <= 20 and disabled_extra < tracing_disabled_extra)} |")
    print(f"| `facade-disabled-in-span` − `baseline` vs `tracing-disabled` − `baseline` (issue 18; `in_span`) | {in_span_extra:+g} vs {tracing_disabled_extra:+g} | ≤ 20 and below `tracing` | {verdict(in_span_extra <= 20 and in_span_extra < tracing_disabled_extra)} |")
    instrument_disabled = ir["instrument-disabled"] - base
    print(f"| `instrument-disabled` − `baseline` (`#[instrument]`, a span with 1 attribute, no log line; issue 18) | {instrument_disabled:+g} | (reference) | |")
    print(f"| `facade-disabled-in-span` allocs / unit | {rows['facade-disabled-in-span']['alloc']:g} | 0 (issue 18) | {verdict(rows['facade-disabled-in-span']['alloc'] == 0 and rows['facade-disabled-in-span']['clock'] == 0)} |")
    print(f"| `facade-disabled` allocs / unit | {rows['facade-disabled']['alloc']:g} | 0 | {verdict(rows['facade-disabled']['alloc'] == 0)} |")
    print(f"| `facade-on` / `raw-hand-glued` (whole unit) | {on_ratio:.3f} | ≤ 0.75 | {verdict(on_ratio <= 0.75)} |")
    print(f"| facade log line in a span / plain `raw-slog-json` line | {fields_ratio:.3f} | ≤ 1.15 | {verdict(fields_ratio <= 1.15)} |")
    print(f"| facade log line in a span / facade line outside a span | {log_in_span / log_no_span:.3f} | (its own trace fields) | |")
    print(f"| hand-glued log line / plain `raw-slog-json` line | {glued_line / slog_line:.3f} | (reference) | |")
    span_ratio = ir['facade-on-span-only'] / ir['raw-otel']
    print(f"| `facade-on-span-only` / `raw-otel` (span alone) | {span_ratio:.3f} | ≤ 1.05 (issue 18) | {verdict(span_ratio <= 1.05)} |")
    print(f"| `facade-on-log-only` / `raw-slog-json` (line alone) | {ir['facade-on-log-only'] / ir['raw-slog-json']:.3f} | (reference) | |")
    buf_slog_line = ir["raw-slog-json-bufwriter"] - base
    buf_ratio = ir['facade-on'] / ir['raw-hand-glued-bufwriter']
    print(f"| `facade-on` / `raw-hand-glued` (whole unit; issue 18) | {on_ratio:.3f} | ≤ 1.0 (issue 18) | {verdict(on_ratio <= 1.0)} |")
    print(f"| `facade-on` / `raw-hand-glued-bufwriter` (whole unit) | {buf_ratio:.3f} | ≤ 0.85 (issue 18) | {verdict(buf_ratio <= 0.85)} |")
    print(f"| `facade-on` allocs / unit | {rows['facade-on']['alloc']:g} | ≤ 5 (issue 18) | {verdict(rows['facade-on']['alloc'] <= 5)} |")
    print(f"| `facade-on-in-span` / `facade-on` (the closure form, on) | {ir['facade-on-in-span'] / ir['facade-on']:.3f} | (reference) | |")
    print(f"| facade log line in a span / `raw-slog-json-bufwriter` line | {log_in_span / buf_slog_line:.3f} | (reference: raw line materialised) | |")
    sampled_out = ir["facade-sampled-out"] - base
    print(f"| `facade-sampled-out` − `baseline` (a sampled-out record, Ir) | {sampled_out:+,.1f} | ≤ 30 (issue 16) | {verdict(sampled_out <= 30)} |")
    print(f"| `facade-sampled-out` allocs / unit | {rows['facade-sampled-out']['alloc']:g} | 0 (issue 16) | {verdict(rows['facade-sampled-out']['alloc'] == 0)} |")
    redacted = ir["facade-log-5-fields"] - base
    unredacted = ir["facade-log-5-fields-unredacted"] - base
    redaction_ratio = ir["facade-log-5-fields"] / ir["facade-log-5-fields-unredacted"]
    print(f"| `facade-log-5-fields` / `facade-log-5-fields-unredacted` (whole unit) | {redaction_ratio:.3f} | ≤ 1.05 (issue 16) | {verdict(redaction_ratio <= 1.05)} |")
    print(f"| the same, lines alone (− `baseline`) | {redacted / unredacted:.3f} | ≤ 1.05 (issue 16) | {verdict(redacted / unredacted <= 1.05)} |")
    print(f"| `facade-otlp-log` / `raw-otel-log` (OTLP log record) | {ir['facade-otlp-log'] / ir['raw-otel-log']:.3f} | vs the raw SDK (issue 16; no number) | |")
    print(f"| `facade-otlp-log` − `raw-otel-log` (extra Ir / record) | {ir['facade-otlp-log'] - ir['raw-otel-log']:+,.1f} | (issue 16) | |")
    print(f"| allocs / record: `facade-otlp-log`, `raw-otel-log` | {rows['facade-otlp-log']['alloc']:g}, {rows['raw-otel-log']['alloc']:g} | (issue 16) | |")
    print(f"| `tracing-stack` / `facade-on` | {ir['tracing-stack'] / ir['facade-on']:.2f} | > 1 (beat it) | {verdict(ir['tracing-stack'] > ir['facade-on'])} |")
    # Issue 14: metrics. The no-op case's extra instructions in all (not
    # per unit) are what does not grow with N (the state read once per
    # loop); the target is met when no instruction is added per unit.
    m_noop_total = total["metrics-noop"] - total["baseline"]
    m_disabled = ir["metrics-disabled"] - base
    m_ratio = ir["metrics-on"] / ir["raw-otel-metrics"]
    print(f"| `metrics-noop` − `baseline` (extra Ir / unit) | {m_noop_total / n:+.4f} ({m_noop_total:+d} in all) | +0 (issue 14) | {verdict(m_noop_total < n)} |")
    m_add = ir["metrics-disabled-add"] - base
    print(f"| `metrics-disabled-add` − `baseline` (one `add`, 2 attributes by value; extra Ir / recording) | {m_add:+,.1f} | ≤ 10 per recording (issue 14) | {verdict(m_add <= 10)} |")
    m_record = ir["metrics-disabled-record"] - base
    print(f"| `metrics-disabled-record` − `baseline` (one histogram `record`, 2 attributes by value; extra Ir / recording) | {m_record:+,.1f} | ≤ 10 per recording (issue 14) | {verdict(m_record <= 10)} |")
    print(f"| `metrics-disabled` − `baseline` (an `add` and a `record`, each set by value; extra Ir / unit of two recordings) | {m_disabled:+,.1f} ({m_disabled / 2:+,.1f} per recording) | ≤ 10 per recording (issue 14) | {verdict(m_disabled / 2 <= 10)} |")
    m_shared = ir["metrics-disabled-shared"] - base
    print(f"| `metrics-disabled-shared` − `baseline` (one set shared by reference; extra Ir / unit) | {m_shared:+,.1f} ({m_shared / 2:+,.1f} per recording) | (the form to avoid when off) | |")
    m_checked = ir["metrics-disabled-checked"] - base
    print(f"| `metrics-disabled-checked` − `baseline` (both behind one `enabled()`; extra Ir / unit) | {m_checked:+,.1f} ({m_checked / 2:+,.1f} per recording) | (one check for both) | |")
    m_disabled_static = ir["metrics-disabled-static"] - base
    print(f"| `metrics-disabled-static` − `baseline` (attributes in a `static`; extra Ir / unit) | {m_disabled_static:+,.1f} ({m_disabled_static / 2:+,.1f} per recording) | ≤ 10 per recording (issue 14) | {verdict(m_disabled_static / 2 <= 10)} |")
    print(f"| `metrics-disabled` allocs / unit | {rows['metrics-disabled']['alloc']:g} | 0 (issue 14) | {verdict(rows['metrics-disabled']['alloc'] == 0)} |")
    print(f"| `metrics-on` / `raw-otel-metrics` (whole unit) | {m_ratio:.3f} | ≤ 1.1 (issue 14) | {verdict(m_ratio <= 1.1)} |")
    print(f"| `metrics-on` − `raw-otel-metrics` (extra Ir / unit) | {ir['metrics-on'] - ir['raw-otel-metrics']:+,.1f} | (issue 14; ≤ {0.1 * ir['raw-otel-metrics']:+,.1f} for 1.1) | |")
    print(f"| allocs / unit: `metrics-on`, `raw-otel-metrics`, `metrics-crate` | {rows['metrics-on']['alloc']:g}, {rows['raw-otel-metrics']['alloc']:g}, {rows['metrics-crate']['alloc']:g} | (issue 14) | |")
    print(f"| `metrics-crate` / `metrics-on` (whole unit) | {ir['metrics-crate'] / ir['metrics-on']:.3f} | (issue 14; no number) | |")
    print(f"| `metrics-crate` / `raw-otel-metrics` (whole unit) | {ir['metrics-crate'] / ir['raw-otel-metrics']:.3f} | (reference) | |")
    # Issue 15: the bridges, against the usual subscriber of each crate
    # (all five cases write to the same counting sink).
    print(f"| `bridge-log-record` / `env-logger-record` (whole unit) | {ir['bridge-log-record'] / ir['env-logger-record']:.3f} | (issue 15; no number) | |")
    print(f"| `bridge-tracing-event` / `tracing-json-event` (whole unit) | {ir['bridge-tracing-event'] / ir['tracing-json-event']:.3f} | (issue 15; no number) | |")
    print(f"| `bridge-log-record` − `facade-log-counted` (the `log` bridge's own Ir) | {ir['bridge-log-record'] - ir['facade-log-counted']:+,.1f} | (issue 15) | |")
    print(f"| `bridge-tracing-event` − `facade-log-counted` (the `tracing` bridge's own Ir) | {ir['bridge-tracing-event'] - ir['facade-log-counted']:+,.1f} | (issue 15) | |")
    bridge_cases = ["bridge-log-record", "env-logger-record", "bridge-tracing-event", "tracing-json-event", "facade-log-counted"]
    names = ", ".join(f"`{c}`" for c in bridge_cases)
    allocs = ", ".join(f"{rows[c]['alloc']:g}" for c in bridge_cases)
    print(f"| allocs / unit: {names} | {allocs} | (issue 15) | |")
    # Issue 18: scale (the same executable, only the data differs).
    scale_base = ir["facade-scale"]
    for case, what in [("facade-scale-1k-spans", "1 000 live spans"),
                       ("facade-scale-100k-spans", "100 000 live spans"),
                       ("facade-scale-10k-loggers", "10 000 logger names")]:
        growth = ir[case] / scale_base - 1
        print(f"| `{case}` / `facade-scale` ({what}; issue 18) | {ir[case] / scale_base:.4f} "
              f"({ir[case] - scale_base:+,.1f} Ir) | ≤ 1.10 | {verdict(growth <= 0.10)} |")
    for case in ["facade-on", "facade-scale"]:
        n_atomic = atomics_per_unit(os.path.join(directory, f"{case}.atomics.txt"))
        print(f"| atomic read-modify-writes / unit in `{case}` (`{case}.atomics.txt`) | {n_atomic:g} | (issue 18: listed) | |")
    print()
    print("Line costs (Ir / unit): "
          f"facade line in a span = facade-on − facade-on-span-only = {log_in_span:,.1f}; "
          f"facade line outside a span = facade-on-log-only − baseline = {log_no_span:,.1f}; "
          f"plain slog-json line = raw-slog-json − baseline = {slog_line:,.1f}; "
          f"hand-glued line = raw-hand-glued − raw-otel = {glued_line:,.1f}; "
          f"materialised slog-json line = raw-slog-json-bufwriter − baseline = {buf_slog_line:,.1f}; "
          f"5-field line, redacted = {redacted:,.1f}, unredacted = {unredacted:,.1f} "
          f"(redaction: {redacted - unredacted:+,.1f}).")

    # Issue 18: threads (native, wall-clock).
    threads = native_lines(os.path.join(directory, "facade-threads.native"), "facade-threads")
    by = {(r["unit"], int(r["threads"])): r for r in threads if "threads" in r}
    ratios = {r["unit"]: r for r in threads if "ratio_2_to_1" in r}
    runs = next((r["runs"] for r in threads if "runs" in r), "?")
    print()
    print(f"Threads (issue 18; native, units per second of all threads together, the best of {runs} runs; "
          "CPUs: the threads' CPU time over the wall time in that run; per CPU-s: the best units per CPU-second):\n")
    print("| unit | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in THREAD_COUNTS)
          + " | 2 / 1 | CPUs at 1, 2 | per CPU-s, 2 / 1 |")
    print("|---|" + "---:|" * len(THREAD_COUNTS) + "---:|---:|---:|")
    for unit in THREAD_UNITS:
        cells = []
        for t in THREAD_COUNTS:
            r = by.get((unit, t))
            if r is None:
                print(f"facade-threads.native: no line for {unit} on {t} threads", file=sys.stderr)
                sys.exit(1)
            cells.append(f"{float(r['units_per_s']):,.0f}")
        ratio = ratios[unit]
        cpus = f"{float(by[(unit, 1)]['cpus']):.2f}, {float(by[(unit, 2)]['cpus']):.2f}"
        print(f"| `{unit}` | " + " | ".join(cells)
              + f" | {float(ratio['ratio_2_to_1']):.3f} | {cpus} | {ratio['per_cpu_ratio_2_to_1']} |")
    facade_ratio = float(ratios["facade"]["ratio_2_to_1"])
    control_ratio = float(ratios["control"]["ratio_2_to_1"])
    print()
    print("| target | value | issue 18 target | |")
    print("|---|---:|---|---|")
    print(f"| `facade` units/s, 2 threads / 1 thread | {facade_ratio:.3f} | ≥ 1.8 | {verdict(facade_ratio >= 1.8)} |")
    print(f"| `control` units/s, 2 threads / 1 thread (what the machine gave two threads) | {control_ratio:.3f} | (reference) | |")

    # Issue 18: memory (native).
    memory = {r["item"]: r for r in native_lines(os.path.join(directory, "facade-memory.native"), "facade-memory")}
    print()
    print("Memory (issue 18; native, per item, over 100 000 items; heap: bytes asked of the allocator; "
          "resident: growth of the process's resident set; inline: the handle's own size, wherever it is kept):\n")
    print("| item | what | heap bytes | heap blocks | resident bytes | inline bytes | heap bytes held after drop |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for item, what in MEMORY_ITEMS:
        r = memory.get(item)
        if r is None:
            print(f"facade-memory.native: no line for {item}", file=sys.stderr)
            sys.exit(1)
        print(f"| `{item}` | {what} | {float(r['heap_bytes']):,.1f} | {float(r['blocks']):g} | "
              f"{float(r['rss_bytes']):,.1f} | {r['inline_bytes']} | {r['after_drop']} |")


if __name__ == "__main__":
    main()
