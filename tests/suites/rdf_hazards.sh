#!/usr/bin/env bash
# Hostile IDs and texts through the RDF export (tests/data/rdf/hazards.xml; HAZARDS E1-E8): quotes,
# backslashes, '>', '<', '%', '#', '?', '../', '.', '..', braces, bidi controls, non-ASCII, CR and
# CRLF, U+2028, NEL, tabs, an attempted triple injection. Every format must parse in strict parsers
# with the reported count, all formats must hold the same triples, every literal must read back as
# the input text (CR normalised to LF), every IRI must decode back to its ID, and facts stated by two
# sources must be in both N-Quads graphs.
. "$(dirname "$0")/../lib/common.sh"

require_cmd serdi rapper node cmp
: "${COOPGRAPH:?COOPGRAPH must name the coopgraph binary}"
require_file "$COOPGRAPH"

SRC=$COOP_SOURCE_DIR
IN=$SRC/tests/data/rdf/hazards.xml
T=$COOP_SCRATCH
B=https://example.org/coopgraph/
FORMATS="turtle ntriples nquads rdfxml"
require_file "$IN"

ext_of() {
	case $1 in
	turtle) echo ttl ;; ntriples) echo nt ;; nquads) echo nq ;; rdfxml) echo rdf ;;
	esac
}

# ---- every format: the reported count, in serdi, rapper, N3.js and Oxigraph ----

declare -A COUNT
for f in $FORMATS; do
	out=$T/hz.$(ext_of "$f")
	run_cmd "$COOPGRAPH" rdf --stats --format "$f" -o "$out" "$IN"
	expect_rc 0 "hazards as $f"
	COUNT[$f]=$(sed -n 's/^coopgraph: wrote \([0-9][0-9]*\) triples to .*/\1/p' <<<"$RUN_ERR")
	check_eq "coopgraph: wrote ${COUNT[$f]} triples to $out" "$RUN_ERR" "$f: no message but the count"
	[ -n "${COUNT[$f]}" ] || COUNT[$f]=missing
done
[ "${COUNT[turtle]}" != missing ] || die "no count for the Turtle export"
check_eq "${COUNT[turtle]}" "${COUNT[ntriples]}" "N-Triples: as many triples as Turtle"
check_eq "${COUNT[turtle]}" "${COUNT[rdfxml]}" "RDF/XML: as many triples as Turtle"
if [ "${COUNT[nquads]}" != missing ] && [ "${COUNT[nquads]}" -gt "${COUNT[turtle]}" ]; then
	pass "N-Quads: more statements than triples (facts of two sources are in two graphs)"
else
	fail "N-Quads: ${COUNT[nquads]} statements, expected more than the ${COUNT[turtle]} triples"
fi

for f in turtle ntriples nquads; do
	outfmt=ntriples
	[ "$f" = nquads ] && outfmt=nquads
	n=$(serdi -q -i "$f" -o "$outfmt" "$T/hz.$(ext_of "$f")" 2>"$T/serdi.err" | wc -l)
	check_eq "${COUNT[$f]} " "$n $(cat "$T/serdi.err")" "serdi -i $f: no error, ${COUNT[$f]} statements"
done
for f in $FORMATS; do
	file=$T/hz.$(ext_of "$f")
	run_cmd rapper -i "$f" -c "$file"
	expect_rc 0 "rapper -i $f"
	check_contains "$RUN_ERR" "returned ${COUNT[$f]} triples" "rapper -i $f counts ${COUNT[$f]}"
	check_not_contains "$RUN_ERR" "Warning" "rapper -i $f has no warning"
	parsers=both
	[ "$f" = rdfxml ] && parsers=oxigraph
	run_cmd node_tool rdf-parse.mjs --format "$f" --parser "$parsers" --expect-count "${COUNT[$f]}" "$file"
	expect_rc 0 "N3.js/Oxigraph ($parsers) read $f with ${COUNT[$f]} statements"
done

# ---- the same triples in every format; deterministic ----

