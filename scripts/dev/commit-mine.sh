#!/usr/bin/env bash
# Developer helper for a shared working tree: commit FILE as it is in HEAD
# plus only the lines of it that the given patch adds, leaving everybody
# else's uncommitted edits in the working tree untouched.
#   scripts/dev/commit-mine.sh -m MESSAGE [--file PATH CONTENT_FILE]... [PATH...]
# PATH: committed as it is in the working tree. --file PATH CONTENT_FILE:
# committed with the content of CONTENT_FILE (the working tree is not touched).
set -euo pipefail
msg=""
paths=()
declare -A content
while [ $# -gt 0 ]; do
  case "$1" in
    -m) msg=$2; shift 2 ;;
    --file) content[$2]=$3; shift 3 ;;
    *) paths+=("$1"); shift ;;
  esac
done
[ -n "$msg" ] || { echo "need -m MESSAGE" >&2; exit 2; }
tmp_index=$(mktemp)
export GIT_INDEX_FILE=$tmp_index
trap 'rm -f "$tmp_index"' EXIT
git read-tree HEAD
for p in "${paths[@]}"; do git add -- "$p"; done
for p in "${!content[@]}"; do
  blob=$(git hash-object -w "${content[$p]}")
  git update-index --add --cacheinfo 100644 "$blob" "$p"
done
tree=$(git write-tree)
commit=$(git commit-tree "$tree" -p HEAD -m "$msg")
git update-ref HEAD "$commit"
unset GIT_INDEX_FILE
# Refresh the real index for the committed paths so status stays truthful.
git reset -q -- "${paths[@]}" "${!content[@]}" 2>/dev/null || true
echo "committed $(git log --oneline -1)"
