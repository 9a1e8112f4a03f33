#!/usr/bin/env bash
# coopgraph load: the Graph Store Protocol client against a real Virtuoso (tests/lib/virtuoso.sh) and
# against a small HTTP stub in node (tests/data/load/http-stub.mjs) that fails on purpose and counts
# requests. Checks: nothing is sent for bad input, bad options or --dry-run; triple counts per graph equal
# the export's; the competency queries give their expected answers from the store; --replace, --append and
# --graph-per-source behave as docs/loading.md says; a wrong password, an unreachable endpoint, a timeout,
# a redirect and server errors each give a clear message and exit 3; --retries retries exactly as often
# as documented, and never after a 4xx. Virtuoso is stopped by the library's EXIT handler, also on failure.
# shellcheck source=../lib/virtuoso.sh
. "$(dirname "$0")/../lib/virtuoso.sh"

require_cmd node curl perl sort cmp
: "${COOPGRAPH:?COOPGRAPH must name the coopgraph binary}"
require_file "$COOPGRAPH" "$COOP_SOURCE_DIR/tests/node/node_modules"

SRC=$COOP_SOURCE_DIR
EX=$SRC/examples
DATA=$SRC/tests/data/load
QUERIES=$SRC/queries
T=$COOP_SCRATCH
BASE=https://example.org/coopgraph/
G_ALL=${BASE}graph
G_UNSOURCED=${BASE}graph/unsourced
G_INI=${BASE}source/src-ini-ummd-cooperation
G_UMM=${BASE}source/src-umm-2022-12-12

# Everything here is on 127.0.0.1: a proxy from the environment must not get in between.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export no_proxy='*' NO_PROXY='*'
unset COOPGRAPH_PASSWORD

# ---- helpers ----

# stub_start: the HTTP stub on a free port; sets STUB (its base URL) and STUB_LOG (one line per request).
stub_start() {
	STUB_LOG=$T/stub-requests.log
	: >"$STUB_LOG"
	rm -f "$T/stub.port"
	node "$DATA/http-stub.mjs" "$T/stub.port" "$STUB_LOG" >"$T/stub.out" 2>&1 &
	# shellcheck disable=SC2034 # used by the exit handler below
	STUB_PID=$!
	# shellcheck disable=SC2016 # expanded when the handler runs
	on_exit 'kill "$STUB_PID" 2>/dev/null; wait "$STUB_PID" 2>/dev/null'
	local i
	for ((i = 0; i < 100; i++)); do
		[ -s "$T/stub.port" ] && break
		sleep 0.1
	done
	[ -s "$T/stub.port" ] || die "the HTTP stub did not start: $(cat "$T/stub.out")"
	STUB=http://127.0.0.1:$(cat "$T/stub.port")
}

# stub_requests: how many requests the stub has received since the last stub_reset.
stub_requests() {
	wc -l <"$STUB_LOG" | tr -d ' '
}
stub_reset() {
	: >"$STUB_LOG"
}

# timed_run CMD...: run_cmd, and RUN_MS = how long it took.
timed_run() {
	local t0
	t0=$(date +%s%N)
	run_cmd "$@"
	RUN_MS=$((($(date +%s%N) - t0) / 1000000))
}

# The export's triple count, as `coopgraph rdf --stats` reports it.
export_count() { # FORMAT INPUT... (writes the export to $T/export.FORMAT)
	local format=$1
	shift
	"$COOPGRAPH" rdf --format "$format" --stats -o "$T/export.$format" "$@" 2>"$T/stats.err" || {
		printf 'coopgraph rdf failed: %s\n' "$(cat "$T/stats.err")" >&2
		return 1
	}
	sed -n 's/^coopgraph: wrote \([0-9][0-9]*\) triples to .*/\1/p' "$T/stats.err"
}

# The stderr of the last run_cmd has no control characters but line ends (no ESC, BEL, NUL, CR ...),
# so nothing a server sends can drive the terminal. (The file, not RUN_ERR: bash drops NUL bytes.)
no_control_chars() { # MSG
	if perl -0777 -ne 'exit(/[\x00-\x08\x0b-\x1f\x7f]/ ? 1 : 0)' "$COOP_SCRATCH/.run_err"; then
		pass "$1"
	else
		fail "$1"
		od -c "$COOP_SCRATCH/.run_err" | head -n 5 | sed 's/^/    /'
	fi
}

