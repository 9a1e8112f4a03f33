#!/usr/bin/env bash
# The RDF export of the examples: every format parses in strict parsers with the count coopgraph
# reports, all formats carry the same triples, output is deterministic, the SHACL shapes hold (and
# catch a broken graph), the coop: concepts match schemas/coop.ttl, the N-Quads graphs follow the
# sources, and every competency query in queries/ gives its hand-written expected answer in
# roqet (rasqal, over the file) and Oxigraph. Also options, exit codes and output integrity.
# Virtuoso runs the same queries in sparql_virtuoso.sh.
. "$(dirname "$0")/../lib/common.sh"

require_cmd serdi rapper roqet node cmp strace
: "${COOPGRAPH:?COOPGRAPH must name the coopgraph binary}"
require_file "$COOPGRAPH"

SRC=$COOP_SOURCE_DIR
EX=$SRC/examples
QUERIES=$SRC/queries
T=$COOP_SCRATCH
BASE=https://example.org/coopgraph/
FORMATS="turtle ntriples nquads rdfxml"

ext_of() {
	case $1 in
	turtle) echo ttl ;; ntriples) echo nt ;; nquads) echo nq ;; rdfxml) echo rdf ;;
	esac
}

# roqet writes SPARQL TSV (terms in N-Triples syntax); this turns it into the coop-csv form of
# tests/node/README.md, so its answers compare with queries/expected/*.csv byte for byte.
cat >"$T/roqet-tsv-to-csv.mjs" <<'EOF'
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
const util = await import(pathToFileURL(process.argv[2]).href);
const lines = readFileSync(0, 'utf8').split('\n');
if (lines.length && lines[lines.length - 1] === '') lines.pop();
const unescape = (s) => s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (m, e) => {
	if (e[0] === 'u' || e[0] === 'U') return String.fromCodePoint(parseInt(e.slice(1), 16));
	return { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' }[e] ?? m;
});
function term(cell) {
	if (cell === '') return undefined;
	if (cell.startsWith('<') && cell.endsWith('>')) return { type: 'uri', value: unescape(cell.slice(1, -1)) };
	if (cell.startsWith('_:')) return { type: 'bnode', value: cell.slice(2) };
	const m = /^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$/.exec(cell);
	if (!m) throw new Error(`cannot read roqet cell: ${cell}`);
	const t = { type: 'literal', value: unescape(m[1]) };
	if (m[2]) t['xml:lang'] = m[2];
	if (m[3]) t.datatype = m[3];
	return t;
}
const vars = lines.shift().split('\t').map((v) => v.replace(/^\?/, ''));
const bindings = lines.map((line) => {
	const cells = line.split('\t');
	const b = {};
	vars.forEach((v, i) => { const t = term(cells[i] ?? ''); if (t) b[v] = t; });
	return b;
});
process.stdout.write(util.resultsToCsv({ head: { vars }, results: { bindings } }));
EOF

roqet_csv() { # QUERY_FILE DATA_FILE
	roqet -q -W 0 -r tsv -i sparql -D "$2" "$1" | node "$T/roqet-tsv-to-csv.mjs" "$SRC/tests/node/util.mjs"
}

# ---- export every format and compare the reported count with four parsers ----

declare -A COUNT
for f in $FORMATS; do
	out=$T/ex.$(ext_of "$f")
	run_cmd "$COOPGRAPH" rdf --stats --format "$f" -o "$out" "$EX"
	expect_rc 0 "rdf --format $f examples/"
	n=$(sed -n 's/^coopgraph: wrote \([0-9][0-9]*\) triples to .*/\1/p' <<<"$RUN_ERR")
	check_eq "coopgraph: wrote $n triples to $out" "$RUN_ERR" "$f: --stats line is the only message"
	COUNT[$f]=${n:-missing}
done
[ "${COUNT[turtle]}" != missing ] && [ "${COUNT[turtle]}" -gt 400 ] || die "the Turtle export reported no plausible count (${COUNT[turtle]})"
for f in ntriples nquads rdfxml; do
	# every fact of the examples has exactly one source, so the N-Quads have as many statements
	check_eq "${COUNT[turtle]}" "${COUNT[$f]}" "$f reports as many statements as turtle"
