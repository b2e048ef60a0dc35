#!/usr/bin/env bash
# The long reliability runs, excluded from CI (doc/reliability.md):
#   - random kill -9 of offload (with and without --wipe), of fsck --repair and
#     of reindex, each followed by the full recovery checks;
#   - every crash point at every hit count;
#   - with FUZZ_SECONDS > 0 and clang: each libFuzzer target for that long.
# One command:
#   scripts/long-tests.sh
#   CUSTODIA_KILL_RUNS=200 FUZZ_SECONDS=300 scripts/long-tests.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-long}
FUZZ_DIR=${FUZZ_DIR:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-0}
export CUSTODIA_KILL_RUNS=${CUSTODIA_KILL_RUNS:-60}
jobs=${JOBS:-$(nproc)}

cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCUSTODIA_WERROR=ON >/dev/null
cmake --build "$BUILD_DIR" -j "$jobs" --target custodia_cli reliability_long_test | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
log="$BUILD_DIR/long-tests.log"
status=0
(cd "$BUILD_DIR" && ctest -L long --timeout 7200 --output-on-failure -V) >"$log" 2>&1 || status=$?
grep -hE '\[tally\]|tests passed|tests failed|\*\*\*Failed|Passed +[0-9.]+ sec' "$log" || true
echo "long runs: full output in $log"

if [ "$FUZZ_SECONDS" -gt 0 ]; then
  if ! command -v clang++ >/dev/null; then
    echo "fuzz: clang++ not found, skipped" >&2
  else
    CC=clang CXX=clang++ cmake -S . -B "$FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCUSTODIA_FUZZ=ON >/dev/null
    for t in attention_fuzz roster_fuzz manifest_fuzz; do
      cmake --build "$FUZZ_DIR" -j "$jobs" --target "$t" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
      mkdir -p "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/crashes/$t"
      echo "fuzz: $t for $FUZZ_SECONDS s"
      "$FUZZ_DIR/fuzz/$t" -max_total_time="$FUZZ_SECONDS" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
        -artifact_prefix="$FUZZ_DIR/crashes/$t/" -print_final_stats=1 \
        "$FUZZ_DIR/corpus/$t" "tests/fuzz_corpus/$t" 2>&1 | grep -E 'stat::number_of_executed_units|Done|ERROR|SUMMARY' ||
        status=1
    done
  fi
fi
exit "$status"
