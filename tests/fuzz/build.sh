#!/bin/sh
# Builds the libFuzzer targets with clang, ASan and UBSan in build-fuzz/ (a separate CMake tree
# configured with FEDPLAN_FUZZ=ON), then the ctest test fuzz.parser_60s can run them.
# Usage: tests/fuzz/build.sh [extra ninja targets]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cmake -S "$root" -B "$root/build-fuzz" -G Ninja \
  -DFEDPLAN_FUZZ=ON -DFEDPLAN_WERROR=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
ninja -C "$root/build-fuzz" parser_fuzz "$@"
echo "built $root/build-fuzz/tests/fuzz/parser_fuzz"
echo "run it: $root/build-fuzz/tests/fuzz/parser_fuzz -max_total_time=60 <copy of tests/fuzz/corpus>"
