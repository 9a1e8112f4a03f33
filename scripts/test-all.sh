#!/usr/bin/env bash
# Every test, from a fresh Debian 12 machine: install what is missing (build and test tools), build
# with warnings as errors, run the whole suite, then again under AddressSanitizer+UBSan, then a
# short fuzz run and valgrind on the examples.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
jobs=$(nproc)

bash scripts/install-deps.sh --all

echo "== build (warnings are errors)"
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCOOP_WERROR=ON >/dev/null
cmake --build build-test -j"$jobs"
echo "== tests"
ctest --test-dir build-test --output-on-failure -j"$jobs"

echo "== build with AddressSanitizer and UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DCOOP_WERROR=ON -DCOOP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
echo "== tests under the sanitizers"
# The default (fast) unwinder: the slow one costs ~10x on every malloc. Graphviz's one-off leaks are
# matched by module (tests/lsan.supp), which needs no full stack.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp
ctest --test-dir build-asan --output-on-failure -j"$jobs"
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS

if [ -x scripts/fuzz-smoke.sh ] || [ -f scripts/fuzz-smoke.sh ]; then
	echo "== short fuzz run"
	bash scripts/fuzz-smoke.sh
fi
if [ -f scripts/valgrind-examples.sh ]; then
	echo "== valgrind on the examples"
	bash scripts/valgrind-examples.sh build-test/coopgraph
fi
echo "== all tests passed"
