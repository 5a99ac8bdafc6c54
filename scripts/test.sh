#!/usr/bin/env bash
# The one command that installs what is missing, builds, and runs every test (ctest).
# CI runs exactly this through .ci/run; the last line is ctest's count of tests run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh" build test
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/fedplan-ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
# The fuzz targets (clang's libFuzzer, a second build tree) start building now, at nice 15,
# beside the main build: they take the CPU it leaves (configure, links) and go on while the
# tests run. ctest's test fuzz.build (first, niced: tests/fuzz/CMakeLists.txt) waits for this
# build and reports it. A process group of its own (set -m; still this session, so nice counts
# against the main build), stopped with this script if it ends first (a failed build).
mkdir -p "$root/build-fuzz"
set -m
FEDPLAN_FUZZ_OPT=-O0 nice -n 15 "$root/tests/fuzz/build.sh" >"$root/build-fuzz/early-build.log" 2>&1 &
fuzz_build=$!
set +m
trap 'kill -- -"$fuzz_build" 2>/dev/null || true' EXIT
"$root/scripts/build.sh"
# Two tests per core: most end-to-end tests spend their time waiting on servers (sandboxes,
# firewalld, Keystone and Octavia), so a second test per core fills that time.
cd "${FEDPLAN_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j "$(( $(nproc) * 2 ))" "$@"
