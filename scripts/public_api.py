#!/usr/bin/env python3
"""Check that the public API is the same in every promised feature combination.

The crate promises that every public item and every public signature exists,
unchanged, whatever Cargo features are enabled, except for a few documented
escape hatches (see ALLOWED_EXTRAS below). This script proves it from
rustdoc's JSON output:

  1. for each combination in COMBOS, run
       RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/public-api \\
       cargo rustdoc --lib --quiet <features> -- -Z unstable-options --output-format json
     and read target/public-api/doc/telemetry_facade.json;
  2. walk the public API from the crate root (public modules, `use`
     re-exports, inherent and trait impls of public types, implementations of
     public traits) and render every item as one line that includes its full
     signature; item ids are replaced by paths, and spans, docs,
     `#[doc(hidden)]` items, auto-trait and blanket impls are left out;
  3. compare each combination with the no-feature build; anything that
     differs and is not allowlisted is printed as a unified diff, and the
     script exits with status 1.

Usage (from anywhere; the crate root is this script's parent directory):

    python3 scripts/public_api.py                 # build every combo, check
    python3 scripts/public_api.py --no-build      # re-check the JSON of the last run
    python3 scripts/public_api.py --auto-traits   # also compare Send/Sync/... impls

Exit status: 0 = same API everywhere, 1 = API differs between builds,
2 = a build failed or the JSON could not be understood.

Outputs (for humans): target/public-api/api-none.txt is the normalized API of
the no-feature build; target/public-api/api-<combo>.txt the others;
target/public-api/json/<combo>.json the raw rustdoc JSON.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

CRATE_ROOT = Path(__file__).resolve().parent.parent
TARGET_DIR = CRATE_ROOT / "target" / "public-api"
JSON_OUT = TARGET_DIR / "doc" / "telemetry_facade.json"
KEEP_DIR = TARGET_DIR / "json"
CRATE = "telemetry_facade"
PACKAGE = "telemetry-facade"

# The rustdoc JSON format this script was written against (rustc 1.95).
# Another version is tried anyway: the renderer raises on any shape it does
# not know, so a format change fails loudly instead of passing silently.
KNOWN_FORMAT_VERSION = 57

# (label, cargo feature arguments, features enabled). As promised in the
# README and checked by scripts/test.sh -- but WITHOUT adding `testing`:
# only --all-features enables it here.
COMBOS: list[tuple[str, list[str], frozenset[str]]] = [
    ("none", ["--no-default-features"], frozenset()),
    ("otel", ["--no-default-features", "--features", "otel"], frozenset({"otel"})),
    ("slog", ["--no-default-features", "--features", "slog"], frozenset({"slog"})),
    # `json` implies `slog` (Cargo.toml).
    ("json", ["--no-default-features", "--features", "json"], frozenset({"json", "slog"})),
    (
        "otel,json",
        ["--no-default-features", "--features", "otel,json"],
        frozenset({"otel", "json", "slog"}),
    ),
    # `metrics` implies `otel` (Cargo.toml).
    ("metrics", ["--no-default-features", "--features", "metrics"], frozenset({"metrics", "otel"})),
    # The `tracing` forward alone: it wraps the no-op backends and adds no
    # public item.
    (
        "tracing-forward",
        ["--no-default-features", "--features", "tracing-forward"],
        frozenset({"tracing-forward"}),
    ),
    # Every feature of Cargo.toml, read from it so the list never goes stale.
    ("all", ["--all-features"], frozenset(
        name
        for name in tomllib.loads((Path(__file__).resolve().parent.parent / "Cargo.toml").read_text())["features"]
        if name != "default"
    )),
]
BASELINE = "none"


@dataclass(frozen=True)
class Allowed:
    """Public API that exists only when `feature` is enabled.

    Matches every entry whose owner path is `path` or lies under `path::`
    (so an allowlisted type or module brings its fields, methods and impls).
    """

    feature: str
    path: str
    why: str


# Escape hatches: the only items allowed to exist in some builds and not in
# the no-feature one. Keep this list short and every entry justified; it must
# match the "only with feature X" notes in the docs.
ALLOWED_EXTRAS: list[Allowed] = [
    Allowed(
        "otel",
        f"{CRATE}::Config::with_span_exporter",
        # Its parameter is an `opentelemetry_sdk::trace::SpanExporter`, a type
        # that only exists when the `otel` dependencies are compiled in. It is
        # for applications (never libraries), which choose the features.
        "takes an opentelemetry_sdk SpanExporter: cannot exist without `otel`",
    ),
    Allowed(
        "slog",
        f"{CRATE}::Config::slog_drain",
        # Its parameter is a `slog::Drain`, a trait that only exists when the
        # `slog` dependency is compiled in. For applications only, like
        # `with_span_exporter`.
        "takes a slog::Drain: cannot exist without `slog`",
    ),
    Allowed(
        "http",
        f"{CRATE}::propagation::Carrier",
        # Owner of a trait impl on a foreign type is the trait: this admits
        # `impl Carrier for http::HeaderMap`, which needs the `http` crate.
        # (The trait itself and its HashMap impl exist in every build.)
        "impl Carrier for http::HeaderMap: cannot exist without `http`",
    ),
    Allowed(
        "tracing-bridge",
        f"{CRATE}::TracingLayer",
        # A `tracing_subscriber::Layer`: the type exists to implement that
        # trait, which only exists when `tracing-subscriber` is compiled in.
        # For applications that run a `tracing` subscriber of their own;
        # `Config::capture_tracing` (every build) covers the others.
        "implements tracing_subscriber::Layer: cannot exist without `tracing-bridge`",
    ),
    Allowed(
        "tracing-bridge",
        f"{CRATE}::tracing_layer",
        # Returns the `TracingLayer` above.
        "returns TracingLayer: cannot exist without `tracing-bridge`",
    ),
    Allowed(
        "testing",
        f"{CRATE}::testing",
        # The in-memory capture for tests: the whole module (its structs,
        # functions, fields, methods and impls) is opt-in by design and
        # documented as feature `testing`.
        "test-only helpers, opt-in through the `testing` feature",
    ),
    Allowed(
        "macros",
        f"{CRATE}::instrument",
        # A re-export of the proc-macro crate's attribute: the proc-macro
        # crate (and its build-time dependencies syn, quote, proc-macro2) is
        # only compiled with the feature, which keeps the no-feature build
        # dependency-free.
        "a proc-macro attribute: exists only with `macros`",
    ),
]

# Auto-trait impls (Send, Sync, Unpin, UnwindSafe, ...) are the ones rustdoc
# marks is_synthetic: derived by the compiler from the fields. They are left
# out by default (the promise is about items and signatures); --auto-traits
# compares them too.


def fail(message: str) -> NoReturn:
    """A tool error (not an API difference): exit status 2."""
    print(f"error: {message}", file=sys.stderr)
    raise SystemExit(2)


class SchemaError(Exception):
    """The rustdoc JSON has a shape this script does not understand."""


def one_key(d: dict, what: str) -> tuple[str, object]:
    if not isinstance(d, dict) or len(d) != 1:
        raise SchemaError(f"expected a one-key object for {what}, got {str(d)[:200]}")
    return next(iter(d.items()))


# --------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------


def run_rustdoc(label: str, feature_args: list[str]) -> Path:
    """Runs rustdoc for one combo; returns a copy of its JSON output."""
    env = dict(os.environ)
    env["RUSTC_BOOTSTRAP"] = "1"
    env["CARGO_TARGET_DIR"] = str(TARGET_DIR)
    # All combos write the same output file. `cargo rustdoc` re-runs rustdoc
    # for its target every time (cargo 1.95), but should it ever consider a
    # combo fresh and skip it, the file left behind would be another combo's:
    # delete it first, so a skipped run fails instead of reading stale JSON.
    JSON_OUT.unlink(missing_ok=True)
    cmd = ["cargo", "rustdoc", "--lib", "--quiet", *feature_args,
           "--", "-Z", "unstable-options", "--output-format", "json"]
    proc = subprocess.run(cmd, cwd=CRATE_ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    if proc.returncode != 0 or not JSON_OUT.is_file():
        sys.stderr.write(proc.stdout)
        fail(f"[{label}] `{' '.join(cmd)}` failed (exit {proc.returncode})"
             + ("" if JSON_OUT.is_file() else f"; no {JSON_OUT}"))
    KEEP_DIR.mkdir(parents=True, exist_ok=True)
    kept = KEEP_DIR / f"{label}.json"
    shutil.copyfile(JSON_OUT, kept)
    return kept


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    text: str  # the rendered line, compared between builds
    owner: str  # the public path it belongs to, for the allowlist
    rank: int = 1  # 0 for an item's own declaration: listed first

    def sort_key(self) -> tuple[str, int, str]:
        # Grouped by owner (a type, then its fields, methods and impls), so
        # api-*.txt reads like a table of contents.
        return (self.owner, self.rank, self.text)


class Api:
    def __init__(self, doc: dict, auto_traits: bool = False):
        self.doc = doc
        self.index: dict[str, dict] = doc["index"]
        self.paths: dict[str, dict] = doc["paths"]
        self.auto_traits = auto_traits
        self.public_paths: dict[str, list[str]] = {}  # local item id -> paths
        self.reexports: list[Entry] = []
        self._walked: set[tuple[str, str]] = set()

    # ---- reachability -----------------------------------------------------

    def item(self, id_) -> dict | None:
        return None if id_ is None else self.index.get(str(id_))

    @staticmethod
    def hidden(it: dict) -> bool:
        for a in it.get("attrs", []):
            s = a if isinstance(a, str) else json.dumps(a)
            if re.search(r"doc\s*\(\s*hidden\s*\)", s):
                return True
        return False

    def walk(self) -> None:
        root = str(self.doc["root"])
        self.public_paths[root] = [CRATE]
        self.walk_module(root, CRATE)

    def add_path(self, id_: str, path: str) -> None:
        paths = self.public_paths.setdefault(id_, [])
        if path not in paths:
            paths.append(path)
        it = self.index[id_]
        if "module" in it["inner"]:
            self.walk_module(id_, path)

    def walk_module(self, mod_id: str, prefix: str) -> None:
        if (mod_id, prefix) in self._walked:
            return
        self._walked.add((mod_id, prefix))
        mod = self.index[mod_id]["inner"]["module"]
        for child in mod["items"]:
            it = self.item(child)
            if it is None or self.hidden(it):
                continue
            inner = it["inner"]
            if "use" in inner:
                if it["visibility"] != "public":
                    continue
                u = inner["use"]
                target = self.item(u["id"])
                if target is not None and self.hidden(target):
                    continue
                if u["is_glob"]:
                    if target is not None and target["crate_id"] == 0 and "module" in target["inner"]:
                        self.walk_module(str(u["id"]), prefix)
                    else:
                        self.reexports.append(Entry(
                            f"pub use {prefix}::* = {self.id_path(u['id'], u['source'])}::*", prefix))
                elif target is not None and target["crate_id"] == 0:
                    self.add_path(str(u["id"]), f"{prefix}::{u['name']}")
                else:
                    # A re-export of another crate's item: its own API is that
                    # crate's business, that we re-export it is ours.
                    self.reexports.append(Entry(
                        f"pub use {prefix}::{u['name']} = {self.id_path(u['id'], u['source'])}",
                        f"{prefix}::{u['name']}"))
            elif it["visibility"] == "public":
                if it["name"] is None:
                    raise SchemaError(f"unnamed public item {child} in module {prefix}")
                self.add_path(str(child), f"{prefix}::{it['name']}")

    def canonical(self, id_: str) -> str:
        return min(self.public_paths[id_], key=lambda p: (p.count("::"), p))

    def id_path(self, id_, written: str) -> str:
        """The path to show for a referenced item: its public path if it has
        one, else the definition path rustdoc knows, else what was written."""
        if id_ is not None:
            key = str(id_)
            if key in self.public_paths:
                return self.canonical(key)
            summary = self.paths.get(key)
            if summary is not None:
                return "::".join(summary["path"])
        return written

    # ---- types ------------------------------------------------------------

    def ty(self, t) -> str:
        if t == "infer":
            return "_"
        kind, v = one_key(t, "type")
        if kind == "resolved_path":
            return self.path(v)
        if kind == "generic" or kind == "primitive":
            return v
        if kind == "borrowed_ref":
            lt = f"{v['lifetime']} " if v["lifetime"] else ""
            mut = "mut " if v["is_mutable"] else ""
            return f"&{lt}{mut}{self.ty(v['type'])}"
        if kind == "raw_pointer":
            return f"*{'mut' if v['is_mutable'] else 'const'} {self.ty(v['type'])}"
        if kind == "tuple":
            inner = ", ".join(self.ty(x) for x in v)
            return f"({inner},)" if len(v) == 1 else f"({inner})"
        if kind == "slice":
            return f"[{self.ty(v)}]"
        if kind == "array":
            return f"[{self.ty(v['type'])}; {v['len']}]"
        if kind == "impl_trait":
            return "impl " + self.bounds(v)
        if kind == "dyn_trait":
            parts = [self.poly_trait(p) for p in v["traits"]]
            if v.get("lifetime"):
                parts.append(v["lifetime"])
            return "dyn " + " + ".join(parts)
        if kind == "function_pointer":
            hrtb = self.hrtb(v["generic_params"])
            return f"{hrtb}{self.header(v['header'])}fn({self.inputs(v['sig'], names=False)}){self.output(v['sig'])}"
        if kind == "qualified_path":
            self_ty = self.ty(v["self_type"])
            base = f"<{self_ty} as {self.path(v['trait'])}>" if v.get("trait") else f"<{self_ty}>"
            return f"{base}::{v['name']}{self.generic_args(v.get('args'))}"
        if kind == "pat":
            return f"{self.ty(v['type'])} is {v.get('__pat_unstable_do_not_use', '_')}"
        if kind == "infer":
            return "_"
        raise SchemaError(f"unknown type kind {kind!r}: {str(v)[:200]}")

    def path(self, p: dict) -> str:
        return self.id_path(p.get("id"), p["path"]) + self.generic_args(p.get("args"))

    def generic_args(self, a) -> str:
        if a is None:
            return ""
        if a == "return_type_notation":
            return "(..)"
        kind, v = one_key(a, "generic args")
        if kind == "angle_bracketed":
            parts = [self.generic_arg(x) for x in v["args"]]
            parts += [self.constraint(c) for c in v.get("constraints", [])]
            return f"<{', '.join(parts)}>" if parts else ""
        if kind == "parenthesized":
            out = f" -> {self.ty(v['output'])}" if v.get("output") is not None else ""
            return f"({', '.join(self.ty(x) for x in v['inputs'])}){out}"
        raise SchemaError(f"unknown generic args {kind!r}")

    def generic_arg(self, g) -> str:
        if g == "infer":
            return "_"
        kind, v = one_key(g, "generic arg")
        if kind == "lifetime":
            return v
        if kind == "type":
            return self.ty(v)
        if kind == "const":
            return self.const_expr(v)
        raise SchemaError(f"unknown generic arg {kind!r}")

    @staticmethod
    def const_expr(c: dict) -> str:
        return c.get("expr") or c.get("value") or "_"

    def term(self, t) -> str:
        kind, v = one_key(t, "term")
        if kind == "type":
            return self.ty(v)
        if kind == "constant":
            return self.const_expr(v)
        raise SchemaError(f"unknown term {kind!r}")

    def constraint(self, c: dict) -> str:
        head = c["name"] + self.generic_args(c.get("args"))
        kind, v = one_key(c["binding"], "constraint binding")
        if kind == "equality":
            return f"{head} = {self.term(v)}"
        if kind == "constraint":
            return f"{head}: {self.bounds(v)}"
        raise SchemaError(f"unknown constraint {kind!r}")

    def poly_trait(self, p: dict) -> str:
        return self.hrtb(p.get("generic_params", [])) + self.path(p["trait"])

    def bound(self, b) -> str:
        kind, v = one_key(b, "generic bound")
        if kind == "trait_bound":
            modifier = {"none": "", "maybe": "?", "maybe_const": "~const "}.get(v["modifier"])
            if modifier is None:
                raise SchemaError(f"unknown trait bound modifier {v['modifier']!r}")
            return modifier + self.hrtb(v.get("generic_params", [])) + self.path(v["trait"])
        if kind == "outlives":
            return v
        if kind == "use":
            args = []
            for a in v:
                if isinstance(a, str):
                    args.append(a)
                else:
                    args.append(one_key(a, "precise capturing arg")[1])
            return f"use<{', '.join(args)}>"
        raise SchemaError(f"unknown bound {kind!r}")

    def bounds(self, bs: list) -> str:
        return " + ".join(self.bound(b) for b in bs)

    def hrtb(self, params: list) -> str:
        return f"for<{', '.join(self.param(p) for p in params)}> " if params else ""

    def param(self, p: dict) -> str:
        kind, v = one_key(p["kind"], "generic param kind")
        name = p["name"]
        if kind == "lifetime":
            return f"{name}: {' + '.join(v['outlives'])}" if v["outlives"] else name
        if kind == "type":
            s = f"{name}: {self.bounds(v['bounds'])}" if v["bounds"] else name
            if v.get("default") is not None:
                s += f" = {self.ty(v['default'])}"
            return s
        if kind == "const":
            s = f"const {name}: {self.ty(v['type'])}"
            if v.get("default") is not None:
                s += f" = {v['default']}"
            return s
        raise SchemaError(f"unknown generic param kind {kind!r}")

    def generics(self, g: dict) -> str:
        params = [p for p in g["params"]
                  if not (("type" in p["kind"]) and p["kind"]["type"].get("is_synthetic"))]
        return f"<{', '.join(self.param(p) for p in params)}>" if params else ""

    def where(self, g: dict) -> str:
        preds = []
        for w in g["where_predicates"]:
            kind, v = one_key(w, "where predicate")
            if kind == "bound_predicate":
                preds.append(f"{self.hrtb(v.get('generic_params', []))}{self.ty(v['type'])}: {self.bounds(v['bounds'])}")
            elif kind == "lifetime_predicate":
                preds.append(f"{v['lifetime']}: {' + '.join(v['outlives'])}")
            elif kind == "eq_predicate":
                preds.append(f"{self.ty(v['lhs'])} = {self.term(v['rhs'])}")
            else:
                raise SchemaError(f"unknown where predicate {kind!r}")
        return f" where {', '.join(preds)}" if preds else ""

    # ---- functions --------------------------------------------------------

    @staticmethod
    def header(h: dict) -> str:
        s = ""
        if h.get("is_const"):
            s += "const "
        if h.get("is_async"):
            s += "async "
        if h.get("is_unsafe"):
            s += "unsafe "
        abi = h.get("abi", "Rust")
        if abi != "Rust":
            if isinstance(abi, dict):
                name, v = one_key(abi, "abi")
                if name == "Other":
                    s += f'extern "{v}" '
                else:
                    unwind = "-unwind" if isinstance(v, dict) and v.get("unwind") else ""
                    s += f'extern "{name}{unwind}" '
            else:
                s += f'extern "{abi}" '
        return s

    def inputs(self, sig: dict, names: bool = True) -> str:
        out = []
        for name, t in sig["inputs"]:
            if names and name == "self":
                if t == {"generic": "Self"}:
                    out.append("self")
                    continue
                if "borrowed_ref" in t and t["borrowed_ref"]["type"] == {"generic": "Self"}:
                    r = t["borrowed_ref"]
                    lt = f"{r['lifetime']} " if r["lifetime"] else ""
                    out.append(f"&{lt}{'mut ' if r['is_mutable'] else ''}self")
                    continue
            out.append(f"{name}: {self.ty(t)}" if names else self.ty(t))
        if sig.get("is_c_variadic"):
            out.append("...")
        return ", ".join(out)

    def output(self, sig: dict) -> str:
        return f" -> {self.ty(sig['output'])}" if sig.get("output") is not None else ""

    def function(self, f: dict, name: str) -> str:
        g = f["generics"]
        return (f"{self.header(f['header'])}fn {name}{self.generics(g)}"
                f"({self.inputs(f['sig'])}){self.output(f['sig'])}{self.where(g)}")

    # ---- items ------------------------------------------------------------

    @staticmethod
    def attrs(it: dict) -> str:
        """Attributes that are part of the API (not cfg traces, not docs)."""
        out = []
        for a in it.get("attrs", []):
            if a == "non_exhaustive":
                out.append("#[non_exhaustive]")
            elif isinstance(a, dict) and "must_use" in a:
                out.append("#[must_use]")
            elif isinstance(a, dict) and "repr" in a:
                out.append(f"#[repr({json.dumps(a['repr'], sort_keys=True)})]")
            elif a == "no_mangle" or (isinstance(a, dict) and "export_name" in a):
                out.append(f"#[{a if isinstance(a, str) else 'export_name'}]")
        if it.get("deprecation") is not None:
            out.append("#[deprecated]")
        return "".join(x + " " for x in out)

    def render_item(self, id_: str, path: str, out: list[Entry], members: bool) -> None:
        """One item at one public path; `members`: also its fields, variants,
        associated items and impls (done once, at the canonical path)."""
        it = self.index[id_]
        kind, v = one_key(it["inner"], "item")
        a = self.attrs(it)
        add = lambda text: out.append(Entry(text, path, rank=0))  # noqa: E731
        if kind == "module":
            add(f"{a}mod {path}")
        elif kind == "function":
            add(a + self.function(v, path))
        elif kind == "constant":
            # The value is not compared: `BUILD` differs by design.
            add(f"{a}const {path}: {self.ty(v['type'])}")
        elif kind == "static":
            mut = "mut " if v.get("is_mutable") else ""
            unsafe = "unsafe " if v.get("is_unsafe") else ""
            add(f"{a}{unsafe}static {mut}{path}: {self.ty(v['type'])}")
        elif kind == "type_alias":
            g = v["generics"]
            add(f"{a}type {path}{self.generics(g)} = {self.ty(v['type'])}{self.where(g)}")
        elif kind == "macro":
            rules = " ".join(v.split())
            rules = re.sub(r"^macro_rules!\s*[A-Za-z_][A-Za-z0-9_]*", "", rules).strip()
            add(f"{a}macro {path}! {rules}")
        elif kind == "proc_macro":
            add(f"{a}proc_macro({v['kind']}) {path} helpers={v.get('helpers', [])}")
        elif kind == "extern_crate":
            add(f"{a}extern crate {v['name']} as {path}")
        elif kind == "trait_alias":
            g = v["generics"]
            add(f"{a}trait {path}{self.generics(g)} = {self.bounds(v['params'])}{self.where(g)}")
        elif kind == "struct":
            g = v["generics"]
            skind = v["kind"]
            if skind == "unit":
                shape = ";"
            else:
                sk, sv = one_key(skind, "struct kind")
                if sk == "tuple":
                    shape = "(" + ", ".join(self.tuple_field(f) for f in sv) + ")"
                elif sk == "plain":
                    shape = " { .. }" if sv["has_stripped_fields"] else " {}"
                else:
                    raise SchemaError(f"unknown struct kind {sk!r}")
            add(f"{a}struct {path}{self.generics(g)}{shape}{self.where(g)}")
            if members and isinstance(skind, dict) and "plain" in skind:
                self.fields(skind["plain"]["fields"], path, out, only_public=True)
            if members:
                self.impls(v["impls"], out)
        elif kind == "union":
            g = v["generics"]
            stripped = " { .. }" if v.get("has_stripped_fields") else " {}"
            add(f"{a}union {path}{self.generics(g)}{stripped}{self.where(g)}")
            if members:
                self.fields(v["fields"], path, out, only_public=True)
                self.impls(v["impls"], out)
        elif kind == "enum":
            g = v["generics"]
            stripped = " { .. }" if v["has_stripped_variants"] else ""
            add(f"{a}enum {path}{self.generics(g)}{self.where(g)}{stripped}")
            if members:
                for var in v["variants"]:
                    self.variant(str(var), path, out)
                self.impls(v["impls"], out)
        elif kind == "trait":
            g = v["generics"]
            q = ("unsafe " if v["is_unsafe"] else "") + ("auto " if v["is_auto"] else "")
            sup = f": {self.bounds(v['bounds'])}" if v["bounds"] else ""
            dyn = " [dyn-compatible]" if v.get("is_dyn_compatible") else " [not dyn-compatible]"
            add(f"{a}{q}trait {path}{self.generics(g)}{sup}{self.where(g)}{dyn}")
            if members:
                for item in v["items"]:
                    sub = self.item(item)
                    if sub is None or self.hidden(sub):
                        continue
                    sub_path = f"{path}::{sub['name']}"
                    out.append(Entry(self.assoc(sub, sub_path, in_trait=True), sub_path))
                self.impls(v["implementations"], out)
        elif kind in ("primitive", "keyword"):
            pass  # only documented by the standard library
        else:
            raise SchemaError(f"unknown item kind {kind!r} at {path}")

    def tuple_field(self, f) -> str:
        if f is None:
            return "_"  # private or hidden
        fi = self.index[str(f)]
        if fi["visibility"] != "public" or self.hidden(fi):
            return "_"
        return f"pub {self.ty(fi['inner']['struct_field'])}"

    def fields(self, ids: list, path: str, out: list[Entry], only_public: bool) -> None:
        for f in ids:
            fi = self.item(f)
            if fi is None or self.hidden(fi) or (only_public and fi["visibility"] != "public"):
                continue
            out.append(Entry(f"{self.attrs(fi)}field {path}::{fi['name']}: {self.ty(fi['inner']['struct_field'])}",
                             f"{path}::{fi['name']}"))

    def variant(self, id_: str, enum_path: str, out: list[Entry]) -> None:
        it = self.index[id_]
        if self.hidden(it):
            return
        v = it["inner"]["variant"]
        path = f"{enum_path}::{it['name']}"
        vk = v["kind"]
        if vk == "plain":
            shape = ""
        else:
            k, kv = one_key(vk, "variant kind")
            if k == "tuple":
                parts = []
                for f in kv:
                    fi = self.item(f)
                    parts.append("_" if fi is None or self.hidden(fi) else self.ty(fi["inner"]["struct_field"]))
                shape = f"({', '.join(parts)})"
            elif k == "struct":
                shape = " { .. }" if kv["has_stripped_fields"] else " {}"
            else:
                raise SchemaError(f"unknown variant kind {k!r}")
        disc = f" = {v['discriminant']['value']}" if v.get("discriminant") else ""
        out.append(Entry(f"{self.attrs(it)}variant {path}{shape}{disc}", path))
        if isinstance(vk, dict) and "struct" in vk:
            self.fields(vk["struct"]["fields"], path, out, only_public=False)

    def assoc(self, it: dict, path: str, in_trait: bool) -> str:
        kind, v = one_key(it["inner"], "associated item")
        a = self.attrs(it)
        if kind == "function":
            provided = " { .. }" if in_trait and v["has_body"] else ""
            return a + self.function(v, path) + provided
        if kind == "assoc_const":
            default = " = _" if v.get("value") is not None and in_trait else ""
            return f"{a}const {path}: {self.ty(v['type'])}{default}"
        if kind == "assoc_type":
            g = v["generics"]
            s = f"{a}type {path}{self.generics(g)}"
            if v["bounds"]:
                s += f": {self.bounds(v['bounds'])}"
            if v.get("type") is not None:
                s += f" = {self.ty(v['type'])}"
            return s + self.where(g)
        raise SchemaError(f"unknown associated item kind {kind!r} at {path}")

    # ---- impls ------------------------------------------------------------

    def impls(self, ids: list, out: list[Entry]) -> None:
        for i in ids:
            key = str(i)
            if key in self._impls_done:
                continue
            self._impls_done.add(key)
            self.render_impl(key, out)

    def render_impl(self, key: str, out: list[Entry]) -> None:
        it = self.index.get(key)
        if it is None or self.hidden(it):
            return
        im = it["inner"]["impl"]
        if im.get("blanket_impl") is not None:
            return  # `impl<T: X> Y for T` of another crate: follows from other impls
        trait = im.get("trait")
        if im["is_synthetic"]:
            if not self.auto_traits:
                return
        for_ty = self.ty(im["for"])
        g = im["generics"]
        # The owner (for the allowlist): the implementing type if it is a
        # public item of ours, else the trait.
        owner = None
        if isinstance(im["for"], dict) and "resolved_path" in im["for"]:
            fid = str(im["for"]["resolved_path"].get("id"))
            if fid in self.public_paths:
                owner = self.canonical(fid)
        if owner is None and trait is not None:
            owner = self.id_path(trait.get("id"), trait["path"])
        if owner is None:
            owner = for_ty
        unsafe = "unsafe " if im["is_unsafe"] else ""
        if trait is None:
            # Inherent impl: its items are listed as `Type::item`; the impl's
            # own generics and bounds (if any) follow each line.
            base = re.sub(r"<.*$", "", for_ty) if for_ty.startswith(CRATE) else f"<{for_ty}>"
            ctx = ""
            if g["params"] or g["where_predicates"] or for_ty != base:
                ctx = f"  [impl{self.generics(g)} {for_ty}{self.where(g)}]"
            for sub_id in im["items"]:
                sub = self.item(sub_id)
                if sub is None or self.hidden(sub) or sub["visibility"] != "public":
                    continue
                out.append(Entry(self.assoc(sub, f"{base}::{sub['name']}", in_trait=False) + ctx,
                                 f"{owner}::{sub['name']}"))
            return
        neg = "!" if im["is_negative"] else ""
        head = f"{unsafe}impl{self.generics(g)} {neg}{self.path(trait)} for {for_ty}{self.where(g)}"
        if im["is_synthetic"]:
            head = "[auto] " + head
        out.append(Entry(head, owner))
        for sub_id in im["items"]:
            sub = self.item(sub_id)
            if sub is None or self.hidden(sub):
                continue
            out.append(Entry(f"{head} {{ {self.assoc(sub, sub['name'], in_trait=False)} }}", owner))

    # ---- all --------------------------------------------------------------

    def entries(self) -> list[Entry]:
        self.walk()
        self._impls_done: set[str] = set()
        out: list[Entry] = list(self.reexports)
        for id_, paths in self.public_paths.items():
            if id_ == str(self.doc["root"]):
                continue
            canon = self.canonical(id_)
            for p in sorted(paths):
                self.render_item(id_, p, out, members=(p == canon))
        return sorted(out, key=Entry.sort_key)


def load_api(json_path: Path, auto_traits: bool) -> list[Entry]:
    doc = json.loads(json_path.read_text())
    fv = doc.get("format_version")
    if fv != KNOWN_FORMAT_VERSION:
        print(f"warning: {json_path.name}: rustdoc JSON format_version {fv}, "
              f"script written for {KNOWN_FORMAT_VERSION}", file=sys.stderr)
    api = Api(doc, auto_traits)
    try:
        return api.entries()
    except (SchemaError, KeyError, TypeError, ValueError) as e:
        fail(f"cannot read the public API from {json_path} "
             f"(format_version {fv}): {type(e).__name__}: {e}")


# --------------------------------------------------------------------------
# Comparing
# --------------------------------------------------------------------------


def allowed_for(owner: str, features: frozenset[str]) -> Allowed | None:
    for a in ALLOWED_EXTRAS:
        if a.feature in features and (owner == a.path or owner.startswith(a.path + "::")):
            return a
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-build", action="store_true",
                    help="reuse target/public-api/json/<combo>.json of the last run")
    ap.add_argument("--auto-traits", action="store_true",
                    help="also compare auto-trait impls (Send, Sync, Unpin, ...)")
    args = ap.parse_args()

    start = time.monotonic()
    apis: dict[str, list[Entry]] = {}
    for label, feature_args, _features in COMBOS:
        if args.no_build:
            path = KEEP_DIR / f"{label}.json"
            if not path.is_file():
                fail(f"{path} missing; run without --no-build first")
        else:
            t0 = time.monotonic()
            print(f"[{label}] cargo rustdoc {' '.join(feature_args)} ...", file=sys.stderr, flush=True)
            path = run_rustdoc(label, feature_args)
            print(f"[{label}] done in {time.monotonic() - t0:.1f}s", file=sys.stderr, flush=True)
        apis[label] = load_api(path, args.auto_traits)
        (TARGET_DIR / f"api-{label}.txt").write_text("".join(e.text + "\n" for e in apis[label]))

    base = [e.text for e in apis[BASELINE]]
    base_set = set(base)
    failed = False
    summary = []
    used_allowances: set[Allowed] = set()
    for label, _feature_args, features in COMBOS:
        if label == BASELINE:
            summary.append(f"  {label:<10} {len(base):>4} items")
            continue
        kept, allowed = [], []
        for e in apis[label]:
            a = None if e.text in base_set else allowed_for(e.owner, features)
            if a is None:
                kept.append(e.text)
            else:
                allowed.append(e.text)
                used_allowances.add(a)
        note = f" (+{len(allowed)} allowlisted, feature-only)" if allowed else ""
        summary.append(f"  {label:<10} {len(apis[label]):>4} items{note}")
        if kept != base:
            failed = True
            print(f"\nPUBLIC API DIFFERS: --no-default-features vs [{label}] "
                  f"(lines starting with '-' are missing in [{label}], '+' are extra in it; "
                  f"a changed signature shows as both):")
            sys.stdout.writelines(difflib.unified_diff(
                [x + "\n" for x in base], [x + "\n" for x in kept],
                fromfile="api-none.txt", tofile=f"api-{label}.txt (allowlisted items removed)",
                n=1))

    for a in ALLOWED_EXTRAS:
        if a not in used_allowances:
            print(f"warning: allowlist entry {a.path} (feature {a.feature}) matched nothing: stale?",
                  file=sys.stderr)

    elapsed = time.monotonic() - start
    if failed:
        print(f"\nFAIL: the public API differs between feature builds ({elapsed:.0f}s).\n"
              f"If an item is a deliberate escape hatch, add it to ALLOWED_EXTRAS in "
              f"{Path(__file__).relative_to(CRATE_ROOT)} with the reason; otherwise make it "
              f"exist, with the same signature, in every build.")
        print("Items per combo:")
        print("\n".join(summary))
        return 1
    print(f"public API identical in all {len(COMBOS)} feature combinations "
          f"(except allowlisted escape hatches) in {elapsed:.0f}s:")
    print("\n".join(summary))
    print(f"normalized API of the no-feature build: {(TARGET_DIR / 'api-none.txt').relative_to(CRATE_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