ALL='CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
ALL_QUADS='CONSTRUCT { ?s ?p ?o } WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }'
node_tool sparql.mjs --data "$T/hz.ttl" --query-text "$ALL" >"$T/canon.ttl.nt" || fail "canonical triples of the Turtle"
check_eq "${COUNT[turtle]}" "$(wc -l <"$T/canon.ttl.nt")" "the Turtle holds ${COUNT[turtle]} distinct triples"
for f in ntriples nquads rdfxml; do
	q=$ALL
	[ "$f" = nquads ] && q=$ALL_QUADS
	node_tool sparql.mjs --data "$T/hz.$(ext_of "$f")" --query-text "$q" >"$T/canon.$f.nt" || fail "canonical triples of $f"
	check_file_eq "$T/canon.ttl.nt" "$T/canon.$f.nt" "$f holds the same triples as the Turtle"
done
check_eq 0 "$(grep -c -e '^_:' -e '> _:' "$T/canon.ttl.nt")" "no blank nodes"
for f in $FORMATS; do
	"$COOPGRAPH" rdf --format "$f" -o "$T/again.$(ext_of "$f")" "$IN" 2>/dev/null
	check_file_eq "$T/hz.$(ext_of "$f")" "$T/again.$(ext_of "$f")" "$f: byte-identical on a second run"
done

# ---- language tags in canonical case ----

check_contains "$(cat "$T/hz.ttl")" '"@en-US' "xml:lang=\"EN-us\" is written @en-US"
check_contains "$(cat "$T/hz.nt")" '"de-AT"^^<http://www.w3.org/2001/XMLSchema#language>' "language=\"DE-at\" is written \"de-AT\""

# ---- every IRI decodes back to its ID ----

cat >"$T/ids.mjs" <<'EOF'
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
const [nodeDir, file, base] = process.argv.slice(2);
const oxigraph = createRequire(`${nodeDir}/`)('oxigraph');
const store = new oxigraph.Store();
store.load(readFileSync(file, 'utf8'), { format: 'text/turtle' });
const ascii = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
const q = `SELECT DISTINCT ?s WHERE { ?s a ?c VALUES ?c {
	<http://www.w3.org/ns/org#Organization> <http://xmlns.com/foaf/0.1/Person> <https://w3id.org/coopgraph/ns#Agreement>
	<https://schema.org/FundingScheme> <http://www.w3.org/ns/prov#Entity> } }`;
const lines = [];
for (const b of store.query(q)) {
	const iri = b.get('s').value;
	const m = iri.startsWith(base) ? /^([a-z]+)\/([^/]*)$/.exec(iri.slice(base.length)) : null;
	lines.push(m ? `${m[1]}\t${ascii(decodeURIComponent(m[2]))}` : `NOT UNDER THE BASE\t${iri}`);
}
process.stdout.write(lines.sort().map((l) => `${l}\n`).join(''));
EOF
node "$T/ids.mjs" "$SRC/tests/node/node_modules" "$T/hz.ttl" "$B" >"$T/ids.txt" 2>"$T/ids.err" || fail "reading the IDs back: $(cat "$T/ids.err")"
LC_ALL=C sort >"$T/ids.expected" <<'EOF'
agreement	"../..>"
agreement	"agr\"1\"<x>"
agreement	"second-pair"
institution	"%zz#frag?q=1"
institution	"."
institution	".."
institution	"../../etc/passwd"
institution	"\u00dcn\u00ef\u20ac\ud83d\ude00"
institution	"a."
institution	"a>b\"c\\d"
institution	"x><http://evil/p>\"pwn\"."
institution	"x\u202ey\u200fz"
institution	"{|}^`<\\"
person	"it's"
programme	"prog\\n"
source	"src#1%20?x=y"
source	"src2\\"
EOF
LC_ALL=C sort "$T/ids.txt" >"$T/ids.sorted"
check_file_eq "$T/ids.expected" "$T/ids.sorted" "every entity IRI is under the base and decodes back to the ID as written"

# ---- every literal reads back as written (CR and CRLF as LF) in every format ----

