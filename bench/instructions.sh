#!/usr/bin/env bash
# Instructions per article of each stage and of the whole analysis, counted by
# callgrind over `lede analyze --jsonl` on the PolNeAR dev articles: exact and
# independent of what else the machine runs, unlike wall time.
# Usage: bench/instructions.sh [LEDE_BINARY]   (needs valgrind)
set -euo pipefail
cd "$(dirname "$0")/.."
lede=${1:-${CARGO_TARGET_DIR:-target}/release/lede}
input=${LEDE_SHARED:-../shared}/data/statements/polnear.dev.jsonl
[ -f "$input" ] || { echo "instructions: $input is absent" >&2; exit 0; }
command -v valgrind >/dev/null || { echo "instructions: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }
[ -x "$lede" ] || { echo "instructions: no binary at $lede (cargo build --release --bin lede, or pass its path)" >&2; exit 1; }
n=$(wc -l < "$input")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
count() { # stage name, function pattern
  valgrind --tool=callgrind --callgrind-out-file="$out/cg" --toggle-collect="$2" \
    "$lede" analyze --jsonl < "$input" > /dev/null 2> "$out/log"
  local ir
  ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out/log")
  awk -v name="$1" -v ir="$ir" -v n="$n" 'BEGIN { printf "%-22s %6.2f M instructions an article\n", name, ir / n / 1e6 }'
}
echo "$n articles of $input"
count "whole analysis" 'lede_core::pipeline::Pipeline::analyze_until*'
count "parse" 'lede_core::pipeline::Pipeline::parse*'
count "participants" 'lede_core::participants::ParticipantFinder::find*'
count "statements" 'lede_core::statements::StatementFinder::find*'
count "summarize" 'lede_core::summarize::summarize_with*'
