#!/usr/bin/env bash
# The custodia demo: make a camera folder with ffmpeg, offload it into an
# embedded vault (./demo-vault), then query and verify it.
# Run scripts/setup.sh first (it installs the packages and builds).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
CUSTODIA="$PWD/$BUILD_DIR/custodia"
if [ ! -x "$CUSTODIA" ]; then
  echo "demo: $CUSTODIA not found: run scripts/setup.sh first" >&2
  exit 1
fi
VAULT="$PWD/demo-vault"
CAM="$PWD/demo-camera"
export CUSTODIA_VAULT="$VAULT"
export CUSTODIA_ACTOR="${CUSTODIA_ACTOR:-demo}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

rm -rf "$VAULT" "$CAM"
mkdir -p "$CAM/DCIM/100AXIS"

step "1. A camera's storage, made with ffmpeg (320x240, 2 s clips)"
clip() { # name creation_time seed
  ffmpeg -nostdin -hide_banner -loglevel error -y \
    -f lavfi -i "testsrc2=size=320x240:rate=15:duration=2" \
    -f lavfi -i "sine=frequency=$((440 + $3)):duration=2" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -shortest \
    -metadata creation_time="$2" -movflags +faststart "$CAM/DCIM/100AXIS/$1"
}
clip CLIP0001.MP4 2026-01-15T14:05:00Z 1
clip CLIP0002.MP4 2026-01-15T14:20:00Z 2
clip CLIP0003.MP4 2026-01-15T19:40:00Z 3
printf '{"gps":[{"t":"2026-01-15T14:05:00Z","lat":"-12.121733","lon":"-77.029418"}]}\n' > "$CAM/DCIM/100AXIS/CLIP0001.json"
# A clip cut off when the battery died: the moov atom was never written.
ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=15:duration=2" \
  -c:v libx264 -preset ultrafast -pix_fmt yuv420p -metadata creation_time=2026-01-15T21:00:00Z "$CAM/full.mp4"
head -c $(( $(stat -c %s "$CAM/full.mp4") / 2 )) "$CAM/full.mp4" > "$CAM/DCIM/100AXIS/CLIP0004.MP4"
rm "$CAM/full.mp4"
echo "firmware log" > "$CAM/DCIM/SYSTEM.LOG"
ls -l "$CAM/DCIM/100AXIS"

step "2. Create the vault (station key in minisign format)"
run "$CUSTODIA" init --station demo-m04 --timezone America/Lima

step "3. Offload the camera (one pass: copy, SHA-256, sign, probe, log, index)"
run "$CUSTODIA" offload "$CAM" --device CAM-0042 --officer SZ-1042 --progress plain

step "4. Offload it again: nothing new is stored, duplicates are reported"
run "$CUSTODIA" offload "$CAM" --device CAM-0042 --officer SZ-1042 --progress none

step "5. Query: clips of officer SZ-1042 on 15 January (local time)"
run "$CUSTODIA" clips --officer SZ-1042 --from 2026-01-15 --to 2026-01-16

step "6. The truncated clip is stored bit-exact and flagged"
run "$CUSTODIA" clips --status truncated
TRUNC=$("$CUSTODIA" clips --status truncated --format csv | tail -n 1 | cut -d, -f1)
run cmp "$CAM/DCIM/100AXIS/CLIP0004.MP4" "$VAULT/objects/sha256/${TRUNC:0:2}/$TRUNC" && echo "identical bytes"

step "7. Show one clip (this look is recorded in the custody log)"
FIRST=$("$CUSTODIA" clips --format csv | sed -n 2p | cut -d, -f1)
run "$CUSTODIA" show "${FIRST:0:12}" --reason "demo"

step "8. Verify every clip, reading every byte"
run "$CUSTODIA" verify --all --read-data --progress none

step "9. An auditor checks a clip with the stock minisign tool"
run minisign -Vm "$VAULT/objects/sha256/${FIRST:0:2}/$FIRST" -x "$VAULT/sigs/${FIRST:0:2}/$FIRST.minisig" -p "$VAULT/keys/station.pub"

step "10. Is this file (say, a copy someone handed in) in the vault?"
run "$CUSTODIA" verify-file "$CAM/DCIM/100AXIS/CLIP0001.MP4"

printf '\nDemo vault: %s (try: CUSTODIA_VAULT=%s %s --help)\n' "$VAULT" "$VAULT" "$CUSTODIA"
