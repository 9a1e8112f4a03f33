#!/usr/bin/env bash
# Proves the test harness works on this machine, without coopgraph: both RDF parsers, SHACL, SPARQL with
# Oxigraph, a real Virtuoso (load, query, same normalized CSV as Oxigraph), and svg-check in Chromium.
# Run: COOP_SOURCE_DIR=/path/to/repo COOP_TMP=/tmp/selftest bash tests/suites/tools_selftest.sh

. "${COOP_SOURCE_DIR:-$(dirname "$0")/../..}/tests/lib/virtuoso.sh"

require_cmd node serdi dot curl virtuoso-t isql-vt
require_file /usr/bin/chromium "$COOP_SOURCE_DIR/tests/node/node_modules"

S=$COOP_SCRATCH
TIMINGS=()
section_start() {
	SECTION_NAME=$1
	SECTION_T0=$(date +%s%N)
	printf -- '--- %s\n' "$1"
}
section_end() {
	TIMINGS+=("$(printf '%-22s %5d ms' "$SECTION_NAME" $((($(date +%s%N) - SECTION_T0) / 1000000)))")
}
SUITE_T0=$(date +%s%N)

# --- the harness itself must be able to fail --------------------------------------------------------------
section_start 'common.sh'
cat >"$S/failing_suite.sh" <<'EOF'
. "$COOP_SOURCE_DIR/tests/lib/common.sh"
check_eq a b 'deliberately different'
check_contains 'abc' 'xyz' 'deliberately missing'
run_cmd false
expect_rc 0 'deliberately wrong exit code'
pass 'one good check'
suite_done
EOF
run_cmd env COOP_TMP="$S/failing_suite" bash "$S/failing_suite.sh"
expect_rc 1 'a suite with failed checks exits 1'
check_contains "$RUN_OUT" 'failing_suite: 1 passed, 3 failed' 'suite_done counts passes and failures'
check_contains "$RUN_OUT" '+b' 'check_eq shows a diff'
# shellcheck disable=SC2016 # the generated script expands it
printf '. "$COOP_SOURCE_DIR/tests/lib/common.sh"\nrequire_cmd no-such-tool-xyz\npass unreachable\nsuite_done\n' >"$S/missing_tool.sh"
run_cmd env COOP_TMP="$S/missing_tool" bash "$S/missing_tool.sh"
expect_rc 1 'require_cmd fails the suite when a tool is missing'
check_contains "$RUN_OUT" 'no-such-tool-xyz' 'require_cmd names the missing tool'
check_not_contains "$RUN_OUT" 'PASS: unreachable' 'require_cmd stops the suite'
section_end

# --- RDF parsing --------------------------------------------------------------------------------------------
section_start 'rdf-parse'
cat >"$S/good.ttl" <<'EOF'
@prefix ex: <http://example.org/kg/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:tum a ex:Institution ; foaf:name "Technische Universität München"@de , "TUM, \"Munich\"" ; ex:country "DE" .
ex:lyon a ex:Institution ; foaf:name "Université de Lyon"@fr ; ex:country "FR" .
ex:alice a foaf:Person ; foaf:name "Alice" ; ex:memberOf ex:tum .
ex:agr1 a ex:Agreement ; ex:party ex:tum , ex:lyon ; ex:validFrom "2024-02-29"^^xsd:date ; ex:seats 12 ;
	ex:contact [ foaf:mbox <mailto:office@example.org> ] .
EOF
serdi_count=$(serdi -q -i turtle -o ntriples "$S/good.ttl" | wc -l)
check_eq 17 "$serdi_count" 'serdi counts 17 triples in the hand-written file'
run_cmd node_tool rdf-parse.mjs --format turtle "$S/good.ttl"
expect_rc 0 'rdf-parse accepts valid Turtle with both parsers'
check_eq "$(printf '%s\tn3\t%s\n%s\toxigraph\t%s' "$S/good.ttl" "$serdi_count" "$S/good.ttl" "$serdi_count")" "$RUN_OUT" \
	'rdf-parse reports the same count as serdi for N3.js and Oxigraph'