done

for f in turtle ntriples nquads; do
	file=$T/ex.$(ext_of "$f")
	outfmt=ntriples
	[ "$f" = nquads ] && outfmt=nquads
	n=$(serdi -q -i "$f" -o "$outfmt" "$file" | wc -l)
	rc=$?
	check_eq "0 ${COUNT[$f]}" "$rc $n" "serdi -i $f parses the export with the reported count"
done
for f in $FORMATS; do
	file=$T/ex.$(ext_of "$f")
	run_cmd rapper -i "$f" -c "$file"
	expect_rc 0 "rapper -i $f parses the export"
	check_contains "$RUN_ERR" "returned ${COUNT[$f]} triples" "rapper -i $f counts ${COUNT[$f]}"
	parsers=both
	[ "$f" = rdfxml ] && parsers=oxigraph # N3.js has no RDF/XML parser
	run_cmd node_tool rdf-parse.mjs --format "$f" --parser "$parsers" --expect-count "${COUNT[$f]}" "$file"
	expect_rc 0 "strict npm parsers ($parsers) read $f with ${COUNT[$f]} statements"
done

# ---- the four formats carry the same triples, and no blank node ----

ALL='CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
ALL_QUADS='CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }'
node_tool sparql.mjs --data "$T/ex.ttl" --query-text "$ALL" >"$T/canon.ttl.nt" 2>"$T/canon.err" ||
	fail "canonical triples of the Turtle: $(cat "$T/canon.err")"
check_eq "${COUNT[turtle]}" "$(wc -l <"$T/canon.ttl.nt")" "the Turtle holds ${COUNT[turtle]} distinct triples"
for f in ntriples nquads rdfxml; do
	q=$ALL
	[ "$f" = nquads ] && q=$ALL_QUADS
	node_tool sparql.mjs --data "$T/ex.$(ext_of "$f")" --query-text "$q" >"$T/canon.$f.nt" 2>"$T/canon.err" ||
		fail "canonical triples of $f: $(cat "$T/canon.err")"
	check_file_eq "$T/canon.ttl.nt" "$T/canon.$f.nt" "$f holds exactly the triples of the Turtle"
done
check_eq 0 "$(grep -c -e '^_:' -e ' _:' "$T/canon.ttl.nt")" "no blank nodes"
check_eq 0 "$(grep -c '\\r' "$T/canon.ttl.nt")" "no CR in any literal"

# ---- deterministic ----

for f in $FORMATS; do
	e=$(ext_of "$f")
	run_cmd "$COOPGRAPH" rdf --format "$f" -o "$T/again.$e" "$EX"
	expect_rc 0 "second export as $f"
	check_file_eq "$T/ex.$e" "$T/again.$e" "$f: byte-identical on a second run"
done
"$COOPGRAPH" rdf "$EX" >"$T/stdout.ttl" 2>"$T/stdout.err"
check_eq "0" "$?" "Turtle to standard output (the default)"
check_file_eq "$T/ex.ttl" "$T/stdout.ttl" "standard output is the same bytes as -o FILE"
run_cmd "$COOPGRAPH" rdf -o "$T/order.ttl" "$EX/mannheim-baku.xml" "$EX/magdeburg-hannover.xml" "$EX/funders.xml"
expect_rc 0 "export with the files named in another order"
check_file_eq "$T/ex.ttl" "$T/order.ttl" "the Turtle does not depend on the order of the input files"

# ---- prefixes: rdf: first (raptor writes it), then the rest sorted ----

prefixes=$(sed -n 's/^@prefix \([a-z]*\): .*/\1/p' "$T/ex.ttl")
check_eq "rdf" "$(head -n 1 <<<"$prefixes")" "rdf: is the first prefix"
check_eq "$(tail -n +2 <<<"$prefixes" | LC_ALL=C sort)" "$(tail -n +2 <<<"$prefixes")" "the other prefixes are sorted"
check_contains "$(cat "$T/ex.ttl")" "@prefix inst: <${BASE}institution/> ." "readable prefix for institutions"
check_not_contains "$(cat "$T/ex.ttl")" "@base" "no @base: every IRI is absolute"

# ---- SHACL ----

