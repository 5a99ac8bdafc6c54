#!/usr/bin/env bash
# Configures and builds fedplan into ./build (Ninja, ccache): `build.sh [extra cmake args]`.
# Used by the demo and test commands; safe to run again, it only rebuilds what changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FEDPLAN_BUILD_DIR:-$root/build}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/fedplan-ccache}
# Paths relative to the checkout, so a fresh clone (as CI makes) hits the cache too.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$root}
# The test code's precompiled header (cmake/fedplan.cmake): ccache caches the compiles that use it
# only with this sloppiness (its manual, "Precompiled headers"); without it they still compile,
# uncached.
export CCACHE_SLOPPINESS=${CCACHE_SLOPPINESS:-pch_defines,time_macros}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja "$@" >/dev/null
fi
cmake --build "$build" -j "$(nproc)"
