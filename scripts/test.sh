#!/usr/bin/env bash
# Installs what is missing (scripts/setup.sh), builds from scratch with
# warnings as errors, and runs every test with ctest. CI (.ci/run) runs this.
#   scripts/test.sh                 the CI suite (long-running labels excluded)
#   CTEST_ARGS="-L long" scripts/test.sh    the long crash/fault runs
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD_DIR=${BUILD_DIR:-build-test}
SETUP_NO_BUILD=1 scripts/setup.sh
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCUSTODIA_WERROR=ON >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
test -x "$BUILD_DIR/custodia" || { echo "test: build failed" >&2; exit 1; }
cd "$BUILD_DIR"
# Tests that do real I/O and run subprocesses share 2 cores: keep -j modest.
ctest --output-on-failure -j "$(nproc)" --timeout 600 ${CTEST_ARGS:--LE "long|bench"}
