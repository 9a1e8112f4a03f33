# shellcheck shell=bash
# A throw-away Virtuoso 7 (Debian package virtuoso-opensource-7-bin) for tests, on 127.0.0.1 only.
#   . "$COOP_SOURCE_DIR/tests/lib/virtuoso.sh"      (sources common.sh if needed)
#   virtuoso_start "$COOP_SCRATCH/virtuoso" || suite_done
#   virtuoso_put_graph http://example.org/g data.ttl text/turtle
#   virtuoso_select 'SELECT ?s FROM <http://example.org/g> WHERE { ?s ?p ?o }'     # prints coop-csv
#   virtuoso_count http://example.org/g                                             # prints a number
# It is stopped by an EXIT handler (also when the suite fails or is interrupted), or by virtuoso_stop.
# Virtuoso quirks this file works around (see tests/lib/README.md):
#  - a POST with Content-Type application/sparql-query never answers: queries are form-encoded;
#  - ASK answers as a one-row SELECT of ?__ASK_RETVAL: sparql-json-to-csv.mjs turns it into a boolean;
#  - a query without FROM/GRAPH also sees ~2,500 system triples: always name the graph;
#  - isql-vt exits 0 when a statement fails: virtuoso_isql looks for "*** Error" itself;
#  - a PUT that fails half-way leaves a half-loaded graph: validate files before loading them.

if [ -z "${COOP_COMMON_LOADED:-}" ]; then
	# shellcheck source-path=SCRIPTDIR source=common.sh
	. "$(dirname "${BASH_SOURCE[0]}")/common.sh"
fi

VIRTUOSO_USER=dba
VIRTUOSO_PASSWORD=dba

# curl must never go through a proxy from the environment to reach 127.0.0.1.
coop_curl() {
	curl --noproxy '*' --silent --show-error "$@"
}

