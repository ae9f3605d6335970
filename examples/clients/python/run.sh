#!/usr/bin/env bash
# Usage: run.sh HOST:PORT FILE. Calls Analyze on FILE through the Python
# client; on first use makes a venv (.venv here, or $LEDE_CLIENT_VENV) with
# the pinned grpcio and generates the code from ../../../proto with
# grpc_tools.protoc (the README's command).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 HOST:PORT FILE" >&2; exit 2; }
file=$(realpath "$2")
cd "$(dirname "$0")"
venv=${LEDE_CLIENT_VENV:-.venv}
if ! "$venv/bin/python" -c "import grpc, grpc_tools" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt >&2
fi
if [ ! -f gen/lede/v1/article_service_pb2_grpc.py ] || [ -n "$(find ../../../proto -name '*.proto' -newer gen/lede/v1/article_service_pb2_grpc.py)" ]; then
  rm -rf gen && mkdir gen
  "$venv/bin/python" -m grpc_tools.protoc -I../../../proto --python_out=gen --grpc_python_out=gen \
    $(cd ../../../proto && find lede google -name '*.proto')
fi
exec "$venv/bin/python" client.py "$1" "$file"