printf '@prefix ex: <http://example.org/> .\nex:a ex:p "unterminated .\n' >"$S/bad-syntax.ttl"
run_cmd node_tool rdf-parse.mjs --format turtle "$S/bad-syntax.ttl"
expect_rc 1 'rdf-parse rejects a syntax error'
check_contains "$RUN_ERR" 'bad-syntax.ttl: n3:' 'N3.js reports the syntax error'
check_contains "$RUN_ERR" 'bad-syntax.ttl: oxigraph:' 'Oxigraph reports the syntax error'

printf '<http://example.org/a b> <http://example.org/p> "x" .\n' >"$S/bad-iri.nt"
run_cmd node_tool rdf-parse.mjs --format ntriples "$S/bad-iri.nt"
expect_rc 1 'rdf-parse rejects an IRI with a space'

printf '<http://example.org/a> <http://example.org/p> "caf\xe9" .\n' >"$S/bad-utf8.nt"
run_cmd node_tool rdf-parse.mjs --format ntriples "$S/bad-utf8.nt"
expect_rc 1 'rdf-parse rejects invalid UTF-8'
check_contains "$RUN_ERR" 'invalid UTF-8' 'rdf-parse says why'

printf '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/a"><ex:p>x</ex:p><ex:q rdf:resource="http://example.org/b"/></rdf:Description>
</rdf:RDF>\n' >"$S/small.rdf"
run_cmd node_tool rdf-parse.mjs --format rdfxml "$S/small.rdf"
expect_rc 0 'rdf-parse reads RDF/XML with Oxigraph'
check_eq "$(printf '%s\toxigraph\t2' "$S/small.rdf")" "$RUN_OUT" 'RDF/XML triple count'
section_end

# --- SHACL --------------------------------------------------------------------------------------------------
section_start 'shacl'
cat >"$S/shapes.ttl" <<'EOF'
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/kg/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
ex:InstitutionShape a sh:NodeShape ; sh:targetClass ex:Institution ;
	sh:property [ sh:path ex:country ; sh:minCount 1 ; sh:pattern "^[A-Z]{2}$" ] .
ex:PersonShape a sh:NodeShape ; sh:targetClass foaf:Person ;
	sh:property [ sh:path foaf:name ; sh:minCount 1 ] ;
	sh:property [ sh:path ex:memberOf ; sh:class ex:Institution ] .
ex:AgreementShape a sh:NodeShape ; sh:targetClass ex:Agreement ;
	sh:property [ sh:path ex:party ; sh:minCount 2 ] ;
	sh:property [ sh:path ex:validFrom ; sh:datatype xsd:date ; sh:maxCount 1 ] .
EOF
run_cmd node_tool shacl.mjs "$S/good.ttl" "$S/shapes.ttl"
expect_rc 0 'SHACL: the hand-written data conforms'
check_eq '' "$RUN_OUT" 'SHACL: no results for conforming data'
cat >"$S/shacl-bad.ttl" <<'EOF'
@prefix ex: <http://example.org/kg/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:tum a ex:Institution ; ex:country "Germany" .
ex:alice a foaf:Person ; ex:memberOf ex:nowhere .
ex:agr1 a ex:Agreement ; ex:party ex:tum ; ex:validFrom "2023-02-29"^^xsd:date .
EOF
run_cmd node_tool shacl.mjs "$S/shacl-bad.ttl" "$S/shapes.ttl"
expect_rc 1 'SHACL: broken data does not conform'
check_contains "$RUN_OUT" 'VIOLATION focus=ex:tum path=ex:country value="Germany" [PatternConstraintComponent]' 'SHACL: pattern'
check_contains "$RUN_OUT" 'VIOLATION focus=ex:alice path=foaf:name value=- [MinCountConstraintComponent]' 'SHACL: minCount'
check_contains "$RUN_OUT" 'VIOLATION focus=ex:alice path=ex:memberOf value=ex:nowhere [ClassConstraintComponent]' 'SHACL: class'
check_contains "$RUN_OUT" 'VIOLATION focus=ex:agr1 path=ex:party value=- [MinCountConstraintComponent]' 'SHACL: two parties'
check_contains "$RUN_OUT" 'value="2023-02-29"^^xsd:date [IllTypedLiteral]' 'SHACL: 29 February 2023 is not a date'
check_eq 5 "$(printf '%s\n' "$RUN_OUT" | grep -c '^VIOLATION')" 'SHACL: exactly 5 violations'
section_end