coop_urlencode() {
	local LC_ALL=C
	local s=$1 out='' c i
	for ((i = 0; i < ${#s}; i++)); do
		c=${s:i:1}
		case $c in
		[a-zA-Z0-9.~_-]) out+=$c ;;
		*) printf -v c '%%%02X' "'$c"; out+=$c ;;
		esac
	done
	printf '%s' "$out"
}

# A port is free if nothing accepts a connection on it (bash /dev/tcp; refused immediately when free).
coop_port_free() {
	! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

coop_random_free_port() {
	local port _
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		port=$((20000 + RANDOM % 40000))
		if coop_port_free "$port"; then
			printf '%s' "$port"
			return 0
		fi
	done
	return 1
}

coop_virtuoso_write_ini() {
	local dir=$1 sql_port=$2 http_port=$3
	cat >"$dir/virtuoso.ini" <<EOF
; Written by tests/lib/virtuoso.sh for one test run; everything lives in $dir.
[Database]
DatabaseFile         = $dir/db/virtuoso.db
ErrorLogFile         = $dir/virtuoso.log
LockFile             = $dir/db/virtuoso.lck
TransactionFile      = $dir/db/virtuoso.trx
xa_persistent_file   = $dir/db/virtuoso.pxa
ErrorLogLevel        = 7
FileExtend           = 200
MaxCheckpointRemap   = 2000
Striping             = 0
TempStorage          = TempDatabase

[TempDatabase]
DatabaseFile         = $dir/db/virtuoso-temp.db
TransactionFile      = $dir/db/virtuoso-temp.trx
MaxCheckpointRemap   = 2000
Striping             = 0

[Parameters]
; host:port binds the loopback interface only
ServerPort           = 127.0.0.1:$sql_port
DisableUnixSocket    = 1
LiteMode             = 0
ServerThreads        = 10
CheckpointInterval   = 0
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = $dir
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 256M

[HTTPServer]
ServerPort           = 127.0.0.1:$http_port
ServerRoot           = $dir/vsp
MaxClientConnections = 4
ServerThreads        = 4
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
MaxKeepAlives        = 4
KeepAliveTimeout     = 10
Charset              = UTF-8

[AutoRepair]
BadParentLinks       = 0

[Client]
SQL_PREFETCH_ROWS    = 100
SQL_PREFETCH_BYTES   = 16000
SQL_QUERY_TIMEOUT    = 0
SQL_TXN_TIMEOUT      = 0

[SPARQL]
ResultSetMaxRows           = 1000000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 60
EOF
}

# virtuoso_start DIR: fresh database in DIR (created; must be empty or absent), waits until /sparql answers.
# Exports VIRTUOSO_HTTP, VIRTUOSO_SQL_PORT, VIRTUOSO_PID, VIRTUOSO_DIR. Returns 1 (after fail + log) if it
# does not come up within 60 s.
virtuoso_start() {
	local dir=$1 attempt sql_port http_port pid started deadline
	require_cmd virtuoso-t isql-vt curl
	if [ -n "${VIRTUOSO_PID:-}" ]; then
		fail "virtuoso_start: already running (pid $VIRTUOSO_PID)"
		return 1
	fi
	if ! mkdir -p -- "$dir" || ! dir=$(cd "$dir" && pwd); then
		fail "virtuoso_start: cannot create $dir"
		return 1
	fi
	for attempt in 1 2 3; do
		rm -rf -- "$dir/db" "$dir/vsp" "$dir/virtuoso.log" "$dir/virtuoso.stdout"
		mkdir -p -- "$dir/db" "$dir/vsp"
		if ! sql_port=$(coop_random_free_port) || ! http_port=$(coop_random_free_port); then
			fail 'virtuoso_start: no free port found'
			return 1
		fi
		[ "$sql_port" != "$http_port" ] || continue
		coop_virtuoso_write_ini "$dir" "$sql_port" "$http_port"
		started=$SECONDS
		(cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini") >"$dir/virtuoso.stdout" 2>&1 &
		pid=$!
		VIRTUOSO_PID=$pid
		VIRTUOSO_DIR=$dir
		VIRTUOSO_HTTP="http://127.0.0.1:$http_port"
		VIRTUOSO_SQL_PORT=$sql_port
		export VIRTUOSO_PID VIRTUOSO_DIR VIRTUOSO_HTTP VIRTUOSO_SQL_PORT
		if [ -z "${COOP_VIRTUOSO_HANDLER:-}" ]; then
			on_exit virtuoso_stop
			COOP_VIRTUOSO_HANDLER=1
		fi
		coop_virtuoso_watchdog "$pid"
		deadline=$((SECONDS + 60))
		while [ "$SECONDS" -lt "$deadline" ]; do
			if coop_curl -f -o /dev/null --max-time 2 "$VIRTUOSO_HTTP/sparql?query=ASK%7B%7D" 2>/dev/null; then
				printf 'virtuoso: up on %s (SQL port %s) after %ss, pid %s\n' "$VIRTUOSO_HTTP" "$sql_port" \
					$((SECONDS - started)) "$pid"
				return 0
			fi
			if ! coop_pid_running "$pid"; then
				break
			fi
			sleep 0.2
		done
		if coop_pid_running "$pid"; then
			fail "virtuoso_start: /sparql did not answer within 60 s"
			coop_virtuoso_show_log
			virtuoso_stop
			return 1
		fi
		# It exited: most likely a port taken between our check and its bind. Try other ports.
		wait "$pid" 2>/dev/null
		printf 'virtuoso: exited during start (attempt %s); log:\n' "$attempt"
		coop_virtuoso_show_log
		VIRTUOSO_PID=
	done
	fail 'virtuoso_start: Virtuoso exited during start 3 times'
	return 1
}

coop_virtuoso_show_log() {
	local f
	for f in "$VIRTUOSO_DIR/virtuoso.log" "$VIRTUOSO_DIR/virtuoso.stdout"; do
		[ -f "$f" ] && tail -n 40 "$f" | sed "s/^/    ${f##*/}: /"
	done
}

# Running and not a zombie: once the suite is gone nobody may reap Virtuoso, and kill -0 succeeds on a zombie.
coop_pid_running() {
	local stat
	if [ -r "/proc/$1/stat" ]; then
		stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
		stat=${stat##*) }
		[ "${stat%% *}" != Z ]
	else
		kill -0 "$1" 2>/dev/null
	fi
}

# If the suite itself is killed (SIGKILL, e.g. a ctest timeout), no trap runs: this stops Virtuoso then.
coop_virtuoso_watchdog() {
	local vpid=$1 suite_pid=$$
	(
		while coop_pid_running "$suite_pid" && coop_pid_running "$vpid"; do
			sleep 1
		done
		if coop_pid_running "$vpid"; then
			kill -TERM "$vpid" 2>/dev/null
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				coop_pid_running "$vpid" || exit 0
				sleep 1
			done
			kill -KILL "$vpid" 2>/dev/null
		fi
	) </dev/null >/dev/null 2>&1 &
	COOP_VIRTUOSO_WATCHDOG=$!
}

# SIGTERM is Virtuoso's "quick shutdown" (no checkpoint; the database is thrown away anyway).
virtuoso_stop() {
	local pid=${VIRTUOSO_PID:-} i
	if [ -n "${COOP_VIRTUOSO_WATCHDOG:-}" ]; then
		kill "$COOP_VIRTUOSO_WATCHDOG" 2>/dev/null
		wait "$COOP_VIRTUOSO_WATCHDOG" 2>/dev/null
		COOP_VIRTUOSO_WATCHDOG=
	fi
	[ -n "$pid" ] || return 0
	VIRTUOSO_PID=
	if kill -TERM "$pid" 2>/dev/null; then
		for ((i = 0; i < 100; i++)); do
			coop_pid_running "$pid" || break
			sleep 0.1
		done
		if coop_pid_running "$pid"; then
			printf 'virtuoso: no exit 10 s after SIGTERM, sending SIGKILL\n'
			kill -KILL "$pid" 2>/dev/null
		fi
	fi
	wait "$pid" 2>/dev/null
	return 0
}

# virtuoso_put_graph GRAPH FILE CONTENT_TYPE: Graph Store Protocol PUT (replaces the graph), digest auth.
virtuoso_put_graph() {
	local graph=$1 file=$2 content_type=$3 code body="$VIRTUOSO_DIR/put.body"
	[ -f "$file" ] || { printf 'virtuoso_put_graph: %s not found\n' "$file" >&2; return 1; }
	code=$(coop_curl --digest -u "$VIRTUOSO_USER:$VIRTUOSO_PASSWORD" -H "Content-Type: $content_type" -H 'Expect:' \
		--upload-file "$file" -o "$body" -w '%{http_code}' \
		"$VIRTUOSO_HTTP/sparql-graph-crud-auth?graph-uri=$(coop_urlencode "$graph")") || code=000
	case $code in
	2??) return 0 ;;
	*)
		printf 'virtuoso_put_graph: HTTP %s for PUT %s into <%s>\n' "$code" "$file" "$graph" >&2
		head -c 2000 "$body" >&2 2>/dev/null
		return 1
		;;
	esac
}

# virtuoso_select QUERY [--ordered]: runs a SELECT/ASK; prints the result in coop-csv (tests/node/README.md).
virtuoso_select() {
	local query=$1 code body="$VIRTUOSO_DIR/select.json"
	shift
	# Form-encoded POST: with Content-Type application/sparql-query Virtuoso never answers (issue 842).
	code=$(coop_curl -X POST -H 'Accept: application/sparql-results+json' --data-urlencode "query=$query" \
		-o "$body" -w '%{http_code}' --max-time 120 "$VIRTUOSO_HTTP/sparql") || code=000
	case $code in
	2??) node_tool sparql-json-to-csv.mjs "$@" <"$body" ;;
	*)
		printf 'virtuoso_select: HTTP %s\n' "$code" >&2
		head -c 2000 "$body" >&2 2>/dev/null
		return 1
		;;
	esac
}

