#!/usr/bin/env bash
# The one command that installs what is missing, builds, and runs every test (ctest).
# CI runs exactly this through .ci/run; the last line is ctest's count of tests run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build test
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/fedplan-ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
"$root/scripts/build.sh"
# The fuzz targets need clang's libFuzzer: a second, small build tree.
if [ -x "$root/tests/fuzz/build.sh" ]; then
  "$root/tests/fuzz/build.sh"
fi
cd "${FEDPLAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "$(nproc)" "$@"
