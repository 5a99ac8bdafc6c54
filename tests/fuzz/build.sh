#!/bin/sh
# Builds the libFuzzer targets with clang, ASan and UBSan in build-fuzz/ (a separate CMake tree
# configured with FEDPLAN_FUZZ=ON), then the ctest tests fuzz.* can run them.
# Usage: tests/fuzz/build.sh [extra ninja targets]
set -e
root=$(cd "$(dirname "$0")/../.." && pwd)
cmake -S "$root" -B "$root/build-fuzz" -G Ninja \
  -DFEDPLAN_FUZZ=ON -DFEDPLAN_WERROR=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
ninja -C "$root/build-fuzz" parser_fuzz state_fuzz plan_file_fuzz kubeconfig_fuzz "$@"
echo "built parser_fuzz, state_fuzz, plan_file_fuzz and kubeconfig_fuzz in $root/build-fuzz/tests/fuzz/"
echo "run one: $root/build-fuzz/tests/fuzz/parser_fuzz -max_total_time=60 <copy of tests/fuzz/corpus>"
echo "(state_fuzz takes tests/fuzz/corpus_state, plan_file_fuzz tests/fuzz/corpus_plan,"
echo " kubeconfig_fuzz tests/fuzz/corpus_kubeconfig)"