# virtuoso_query_file QUERY_FILE [curl args...]: runs the query in a file, with any SPARQL protocol
# parameters as extra curl arguments (e.g. --data-urlencode default-graph-uri=IRI, so that no other
# graph in the store takes part); prints coop-csv, or "HTTP code" and the body, returning 1.
virtuoso_query_file() {
	local query=$1 code body="$VIRTUOSO_DIR/query.json"
	shift
	code=$(coop_curl -X POST -H 'Accept: application/sparql-results+json' --data-urlencode "query@$query" "$@" \
		-o "$body" -w '%{http_code}' --max-time 120 "$VIRTUOSO_HTTP/sparql") || code=000
	case $code in
	2??) node_tool sparql-json-to-csv.mjs <"$body" ;;
	*)
		printf 'HTTP %s\n' "$code"
		head -c 2000 "$body"
		return 1
		;;
	esac
}

# virtuoso_count GRAPH: number of triples in GRAPH.
virtuoso_count() {
	local csv
	csv=$(virtuoso_select "SELECT (COUNT(*) AS ?n) FROM <$1> WHERE { ?s ?p ?o }") || return 1
	csv=$(printf '%s\n' "$csv" | sed -n '2p')
	printf '%s\n' "${csv%%^^*}"
}

# virtuoso_isql SQL: runs SQL as dba; fails if any statement reports an error (isql-vt itself exits 0).
virtuoso_isql() {
	local out rc
	out=$(isql-vt "127.0.0.1:$VIRTUOSO_SQL_PORT" "$VIRTUOSO_USER" "$VIRTUOSO_PASSWORD" exec="$1" </dev/null 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ "$rc" -ne 0 ] || printf '%s\n' "$out" | grep -q '^\*\*\* Error'; then
		return 1
	fi
	return 0
}
