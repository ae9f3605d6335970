#!/usr/bin/env bash
# Usage: run.sh HOST:PORT FILE. Calls Analyze on FILE through the TypeScript
# client; on first use installs the pinned packages (npm ci, from
# package-lock.json) and generates the code from ../../../proto (buf generate).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 HOST:PORT FILE" >&2; exit 2; }
file=$(realpath "$2")
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/tsx ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --silent --no-audit --no-fund >&2
fi
if [ ! -f gen/lede/v1/article_service_pb.ts ] || [ -n "$(find ../../../proto -name '*.proto' -newer gen/lede/v1/article_service_pb.ts)" ]; then
  rm -rf gen && node_modules/.bin/buf generate
fi
exec node_modules/.bin/tsx client.ts "$1" "$file"