run_cmd node_tool shacl.mjs "$T/ex.ttl" "$SRC/schemas/shapes.ttl"
expect_rc 0 "the Turtle conforms to schemas/shapes.ttl"
check_eq "" "$RUN_OUT" "no SHACL results at all (not even warnings) for the examples"
run_cmd node_tool shacl.mjs --data-format ntriples "$T/ex.nt" "$SRC/schemas/shapes.ttl"
expect_rc 0 "the N-Triples conform too"

# A broken graph must be caught: each edit below breaks one promise of the shapes.

broken_nt() { # NAME SED-SCRIPT EXPECTED-SUBSTRING MESSAGE
	sed "$2" "$T/ex.nt" >"$T/broken-$1.nt"
	if cmp -s "$T/ex.nt" "$T/broken-$1.nt"; then
		fail "$4: the edit did not change the N-Triples"
		return
	fi
	run_cmd node_tool shacl.mjs --data-format ntriples "$T/broken-$1.nt" "$SRC/schemas/shapes.ttl"
	expect_rc 1 "SHACL catches: $4"
	check_contains "$RUN_OUT" "$3" "$4: reported as expected"
}
I="<${BASE}institution"
A="<${BASE}agreement"
broken_nt label "\\|^$I/ini> <http://www.w3.org/2004/02/skos/core#prefLabel> |d" \
	"VIOLATION focus=<${BASE}institution/ini> path=skos:prefLabel" "an institution without a label"
broken_nt country "s|^\\($I/ummd/address> <https://schema.org/addressCountry> \\)\"DE\"|\\1\"Germany\"|" \
	"PatternConstraintComponent" "a country that is not an ISO 3166 code"
broken_nt nocountry "\\|^$I/ini/address> <https://schema.org/addressCountry> |d" \
	"WARNING focus=<${BASE}institution/ini> path=(complex path)" "an institution without a country (a warning)"
broken_nt kind "\\|^$A/ummd-ini-cooperation> <http://purl.org/dc/terms/type> |d" \
	"VIOLATION focus=<${BASE}agreement/ummd-ini-cooperation> path=dcterms:type" "an agreement without a kind"
broken_nt status "s|\\(^$A/ummd-ini-cooperation> <http://www.w3.org/ns/adms#status> \\)<[^>]*>|\\1<https://w3id.org/coopgraph/ns#Bogus>|" \
	"InConstraintComponent" "an unknown status"
broken_nt source "\\|^$A/ummd-ini-cooperation> <http://www.w3.org/ns/prov#wasDerivedFrom> |d" \
	"WARNING focus=<${BASE}agreement/ummd-ini-cooperation> path=prov:wasDerivedFrom" "an agreement that cites no source (a warning)"
broken_nt symmetric "\\|^$I/ini> <https://w3id.org/coopgraph/ns#partnersWith> $I/ummd> |d" \
	"VIOLATION focus=<${BASE}institution/ummd> path=(complex path)" "a partner edge in one direction only"
broken_nt unit "\\|^$I/umm-surgery> <http://www.w3.org/ns/org#unitOf> |d" \
	"VIOLATION focus=<${BASE}institution/umm-surgery> path=org:unitOf" "a unit without its institution"
broken_nt date "s|\"2020\"^^<http://www.w3.org/2001/XMLSchema#gYear>|\"2020\"^^<http://www.w3.org/2001/XMLSchema#string>|" \
	"VIOLATION focus=<${BASE}agreement/umm-amu-surgery-pagel> path=schema:startDate" "a start date that is not typed as a date"

# ---- the coop: concepts in the output are exactly those of schemas/coop.ttl ----

node_tool sparql.mjs --data "$SRC/schemas/coop.ttl" --query-text "$ALL" >"$T/vocab.nt" 2>"$T/vocab.err" ||
	fail "schemas/coop.ttl does not load: $(cat "$T/vocab.err")"
grep '^<https://w3id.org/coopgraph/ns#' "$T/canon.ttl.nt" >"$T/coop-subjects.nt"
check_eq 1 "$([ -s "$T/coop-subjects.nt" ] && echo 1)" "the export describes the coop: concepts it uses"
check_eq "" "$(LC_ALL=C comm -23 <(LC_ALL=C sort "$T/coop-subjects.nt") <(LC_ALL=C sort "$T/vocab.nt"))" \
	"every statement about a coop: term in the export is also in schemas/coop.ttl"
