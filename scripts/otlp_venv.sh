#!/usr/bin/env bash
# Create (or reuse) the Python virtualenv that the OTLP export tests (and the
# Prometheus text parser check) need, and
# print the environment they read:
#
#     eval "$(bash scripts/otlp_venv.sh)"
#
# prints
#     export TELEMETRY_FACADE_OTLP_PYTHON=<venv python>   (runs scripts/otlp_receiver.py;
#                                                          has prometheus_client)
#     export TELEMETRY_FACADE_ROTEL=<rotel-agent binary>   (the rotel collector)
#
# The venv lives in target/otlp-venv. Installing is skipped when the stamp file
# there holds exactly the content of scripts/otlp_requirements.txt. Progress goes
# to stderr; only the export lines go to stdout. Any failure exits non-zero.
set -euo pipefail

cd "$(dirname "$0")/.."
root="$(pwd -P)"
requirements="scripts/otlp_requirements.txt"
venv="target/otlp-venv"
stamp="$venv/.requirements-installed"

log() { echo "otlp_venv: $*" >&2; }
die() { echo "otlp_venv: error: $*" >&2; exit 1; }

[ -f "$requirements" ] || die "missing $requirements"
command -v python3 >/dev/null 2>&1 || die "python3 not found on PATH"

if [ ! -x "$venv/bin/python" ]; then
    log "creating $venv"
    mkdir -p target
    python3 -m venv "$venv" >&2 || die "python3 -m venv $venv failed (on Debian: apt-get install python3-venv)"
fi
[ -x "$venv/bin/python" ] || die "$venv/bin/python is missing after creating the venv"

if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
    log "requirements already installed in $venv"
else
    log "installing $requirements into $venv"
    rm -f "$stamp"
    "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$requirements" >&2 \
        || die "pip install -r $requirements failed"
    cp "$requirements" "$stamp"
fi

python="$root/$venv/bin/python"
site_packages="$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" \
    || die "cannot ask $python for its site-packages"
rotel="$site_packages/rotel/rotel-agent"

[ -x "$rotel" ] || die "rotel binary not found or not executable: $rotel"
"$rotel" --help >/dev/null 2>&1 || die "$rotel does not run"
"$python" -c 'import opentelemetry.proto.collector.trace.v1.trace_service_pb2, opentelemetry.proto.collector.logs.v1.logs_service_pb2, opentelemetry.proto.collector.metrics.v1.metrics_service_pb2, h2.connection, grpc, prometheus_client.parser' \
    || die "the venv python cannot import the receiver's packages"

printf 'export TELEMETRY_FACADE_OTLP_PYTHON=%q\n' "$python"
printf 'export TELEMETRY_FACADE_ROTEL=%q\n' "$rotel"
