#!/usr/bin/env python3
"""Lists the atomic read-modify-write instructions a measured loop executed
(issue 18): every `lock`-prefixed instruction and every `xchg` with a
memory operand (implicitly locked), with how many times per work unit it
ran and where it comes from (the inlined call chain, from the debug info).
Lock acquisitions are among them: an uncontended `std::sync::Mutex::lock`
is one inlined `lock cmpxchg` (and its unlock one `xchg`), so they do not
show up as calls in a profile.

    python3 bench/atomics.py PROFILE N

PROFILE is a callgrind profile written with `--dump-instr=yes` and
`--collect-atstart=no --toggle-collect=<case>::measured_loop` (only the
loop collected); N is the loop's work units. Per instruction address,
callgrind's Ir is the number of times the instruction ran. The objects
named in the profile are disassembled with `objdump` and their addresses
resolved with `addr2line` (both from binutils).

Plain stores to shared memory (an atomic `store`, a `mov`) are not
atomic read-modify-writes and are not listed: BENCHMARKS.md lists the
ones on the hot path from reading the code.
"""

import collections
import os
import re
import subprocess
import sys


def parse(path):
    """{object path: {address: executions}} of the collected instructions."""
    names = {}
    counts = collections.defaultdict(lambda: collections.defaultdict(int))
    obj = None
    prev = [0, 0]  # instruction address, line
    skip_next = False

    def resolve(spec):
        m = re.match(r"\((\d+)\)(?:\s+(.*))?$", spec.strip())
        if not m:
            return spec.strip()
        if m.group(2) is not None:
            names[m.group(1)] = m.group(2)
        return names.get(m.group(1), "?")

    def position(token, i):
        if token == "*":
            return prev[i]
        if token[0] in "+-":
            return prev[i] + int(token, 0)
        return int(token, 0)

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                addr = position(parts[0], 0)
                lineno = position(parts[1], 1) if len(parts) > 1 else prev[1]
                prev[0], prev[1] = addr, lineno
                if skip_next:
                    # The cost of a call: the callee's, not this
                    # instruction's.
                    skip_next = False
                    continue
                ir = int(parts[2]) if len(parts) > 2 else 0
                if obj is not None and ir:
                    counts[obj][addr] += ir
            elif line.startswith("ob="):
                obj = resolve(line[3:])
            elif line.startswith("cob="):
                resolve(line[4:])
            elif line.startswith("calls="):
                skip_next = True
    return counts


ATOMIC = re.compile(r"^\s*([0-9a-f]+):\s+((lock\s+\S+|xchg\s+\S*\(.*|xchg\s+.*\(.*).*)$")


def atomic_instructions(obj, addresses):
    """{address: instruction text} of the atomic RMW instructions of `obj`
    among `addresses`."""
    if not os.path.exists(obj):
        return {}
    lo, hi = min(addresses), max(addresses)
    out = subprocess.run(
        ["objdump", "-d", "--no-show-raw-insn", f"--start-address={lo:#x}",
         f"--stop-address={hi + 1:#x}", obj],
        capture_output=True, text=True, check=False).stdout
    found = {}
    for line in out.splitlines():
        m = ATOMIC.match(line)
        if m:
            addr = int(m.group(1), 16)
            if addr in addresses:
                found[addr] = " ".join(m.group(2).split())
    return found


def chain(obj, addr):
    """The inlined call chain at `addr`, outermost first (function names)."""
    out = subprocess.run(["addr2line", "-e", obj, "-i", "-f", "-C", f"{addr:#x}"],
                         capture_output=True, text=True, check=False).stdout.splitlines()
    # Pairs of lines: function, file:line; innermost first.
    frames = []
    for i in range(0, len(out) - 1, 2):
        fn, loc = out[i], out[i + 1]
        loc = re.sub(r"^.*/(library|src|registry/src/[^/]+)/", "", loc)
        name = fn if fn.startswith("core::ptr::drop_in_place") else short(fn)
        frames.append(f"{name} ({loc})")
    return list(reversed(frames))


def short(fn):
    """A function name without generic arguments or closure noise; a
    method of a trait impl keeps its type's name (`<T as Tr>::f` ->
    `T::f`)."""
    m = re.match(r"^<(.*?) as .*>::([^<>]*)$", fn)
    if m:
        fn = f"{m.group(1)}::{m.group(2)}"
    prev = None
    while prev != fn:
        prev = fn
        fn = re.sub(r"<[^<>]*>", "", fn)
    return fn.replace("::{{closure}}", "").replace("{closure#0}", "")


def squeeze(frames):
    """Drops repeated drop glue frames (`drop_in_place` of the same value,
    nested)."""
    out = []
    for f in frames:
        if out and f.startswith("core::ptr::drop_in_place") and out[-1] == f:
            continue
        out.append(f)
    return out


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    path, n = sys.argv[1], int(sys.argv[2])
    rows = []
    for obj, counts in parse(path).items():
        for addr, text in atomic_instructions(obj, set(counts)).items():
            rows.append((counts[addr] / n, obj, addr, text))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))
    total = sum(r[0] for r in rows)
    print(f"{total:g} atomic read-modify-write instructions per unit")
    for per_unit, obj, addr, text in rows:
        print(f"\n{per_unit:g} / unit  {os.path.basename(obj)} {addr:#x}  {text}")
        for frame in squeeze(chain(obj, addr))[:4]:
            print(f"    {frame}")


if __name__ == "__main__":
    main()
