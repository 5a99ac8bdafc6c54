#!/bin/sh
# Builds every libFuzzer target with clang, ASan and UBSan in build-fuzz/ (a separate CMake tree
# configured with FEDPLAN_FUZZ=ON); then the ctest tests labelled fuzz can run them. -O1 (with
# the project's -g1 line tables), as libFuzzer advises for ASan: a quarter less compile than -O2.
# Usage: tests/fuzz/build.sh [extra ninja targets]; FEDPLAN_FUZZ_JOBS=N limits ninja to N jobs;
# FEDPLAN_FUZZ_OPT=-O0 compiles in half the time for short runs (ctest's fuzz.build uses it).
# ctest runs it as the test fuzz.build (tests/fuzz/CMakeLists.txt) before the fuzz.* tests.
# One build at a time: a second run waits for the first (flock on build-fuzz/.build.lock), then
# finds the tree built.
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$root/build-fuzz"
exec 9>"$root/build-fuzz/.build.lock"
flock 9
cmake -S "$root" -B "$root/build-fuzz" -G Ninja \
  -DFEDPLAN_FUZZ=ON -DFEDPLAN_WERROR=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="${FEDPLAN_FUZZ_OPT:--O1} -DNDEBUG" \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
ninja -C "$root/build-fuzz" ${FEDPLAN_FUZZ_JOBS:+-j "$FEDPLAN_FUZZ_JOBS"} fedplan_fuzzers "$@"
echo "built the fuzzers in $root/build-fuzz/tests/fuzz/"
echo "run one: tests/fuzz/run_fuzzer.sh build-fuzz/tests/fuzz/eval_fuzz tests/fuzz/corpus/eval 600"
echo "or all, longer: FEDPLAN_FUZZ_SECONDS=600 ctest --test-dir build -L fuzz"
