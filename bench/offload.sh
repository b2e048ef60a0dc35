#!/usr/bin/env bash
# Offload throughput against its baselines, measured in one run on the same
# files (SPEC §10: offload <= 1.1x `cp -r` + `sync`, and faster than `cp` +
# `sha256sum`; verify --read-data >= 3x `sha256sum -c` throughput).
#
#   bench/offload.sh [GIB] [WORKDIR]      default 1 GiB in /var/tmp/custodia-bench
#   BIG_GB=4 bench/offload.sh 2           also a 4 GB single clip (peak RSS check)
#
# The camera folder is made of real ffmpeg clips, enlarged with
# `-stream_loop -1 -c copy` (no encoding). Page caches are dropped before each
# run when the kernel allows it (root, /proc/sys/vm/drop_caches writable);
# otherwise every run reads a warm cache and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
GIB=${1:-1}
WORK=${2:-/var/tmp/custodia-bench}
BUILD_DIR=${BUILD_DIR:-build}
BIG_GB=${BIG_GB:-0}
CUSTODIA="$PWD/$BUILD_DIR/custodia"
[ -x "$CUSTODIA" ] || { echo "bench: build first (scripts/setup.sh)" >&2; exit 1; }

SRC="$WORK/camera"
mkdir -p "$WORK"
target=$((GIB * 1024 * 1024 * 1024))
have=$(du -sb "$SRC" 2>/dev/null | cut -f1 || echo 0)
if [ "${have:-0}" -lt "$target" ] || { [ "$BIG_GB" -gt 0 ] && [ ! -f "$SRC/BIG/BIG0001.MP4" ]; }; then
  echo "bench: making a ${GIB} GiB camera folder in $SRC (ffmpeg -stream_loop -c copy)"
  rm -rf "$SRC"; mkdir -p "$SRC/DCIM"
  ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=20" \
    -f lavfi -i "sine=frequency=440:duration=20" -c:v libx264 -preset ultrafast -b:v 8M -c:a aac \
    -metadata creation_time=2026-01-15T14:00:00Z -movflags +faststart "$WORK/seed.mp4"
  seed=$(stat -c %s "$WORK/seed.mp4")
  # Clips of ~128 MB each (a bodycam's chunk size order), until the target.
  loops=$(( 128 * 1024 * 1024 / seed ))
  i=0; total=0
  while [ "$total" -lt "$target" ]; do
    i=$((i + 1))
    f=$(printf "%s/DCIM/CLIP%04d.MP4" "$SRC" "$i")
    ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop "$loops" -i "$WORK/seed.mp4" -c copy \
      -metadata creation_time="2026-01-15T$(printf %02d $((14 + i / 60))):$(printf %02d $((i % 60))):00Z" \
      -movflags +faststart "$f"
    total=$((total + $(stat -c %s "$f")))
  done
  if [ "$BIG_GB" -gt 0 ]; then
    mkdir -p "$SRC/BIG"
    big_loops=$(( BIG_GB * 1000 * 1000 * 1000 / seed ))
    ffmpeg -nostdin -hide_banner -loglevel error -y -stream_loop "$big_loops" -i "$WORK/seed.mp4" -c copy \
      -metadata creation_time=2026-01-16T10:00:00Z "$SRC/BIG/BIG0001.MP4"
  fi
fi
files=$(find "$SRC" -type f | wc -l)
bytes=$(du -sb "$SRC" | cut -f1)
echo "bench: $files files, $((bytes / 1024 / 1024)) MiB in $SRC; $(nproc) cores; $(df -h "$WORK" | tail -1 | awk '{print $1, $2}')"

drop_caches() {
  sync
  if [ -w /proc/sys/vm/drop_caches ] && echo 3 > /proc/sys/vm/drop_caches 2>/dev/null; then
    CACHE=cold
  else
    CACHE=warm
  fi
}
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l; }
peak_rss() { grep "Maximum resident" "$1" | awk '{print $NF}'; }

