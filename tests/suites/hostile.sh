#!/usr/bin/env bash
# Hostile input: one file per hazard (XXE to a local file and to a loopback listener, parameter
# entities, external DTD, XInclude, xsi:schemaLocation, billion laughs, quadratic blow-up, gzip,
# deep nesting, huge attributes and text, many attributes, invalid UTF-8, surrogates, NUL after the
# root, UTF-16, Latin-1, control characters). Each must be rejected with its expected message and
# exit 1, without any network request or read of a local file, and without touching an output file.
. "$(dirname "$0")/../lib/common.sh"
require_cmd "$COOPGRAPH" node gzip strace
S=$COOP_SCRATCH
src="$COOP_SOURCE_DIR/tests/data/hostile"

# A loopback listener that records every request: any hit is a failure.
hits="$S/listener-hits"
: >"$hits"
node -e '
const http = require("http"), fs = require("fs");
const server = http.createServer((req, res) => { fs.appendFileSync(process.argv[1], req.method + " " + req.url + "\n"); res.end("<!ENTITY x \"leak\">"); });
server.listen(0, "127.0.0.1", () => { fs.writeFileSync(process.argv[2], String(server.address().port)); });
' "$hits" "$S/port" &
listener=$!
on_exit "kill $listener 2>/dev/null"
for _ in $(seq 50); do [ -s "$S/port" ] && break; sleep 0.1; done
port=$(cat "$S/port" 2>/dev/null) || die "loopback listener did not start"

