#!/usr/bin/env bash
# The API as callers meet it (issue 22):
#   1. `buf breaking`: proto/ against the protos of the commit named in
#      proto/released-commit (the last released API), so that a
#      wire-incompatible change fails;
#   2. a live `lede serve` on 127.0.0.1 (a port the kernel picks), and
#      against it every examples/clients/*/run.sh on the sample: Wang Yi and
#      Vikram Misri must appear as speakers, and the gist;
#   3. the README's commands as written: the protoc command (in a scratch
#      copy of proto/) and the `buf curl` call through reflection.
#
# Usage: ci/clients-check.sh. Needs LEDE_BIN (a built lede), buf on PATH
# (npm @bufbuild/buf), python3, node/npm and cargo; caches installs under
# $LEDE_CI_CACHE.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cache=${LEDE_CI_CACHE:-/tmp/lede-ci}
lede=$(realpath "${LEDE_BIN:?LEDE_BIN names the lede binary}")
sample=examples/xinhua-china-india.txt
scratch=$(mktemp -d)
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$scratch"
}
trap cleanup EXIT
step() { printf -- '-- %s (%ss)\n' "$1" "$SECONDS"; }

step "buf breaking against the released protos"
released=$(grep -v '^#' proto/released-commit | head -1)
if ! git cat-file -e "$released^{commit}" 2>/dev/null; then
  echo "proto/released-commit names $released, which this clone lacks (a shallow clone? fetch it)" >&2
  exit 1
fi
mkdir "$scratch/released"
git archive "$released" proto | tar -x -C "$scratch/released"
(cd proto && buf breaking --against "$scratch/released/proto")

step "lede serve on a free port"
LEDE_LOG_FORMAT=json "$lede" serve --listen 127.0.0.1:0 --shutdown-delay 0s > "$scratch/serve.log" 2>&1 &
server=$!
address=""
for _ in $(seq 100); do
  address=$(grep -a 'serving lede.v1.ArticleService' "$scratch/serve.log" | grep -ao '127\.0\.0\.1:[0-9]*' | head -1 || true)
  [ -n "$address" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$scratch/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$address" ] || { echo "lede serve did not report its address" >&2; cat "$scratch/serve.log" >&2; exit 1; }

# The output of a client or command must name both speakers, with their
# titles and countries where a client prints them, and give the gist.
check_speakers() {
  local name=$1 out=$2
  for speaker in "Wang Yi (Foreign Minister, CN) said: " "Vikram Misri (Foreign Secretary, IN) said: "; do
    grep -qF -- "$speaker" "$out" || { echo "$name: no line with \"$speaker\":" >&2; cat "$out" >&2; exit 1; }
  done
  grep -q '^Gist: .*Wang Yi' "$out" || { echo "$name: no gist" >&2; cat "$out" >&2; exit 1; }
  echo "$name: $(grep -c ' said: ' "$out") statements, both speakers, the gist"
}

export LEDE_CLIENT_VENV="$cache/venv-client-python"
export npm_config_cache="$cache/npm-cache" GOCACHE="$cache/go-build"
for client in examples/clients/*/run.sh; do
  language=$(basename "$(dirname "$client")")
  step "client: $language"
  "$client" "$address" "$sample" > "$scratch/$language.out"
  check_speakers "$language" "$scratch/$language.out"
done

step "README: the protoc command, as written"
readme_block() { # the fenced block after the line "<!-- ci: $1 -->"
  awk -v mark="<!-- ci: $1 -->" '$0 == mark {on=1; next} on && /^```/ {if (started) exit; started=1; next} on && started' "$root/README.md"
}
cp -r proto "$scratch/"
(cd "$scratch" && PATH="$LEDE_CLIENT_VENV/bin:$PATH" bash -euo pipefail -c "$(readme_block protoc)")
PYTHONPATH="$scratch/gen" "$LEDE_CLIENT_VENV/bin/python" -c "from lede.v1 import article_service_pb2_grpc"

step "README: buf curl through reflection, as written"
readme_block buf-curl | sed "s/localhost:50051/$address/g" > "$scratch/curl.sh"
bash -euo pipefail "$scratch/curl.sh" > "$scratch/curl.json"
python3 - "$scratch/curl.json" <<'PY'
import json, sys
response = json.load(open(sys.argv[1]))
speakers = {p["name"] for p in response["participants"] if "PARTICIPANT_ROLE_SPEAKER" in p.get("roles", [])}
assert {"Wang Yi", "Vikram Misri"} <= speakers, speakers
print(f"buf curl: {len(response['statements'])} statements from {sorted(speakers)}")
PY
step "done"