missing=
for term in $(grep -o '<https://w3id.org/coopgraph/ns#[A-Za-z]*>' "$T/canon.ttl.nt" | LC_ALL=C sort -u); do
	grep -q "^$term <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " "$T/vocab.nt" || missing+=" $term"
done
check_eq "" "$missing" "every coop: term the export uses is defined in schemas/coop.ttl"

# ---- N-Quads: the graphs are the sources ----

graphs_csv=$(node_tool sparql.mjs --data "$T/ex.nq" --query-text 'SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }')
check_eq "g
<${BASE}source/src-ini-ummd-cooperation>
<${BASE}source/src-umm-2022-12-12>" "$graphs_csv" "N-Quads: one named graph per source, named by the source's IRI"
default_csv=$(node_tool sparql.mjs --data "$T/ex.nq" --query-text 'SELECT DISTINCT ?s WHERE { ?s ?p ?o }')
check_eq "s
<https://w3id.org/coopgraph/ns#Active>
<https://w3id.org/coopgraph/ns#Cooperation>
<https://w3id.org/coopgraph/ns#FundedProject>
<https://w3id.org/coopgraph/ns#LetterOfIntent>
<https://w3id.org/coopgraph/ns#Signatory>
<https://w3id.org/coopgraph/ns#Signed>" "$default_csv" "N-Quads: only the vocabulary concepts (stated by no source) are in the default graph"
own_csv=$(node_tool sparql.mjs --data "$T/ex.nq" --query-text "SELECT ?g WHERE { GRAPH ?g { <${BASE}source/src-umm-2022-12-12> <http://purl.org/dc/terms/title> ?t } }")
check_eq "g
<${BASE}source/src-umm-2022-12-12>" "$own_csv" "N-Quads: a source's own description is in its own graph"

# ---- competency queries ----

