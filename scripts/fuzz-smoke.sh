#!/usr/bin/env bash
# A short fuzz run of every libFuzzer target (clang-14, instrumented library, ASan+UBSan), seeded with
# the examples and the bad-input corpus. FUZZ_SECONDS per target (default 30). Any finding fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${FUZZ_SECONDS:-30}
build=build-fuzz
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang-14 -DCMAKE_BUILD_TYPE=Debug -DCOOP_BUILD_FUZZERS=ON \
	-DCOOP_SANITIZE=ON -DCOOP_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/reader" "$work/escape"
cp examples/*.xml tests/data/bad/*.xml tests/data/warn/*.xml tests/xsd/good/*.xml "$work/reader/"
cp tests/data/hostile/*.xml tests/fuzz/regressions/* "$work/reader/"
printf 'Prof. Dr. med. Reißfelder\n' >"$work/escape/seed1"
printf 'x" onmouseover="alert(1)\n' >"$work/escape/seed2"
printf '../%%zz#a?b \\N\\l&#x202E;\n' >"$work/escape/seed3"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for target in fuzz_reader fuzz_escape; do
	bin=$(find "$build" -name "$target" -type f -perm -u+x | head -n 1)
	[ -n "$bin" ] || { echo "fuzz-smoke: $target was not built" >&2; exit 1; }
	corpus="$work/${target#fuzz_}"
	echo "fuzz-smoke: $target for ${seconds}s"
	"$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 "$corpus" >"$work/$target.log" 2>&1 || {
		tail -n 60 "$work/$target.log"
		echo "fuzz-smoke: $target found a problem" >&2
		exit 1
	}
	grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$work/$target.log" | tail -n 2
done
echo "fuzz-smoke: no findings"
