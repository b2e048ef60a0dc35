#!/usr/bin/env bash
# Import of attention records end to end through the CLI (SPEC §10: 1 million
# rows < 20 s), with peak RSS, against the baseline of reading and hashing
# the same file (cat | sha256sum) in the same run.
#
#   bench/import.sh [ROWS] [WORKDIR]     default 1000000 rows in /var/tmp/custodia-bench-import
#   BUILD_DIR=build-att bench/import.sh 200000
#
# The data comes from bench/gen_dataset.py (kept between runs: generating a
# million rows takes a minute or two). Each run uses a fresh vault with the
# generated roster imported first, so every officer is checked against it.
# Printed, not asserted: times depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
WORK=${2:-/var/tmp/custodia-bench-import}
BUILD_DIR=${BUILD_DIR:-build}
CUSTODIA="$PWD/$BUILD_DIR/custodia"
[ -x "$CUSTODIA" ] || { echo "bench: build first (ninja -C $BUILD_DIR custodia)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }

mkdir -p "$WORK"
DATA="$WORK/att-$ROWS.csv"
if [ ! -s "$DATA" ]; then
  echo "bench: generating $ROWS rows with bench/gen_dataset.py"
  python3 bench/gen_dataset.py --rows "$ROWS" --seed 3 --out "$DATA.tmp" --truth "$WORK/truth-$ROWS.json" \
    --roster "$WORK/roster.csv"
  mv "$DATA.tmp" "$DATA"
fi
bytes=$(stat -c %s "$DATA")
echo "bench: $ROWS rows, $((bytes / 1024 / 1024)) MiB, $(nproc) cores"

VAULT="$WORK/vault"
rm -rf "$VAULT"
"$CUSTODIA" --vault "$VAULT" init --station bench >/dev/null
"$CUSTODIA" --vault "$VAULT" roster import "$WORK/roster.csv" >/dev/null

# Seconds and peak RSS (MB) of a command, from /usr/bin/time -v.
measure() {
  local log="$WORK/time.log"
  /usr/bin/time -v "$@" >"$WORK/out.log" 2>"$log" || { cat "$WORK/out.log" "$log" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  # h:mm:ss or m:ss.ss -> seconds
  SECS=$(echo "$wall" | awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  RSS_MB=$((rss / 1024))
}

sync
measure sh -c "cat '$DATA' | sha256sum"
base=$SECS
printf "baseline   cat | sha256sum                 %7.2f s\n" "$base"

measure "$CUSTODIA" --vault "$VAULT" import attentions "$DATA" --progress none
t=$SECS; rss=$RSS_MB
printf "import     %d rows (fresh vault)      %7.2f s  peak RSS %5d MB  %9.0f rows/s  %5.1fx baseline\n" \
  "$ROWS" "$t" "$rss" "$(echo "$ROWS / $t" | bc -l)" "$(echo "$t / $base" | bc -l)"
grep -E "imported|records" "$WORK/out.log" | head -2 | sed 's/^/           /'

measure "$CUSTODIA" --vault "$VAULT" import attentions "$DATA" --progress none
printf "re-import  same file (no change)        %7.2f s  peak RSS %5d MB\n" "$SECS" "$RSS_MB"

measure "$CUSTODIA" --vault "$VAULT" report --by category
printf "report     --by category                %7.2f s\n" "$SECS"
measure "$CUSTODIA" --vault "$VAULT" report --by month --from "2025-12-15 10:30" --to "2026-01-20 18:00"
printf "report     --by month, partial days     %7.2f s\n" "$SECS"
measure "$CUSTODIA" --vault "$VAULT" attentions --officer SZ-04M01 --from 2026-01-01 --to 2026-01-08 --format csv
printf "attentions --officer, one week          %7.2f s  (%d rows)\n" "$SECS" "$(($(wc -l <"$WORK/out.log") - 1))"

verdict="meets"
awk -v t="$t" -v r="$ROWS" 'BEGIN { exit !(t * 1000000 / r < 20) }' || verdict="MISSES"
echo "bench: import $verdict the SPEC §10 target (< 20 s per million rows)"