nq=0
for query in "$QUERIES"/*.rq; do
	name=$(basename "$query" .rq)
	expected=$QUERIES/expected/$name.csv
	if [ ! -f "$expected" ]; then
		fail "$name: no expected result $expected"
		continue
	fi
	nq=$((nq + 1))
	case $name in
	*-graphs)
		node_tool sparql.mjs --data "$T/ex.nq" --query "$query" >"$T/$name.ox.csv" 2>"$T/$name.err" ||
			fail "$name: Oxigraph failed: $(cat "$T/$name.err")"
		check_file_eq "$expected" "$T/$name.ox.csv" "$name (Oxigraph over the N-Quads)"
		;;
	*)
		for f in turtle rdfxml; do
			node_tool sparql.mjs --data "$T/ex.$(ext_of "$f")" --query "$query" >"$T/$name.ox.$f.csv" 2>"$T/$name.err" ||
				fail "$name: Oxigraph failed on $f: $(cat "$T/$name.err")"
			check_file_eq "$expected" "$T/$name.ox.$f.csv" "$name (Oxigraph over the $f)"
		done
		roqet_csv "$query" "$T/ex.ttl" >"$T/$name.roqet.csv" 2>"$T/$name.err" ||
			fail "$name: roqet failed: $(cat "$T/$name.err")"
		check_file_eq "$expected" "$T/$name.roqet.csv" "$name (roqet over the Turtle)"
		;;
	esac
done
[ "$nq" -ge 6 ] || fail "expected at least one query per competency question, found $nq"

# ---- --base ----

for base in urn:example:coop/ 'https://data.example.net/kg#'; do
	run_cmd "$COOPGRAPH" rdf --base "$base" -o "$T/based.ttl" "$EX"
	expect_rc 0 "--base $base"
	check_eq 0 "$(grep -c 'example.org/coopgraph' "$T/based.ttl")" "--base $base: nothing left under the default base"
	check_eq "0 ${COUNT[turtle]}" "$(serdi -q -i turtle -o ntriples "$T/based.ttl" | wc -l | sed 's/^/0 /')" \
		"--base $base: serdi reads the same number of triples"
	sed "s|$BASE|$base|g" "$QUERIES/expected/q5a-units.csv" >"$T/based-expected.csv"
	node_tool sparql.mjs --data "$T/based.ttl" --query "$QUERIES/q5a-units.rq" >"$T/based.csv" 2>&1
	check_file_eq "$T/based-expected.csv" "$T/based.csv" "--base $base: the units query answers under the new base"
done

# ---- usage errors (exit 2), nothing written ----

for base in ftp://example.org/ https://example.org/kg 'https://example.org/a b/' 'https://example.org/a>b/' \
	relative/ 'https://example.org/#a#' 'https://example.org/%zz/' ''; do
	run_cmd "$COOPGRAPH" rdf --base "$base" -o "$T/usage.ttl" "$EX"
	expect_rc 2 "--base '$base' is refused"
done
run_cmd "$COOPGRAPH" rdf --format trig -o "$T/usage.ttl" "$EX"
expect_rc 2 "unknown --format"
check_contains "$RUN_ERR" "unknown format 'trig'" "the message names the format"
run_cmd "$COOPGRAPH" rdf --bogus "$EX"
expect_rc 2 "unknown option"
run_cmd "$COOPGRAPH" rdf -o "$T/usage.ttl"
expect_rc 2 "no input"
check_eq "" "$(ls "$T"/usage.ttl 2>/dev/null)" "no output file after a usage error"
run_cmd "$COOPGRAPH" rdf --help
expect_rc 0 "--help"
check_contains "$RUN_OUT" "--base IRI" "--help documents --base"

# ---- rejected input (exit 1): the output file is not created or touched ----

run_cmd "$COOPGRAPH" rdf -o "$T/rejected.ttl" "$SRC/tests/data/bad/one-party.xml"
expect_rc 1 "an invalid input is rejected"
check_eq "" "$(ls "$T"/rejected.ttl 2>/dev/null)" "no output file for rejected input"
printf 'old\n' >"$T/kept.ttl"
run_cmd "$COOPGRAPH" rdf -o "$T/kept.ttl" "$SRC/tests/data/bad/one-party.xml"
expect_rc 1 "rejected input with an existing output file"
check_eq "old" "$(cat "$T/kept.ttl")" "the existing output is untouched"

# ---- I/O errors (exit 3): the old file survives, no temporary file is left ----

if [ -w /dev/full ]; then
	run_cmd "$COOPGRAPH" rdf -o /dev/full "$EX"
	expect_rc 3 "writing to /dev/full fails with exit 3"
	check_contains "$RUN_ERR" "No space left on device" "and says why"
else
	fail "/dev/full is not writable here"
fi
mkdir -p "$T/limited"
printf 'previous export\n' >"$T/limited/out.ttl"
run_cmd bash -c "trap '' XFSZ; ulimit -f 8; exec \"\$0\" rdf -o \"\$1\" \"\$2\"" "$COOPGRAPH" "$T/limited/out.ttl" "$EX"
expect_rc 3 "a file size limit (EFBIG) fails with exit 3"
check_eq "previous export" "$(cat "$T/limited/out.ttl")" "the previous export is intact after a failed write"
check_eq "out.ttl" "$(ls -A "$T/limited")" "no temporary file left behind"
run_cmd "$COOPGRAPH" rdf -o "$T/limited/out.ttl" "$EX"
expect_rc 0 "the same export without the limit succeeds"
check_file_eq "$T/ex.ttl" "$T/limited/out.ttl" "and replaces the previous file"

# --- an export larger than libxml2's 10 MB lookup limit still passes its RDF/XML self-check
# (raptor hands the whole document to libxml2 at once unless it is fed in pieces)
big="$T/big.xml"
bash "$SRC/tests/lib/many-agreements.sh" 3200 "Long goal" 300 >"$big"
run_cmd "$COOPGRAPH" rdf --stats --format rdfxml -o "$T/big.rdf" "$big"
expect_rc 0 "RDF/XML over 10 MB: exported and self-checked"
size=$(stat -c %s "$T/big.rdf" 2>/dev/null || echo 0)
if [ "$size" -gt 10485760 ]; then pass "RDF/XML over 10 MB: really over ($size bytes)"; else fail "RDF/XML test too small: $size bytes"; fi
written=$(printf '%s\n' "$RUN_ERR" | sed -n 's/.*wrote \([0-9]*\) triples.*/\1/p')
run_cmd rapper -c -i rdfxml "$T/big.rdf"
expect_rc 0 "rapper parses the big RDF/XML"
check_contains "$RUN_ERR" "returned $written triples" "rapper counts as many triples as coopgraph wrote ($written)"