I1="<${B}institution/a%3Eb%22c%5Cd>"
S1="<${B}source/src%231%2520%3Fx%3Dy>"
P="<${B}person/it%27s>"
AG="${B}agreement/agr%221%22%3Cx%3E"
# id|subject predicate object, with the object as SPARQL writes it (escapes as in the input text)
CHECKS=$(cat <<EOF
c01|$I1 skos:prefLabel "Name with \\"quotes\\", \\\\backslash, <tag>, & CR\\nLF\\nend"@en
c02|$I1 skos:prefLabel "Hospital \\"\\"\\"triple\\"\\"\\" \\\\u0041 tab\\there"@en-US
c03|$I1 skos:prefLabel "Klinik \\u202Ereversed\\u202C text"@de
c04|$I1 skos:altLabel "\\"A>B\\""@en
c05|$I1 schema:url "https://example.org/a\\"b<c"^^xsd:anyURI
c06|$I1 owl:sameAs <https://ror.org/04cdgtt98>
c07|$I1 owl:sameAs <http://www.wikidata.org/entity/Q42>
c08|$S1 dcterms:title "Title with \\"quotes\\" and a CR\\nhere"@en
c09|$S1 schema:creditText "Photo:\\nsomebody\\\\nelse"@en
c10|$S1 schema:url "https://example.org/page?a=1&b=\\"2\\"<x>"^^xsd:anyURI
c11|$S1 dc:publisher "Publisher <named> only"@en
c12|$P schema:givenName "Given\\nName"
c13|$P schema:honorificPrefix "Prof. \\"Dr.\\" \\\\med"
c14|$P foaf:name "Given\\nName Family \\"Name\\""
c15|<$AG> org:purpose "Line separator\\u2028and NEL\\u0085here"@en
c16|<$AG> org:purpose "Goal with \\"\\"\\" and \\\\ and \\t tab"@en
c17|<$AG/quote/1> schema:text "Quote\\nwith CRLF and <b>markup</b>"@en
c18|<$AG/funding/1> frapo:hasGrantNumber "G-1/2 \\"x\\""
c19|<${B}party-role/lead%20%22partner%22%20%26%20co> skos:notation "lead \\"partner\\" & co"
c20|<${B}institution/%C3%9Cn%C3%AF%E2%82%AC%F0%9F%98%80> skos:prefLabel "\\u00DCn\\u00EF\\u20AC\\U0001F600 Bak\\u0131"@az
c21|<${B}programme/prog%5Cn> skos:prefLabel "Programme\\\\n \\"name\\""@en
c22|<${B}institution/x%E2%80%AEy%E2%80%8Fz> a org:Organization
c23|<${B}institution/..%2F..%2Fetc%2Fpasswd> org:unitOf $I1
c24|<${B}agreement/..%2F..%3E> dcterms:type coop:Contract
c25|<${B}institution/%2E%2E> skos:prefLabel "Two dots"@en
c26|<$AG/signatory/1> dcterms:description "Signed\\nby \\"it's\\""@en
c27|<$AG> dcterms:type <${B}kind/x-test-kind>
c28|<${B}institution/a.> org:unitOf <${B}institution/%2E%2E>
EOF
)
PREFIXES='PREFIX coop: <https://w3id.org/coopgraph/ns#>
PREFIX dc: <http://purl.org/dc/elements/1.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX frapo: <http://purl.org/cerif/frapo/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
'
checks_query() { # QUADS (0/1): one SELECT that lists the ids of the checks whose triple is there
	# (with 1, in the default graph or any named graph)
	local wrap=$1 body='' id pattern first=1
	while IFS='|' read -r id pattern; do
		[ "$first" = 1 ] || body+=' UNION '
		first=0
		if [ "$wrap" = 1 ]; then
			body+="{ BIND(\"$id\" AS ?id) { $pattern } UNION { GRAPH ?g { $pattern } } }"
		else
			body+="{ BIND(\"$id\" AS ?id) $pattern }"
		fi
	done <<<"$CHECKS"
	printf '%sSELECT DISTINCT ?id WHERE { %s }\n' "$PREFIXES" "$body"
}
expected_ids=$(printf 'id\n'; cut -d'|' -f1 <<<"$CHECKS" | LC_ALL=C sort)
checks_query 0 >"$T/checks.rq"
checks_query 1 >"$T/checks-graphs.rq"
for f in $FORMATS; do
	q=$T/checks.rq
	[ "$f" = nquads ] && q=$T/checks-graphs.rq
	got=$(node_tool sparql.mjs --data "$T/hz.$(ext_of "$f")" --query "$q" 2>&1)
	check_eq "$expected_ids" "$got" "$f: every hostile text reads back exactly (missing ids fail)"