mkdir -p "$S/in" "$S/out"
for f in "$src"/*.xml; do
	sed "s/PORT/$port/g" "$f" >"$S/in/$(basename "$f")"
done

# An existing output that must survive every rejected run, and outputs that must not appear.
echo "previous good output" >"$S/out/kept.ttl"
before=$(sha256sum "$S/out/kept.ttl")

check_rejected() { # NAME EXPECTED_ERR_FILE_OR_TEXT
	local name=$1 expected=$2 input="$S/in/$1.xml"
	( cd "$S/in" && run_cmd "$COOPGRAPH" validate "$name.xml"
	  printf '%s\n%s\n' "$RUN_RC" "$RUN_ERR" >"$S/result" )
	local rc err
	rc=$(head -n 1 "$S/result")
	err=$(tail -n +2 "$S/result" | grep -v '^coopgraph: [0-9]* errors\?, ')
	check_eq 1 "$rc" "$name: rejected with exit 1"
	check_eq "$expected" "$err" "$name: expected message"
	# the same input through the writers: nothing created, the old file untouched
	run_cmd "$COOPGRAPH" rdf -o "$S/out/kept.ttl" "$input"
	check_eq 1 "$RUN_RC" "$name: rdf rejects it"
	run_cmd "$COOPGRAPH" graph -o "$S/out/new.svg" "$input"
	check_eq 1 "$RUN_RC" "$name: graph rejects it"
	check_eq "$before" "$(sha256sum "$S/out/kept.ttl")" "$name: existing output unchanged"
	check_eq "kept.ttl" "$(ls -A "$S/out" | tr '\n' ' ' | sed 's/ $//')" "$name: no output or temporary file created"
}

for err in "$src"/*.err; do
	name=$(basename "${err%.err}")
	check_rejected "$name" "$(cat "$err")"
done

# Generated hazards, too big or too binary to keep in the repository.
NS='xmlns="https://w3id.org/coopgraph/ns/1"'
gen() { printf '<?xml version="1.0" encoding="UTF-8"?>\n<coopgraph %s>' "$NS"; }

{ gen; for _ in $(seq 300); do printf '<source>'; done; echo; } >"$S/in/deep-300.xml"
( cd "$S/in" && "$COOPGRAPH" validate deep-300.xml ) >/dev/null 2>"$S/err"; rc=$?
check_eq 1 "$rc" "deep nesting (300): rejected"
check_contains "$(cat "$S/err")" "deep-300.xml:2:2100: error: excessive depth in document: 256" "deep nesting: libxml2's depth limit, located"

{ gen; printf '<source id="'; head -c 11000000 /dev/zero | tr '\0' a; printf '" kind="other"><title>x</title></source></coopgraph>\n'; } >"$S/in/huge-attribute.xml"
( cd "$S/in" && "$COOPGRAPH" validate huge-attribute.xml ) >/dev/null 2>"$S/err"; rc=$?
check_eq 1 "$rc" "huge-attribute (11 MB): rejected"
check_contains "$(cat "$S/err")" "huge-attribute.xml:2:" "huge-attribute: located"
check_eq "huge-attribute.xml:2:10000065: error: attValue length too long" "$(head -n 1 "$S/err")" "huge-attribute: libxml2's limit named, once"

{ gen; printf '<source id="s" kind="other"><title>'; head -c 9000000 /dev/zero | tr '\0' a; printf '</title></source></coopgraph>\n'; } >"$S/in/long-text.xml"
( cd "$S/in" && "$COOPGRAPH" validate long-text.xml ) >/dev/null 2>"$S/err"; rc=$?
check_eq 1 "$rc" "long text (9 MB, under libxml2's limit): rejected"
check_contains "$(cat "$S/err")" "[facet 'maxLength']" "long text: the schema's maxLength applies"

{ gen; printf '<source id="s" kind="other"'; for i in $(seq 100000); do printf ' a%d="1"' "$i"; done; printf '><title>x</title></source></coopgraph>\n'; } >"$S/in/many-attributes.xml"
start=$(date +%s%N)
( cd "$S/in" && "$COOPGRAPH" validate many-attributes.xml ) >/dev/null 2>"$S/err"; rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
check_eq 1 "$rc" "many attributes (100,000): rejected"
check_contains "$(cat "$S/err")" "many-attributes.xml:2:" "many attributes: located"
check_contains "$(cat "$S/err")" "more than 64 attributes on one element" "many attributes: limit named"
echo "    (rejected in $ms ms; libxml2 alone needs about 14 s)"

gzip -c "$COOP_SOURCE_DIR/examples/funders.xml" >"$S/in/compressed.xml"
check_rejected compressed "compressed.xml:1:1: error: compressed input is not accepted; decompress the file first"

# size and count caps say which limit and how to raise it
run_cmd "$COOPGRAPH" validate --max-input-size 1K "$COOP_SOURCE_DIR/examples/mannheim-baku.xml"
expect_rc 1 "--max-input-size: over the cap is rejected"
check_contains "$RUN_ERR" "file is larger than the limit of 1024 bytes (raise it with --max-input-size)" "--max-input-size: message"
run_cmd "$COOPGRAPH" validate --max-entities 3 "$COOP_SOURCE_DIR/examples/"
expect_rc 1 "--max-entities: over the cap is rejected"
check_contains "$RUN_ERR" "more than 3 entities (raise the limit with --max-entities)" "--max-entities: message"

# legal but hostile characters are data: accepted here, neutralised by the writers (their suites)
printf '%s\n<source id="s" kind="other"><title>evil\xe2\x80\xaeRLO \xe2\x80\x8b zero-width \xc2\x85 NEL</title></source></coopgraph>\n' "$(gen)" >"$S/in/bidi.xml"
run_cmd "$COOPGRAPH" validate "$S/in/bidi.xml"
expect_rc 0 "bidi and invisible characters: accepted as data"

# Nothing was fetched: no request reached the listener, no connect() and no read of /etc/passwd.
check_eq "" "$(cat "$hits")" "loopback listener received no request"
for name in xxe-local-file xxe-loopback external-dtd parameter-entity schema-location xinclude; do
	strace -f -e trace=connect,open,openat -o "$S/strace.$name" "$COOPGRAPH" validate "$S/in/$name.xml" >/dev/null 2>&1
	check_eq "" "$(grep -E 'connect\(|/etc/passwd|evil' "$S/strace.$name" | grep -v 'ENOENT.*nscd' || true)" \
		"$name: no network connection and no file opened on its behalf"
done

suite_done
