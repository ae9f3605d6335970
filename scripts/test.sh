#!/usr/bin/env bash
# Runs every test: the Rust workspace (unit, corpus and server tests) and the
# Python client generated from proto/ against a running `lede serve`.
# Needs only cargo and python3; installs the Python packages into a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
cache=${LEDE_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lede}
target=${CARGO_TARGET_DIR:-target}

cargo test --workspace --release --locked

cargo build --release --locked --bin lede
venv="$cache/venv-test"
if [ ! -x "$venv/bin/pytest" ] || ! "$venv/bin/python" -c "import grpc_tools, grpc_health, grpc_reflection" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/python/requirements.txt
fi
LEDE_BIN="$target/release/lede" "$venv/bin/pytest" -q tests/python