# --- the self-check: --self-check and --no-self-check change nothing in the output, and the check
# really runs where it should (it is the one extra thread: the serd writer has its own too)
threads_of() { # format, options...: the threads the export starts
	local f=$1
	shift
	strace -f -qq -e trace=clone,clone3 -o "$T/strace.threads" "$COOPGRAPH" rdf -q --format "$f" "$@" \
		-o "$T/threads.out" "$EX" >/dev/null 2>&1
	grep -cE 'clone3?\(' "$T/strace.threads"
}
for f in $FORMATS; do
	e=$(ext_of "$f")
	for opt in --self-check --no-self-check; do
		run_cmd "$COOPGRAPH" rdf --stats --format "$f" $opt -o "$T/check$opt.$e" "$EX"
		expect_rc 0 "$f $opt exits 0"
		check_file_eq "$T/ex.$e" "$T/check$opt.$e" "$f $opt writes the same bytes as the default"
	done
done
for f in turtle ntriples nquads; do
	on=$(threads_of "$f" --self-check)
	off=$(threads_of "$f" --no-self-check)
	default=$(threads_of "$f")
	check_eq "$((off + 1))" "$on" "$f: --self-check starts one more thread than --no-self-check ($on, $off)"
	if [ "$f" = turtle ]; then want=$on; else want=$off; fi
	check_eq "$want" "$default" "$f: the default is $([ "$f" = turtle ] && echo with || echo without) the self-check"
done

# ---- the one-party edit in serd's Turtle layout (one object per line in an object list) ----

sed -z 's/org:hasMember inst:umm ,\n\t\tinst:yeni-klinika ;/org:hasMember inst:umm ;/' "$T/ex.ttl" >"$T/broken-party-lines.ttl"
if cmp -s "$T/ex.ttl" "$T/broken-party-lines.ttl"; then
	fail "the multi-line edit for a one-party agreement did not change the Turtle"
fi
run_cmd node_tool shacl.mjs "$T/broken-party-lines.ttl" "$SRC/schemas/shapes.ttl"
expect_rc 1 "SHACL rejects an agreement with one party (serd's layout edited)"
check_contains "$RUN_OUT" "VIOLATION focus=agr:umm-yeni-klinika-loi path=org:hasMember" "the violation names the agreement and org:hasMember (serd's layout)"
check_contains "$RUN_OUT" "MinCountConstraintComponent" "as a minimum count (serd's layout)"
check_contains "$(cat "$T/ex.ttl")" "inst:yeni-klinika" "IDs with a '-' are written as prefixed names"
check_eq 0 "$(grep -c '^ ' "$T/ex.ttl")" "no line starts with a space (each subject block starts at column 1)"

# ---- streaming: rejected input gives validate's messages in every format, and writes nothing ----

# (the .err files name the inputs as given from their own directory)
cd "$SRC/tests/data/bad" || die "no tests/data/bad"
for input in *.xml duplicate-id; do
	name=${input%.xml}
	expected=$(cat "$name.err")
	for f in $FORMATS; do
		run_cmd "$COOPGRAPH" rdf --format "$f" -o "$T/streamed-bad.out" "$input"
		actual=$(printf '%s\n' "$RUN_ERR" | grep -v '^coopgraph: [0-9]* errors\?, ')
		if [ "$RUN_RC" = 1 ] && [ "$actual" = "$expected" ] && [ ! -e "$T/streamed-bad.out" ]; then
			pass "bad/$name as $f: exit 1, validate's messages only, no output"
		else
			fail "bad/$name as $f: exit $RUN_RC, output $( [ -e "$T/streamed-bad.out" ] && echo left || echo none)"
			diff -u --label expected --label actual <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -n 20 | sed 's/^/    /'
			rm -f "$T/streamed-bad.out"
		fi
	done