# --- SPARQL with Oxigraph -----------------------------------------------------------------------------------
GRAPH='http://example.org/graph/selftest'
QUERY="PREFIX ex: <http://example.org/kg/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?inst ?name ?country FROM <$GRAPH> WHERE { ?inst a ex:Institution ; foaf:name ?name ; ex:country ?country }"
# The expected rows, written by hand; sorted by bytes; the literal with a comma and quotes is CSV-quoted.
EXPECTED_CSV='inst,name,country
<http://example.org/kg/lyon>,Université de Lyon@fr,FR
<http://example.org/kg/tum>,"TUM, ""Munich""",DE
<http://example.org/kg/tum>,Technische Universität München@de,DE'
ASK_QUERY="ASK FROM <$GRAPH> WHERE { ?a <http://example.org/kg/validFrom> ?d FILTER(?d = \"2024-02-29\"^^<http://www.w3.org/2001/XMLSchema#date>) }"
TYPES_QUERY="SELECT ?o FROM <$GRAPH> WHERE { <http://example.org/kg/agr1> ?p ?o FILTER(isLiteral(?o)) }"
EXPECTED_TYPES='o
12^^xsd:integer
2024-02-29^^xsd:date'

section_start 'sparql (oxigraph)'
run_cmd node_tool sparql.mjs --data "$S/good.ttl" --graph "$GRAPH" --query-text "$QUERY"
expect_rc 0 'Oxigraph runs the query'
check_eq "$EXPECTED_CSV" "$RUN_OUT" 'Oxigraph result in normalized CSV'
OX_SELECT=$RUN_OUT
run_cmd node_tool sparql.mjs --data "$S/good.ttl" --graph "$GRAPH" --query-text "$ASK_QUERY"
check_eq "$(printf 'boolean\ntrue')" "$RUN_OUT" 'Oxigraph ASK'
OX_ASK=$RUN_OUT
run_cmd node_tool sparql.mjs --data "$S/good.ttl" --graph "$GRAPH" --query-text "$TYPES_QUERY"
check_eq "$EXPECTED_TYPES" "$RUN_OUT" 'Oxigraph typed literals'
OX_TYPES=$RUN_OUT
run_cmd node_tool sparql.mjs --data "$S/good.ttl" --query-text "$QUERY"
check_eq 'inst,name,country' "$RUN_OUT" 'without --graph the data is not in the named graph'
run_cmd node_tool sparql.mjs --data "$S/good.ttl" --query-text 'SELECT WHERE {'
expect_rc 1 'Oxigraph rejects a broken query'
section_end