done

# ---- no injected statement, no duplicates of repeated input ----

evil=$(node_tool sparql.mjs --data "$T/hz.ttl" --query-text 'SELECT (COUNT(*) AS ?n) WHERE { { ?s <http://evil/p> ?o } UNION { ?s ?p "pwn" } }')
check_eq 'n
0^^xsd:integer' "$evil" "the ID 'x><http://evil/p>\"pwn\".' injects no statement"
labels=$(node_tool sparql.mjs --data "$T/hz.ttl" --query-text "SELECT ?p ?o WHERE { <${B}institution/%2E%2E> ?p ?o FILTER(isLiteral(?o)) }")
check_eq "p,o
<http://www.w3.org/2004/02/skos/core#prefLabel>,Two dots@en
<https://schema.org/alternateName>,Two dots@en
<https://schema.org/name>,Two dots@en" "$labels" "a name written twice and an acronym equal to it: one prefLabel, no altLabel"

# ---- N-Quads: a fact of two sources is in both graphs; a fact of none in the default graph ----

both="g
<${B}source/src%231%2520%3Fx%3Dy>
<${B}source/src2%5C>"
got=$(node_tool sparql.mjs --data "$T/hz.nq" --query-text "SELECT ?g WHERE { GRAPH ?g { <${B}institution/%25zz%23frag%3Fq%3D1> <https://w3id.org/coopgraph/ns#partnersWith> <${B}institution/%2E%2E> } }")
check_eq "$both" "$got" "a partner edge from two agreements with different sources is in both graphs"
got=$(node_tool sparql.mjs --data "$T/hz.nq" --query-text "SELECT ?g WHERE { GRAPH ?g { <${B}institution/x%3E%3Chttp%3A%2F%2Fevil%2Fp%3E%22pwn%22.> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l } }")
check_eq "$both" "$got" "an institution with two sources is described in both graphs"
got=$(node_tool sparql.mjs --data "$T/hz.nq" --query-text "SELECT ?l WHERE { <${B}institution/%2E> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
check_eq 'l
"One dot, no source@en"' "$got" "an institution without a source is in the default graph"

# ---- SHACL: only the warnings for institutions without a location ----

run_cmd node_tool shacl.mjs "$T/hz.ttl" "$SRC/schemas/shapes.ttl"
check_not_contains "$RUN_OUT" "VIOLATION" "the hostile data violates no shape"
warned=$(grep -c '^WARNING .*has no country' <<<"$RUN_OUT")
check_eq "6 $(grep -c . <<<"$RUN_OUT")" "$warned $warned" "exactly the six institutions without a location get a warning"

# ---- identifiers that do not parse: a warning, an error with --strict ----

run_cmd "$COOPGRAPH" rdf -o "$T/ids.ttl" "$SRC/tests/data/rdf/bad-identifiers.xml"
expect_rc 0 "malformed ROR, Wikidata and ORCID identifiers are exported (as literals)"
check_contains "$RUN_ERR" "warning: 'https://ror.org/ABC' is not a valid ror identifier" "with a warning naming the value"
check_eq 0 "$(grep -c 'owl:sameAs' "$T/ids.ttl")" "no owl:sameAs for a malformed identifier"
check_contains "$(cat "$T/ids.ttl")" 'schema:value "Q0"' "the value is kept as a literal"
run_cmd "$COOPGRAPH" rdf --strict -o "$T/ids-strict.ttl" "$SRC/tests/data/rdf/bad-identifiers.xml"
expect_rc 1 "--strict turns them into errors"
check_eq "" "$(ls "$T"/ids-strict.ttl 2>/dev/null)" "and nothing is written"

suite_done
