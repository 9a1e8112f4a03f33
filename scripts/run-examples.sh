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
echo "== coopgraph rdf"
"$bin" rdf --stats -o output/examples.ttl examples/
"$bin" rdf --stats --format ntriples -o output/examples.nt examples/
"$bin" rdf --stats --format nquads -o output/examples.nq examples/
"$bin" rdf --stats --format rdfxml -o output/examples.rdf examples/
echo "== coopgraph graph"
"$bin" graph --lang en --title "Partner map of the examples" -o output/partner-map.svg examples/
"$bin" graph --lang en --title "Partner map of the examples" -o output/partner-map.png examples/
"$bin" graph --lang en --title "Partner map of the examples" -o output/partner-map.pdf examples/
"$bin" graph --lang en -o output/partner-map.dot examples/
"$bin" graph --view countries --lang en --title "Cooperation between countries in the examples" \
	-o output/countries.svg examples/
"$bin" graph --view people --lang en -o output/people.svg examples/
echo "== output/"
ls -l output/