done
cd "$T" || die "cannot return to the scratch directory"
# a reference that fails only at the end, after the agreement was written to the temporary file
printf 'previous\n' >"$T/late.nt"
run_cmd "$COOPGRAPH" rdf --format ntriples -o "$T/late.nt" "$SRC/tests/data/bad/unknown-reference.xml"
expect_rc 1 "a reference found unresolved at the end rejects the export"
check_eq "previous" "$(cat "$T/late.nt")" "and the previous output stays"
check_eq "late.nt" "$(cd "$T" && ls -A | grep -e '^late' -e '^\.late' | tr '\n' ' ' | sed 's/ $//')" "no temporary file left"

# ---- streaming: agreements before the entities they name give the same statements ----

mkdir -p "$T/forward/split"
inst='<source id="s1" kind="report"><title>S1</title></source>
<source id="s2" kind="web-page"><title>S2</title></source>
<institution id="a" kind="university" sources="s1"><name>A</name><location country="DE"/></institution>
<institution id="b" kind="hospital" sources="s2"><name>B</name><location country="AZ"/></institution>
<institution id="u" kind="clinic" partOf="a"><name>U</name></institution>
<person id="p" sources="s1"><familyName>P</familyName><role at="a"><name>Dean</name></role></person>'
agr='<agreement id="g1" kind="cooperation" sources="s1"><party ref="a" role="lead"/><party ref="b"/>
  <signatory person="p" for="a"/><quote by="p">Yes.</quote></agreement>
<agreement id="g2" kind="x-local" sources="s2 s1"><party ref="b"/><party ref="a"/><party ref="u"/></agreement>
<agreement id="g3" kind="contract"><party ref="u"/><party ref="b"/><buildsOn ref="g1"/></agreement>'
head='<?xml version="1.0" encoding="UTF-8"?>
<coopgraph xmlns="https://w3id.org/coopgraph/ns/1" xml:lang="en">'
printf '%s\n%s\n%s\n</coopgraph>\n' "$head" "$inst" "$agr" >"$T/forward/after.xml"
printf '%s\n%s\n</coopgraph>\n' "$head" "$agr" >"$T/forward/split/a-agreements.xml"
printf '%s\n%s\n</coopgraph>\n' "$head" "$inst" >"$T/forward/split/b-entities.xml"
run_cmd "$COOPGRAPH" rdf --stats --format nquads -o "$T/forward/after.nq" "$T/forward/after.xml"
expect_rc 0 "agreements after the entities they name"
n_after=$(sed -n 's/.*wrote \([0-9]*\) triples.*/\1/p' <<<"$RUN_ERR")
run_cmd "$COOPGRAPH" rdf --stats --format nquads -o "$T/forward/before.nq" "$T/forward/split"
expect_rc 0 "agreements in a file read before the entities they name"
n_before=$(sed -n 's/.*wrote \([0-9]*\) triples.*/\1/p' <<<"$RUN_ERR")
check_eq "$n_after" "$n_before" "the same count either way ($n_after)"
serdi -q -i nquads -o nquads "$T/forward/after.nq" | LC_ALL=C sort >"$T/forward/after.sorted"
serdi -q -i nquads -o nquads "$T/forward/before.nq" | LC_ALL=C sort >"$T/forward/before.sorted"
check_file_eq "$T/forward/after.sorted" "$T/forward/before.sorted" "the same quads, in the same graphs, either way"
check_eq 1 "$(grep -c "^<${BASE}institution/a> <https://w3id.org/coopgraph/ns#partnersWith> <${BASE}institution/b> <${BASE}source/s2> \\.\$" "$T/forward/before.sorted")" \
	"a partner edge named before its institutions is in the graph of each agreement's source (s2)"
check_eq 1 "$(grep -c "^<${BASE}institution/b> <https://w3id.org/coopgraph/ns#partnersWith> <${BASE}institution/u> \\.\$" "$T/forward/before.sorted")" \
	"and in the default graph for an agreement without source"
check_eq 1 "$(grep -c "^<${BASE}institution/a> <http://www.w3.org/ns/org#hasUnit> <${BASE}institution/u> \\.\$" "$T/forward/before.sorted")" \
	"units are linked from their parent"
