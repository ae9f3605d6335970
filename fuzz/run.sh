#!/usr/bin/env bash
# Fuzzes the domain crate with cargo fuzz (libFuzzer). Stable Rust runs it
# with RUSTC_BOOTSTRAP=1. Usage: fuzz/run.sh [SECONDS per target] [TARGET ...]
#   fuzz/run.sh 600                 # ten minutes for each target
#   fuzz/run.sh 30 parse_html       # a short smoke run of one
# Seeds: the small corpus in fuzz/corpus plus, when ../shared/data is there,
# a few dev-set articles and pages copied at run time (not into the repo).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
shift || true
targets=${*:-parse_text parse_html analyze}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}/fuzz
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
data=../../shared/data
if [ -d "$data" ]; then
  python3 - "$data" "$seeds" <<'PY'
import gzip, json, os, sys
data, out = sys.argv[1], sys.argv[2]
os.makedirs(f"{out}/text", exist_ok=True); os.makedirs(f"{out}/html", exist_ok=True)
for name in ("statements/polnear.dev.jsonl", "parse/wire.dev.jsonl"):
    with open(f"{data}/{name}", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 8: break
            open(f"{out}/text/{os.path.basename(name)}-{i}", "w").write(json.loads(line)["text"][:20000])
pages = sorted(p for p in os.listdir(f"{data}/html/aeb-dev") if p.endswith(".html.gz"))[:8]
for p in pages:
    open(f"{out}/html/{p[:-3]}", "wb").write(gzip.open(f"{data}/html/aeb-dev/{p}").read()[:60000])
PY
fi
for target in $targets; do
  case $target in parse_html) extra="$seeds/html" ;; *) extra="$seeds/text" ;; esac
  mkdir -p "$extra"
  echo "== $target for ${seconds}s"
  cargo fuzz run --release "$target" "corpus/$target" "$extra" -- \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
done