# The loads below authenticate as Virtuoso's dba with the password from the environment, never argv.
load_vt() { # ARGS... (the endpoint and --user are added)
	COOPGRAPH_PASSWORD=$VIRTUOSO_PASSWORD run_cmd "$COOPGRAPH" load --endpoint "$VT_GSP" --user "$VIRTUOSO_USER" "$@"
}

graph_counts() { # prints "graph,count" lines for our graphs in Virtuoso, sorted (coop-csv)
	virtuoso_select "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"$BASE\")) } GROUP BY ?g"
}


# Every competency query against its expected answer (queries/README.md; queries/expected/virtuoso/ holds the
# few answers Virtuoso prints differently). The plain queries run with the given graphs as the default graph;
# the *-graphs queries need one named graph per source, so they run only when graphs are given for them.
competency_queries() { # LABEL "DEFAULT GRAPHS" "NAMED GRAPHS"
	local label=$1 query name expected ran=0 g
	local -a dataset=() named=()
	for g in ${2:-}; do dataset+=(--data-urlencode "default-graph-uri=$g"); done
	for g in ${3:-}; do named+=(--data-urlencode "named-graph-uri=$g"); done
	for query in "$QUERIES"/*.rq; do
		name=$(basename "$query" .rq)
		expected=$QUERIES/expected/$name.csv
		[ -f "$QUERIES/expected/virtuoso/$name.csv" ] && expected=$QUERIES/expected/virtuoso/$name.csv
		if [ ! -f "$expected" ]; then
			fail "$name: no expected answer $expected"
			continue
		fi
		case $name in
		*-graphs)
			[ "${#named[@]}" -gt 0 ] || continue
			virtuoso_query_file "$query" "${named[@]}" >"$T/$name.vt.csv" 2>&1
			;;
		*) virtuoso_query_file "$query" "${dataset[@]}" >"$T/$name.vt.csv" 2>&1 ;;
		esac
		check_file_eq "$expected" "$T/$name.vt.csv" "$label: $name"
		ran=$((ran + 1))
	done
	[ "$ran" -ge 6 ] || fail "$label: expected at least 6 competency queries, ran $ran"
}

# ---- the exports everything is compared with ----

N_ALL=$(export_count ntriples "$EX") || die 'cannot export the examples'
cp "$T/export.ntriples" "$T/examples.nt"
SIZE_ALL=$(wc -c <"$T/examples.nt" | tr -d ' ')
N_SECOND=$(export_count ntriples "$DATA/second-dataset.xml") || die 'cannot export second-dataset.xml'
cp "$T/export.ntriples" "$T/second.nt"
N_UNION=$(LC_ALL=C sort -u "$T/examples.nt" "$T/second.nt" | wc -l | tr -d ' ')
N_TTL=$(export_count turtle "$EX") || die 'cannot export the examples as Turtle'
"$COOPGRAPH" rdf --format nquads -o "$T/examples.nq" "$EX" || die 'cannot export the examples as N-Quads'
if ! { [ "$N_ALL" -gt 100 ] && [ "$N_SECOND" -gt 10 ] && [ "$N_TTL" = "$N_ALL" ]; }; then
	die "implausible export counts: examples $N_ALL, second $N_SECOND, Turtle $N_TTL"
fi
# The append check below is only meaningful when the two datasets overlap but are not the same.
if ! { [ "$N_UNION" -gt "$N_ALL" ] && [ "$N_UNION" -lt $((N_ALL + N_SECOND)) ]; }; then
	die "second-dataset.xml must share some triples with the examples: union $N_UNION, $N_ALL + $N_SECOND"
fi
printf 'exports: examples %s triples (%s bytes), second dataset %s, union %s\n' "$N_ALL" "$SIZE_ALL" "$N_SECOND" "$N_UNION"

# ---- options: refused before anything is read or sent ----

stub_start

run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --user dba --password=s3cret-on-argv "$EX"
expect_rc 2 '--password is refused'
check_contains "$RUN_ERR" 'COOPGRAPH_PASSWORD' '--password: the message says where the password goes'
check_not_contains "$RUN_ERR" 's3cret-on-argv' '--password: the password is not echoed'
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --user dba "$EX"
expect_rc 2 '--user without a password is a usage error'
check_contains "$RUN_ERR" '--password-file' '--user without a password: the message names both ways to give one'
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --user dba:secret "$EX"
expect_rc 2 '--user NAME:PASSWORD is refused'
run_cmd "$COOPGRAPH" load --endpoint "http://dba:secret@127.0.0.1:1/x" "$EX"
expect_rc 2 'credentials in the endpoint URL are refused'
run_cmd "$COOPGRAPH" load --endpoint "ftp://127.0.0.1/x" "$EX"
expect_rc 2 'an ftp: endpoint is refused'
run_cmd "$COOPGRAPH" load "$EX"
expect_rc 2 '--endpoint is required'
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --graph "$G_ALL" --graph-per-source "$EX"
expect_rc 2 '--graph and --graph-per-source exclude each other'
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --replace --append "$EX"
expect_rc 2 '--replace and --append exclude each other'
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --graph 'http://example.org/a b' "$EX"
expect_rc 2 'a graph IRI with a space is refused'
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --format rdfxml "$EX"
expect_rc 2 '--format rdfxml is refused (ntriples or turtle)'
printf '' >"$T/empty-password"
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --user dba --password-file "$T/empty-password" "$EX"
expect_rc 2 'an empty password file is refused'
check_eq 0 "$(stub_requests)" 'no request was sent for any refused option'

run_cmd "$COOPGRAPH" load --endpoint "$STUB/ds/sparql" --dry-run "$EX"
expect_rc 0 'an endpoint ending in /sparql: only a warning'
check_contains "$RUN_ERR" 'looks like a SPARQL query or update endpoint' 'an endpoint ending in /sparql: the warning says why'
run_cmd "$COOPGRAPH" load --strict --endpoint "$STUB/ds/sparql" "$EX"
expect_rc 2 'an endpoint ending in /sparql with --strict: refused'
check_eq 0 "$(stub_requests)" 'nothing was sent to an endpoint refused under --strict'

run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" "$SRC/tests/data/bad/unknown-reference.xml"
expect_rc 1 'invalid input: exit 1'
check_contains "$RUN_ERR" 'unknown-reference.xml:' 'invalid input: the problem is reported with its file'
check_eq 0 "$(stub_requests)" 'invalid input: nothing was sent'

# ---- --dry-run ----

run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --dry-run "$EX"
expect_rc 0 '--dry-run exits 0'
check_eq "dry run: nothing is sent
PUT $STUB/ok?graph=https%3A%2F%2Fexample.org%2Fcoopgraph%2Fgraph
  graph: $G_ALL
  content-type: application/n-triples
  size: $SIZE_ALL bytes
  triples: $N_ALL
auth: none" "$RUN_OUT" '--dry-run shows method, URL, graph, content type, size and triples of the export'
COOPGRAPH_PASSWORD=x run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --dry-run --graph-per-source --append \
	--user dba --auth digest "$EX"
expect_rc 0 '--dry-run --graph-per-source exits 0'
check_contains "$RUN_OUT" "POST $STUB/ok?graph=https%3A%2F%2Fexample.org%2Fcoopgraph%2Fsource%2Fsrc-umm-2022-12-12" \
	'--dry-run --graph-per-source --append: a POST per source graph'
check_contains "$RUN_OUT" "  graph: $G_UNSOURCED" '--dry-run --graph-per-source: the graph for unsourced facts'
check_contains "$RUN_OUT" 'auth: digest as user dba, password from COOPGRAPH_PASSWORD' '--dry-run shows the authentication'
check_not_contains "$RUN_OUT" 'password: x' '--dry-run does not show the password'
per_graph_sum=$(printf '%s\n' "$RUN_OUT" | sed -n 's/^  triples: //p' | awk '{ n += $1 } END { print n }')
check_eq "$N_ALL" "$per_graph_sum" '--dry-run --graph-per-source: the graphs add up to the export'
check_eq 0 "$(stub_requests)" '--dry-run sent nothing'

# ---- what goes over the wire ----

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" "$EX"
expect_rc 0 'load into the stub'
check_eq 1 "$(stub_requests)" 'one request'
req=$(cat "$STUB_LOG")
check_contains "$req" '"method":"PUT"' 'the default is PUT (replace)'
check_contains "$req" '"url":"/ok?graph=https%3A%2F%2Fexample.org%2Fcoopgraph%2Fgraph"' 'the graph IRI is percent-encoded in ?graph='
check_contains "$req" '"contentType":"application/n-triples"' 'Content-Type application/n-triples'
check_contains "$req" "\"bytes\":$SIZE_ALL}" 'the whole export is the body'
check_contains "$req" '"expect":""' 'no Expect: 100-continue'
check_contains "$req" "\"userAgent\":\"coopgraph/$("$COOPGRAPH" --version | sed 's/^coopgraph //')\"" 'User-Agent coopgraph/VERSION'
check_contains "$RUN_OUT" "PUT <$G_ALL>: $N_ALL triples, $SIZE_ALL bytes: HTTP/1.1 201 Created" 'the server status is reported'

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/ok" --append --format turtle --graph urn:x:g "$EX"
expect_rc 0 'load --append --format turtle into the stub'
req=$(cat "$STUB_LOG")
check_contains "$req" '"method":"POST"' '--append is POST'
check_contains "$req" '"url":"/ok?graph=urn%3Ax%3Ag"' '--graph names the graph'
check_contains "$req" '"contentType":"text/turtle"' '--format turtle sends text/turtle'

# ---- failures: clear message, exit 3, retries as documented ----

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/status/500" "$EX"
expect_rc 3 'HTTP 500: exit 3'
check_contains "$RUN_ERR" '"HTTP/1.1 500 Internal Server Error"' 'HTTP 500: the status line is reported'
check_contains "$RUN_ERR" 'Internal trouble: xxxx' 'HTTP 500: an excerpt of the body is reported'
check_not_contains "$RUN_ERR" "$(printf 'x%.0s' {1..400})" 'HTTP 500: the excerpt is short'
no_control_chars 'HTTP 500: control characters from the server are removed'
check_eq 1 "$(stub_requests)" 'HTTP 500 without --retries: one request'

stub_reset
timed_run "$COOPGRAPH" load --endpoint "$STUB/status/500" --retries 2 "$EX"
expect_rc 3 '--retries 2 against HTTP 500: exit 3'
check_eq 3 "$(stub_requests)" '--retries 2 against HTTP 500: 3 requests'
check_contains "$RUN_ERR" 'trying again in 1 s (retry 1 of 2)' '--retries: first wait 1 s'
check_contains "$RUN_ERR" 'trying again in 2 s (retry 2 of 2)' '--retries: then 2 s'
check_contains "$RUN_ERR" 'gave up after 3 attempts' '--retries: the final message counts the attempts'
if [ "$RUN_MS" -ge 3000 ]; then
	pass "--retries waited between attempts (${RUN_MS} ms)"
else
	fail "--retries 2 took ${RUN_MS} ms, expected at least 3000 (1 s + 2 s)"
fi

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/status/429" --retries 1 "$EX"
expect_rc 3 '--retries 1 against HTTP 429: exit 3'
check_eq 2 "$(stub_requests)" 'HTTP 429 is retried'

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/status/404" --retries 3 "$EX"
expect_rc 3 'HTTP 404: exit 3'
check_eq 1 "$(stub_requests)" 'HTTP 404 is never retried, whatever --retries says'
check_contains "$RUN_ERR" 'Graph Store Protocol URL' 'HTTP 404: a hint about the endpoint URL'

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/redirect" "$EX"
expect_rc 3 'a redirect: exit 3'
check_contains "$RUN_ERR" 'a redirect to http://127.0.0.1:1/elsewhere' 'a redirect: the target is reported'
check_eq 1 "$(stub_requests)" 'a redirect is not followed'

stub_reset
timed_run "$COOPGRAPH" load --endpoint "$STUB/hang" --timeout 1 "$EX"
expect_rc 3 'a server that never answers: exit 3 after --timeout'
check_contains "$RUN_ERR" 'timed out' 'a server that never answers: the message says timed out'
if [ "$RUN_MS" -lt 10000 ]; then pass "--timeout 1 gave up in ${RUN_MS} ms"; else fail "--timeout 1 took ${RUN_MS} ms"; fi

stub_reset
run_cmd "$COOPGRAPH" load --endpoint "$STUB/fail-on/src-umm-2022-12-12" --graph-per-source "$EX"
expect_rc 3 'one graph of several fails: exit 3'
check_contains "$RUN_ERR" '2 of 3 graphs were loaded before this failure and 0 were not touched' \
	'one graph of several fails: the message says what was loaded'
check_eq 3 "$(stub_requests)" 'one graph of several fails: the graphs before it were sent'

closed=$(coop_random_free_port) || die 'no free port'
timed_run "$COOPGRAPH" load --endpoint "http://127.0.0.1:$closed/sparql-graph-crud-auth" "$EX"
expect_rc 3 'unreachable endpoint (closed port): exit 3'
check_contains "$RUN_ERR" "Failed to connect to 127.0.0.1 port $closed" 'unreachable endpoint: the message names host and port'
if [ "$RUN_MS" -lt 5000 ]; then
	pass "unreachable endpoint: failed fast (${RUN_MS} ms)"
else
	fail "unreachable endpoint took ${RUN_MS} ms"
fi
run_cmd "$COOPGRAPH" load --endpoint "http://127.0.0.1:$closed/x" --retries 1 "$EX"
expect_rc 3 'unreachable endpoint with --retries 1: exit 3'
check_eq 1 "$(printf '%s\n' "$RUN_ERR" | grep -c 'trying again in 1 s')" 'a connection error is retried'

# ---- Virtuoso ----

virtuoso_start "$T/virtuoso" || suite_done
VT_GSP=$VIRTUOSO_HTTP/sparql-graph-crud-auth

load_vt --auth digest "$EX"
expect_rc 0 'Virtuoso: load the examples (digest, password from COOPGRAPH_PASSWORD)'
check_contains "$RUN_OUT" "PUT <$G_ALL>: $N_ALL triples" 'Virtuoso: the load reports the triples'
check_eq "$N_ALL" "$(virtuoso_count "$G_ALL")" 'Virtuoso: the graph holds as many triples as coopgraph rdf --stats counts'
competency_queries 'Virtuoso, one graph' "$G_ALL" 

load_vt "$EX"
expect_rc 0 'Virtuoso: a second --replace load (auth any)'
check_contains "$RUN_OUT" '200 OK' 'Virtuoso: the second PUT replaced an existing graph (200)'
check_eq "$N_ALL" "$(virtuoso_count "$G_ALL")" 'Virtuoso: a second --replace load leaves the count unchanged'

chmod 600 "$T/empty-password"
printf '%s\n' "$VIRTUOSO_PASSWORD" >"$T/password"
chmod 600 "$T/password"
run_cmd "$COOPGRAPH" load --endpoint "$VT_GSP" --user "$VIRTUOSO_USER" --password-file "$T/password" --replace "$EX"
expect_rc 0 'Virtuoso: the password from --password-file'
check_not_contains "$RUN_ERR" 'warning' 'a password file with mode 600 gives no warning'
check_eq "$N_ALL" "$(virtuoso_count "$G_ALL")" 'Virtuoso: still the same count'

COOPGRAPH_PASSWORD=wrong-password run_cmd "$COOPGRAPH" load --endpoint "$VT_GSP" --user "$VIRTUOSO_USER" \
	--graph "$G_ALL" "$DATA/second-dataset.xml"
expect_rc 3 'Virtuoso: wrong password: exit 3'
check_contains "$RUN_ERR" '401 Unauthorized' 'wrong password: the status is reported'
check_contains "$RUN_ERR" 'refused the credentials' 'wrong password: the message says what to check'
check_not_contains "$RUN_ERR$RUN_OUT" 'wrong-password' 'wrong password: the password is not shown'
check_eq "$N_ALL" "$(virtuoso_count "$G_ALL")" 'wrong password: the graph is unchanged'

run_cmd "$COOPGRAPH" load --endpoint "$VT_GSP" "$EX"
expect_rc 3 'Virtuoso: no credentials: exit 3'
check_contains "$RUN_ERR" 'needs authentication' 'no credentials: the message says how to give them'

run_cmd "$COOPGRAPH" load --endpoint "$VIRTUOSO_HTTP/sparql-graph-crud" "$EX"
expect_rc 3 'Virtuoso: the anonymous endpoint refuses writes: exit 3'
check_contains "$RUN_ERR" 'the server answered "HTTP/1.1 403 Forbidden"' 'anonymous endpoint: the status is reported'
check_contains "$RUN_ERR" 'Permission denied' "anonymous endpoint: an excerpt of Virtuoso's answer is reported"
check_contains "$RUN_ERR" 'does not let this user write' 'anonymous endpoint: a hint'

run_cmd "$COOPGRAPH" load --endpoint "$VIRTUOSO_HTTP/no-such-endpoint" "$EX"
expect_rc 3 'Virtuoso: wrong endpoint path: exit 3'
check_contains "$RUN_ERR" 'the server answered "HTTP/1.1 501 Method Not Implemented"' 'wrong endpoint path: the status is reported'
check_contains "$RUN_ERR" 'Graph Store Protocol URL' 'wrong endpoint path: a hint about the endpoint URL'

# --append: the same triples again change nothing (RDF graphs are sets); other triples are added.
load_vt --append "$EX"
expect_rc 0 'Virtuoso: --append of the same data'
check_contains "$RUN_OUT" "POST <$G_ALL>" '--append is a POST'
check_eq "$N_ALL" "$(virtuoso_count "$G_ALL")" '--append of identical triples leaves the count unchanged (set semantics)'
load_vt --append "$DATA/second-dataset.xml"
expect_rc 0 'Virtuoso: --append of a second dataset'
check_eq "$N_UNION" "$(virtuoso_count "$G_ALL")" '--append adds: the graph holds the union of both exports'
load_vt --replace "$EX"
expect_rc 0 'Virtuoso: --replace after the append'
check_eq "$N_ALL" "$(virtuoso_count "$G_ALL")" '--replace takes the appended triples away again'

load_vt --format turtle --graph "${BASE}graph/turtle" "$EX"
expect_rc 0 'Virtuoso: --format turtle'
check_eq "$N_TTL" "$(virtuoso_count "${BASE}graph/turtle")" '--format turtle: the count equals the Turtle export'

# ---- Virtuoso, --graph-per-source ----

virtuoso_isql "SPARQL CLEAR GRAPH <$G_ALL>; SPARQL CLEAR GRAPH <${BASE}graph/turtle>;" >"$T/clear.out" ||
	fail "cannot clear the single graphs: $(cat "$T/clear.out")"
check_eq 0 "$(virtuoso_count "$G_ALL")" 'the single graph is empty before the per-source load'

load_vt --graph-per-source "$EX"
expect_rc 0 'Virtuoso: --graph-per-source'
check_contains "$RUN_OUT" "POST <$G_UNSOURCED>" '--graph-per-source: unsourced facts are added (POST)'
check_contains "$RUN_OUT" "PUT <$G_UMM>" '--graph-per-source: a source graph is replaced (PUT)'
# The expected counts come from the N-Quads export, read by Oxigraph: the named graphs as they are, and the
# default graph (facts no source states) under the unsourced graph's name.
{
	node_tool sparql.mjs --data "$T/examples.nq" \
		--query-text 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g' | tail -n +2
	node_tool sparql.mjs --data "$T/examples.nq" --query-text 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' |
		tail -n +2 | sed "s|^|<$G_UNSOURCED>,|"
} | LC_ALL=C sort >"$T/nq-counts.csv"
[ "$(wc -l <"$T/nq-counts.csv")" -ge 3 ] || fail "expected at least 2 source graphs and the unsourced one: $(cat "$T/nq-counts.csv")"
check_eq "g,n
$(cat "$T/nq-counts.csv")" "$(graph_counts)" '--graph-per-source: each graph holds what the N-Quads export puts in it'
competency_queries 'Virtuoso, per source' "$G_UNSOURCED $G_INI $G_UMM" "$G_UNSOURCED $G_INI $G_UMM"

# Re-loading one changed source replaces its graph and nothing else.
sed -e 's|<acronym>UMMD</acronym>||' \
	-e 's|<name xml:lang="en">University Medicine Magdeburg</name>|<name xml:lang="en">University Medicine Magdeburg (renamed)</name>|' \
	"$EX/magdeburg-hannover.xml" >"$T/magdeburg-hannover.xml"
if cmp -s "$EX/magdeburg-hannover.xml" "$T/magdeburg-hannover.xml"; then
	fail 'the edit of magdeburg-hannover.xml changed nothing (did the example change?)'
fi
"$COOPGRAPH" rdf --format nquads -o "$T/changed.nq" "$T/magdeburg-hannover.xml" || fail 'cannot export the changed source'
n_ini_new=$(node_tool sparql.mjs --data "$T/changed.nq" \
	--query-text "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <$G_INI> { ?s ?p ?o } }" | sed -n '2s/\^\^.*//p')
n_ini_old=$(virtuoso_count "$G_INI")
n_umm_old=$(virtuoso_count "$G_UMM")
n_unsourced_old=$(virtuoso_count "$G_UNSOURCED")
[ "$n_ini_new" -lt "$n_ini_old" ] || fail "the changed source should have fewer triples: $n_ini_new vs $n_ini_old"
load_vt --graph-per-source "$T/magdeburg-hannover.xml"
expect_rc 0 'Virtuoso: re-load one changed source'
check_eq "$n_ini_new" "$(virtuoso_count "$G_INI")" 're-load: the source graph now holds exactly the new export'
check_eq "$n_umm_old" "$(virtuoso_count "$G_UMM")" 're-load: the other source graph is untouched'
check_eq "$n_unsourced_old" "$(virtuoso_count "$G_UNSOURCED")" 're-load: the unsourced facts are all still there'
check_eq 'n
University Medicine Magdeburg (renamed)@en' \
	"$(virtuoso_select "SELECT ?n FROM <$G_INI> WHERE { <${BASE}institution/ummd> <https://schema.org/name> ?n FILTER(lang(?n) = 'en') }")" \
	're-load: the old name is gone, the new one is there'

# ---- the bulk load of docs/loading.md gives the same graphs ----

# Exactly the commands the documentation gives, with another base so that the graphs are new ones.
BULK=https://bulk.example.org/kg/
mkdir -p "$VIRTUOSO_DIR/load"
"$COOPGRAPH" rdf --format nquads --base "$BULK" -o "$VIRTUOSO_DIR/load/coopgraph.nq" "$EX" || fail 'bulk: export'
virtuoso_isql "ld_dir('$VIRTUOSO_DIR/load', 'coopgraph.nq', '${BULK}graph/unsourced'); rdf_loader_run(); checkpoint;" \
	>"$T/bulk.out" || fail "bulk: ld_dir/rdf_loader_run failed: $(cat "$T/bulk.out")"
virtuoso_isql 'SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS NOT NULL;' >"$T/bulk-errors.out"
check_contains "$(cat "$T/bulk-errors.out")" '0 Rows.' 'bulk: the loader reports no errors'
check_eq "g,n
$(sed "s|$BASE|$BULK|" "$T/nq-counts.csv" | LC_ALL=C sort)" \
	"$(virtuoso_select "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), \"$BULK\")) } GROUP BY ?g")" \
	'bulk: ld_dir of the N-Quads export gives the graphs that --graph-per-source gives'

suite_done
