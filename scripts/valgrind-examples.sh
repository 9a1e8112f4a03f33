#!/usr/bin/env bash
# valgrind (memcheck) on the examples through every command: no invalid access, no use of
# uninitialised memory, no definite leak in coopgraph's own code; helgrind on the threaded exports.
# Graphviz, pango and fontconfig keep one-off allocations for the life of the process;
# tests/valgrind.supp names them.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build-test/coopgraph}
[ -x "$bin" ] || { echo "valgrind-examples: no binary at $bin" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
memcheck=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
	--show-leak-kinds=definite --trace-children=yes --suppressions="$root/tests/valgrind.supp")
helgrind=(valgrind -q --tool=helgrind --error-exitcode=99 --suppressions="$root/tests/valgrind.supp")
under() { # memcheck|helgrind, then coopgraph's arguments
	local -n tool=$1
	local name=$1 rc=0
	shift
	"${tool[@]}" "$bin" "$@" >/dev/null 2>"$out/log" || rc=$?
	if [ "$rc" -ne 0 ]; then
		cat "$out/log" >&2
		echo "valgrind-examples: $name: 'coopgraph $*' failed (exit $rc)" >&2
		exit 1
	fi
	echo "valgrind-examples: clean ($name): coopgraph $*"
}
run() { under memcheck "$@"; }
run validate "$root/examples/"
for f in turtle ntriples nquads rdfxml; do
	run rdf --format "$f" -o "$out/x.$f" "$root/examples/"
done
# An export of a few hundred KB: the worker thread writes it and the self-check starts parsing before
# the end (the examples fit in one 64 KB piece); memory of a thread that has ended shows up here.
many="$out/many.xml"
bash "$root/tests/lib/many-agreements.sh" 600 "A goal of some length" 20 >"$many"
for f in turtle ntriples nquads rdfxml; do
	run rdf --format "$f" --self-check -o "$out/many.$f" "$many"
	size=$(stat -c %s "$out/many.$f")
	[ "$size" -gt 262144 ] || { echo "valgrind-examples: many.$f is only $size bytes" >&2; exit 1; }
done
# helgrind on the same exports: the reader, the mapping and the writer share batches, and the worker
# finishes the serializer before the caller reads what it reported
for f in turtle nquads rdfxml; do
	under helgrind rdf --format "$f" --self-check -o "$out/race.$f" "$many"
done
run graph --format dot -o "$out/x.dot" "$root/examples/"
run graph --format svg -o "$out/x.svg" "$root/examples/"
run graph --view countries --format svg -o "$out/c.svg" "$root/examples/"
