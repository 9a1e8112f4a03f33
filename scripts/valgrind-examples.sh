#!/usr/bin/env bash
# valgrind (memcheck) on the examples through every command: no invalid access, no use of
# uninitialised memory, no definite leak in coopgraph's own code. Graphviz, pango and fontconfig keep
# one-off allocations for the life of the process; tests/valgrind.supp names them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build-test/coopgraph}
[ -x "$bin" ] || { echo "valgrind-examples: no binary at $bin" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
vg=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--show-leak-kinds=definite --trace-children=yes --suppressions="$root/tests/valgrind.supp")
run() {
	local rc=0
	"${vg[@]}" "$bin" "$@" >/dev/null 2>"$out/log" || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$out/log" >&2
		echo "valgrind-examples: 'coopgraph $*' failed (exit $rc)" >&2
		exit 1
	fi
	echo "valgrind-examples: clean: coopgraph $*"
}
run validate "$root/examples/"
for f in turtle ntriples nquads rdfxml; do
	run rdf --format "$f" -o "$out/x.$f" "$root/examples/"
done
run graph --format dot -o "$out/x.dot" "$root/examples/"
run graph --format svg -o "$out/x.svg" "$root/examples/"
run graph --view countries --format svg -o "$out/c.svg" "$root/examples/"