first_subject=$(grep -v '^@' "$T/forward/before.nq" | head -n 1 | cut -d' ' -f1)
check_eq "<${BASE}agreement/g1>" "$first_subject" "the agreements are written first, as they are read"

# ---- streaming: memory does not grow with the agreements or the output ----
# What the reader keeps per agreement (its ID, for duplicates and references) is measured with
# validate on the same input; the export may add little on top, however large its output.

gen_agreements() { # COUNT FILE: institutions, then COUNT agreements between them, each with a source
	awk -v n="$1" 'BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		print "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\" xml:lang=\"en\">"
		for (i = 1; i <= 50; i++)
			printf "<institution id=\"i%d\" kind=\"university\"><name>Institution %d</name><location country=\"DE\"/></institution>\n", i, i
		for (a = 1; a <= n; a++) {
			printf "<source id=\"s%d\" kind=\"press-release\"><title>Press release %d about a cooperation</title><url>https://example.org/news/%d</url></source>\n", a, a, a
			printf "<agreement id=\"a%d\" kind=\"cooperation\" status=\"active\" sources=\"s%d\"><title>Cooperation number %d between two of them</title><party ref=\"i%d\"/><party ref=\"i%d\"/><start>2020-01-15</start><goal>Joint research and exchange of staff</goal></agreement>\n", a, a, a, a % 50 + 1, (a * 7 + 1) % 50 + 1
		}
		print "</coopgraph>"
	}' >"$2"
}
peak_kb() { # FILE-FOR-THE-FIGURE CMD...: runs CMD, checks it succeeds, prints its peak RSS in KB
	local out=$1
	shift
	# an AddressSanitizer build keeps freed memory in quarantine, which would hide what is in use
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0" \
		/usr/bin/time -f '%M' -o "$out" "$@" >/dev/null 2>"$T/rss.err"
	check_eq "0 " "$? $(cat "$T/rss.err")" "$(basename "$out"): succeeds" >&2
	tail -n 1 "$out"
}
if [ -x /usr/bin/time ]; then
	gen_agreements 4000 "$T/small.xml"
	gen_agreements 60000 "$T/large.xml"
	grow_in=$(($(stat -c %s "$T/large.xml") - $(stat -c %s "$T/small.xml")))
	v_small=$(peak_kb "$T/validate-small" "$COOPGRAPH" validate "$T/small.xml" 2>>"$T/checks.log")
	v_large=$(peak_kb "$T/validate-large" "$COOPGRAPH" validate "$T/large.xml" 2>>"$T/checks.log")
	for f in turtle nquads; do
		r_small=$(peak_kb "$T/$f-small" "$COOPGRAPH" rdf --format "$f" -o "$T/rss.out" "$T/small.xml" 2>>"$T/checks.log")
		r_large=$(peak_kb "$T/$f-large" "$COOPGRAPH" rdf --format "$f" -o "$T/rss.out" "$T/large.xml" 2>>"$T/checks.log")
		extra=$(((r_large - r_small - (v_large - v_small)) * 1024))
		written=$(stat -c %s "$T/rss.out")
		if [ "$extra" -le $((grow_in / 4)) ]; then
			pass "$f: 56,000 more agreements ($grow_in more bytes of input, $written bytes written) cost the export $extra bytes more than validate: at most a quarter of the input"
		else
			fail "$f: 56,000 more agreements ($grow_in more bytes of input) cost the export $extra bytes more than validate: more than a quarter of the input"
		fi
	done
	grep -q '^FAIL' "$T/checks.log" && fail "a measured run failed: $(grep '^FAIL' "$T/checks.log" | head -n 3)"
	[ -s "$T/checks.log" ] || fail "no measured run was checked"
else
	fail "/usr/bin/time is needed to measure peak memory"
fi

# ---- standard output: every format, the same bytes as -o FILE ----

for f in ntriples nquads rdfxml; do
	"$COOPGRAPH" rdf --format "$f" "$EX" >"$T/stdout.$f" 2>"$T/stdout.err"
	check_eq "0" "$?" "$f to standard output"
	check_file_eq "$T/ex.$(ext_of "$f")" "$T/stdout.$f" "$f: standard output is the same bytes as -o FILE"
done

suite_done
