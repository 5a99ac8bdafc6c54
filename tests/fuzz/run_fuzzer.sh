#!/bin/sh
# Runs a libFuzzer binary for a number of seconds on a scratch copy of its seed corpus and
# fails on any crash, sanitizer report, timeout or out-of-memory. Used by ctest (fuzz.*).
# Usage: run_fuzzer.sh <fuzzer binary> <corpus dir> [seconds]
# The seconds default to $FEDPLAN_FUZZ_SECONDS, else 20. $FEDPLAN_FUZZ_DICT, when set, names a
# libFuzzer dictionary (ctest sets it for the targets that have one).
bin=$1
corpus=$2
secs=${3:-${FEDPLAN_FUZZ_SECONDS:-20}}
if [ ! -x "$bin" ]; then
  echo "The fuzzer $bin is not built. Run tests/fuzz/build.sh first (it needs clang)." >&2
  exit 1
fi
dict_flag=
[ -n "$FEDPLAN_FUZZ_DICT" ] && dict_flag="-dict=$FEDPLAN_FUZZ_DICT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus" "$work/artifacts"
cp "$corpus"/* "$work/corpus/"
"$bin" -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 -print_final_stats=1 $dict_flag \
  -artifact_prefix="$work/artifacts/" "$work/corpus" >"$work/log" 2>&1
rc=$?
tail -n 15 "$work/log"
if [ $rc -ne 0 ] || [ -n "$(ls "$work/artifacts")" ]; then
  keep="$(dirname "$bin")/artifacts"
  mkdir -p "$keep"
  cp "$work"/artifacts/* "$keep/" 2>/dev/null
  echo "FAILED (exit $rc): see the report above; crashing inputs copied to $keep" >&2
  grep -n "ERROR\|SUMMARY\|runtime error" "$work/log" | head -n 20 >&2
  exit 1
fi
echo "fuzzing ran ${secs}s without findings"