# --- Virtuoso -----------------------------------------------------------------------------------------------
section_start 'virtuoso start'
virtuoso_start "$S/virtuoso" || suite_done
pass "Virtuoso answers on $VIRTUOSO_HTTP"
check_eq 0 "$(ss -Hltn 2>/dev/null | awk '{print $4}' | grep -E ":($VIRTUOSO_SQL_PORT|${VIRTUOSO_HTTP##*:})\$" \
	| grep -vc '^127\.0\.0\.1:')" 'Virtuoso listens on 127.0.0.1 only'
section_end

section_start 'virtuoso load+query'
if virtuoso_put_graph "$GRAPH" "$S/good.ttl" text/turtle; then pass 'GSP PUT of the Turtle file'; else fail 'GSP PUT of the Turtle file'; fi
check_eq "$serdi_count" "$(virtuoso_count "$GRAPH")" 'Virtuoso holds as many triples as serdi counted'
run_cmd virtuoso_select "$QUERY"
expect_rc 0 'Virtuoso runs the query'
check_eq "$OX_SELECT" "$RUN_OUT" 'Virtuoso and Oxigraph give the same normalized CSV'
run_cmd virtuoso_select "$ASK_QUERY"
check_eq "$OX_ASK" "$RUN_OUT" 'Virtuoso ASK (its __ASK_RETVAL shape) normalizes to the same boolean'
run_cmd virtuoso_select "$TYPES_QUERY"
check_eq "$OX_TYPES" "$RUN_OUT" 'Virtuoso typed literals (typed-literal) normalize like Oxigraph'
if virtuoso_put_graph "$GRAPH" "$S/bad-syntax.ttl" text/turtle 2>/dev/null; then
	fail 'Virtuoso accepted a Turtle syntax error'
else
	pass 'Virtuoso rejects a Turtle syntax error'
fi
run_cmd virtuoso_isql 'SELEC 1;'
expect_rc 1 'virtuoso_isql reports a failed statement (isql-vt itself exits 0)'
section_end

section_start 'virtuoso stop'
stopped_pid=$VIRTUOSO_PID
virtuoso_stop
if kill -0 "$stopped_pid" 2>/dev/null; then fail 'Virtuoso still running after virtuoso_stop'; else pass 'Virtuoso stopped'; fi
section_end

# --- SVG in Chromium ----------------------------------------------------------------------------------------
section_start 'svg-check good'
cat >"$S/graph.dot" <<'EOF'
digraph coop {
	node [fontname="DejaVu Sans"];
	subgraph cluster_de { label="Germany"; tum [label="Technische Universität München" URL="https://example.org/kg/tum" tooltip="Institution: TUM & partners"]; }
	lyon [label="Université \"Lyon\" <FR>" URL="https://example.org/kg/lyon" tooltip="Lyon – FR"];
	alice [label="Alice" shape=box];
	tum -> lyon [label="agr1"];
	alice -> tum;
}
EOF
dot -Tsvg "$S/graph.dot" -o "$S/good.svg" || fail 'dot -Tsvg'
cat >"$S/expect.json" <<'EOF'
{"nodes": ["tum", "lyon", "alice"], "edges": 2, "clusters": ["cluster_de"],
 "tooltips": {"tum": "TUM & partners"}, "links": {"tum": "https://example.org/kg/tum", "lyon": "https://example.org/kg/lyon"},
 "click": ["lyon"], "texts": ["Université \"Lyon\" <FR>", "Technische Universität München"]}
EOF
run_cmd node_tool svg-check.mjs --svg "$S/good.svg" --expect "$S/expect.json" --screenshot "$S/good.png"
expect_rc 0 'svg-check passes a Graphviz SVG'
check_contains "$RUN_OUT" 'click on "lyon" navigates to https://example.org/kg/lyon' 'svg-check clicked the link'
check_contains "$RUN_OUT" 'screenshot of inline SVG is not blank' 'svg-check looked at the pixels'
check_eq 'PNG' "$(head -c 4 "$S/good.png" 2>/dev/null | tail -c 3)" 'the screenshot is a PNG file'
section_end

section_start 'svg-check bad'
sed -e '0,/<ellipse /s//<ellipse onmouseover="alert(1)" /' \
	-e 's|xlink:href="https://example.org/kg/lyon"|xlink:href="javascript:alert(2)"|' "$S/good.svg" >"$S/bad.svg"
run_cmd node_tool svg-check.mjs --svg "$S/bad.svg"
expect_rc 1 'svg-check fails an SVG with an event handler and a javascript: link'
check_contains "$RUN_ERR" 'event handler attribute onmouseover' 'svg-check names the on* attribute'
check_contains "$RUN_ERR" 'javascript:alert(2)' 'svg-check names the javascript: link'

printf '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100"><rect width="200" height="100" fill="#fff"/></svg>\n' >"$S/blank.svg"
run_cmd node_tool svg-check.mjs --svg "$S/blank.svg"
expect_rc 1 'svg-check fails a blank SVG'
check_contains "$RUN_ERR" 'is not blank' 'svg-check says the screenshot is blank'
section_end

TOTAL_MS=$((($(date +%s%N) - SUITE_T0) / 1000000))
printf -- '--- timings\n'
printf '  %s\n' "${TIMINGS[@]}"
printf '  %-22s %5d ms\n' total "$TOTAL_MS"
# The budget is 60 s (about 16 s on an idle 2-core machine). Not a failure: a loaded CI machine is no bug.
if [ "$TOTAL_MS" -ge 60000 ]; then printf 'WARNING: selftest took %d ms, over its 60 s budget\n' "$TOTAL_MS"; fi
suite_done
