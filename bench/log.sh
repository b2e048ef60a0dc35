#!/bin/sh
# Custody log benchmark: append rates (vs write+fsync of the same bytes) and
# proof times at 10 million entries (SPEC §10: < 1 ms).
#   bench/log.sh [--entries N] [--reuse] ...     (arguments go to log_bench)
# BUILD_DIR (default build-bench) is the CMake build directory to use;
# BENCH_DIR (default a fresh temporary directory, removed afterwards) holds
# the logs: about 4 GB at 10 million entries.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ROOT/build-bench}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
ninja -C "$BUILD_DIR" -j2 log_bench >/dev/null
if [ -n "${BENCH_DIR:-}" ]; then
  DIR=$BENCH_DIR
  mkdir -p "$DIR"
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/custodia-log-bench.XXXXXX")
  trap 'rm -rf "$DIR"' EXIT INT TERM
fi
"$BUILD_DIR/bench/log_bench" --dir "$DIR" "$@"
