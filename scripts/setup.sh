#!/usr/bin/env bash
# Installs everything custodia needs on Debian 12 and builds it.
# Idempotent and quiet: re-running it only does what is missing.
#   scripts/setup.sh            install packages + configure + build (Release)
#   SETUP_NO_BUILD=1 scripts/setup.sh   only install packages
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libavformat-dev libavcodec-dev libavutil-dev ffmpeg
  libsodium-dev librocksdb-dev libcli11-dev
  libgtest-dev libgmock-dev
  libssl-dev nlohmann-json3-dev libvalijson-dev libpcre2-dev
  libhowardhinnant-date-dev tzdata
  minisign python3 sqlite3 libsqlite3-dev hashdeep
  bash-completion dpkg-dev fakeroot util-linux e2fsprogs bc time
  dosfstools shellcheck groff-base
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
  else
    SUDO=
  fi
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "${SETUP_NO_BUILD:-0}" = 1 ]; then
  exit 0
fi

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" ${CMAKE_ARGS:-} >/dev/null
fi
cmake --build "$BUILD_DIR" -j "$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
test -x "$BUILD_DIR/custodia" || { echo "setup: build failed: $BUILD_DIR/custodia missing" >&2; exit 1; }
echo "setup: ok ($BUILD_DIR/custodia)"
