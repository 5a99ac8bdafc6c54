#!/usr/bin/env bash
# Build-time benchmark: a clean clone of HEAD configured and built the way scripts/build.sh does
# it, cold (empty ccache), warm (the build directory removed, ccache filled by the cold run), and
# after a one-line change; then the ten slowest outputs of the cold build from ninja's log.
# Usage: tests/bench/build/build_bench.sh [WORKDIR] [extra cmake args]; prints figures only.
set -euo pipefail
src=$(cd "$(dirname "$0")/../../.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/fedplan-build-bench-XXXXXX")}
shift || true
mkdir -p "$work"
export CCACHE_DIR="$work/ccache" CCACHE_NOHASHDIR=1
rm -rf "$CCACHE_DIR"

dir="$work/src"
rm -rf "$dir"
git clone -q "$src" "$dir"
export CCACHE_BASEDIR="$dir"

# Builds the clone in a fresh build directory and prints wall and CPU seconds. (Unity batches
# include their files by absolute path, so only a checkout in the same place hits ccache.)
timed_build() {
  local name=$1
  shift
  rm -rf "$dir/build"
  cmake -S "$dir" -B "$dir/build" -G Ninja "$@" >/dev/null
  local start end
  start=$(date +%s.%N)
  local TIMEFORMAT='%U %S'
  { time ninja -C "$dir/build" >"$work/$name.log"; } 2>"$work/$name.cpu"
  end=$(date +%s.%N)
  read -r user sys <"$work/$name.cpu"
  awk -v n="$name" -v w="$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')" \
    -v c="$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" \
    -v o="$(grep -c '^\[' "$work/$name.log")" \
    'BEGIN { printf "%-8s %7.1f s wall  %7.1f s CPU  (%d outputs)\n", n, w, c, o }'
}

echo "fedplan build on $(nproc) cores, $(git -C "$src" rev-parse --short HEAD), $(date -u +%F)"
timed_build cold "$@"
cp "$dir/build/.ninja_log" "$work/cold.ninja_log"
timed_build warm "$@"
# One line of one source file changed: what a developer waits for after an edit.
echo "static_assert(true, \"edited by build_bench.sh\");" >>"$dir/lang/eval.cc"
start=$(date +%s.%N)
ninja -C "$dir/build" >/dev/null
awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%-8s %7.1f s wall  (a line added to lang/eval.cc)\n", "edit", b - a }'

echo "slowest outputs of the cold build (seconds):"
awk -F'\t' '!/^#/ { t[$4] = ($2 - $1) / 1000 } END { for (o in t) printf "%8.1f  %s\n", t[o], o }' \
  "$work/cold.ninja_log" | sort -rn | head -10