# 1. cp -r + sync
rm -rf "$WORK/cp"; drop_caches
t0=$(now); cp -r "$SRC" "$WORK/cp"; sync; t1=$(now)
T_CP=$(elapsed "$t0" "$t1")
# 2. cp + sha256sum (of the copies)
rm -rf "$WORK/cp2"; drop_caches
t0=$(now); cp -r "$SRC" "$WORK/cp2"; sync; (cd "$WORK/cp2" && find . -type f -print0 | xargs -0 sha256sum > "$WORK/SHA256SUMS"); t1=$(now)
T_CPSHA=$(elapsed "$t0" "$t1")
# 3. hashdeep (hash only, no copy)
T_HD=""
if command -v hashdeep >/dev/null; then
  drop_caches
  t0=$(now); hashdeep -c sha256 -r "$SRC" > /dev/null; t1=$(now)
  T_HD=$(elapsed "$t0" "$t1")
fi
rm -rf "$WORK/cp" "$WORK/cp2"
# 4. custodia offload (no --wipe), fresh vault
rm -rf "$WORK/vault"
"$CUSTODIA" --vault "$WORK/vault" init --station bench >/dev/null
drop_caches
t0=$(now)
/usr/bin/time -v "$CUSTODIA" --vault "$WORK/vault" offload "$SRC" --device CAM-BENCH --progress none --no-link \
  > "$WORK/offload.out" 2> "$WORK/offload.time"
t1=$(now)
T_OFF=$(elapsed "$t0" "$t1")
RSS_OFF=$(peak_rss "$WORK/offload.time")
grep -q "0 failed" "$WORK/offload.out" || { cat "$WORK/offload.out" "$WORK/offload.time"; echo "bench: offload failed" >&2; exit 1; }
# 5. verify --read-data vs sha256sum -c on the vault's objects
drop_caches
(cd "$WORK/vault/objects/sha256" && find . -type f -printf '%f  %p\n' | sed 's/^\([0-9a-f]*\)  /\1  /' > "$WORK/OBJSUMS")
t0=$(now); (cd "$WORK/vault/objects/sha256" && sha256sum -c --quiet "$WORK/OBJSUMS"); t1=$(now)
T_SHAC=$(elapsed "$t0" "$t1")
drop_caches
t0=$(now)
/usr/bin/time -v "$CUSTODIA" --vault "$WORK/vault" verify --all --read-data --progress none > "$WORK/verify.out" 2> "$WORK/verify.time"
t1=$(now)
T_VER=$(elapsed "$t0" "$t1")

mb() { echo "$bytes / 1000000 / $1" | bc -l; }
printf '\n%-34s %8s %10s\n' "run ($CACHE cache)" "seconds" "MB/s"
printf '%-34s %8.2f %10.0f\n' "cp -r + sync" "$T_CP" "$(mb "$T_CP")"
printf '%-34s %8.2f %10.0f\n' "cp -r + sync + sha256sum" "$T_CPSHA" "$(mb "$T_CPSHA")"
[ -n "$T_HD" ] && printf '%-34s %8.2f %10.0f\n' "hashdeep -c sha256 (no copy)" "$T_HD" "$(mb "$T_HD")"
printf '%-34s %8.2f %10.0f   peak RSS %s kB\n' "custodia offload" "$T_OFF" "$(mb "$T_OFF")" "$RSS_OFF"
printf '%-34s %8.2f %10.0f\n' "sha256sum -c (vault objects)" "$T_SHAC" "$(mb "$T_SHAC")"
printf '%-34s %8.2f %10.0f   peak RSS %s kB\n' "custodia verify --all --read-data" "$T_VER" "$(mb "$T_VER")" "$(peak_rss "$WORK/verify.time")"
echo
printf 'offload time / (cp -r + sync)          = %.2fx   (target <= 1.10)\n' "$(echo "$T_OFF / $T_CP" | bc -l)"
printf 'offload time / (cp + sha256sum)        = %.2fx   (target < 1.00)\n' "$(echo "$T_OFF / $T_CPSHA" | bc -l)"
printf 'verify --read-data speed / sha256sum -c = %.2fx   (target >= 3.00)\n' "$(echo "$T_SHAC / $T_VER" | bc -l)"
