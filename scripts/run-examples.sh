#!/usr/bin/env bash
# The main job, from a fresh Debian 12 machine: install what is missing, build, and turn the bundled
# examples into output/ (validation report, RDF in every format, partner maps).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

bash scripts/install-deps.sh --build-only
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCOOP_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
bin=build/coopgraph

mkdir -p output
echo "== coopgraph validate examples/"
"$bin" validate examples/
if "$bin" rdf --help >/dev/null 2>&1; then
	for f in turtle:ttl ntriples:nt nquads:nq rdfxml:rdf; do
		"$bin" rdf --stats --format "${f%%:*}" -o "output/examples.${f##*:}" examples/
	done
fi
if "$bin" graph --help >/dev/null 2>&1; then
	"$bin" graph -o output/partner-map.svg examples/
	"$bin" graph -o output/partner-map.png examples/
	"$bin" graph -o output/partner-map.pdf examples/
	"$bin" graph -o output/partner-map.dot examples/
	"$bin" graph --view countries -o output/countries.svg examples/
	"$bin" graph --view people -o output/people.svg examples/
fi
echo "== output/"
ls -l output/
