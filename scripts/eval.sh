#!/usr/bin/env bash
# Runs the scorers of ../shared/eval on the dev sets with the release binary
# and prints each headline figure. Usage: scripts/eval.sh [statements|ner|summary|parse|html ...]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${LEDE_SHARED:-../shared}
[ -d "$shared/data" ] || { echo "eval: $shared/data is absent; nothing to score" >&2; exit 0; }
cache=${LEDE_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lede}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --locked --bin lede --quiet
lede="$target/release/lede"
venv="$cache/venv-eval"
if ! "$venv/bin/python" -c "import rouge_score" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$shared/eval/requirements.txt"
fi
py="$venv/bin/python"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
eval_dir="$shared/eval"
data="$shared/data"
what=${*:-statements ner summary parse html}

for w in $what; do
  case $w in
    statements)
      "$lede" analyze --jsonl < "$data/statements/polnear.dev.jsonl" > "$out/st.jsonl"
      echo "statements (PolNeAR dev): $("$py" "$eval_dir/score_statements.py" --gold "$data/statements/polnear.dev.jsonl" --pred "$out/st.jsonl" | tail -1)" ;;
    ner)
      "$py" "$eval_dir/score_ner.py" input --conll "$data/ner/conll2003.dev.txt" > "$out/ner.in"
      "$lede" analyze --jsonl < "$out/ner.in" > "$out/ner.jsonl"
      echo "participants (CoNLL-2003 dev): $("$py" "$eval_dir/score_ner.py" score --conll "$data/ner/conll2003.dev.txt" --pred "$out/ner.jsonl" | tail -1)" ;;
    summary)
      for set in bbc xsum; do
        "$py" "$eval_dir/score_summary.py" input --data "$data/summaries/$set.dev.jsonl" > "$out/$set.in"
        "$lede" analyze --jsonl --summary-sentences 3 < "$out/$set.in" > "$out/$set.jsonl"
        echo "summary ($set dev): $("$py" "$eval_dir/score_summary.py" score --data "$data/summaries/$set.dev.jsonl" --pred "$out/$set.jsonl" | tail -1)"
      done ;;
    parse)
      "$lede" analyze --jsonl < "$data/parse/wire.dev.jsonl" > "$out/parse.jsonl"
      echo "parse (wire dev): $("$py" "$eval_dir/score_parse.py" --gold "$data/parse/wire.dev.jsonl" --pred "$out/parse.jsonl" | tail -1)" ;;
    html)
      "$py" "$eval_dir/score_html.py" input --dir "$data/html/aeb-dev" > "$out/html.in"
      "$lede" analyze --jsonl < "$out/html.in" > "$out/html.jsonl" || true
      echo "html (AEB dev): $("$py" "$eval_dir/score_html.py" score --dir "$data/html/aeb-dev" --pred "$out/html.jsonl" | tail -1)" ;;
    *) echo "eval: unknown set $w" >&2; exit 2 ;;
  esac
done
