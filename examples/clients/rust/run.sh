#!/usr/bin/env bash
# Usage: run.sh HOST:PORT FILE. Calls Analyze on FILE through the Rust
# client (tonic, generated at build time from ../../../proto). A member of
# the repository's workspace: built together with the server, from the
# workspace's Cargo.lock and with the same features, it reuses every
# dependency the server's build compiled (set CARGO_TARGET_DIR as for that
# build), so only the client itself compiles (~10 s).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 HOST:PORT FILE" >&2; exit 2; }
file=$(realpath "$2")
cd "$(dirname "$0")"
cargo build --release --locked --quiet -p lede -p lede-client
exec "${CARGO_TARGET_DIR:-../../../target}/release/lede-client" "$1" "$file"
