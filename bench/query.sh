#!/usr/bin/env bash
# Queries over 1 million clips and 1 million attentions (SPEC §10, issue 7).
#
#   bench/query.sh [--clips N] [--attentions N] [--runs R]
#
# 1. bench/query_bench generates the data set once (deterministic, seed 42)
#    into BENCH_DIR/vault (written straight into the vault's index with
#    IndexBatch, the same writes the apply code makes: a generator, not an
#    offload; the custody log holds only `init`) and into BENCH_DIR/bench.sqlite
#    (same rows, with indexes on officer+start, device+start, start,
#    module+category+opened, category+opened, opened), then times the queries
#    in-process (custodia on an open index vs SQLite's C API).
# 2. This script then times the same questions end to end: the `custodia`
#    CLI (process start, vault and index open, output) against the `sqlite3`
#    CLI on the same data, median of R runs each, output to /dev/null.
# Ratios are custodia / sqlite3: below 1.0 custodia is faster. Nothing is
# asserted; the machine is shared, so compare within one run.
#
# BUILD_DIR (default build-bench) is the CMake build directory; BENCH_DIR
# (default /var/tmp/custodia-bench-query, about 2 GB) is kept between runs:
# delete it to regenerate.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
DIR=${BENCH_DIR:-/var/tmp/custodia-bench-query}
RUNS=9
ARGS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=$2; ARGS+=("$1" "$2"); shift 2 ;;
    --clips|--attentions) ARGS+=("$1" "$2"); shift 2 ;;
    *) echo "usage: bench/query.sh [--clips N] [--attentions N] [--runs R]" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || { echo "query.sh: needs the sqlite3 CLI (scripts/setup.sh installs it)" >&2; exit 2; }
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD_DIR" -j2 custodia query_bench >/dev/null
CUSTODIA=$BUILD_DIR/custodia

echo "== in-process (open index vs SQLite C API) =="
"$BUILD_DIR/bench/query_bench" --dir "$DIR" "${ARGS[@]}"

export CUSTODIA_VAULT=$DIR/vault
DB=$DIR/bench.sqlite
# The same constants as query_bench: epoch 2025-11-01T00:00:00Z, the day
# queried is 60 days later: 2025-12-31T00:00Z .. 2026-01-01T00:00Z.
FROM_MS=$(( 1761955200000 + 60 * 86400000 ))
TO_MS=$(( FROM_MS + 86400000 ))
MAXDUR=$(( 1800000 ))  # the generator's longest clip (30 min)

# median wall time in ms of R runs of "$@" (stdout to /dev/null)
median_ms() {
  local times=() i t0 t1
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
row() {  # name custodia_ms sqlite_ms
  awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN {printf "%-52s %9.1fms %9.1fms %6.2fx\n", n, a, b, a / b}'
}

echo
echo "== end to end through the CLIs (median of $RUNS runs, output to /dev/null) =="
printf '%-52s %11s %11s %7s\n' "query" "custodia" "sqlite3" "ratio"
# clips --officer --from --to: the recording overlaps the (UTC) day.
a=$(median_ms "$CUSTODIA" clips --officer SZ-0042 --from 2025-12-31T00:00:00Z --to 2026-01-01T00:00:00Z --format csv)
b=$(median_ms sqlite3 -csv "$DB" "SELECT * FROM clips WHERE officer='SZ-0042' AND start>=$((FROM_MS - MAXDUR - 1)) AND start<$TO_MS AND end>$FROM_MS ORDER BY start, sha")
row "clips --officer --from --to (one day, csv)" "$a" "$b"
n1=$("$CUSTODIA" clips --officer SZ-0042 --from 2025-12-31T00:00:00Z --to 2026-01-01T00:00:00Z --format ndjson | wc -l)
n2=$(sqlite3 "$DB" "SELECT count(*) FROM clips WHERE officer='SZ-0042' AND start>=$((FROM_MS - MAXDUR - 1)) AND start<$TO_MS AND end>$FROM_MS")
[ "$n1" = "$n2" ] || echo "  ROW COUNTS DIFFER: custodia $n1, sqlite3 $n2"

for cat in seguridad_vial seguridad_ciudadana; do
  a=$(median_ms "$CUSTODIA" attentions --module "Jorge Chávez" --category "$cat" --format csv)
  b=$(median_ms sqlite3 -csv "$DB" "SELECT * FROM attentions WHERE module='Jorge Chávez' AND category='$cat' ORDER BY opened, id")
  n1=$("$CUSTODIA" attentions --module "Jorge Chávez" --category "$cat" --format ndjson | wc -l)
  row "attentions --module --category $cat ($n1 rows, csv)" "$a" "$b"
done

a=$(median_ms "$CUSTODIA" report --by category)
b=$(median_ms sqlite3 "$DB" "SELECT category, count(*), round(100.0*count(*)/(SELECT count(*) FROM attentions),1) FROM attentions GROUP BY category ORDER BY 2 DESC")
row "report --by category (all time)" "$a" "$b"

a=$(median_ms "$CUSTODIA" --version)
b=$(median_ms sqlite3 "$DB" "SELECT 1")
row "process start only (--version / SELECT 1)" "$a" "$b"
echo "ratio = custodia / sqlite3; SPEC §10: the officer+time query < 100 ms end to end"
