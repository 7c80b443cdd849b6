#!/usr/bin/env python3
"""Fails when a Cargo feature check appears in src/ outside the places
allowed to hold one.

Allowed:
  - inside a `cfg_if::cfg_if! { ... }` block: the selection points, one per
    axis or sub-feature, each next to what it selects;
  - an attribute on a `mod` line (`#[cfg(feature = "otel")] mod otel;`);
  - a docs attribute (`#[cfg_attr(docsrs, doc(cfg(feature = "...")))]`);
  - the public escape hatches listed in scripts/feature_checks_allowed.txt,
    one line each: `path: the line's text, trimmed  # why`.

Everything else (`#[cfg(feature = ...)]` on an item, a statement or a
field, `cfg!(feature = ...)` in code, `cfg_attr(feature = ...)` on
anything but a mod line) is reported with its place, and the script exits 1.

    python3 scripts/feature_checks.py [--list]

`--list` also prints every allowed check and why it is allowed.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
FEATURE = re.compile(r'feature\s*=\s*"')
MOD_LINE = re.compile(r'^\s*(pub(\([^)]*\))?\s+)?mod\s+\w+\s*;')
ATTR = re.compile(r'^\s*#!?\[')
DOCS_ATTR = re.compile(r'^\s*#\[cfg_attr\(docsrs,\s*doc\(cfg\(')


def allowlist():
    path = ROOT / "scripts" / "feature_checks_allowed.txt"
    entries = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where, _, why = line.partition("  # ")
        file, _, text = where.partition(": ")
        if not why.strip():
            sys.exit(f"{path.name}: an entry without a reason: {raw!r}")
        entries[(file.strip(), text.strip())] = why.strip()
    return entries


def cfg_if_lines(lines):
    """Indices of lines inside cfg_if! blocks."""
    inside = set()
    depth = 0
    active = False
    for i, line in enumerate(lines):
        if not active and "cfg_if::cfg_if!" in line:
            active = True
            depth = 0
        if active:
            inside.add(i)
            depth += line.count("{") - line.count("}")
            if depth <= 0 and "}" in line:
                active = False
    return inside


def next_item(lines, i):
    """The first line after i that is not an attribute line."""
    j = i + 1
    while j < len(lines) and (ATTR.match(lines[j]) or not lines[j].strip()):
        j += 1
    return lines[j] if j < len(lines) else ""


def main():
    list_all = "--list" in sys.argv
    allowed_hatches = allowlist()
    used_hatches = set()
    bad, ok = [], []
    for path in sorted((ROOT / "src").rglob("*.rs")):
        rel = path.relative_to(ROOT).as_posix()
        lines = path.read_text().splitlines()
        in_cfg_if = cfg_if_lines(lines)
        for i, line in enumerate(lines):
            if line.lstrip().startswith("//") or not FEATURE.search(line):
                continue
            place = f"{rel}:{i + 1}: {line.strip()}"
            if i in in_cfg_if:
                ok.append((place, "selection point (cfg_if!)"))
            elif DOCS_ATTR.match(line):
                ok.append((place, "docs attribute"))
            elif ATTR.match(line) and MOD_LINE.match(next_item(lines, i)):
                ok.append((place, "mod line"))
            elif (rel, line.strip()) in allowed_hatches:
                used_hatches.add((rel, line.strip()))
                ok.append((place, "escape hatch: " + allowed_hatches[(rel, line.strip())]))
            else:
                bad.append(place)
    stale = set(allowed_hatches) - used_hatches
    if list_all:
        for place, why in ok:
            print(f"allowed  {place}   [{why}]")
    for file, text in sorted(stale):
        print(f"stale allowlist entry (no such line): {file}: {text}")
    for place in bad:
        print(f"feature check outside the allowed places: {place}")
    print(f"feature checks: {len(ok)} allowed, {len(bad)} outside the allowed places")
    if bad or stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
