#!/usr/bin/env bash
# The one command that installs what is missing, builds, and runs every test (ctest).
# CI runs exactly this through .ci/run; the last line is ctest's count of tests run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build test
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/fedplan-ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
"$root/scripts/build.sh"
# The fuzz targets (clang's libFuzzer, a second build tree) are built by ctest itself: the test
# fuzz.build starts first, niced, and uses what CPU the other tests leave (tests/fuzz/CMakeLists.txt).
# Two tests per core: most end-to-end tests spend their time waiting on servers (sandboxes,
# firewalld, Keystone and Octavia), so a second test per core fills that time.
cd "${FEDPLAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "$(( $(nproc) * 2 ))" "$@"
