#!/usr/bin/env bash
# Scrapes a running `lede serve` with a real Prometheus (issue 21):
#   1. installs prometheus and promtool (Debian's package) unless they are cached;
#   2. starts `lede serve --metrics-listen` and makes a known number of calls; with
#      $LEDE_NATS_SERVER set, also a `nats-server -js` and a `lede work
#      --metrics-listen` that analyses one document from it;
#   3. `promtool check metrics` on a scrape of /metrics;
#   4. runs Prometheus with a scrape config for it, waits until the target is up,
#      and checks that a query over grpc_server_handled_total returns the calls made;
#   5. runs every query of the Grafana dashboard (k8s/components/monitoring) against
#      that Prometheus: each must parse and return data (the JetStream workers' panels
#      are skipped without $LEDE_NATS_SERVER).
#
# Usage: LEDE_BIN=target/release/lede ci/prometheus-check.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${LEDE_CI_CACHE:-/tmp/lede-ci}/prometheus"
lede="$(realpath "${LEDE_BIN:?set LEDE_BIN to a built lede binary}")"
calls=25

step() { printf '\n== %s\n' "$*"; }

# --- 1: tools ---------------------------------------------------------------------
step "prometheus and promtool in $cache"
if [[ ! -x "$cache/prometheus" || ! -x "$cache/promtool" ]]; then
    if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
    fi
    mkdir -p "$cache"
    cp "$(command -v prometheus)" "$(command -v promtool)" "$cache/"
fi
"$cache/prometheus" --version 2>&1 | head -n 1

work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Polls `$@` every 0.2 s until it succeeds, for at most $1 seconds.
wait_for() {
    local seconds=$1
    shift
    for _ in $(seq $((seconds * 5))); do
        if "$@"; then return 0; fi
        sleep 0.2
    done
    return 1
}

# --- 2: the server, and calls -------------------------------------------------------
step "lede serve --metrics-listen, then $calls Analyze calls"
grpc="127.0.0.1:$(free_port)"
metrics="127.0.0.1:$(free_port)"
RUST_LOG=warn "$lede" serve --listen "$grpc" --metrics-listen "$metrics" &
pids+=($!)
wait_for 30 curl -sf "http://$metrics/metrics" -o /dev/null
(cd "$root" && "$lede" loadgen --target "http://$grpc" --requests "$calls" --concurrency 4 --connections 1)

targets="\"$metrics\""
if [[ -n "${LEDE_NATS_SERVER:-}" ]]; then
    step "nats-server -js and lede work --metrics-listen, then one document through it"
    nats="nats://127.0.0.1:$(free_port)"
    "$LEDE_NATS_SERVER" -js -a 127.0.0.1 -p "${nats##*:}" -sd "$work/nats" >/dev/null 2>&1 &
    pids+=($!)
    worker_metrics="127.0.0.1:$(free_port)"
    wait_for 30 "$lede" submit --nats "$nats" /dev/null 2>/dev/null
    RUST_LOG=warn "$lede" work --nats "$nats" --metrics-listen "$worker_metrics" &
    pids+=($!)
    wait_for 30 curl -sf "http://$worker_metrics/metrics" -o /dev/null
    python3 -c 'import json, sys; print(json.dumps({"id": "sample", "text": open(sys.argv[1]).read()}))' \
        "$root/examples/xinhua-china-india.txt" | "$lede" submit --nats "$nats" 2>/dev/null
    "$lede" collect --nats "$nats" --count 1 --timeout 30s | python3 -c 'import json, sys; print("result for", json.load(sys.stdin)["documentId"])'
    targets="$targets, \"$worker_metrics\""
fi

# --- 3: promtool --------------------------------------------------------------------
step "promtool check metrics"
curl -sf "http://$metrics/metrics" >"$work/scrape.txt"
"$cache/promtool" check metrics <"$work/scrape.txt"
echo "$(grep -c '^[a-z]' "$work/scrape.txt") samples, clean"
if [[ -n "${worker_metrics:-}" ]]; then
    curl -sf "http://$worker_metrics/metrics" >"$work/worker-scrape.txt"
    "$cache/promtool" check metrics <"$work/worker-scrape.txt"
    echo "lede work: $(grep -c '^[a-z]' "$work/worker-scrape.txt") samples, clean"
fi

# --- 4: Prometheus scrapes it -------------------------------------------------------
step "Prometheus scrapes lede"
web="127.0.0.1:$(free_port)"
cat >"$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: lede
    static_configs:
      - targets: [$targets]
EOF
"$cache/promtool" check config "$work/prometheus.yml" >/dev/null
"$cache/prometheus" --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="$web" --log.level=warn &
pids+=($!)

# `query EXPR` prints the Prometheus API's JSON answer.
query() { curl -sf --get "http://$web/api/v1/query" --data-urlencode "query=$1"; }
target_up() {
    curl -sf "http://$web/api/v1/targets" |
        python3 -c 'import json, sys; t = json.load(sys.stdin)["data"]["activeTargets"]; sys.exit(not (t and t[0]["health"] == "up"))' 2>/dev/null
}
handled() {
    query 'sum(grpc_server_handled_total{grpc_service="lede.v1.ArticleService",grpc_method="Analyze",grpc_code="OK"})' |
        python3 -c "import json, sys; r = json.load(sys.stdin)['data']['result']; sys.exit(not (r and float(r[0]['value'][1]) == $calls))" 2>/dev/null
}
wait_for 60 target_up || { echo "the lede target never came up" >&2; curl -s "http://$web/api/v1/targets" >&2; exit 1; }
echo "target up"
wait_for 30 handled || {
    echo "grpc_server_handled_total did not reach $calls" >&2
    query 'grpc_server_handled_total' >&2
    exit 1
}
echo "sum(grpc_server_handled_total{...,grpc_method=\"Analyze\",grpc_code=\"OK\"}) = $calls, the calls made"

# --- 5: the dashboard's queries ---------------------------------------------------------
step "the Grafana dashboard's queries against Prometheus"
# Enough samples for rate() over the 5 s window the queries get here.
sleep 3
python3 - "$root/k8s/components/monitoring/lede-dashboard.json" "http://$web" "${LEDE_NATS_SERVER:+worker}" <<'EOF'
import json, sys, urllib.parse, urllib.request

dashboard, base, worker = sys.argv[1], sys.argv[2], sys.argv[3] == "worker"
failed = 0
for panel in json.load(open(dashboard))["panels"]:
    for target in panel.get("targets", []):
        expr = target["expr"].replace("$__rate_interval", "5s")
        if "lede_jetstream_" in expr and not worker:
            print(f"skip {panel['title']}: no lede work without LEDE_NATS_SERVER")
            continue
        url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        try:
            answer = json.load(urllib.request.urlopen(url, timeout=10))
        except Exception as e:  # an HTTP 400 is a query that does not parse
            print(f"FAIL {panel['title']}: {expr}: {e}")
            failed += 1
            continue
        series = len(answer["data"]["result"])
        print(f"{'ok  ' if series else 'FAIL'} {panel['title']}: {series} series")
        failed += not series
sys.exit(failed)
EOF
