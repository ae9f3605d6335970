#!/usr/bin/env bash
# Runs the scorers of ../shared/eval on the dev sets with the release binary
# and prints each headline figure; statements, participants and parse are also
# scored on a copy hard-wrapped at 68 columns by ../shared/eval/wrap.py.
# Usage: scripts/eval.sh [statements|ner|summary|parse|html|links ...]
# LEDE_BIN runs another binary (a baseline) instead of building this one.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${LEDE_SHARED:-../shared}
[ -d "$shared/data" ] || { echo "eval: $shared/data is absent; nothing to score" >&2; exit 0; }
cache=${LEDE_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lede}
target=${CARGO_TARGET_DIR:-target}
if [ -n "${LEDE_BIN:-}" ]; then
  lede=$LEDE_BIN
else
  cargo build --release --locked --bin lede --quiet
  lede="$target/release/lede"
fi
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
what=${*:-statements ner summary parse html links}
wrap() { "$py" "$eval_dir/wrap.py" "$1"; }

for w in $what; do
  case $w in
    statements)
      "$lede" analyze --jsonl < "$data/statements/polnear.dev.jsonl" > "$out/st.jsonl"
      echo "statements (PolNeAR dev): $("$py" "$eval_dir/score_statements.py" --gold "$data/statements/polnear.dev.jsonl" --pred "$out/st.jsonl" | tail -1)"
      wrap text < "$data/statements/polnear.dev.jsonl" | "$lede" analyze --jsonl > "$out/stw.jsonl"
      echo "statements (PolNeAR dev, wrapped): $("$py" "$eval_dir/score_statements.py" --gold "$data/statements/polnear.dev.jsonl" --pred "$out/stw.jsonl" | tail -1)" ;;
    ner)
      "$py" "$eval_dir/score_ner.py" input --conll "$data/ner/conll2003.dev.txt" > "$out/ner.in"
      "$lede" analyze --jsonl < "$out/ner.in" > "$out/ner.jsonl"
      echo "participants (CoNLL-2003 dev): $("$py" "$eval_dir/score_ner.py" score --conll "$data/ner/conll2003.dev.txt" --pred "$out/ner.jsonl" | tail -1)"
      wrap text < "$out/ner.in" | "$lede" analyze --jsonl > "$out/nerw.jsonl"
      echo "participants (CoNLL-2003 dev, wrapped): $("$py" "$eval_dir/score_ner.py" score --conll "$data/ner/conll2003.dev.txt" --pred "$out/nerw.jsonl" | tail -1)" ;;
    summary)
      for set in bbc xsum; do
        "$py" "$eval_dir/score_summary.py" input --data "$data/summaries/$set.dev.jsonl" > "$out/$set.in"
        "$lede" analyze --jsonl --summary-sentences 3 < "$out/$set.in" > "$out/$set.jsonl"
        echo "summary ($set dev): $("$py" "$eval_dir/score_summary.py" score --data "$data/summaries/$set.dev.jsonl" --pred "$out/$set.jsonl" | tail -1)"
        echo "gist ($set dev): $("$py" "$eval_dir/score_summary.py" score --gist --data "$data/summaries/$set.dev.jsonl" --pred "$out/$set.jsonl" | tail -1)"
      done ;;
    parse)
      "$lede" analyze --jsonl < "$data/parse/wire.dev.jsonl" > "$out/parse.jsonl"
      echo "parse (wire dev): $("$py" "$eval_dir/score_parse.py" --gold "$data/parse/wire.dev.jsonl" --pred "$out/parse.jsonl" | tail -1)"
      wrap text < "$data/parse/wire.dev.jsonl" | "$lede" analyze --jsonl > "$out/parsew.jsonl"
      echo "parse (wire dev, wrapped): $("$py" "$eval_dir/score_parse.py" --gold "$data/parse/wire.dev.jsonl" --pred "$out/parsew.jsonl" | tail -1)" ;;
    links)
      "$lede" analyze --jsonl < "$data/links/reuters.dev.jsonl" > "$out/links.jsonl"
      echo "links (Reuters dev): $("$py" "$eval_dir/score_links.py" --gold "$data/links/reuters.dev.jsonl" --pred "$out/links.jsonl" | tail -1)" ;;
    html)
      "$py" "$eval_dir/score_html.py" input --dir "$data/html/aeb-dev" > "$out/html.in"
      "$lede" analyze --jsonl < "$out/html.in" > "$out/html.jsonl" || true
      echo "html (AEB dev): $("$py" "$eval_dir/score_html.py" score --dir "$data/html/aeb-dev" --pred "$out/html.jsonl" | tail -1)" ;;
    *) echo "eval: unknown set $w" >&2; exit 2 ;;
  esac
done
