#!/usr/bin/env bash
# Checks schemas/coopgraph-1.xsd against the sample files in tests/xsd:
#   - examples/*.xml and tests/xsd/good/*.xml must validate;
#   - every tests/xsd/bad/*.xml must be rejected, and for the reason written in its
#     "<!-- expect: ... -->" line (so a bad file cannot pass by failing on some other mistake);
#   - the xml examples in docs/input-language.md must validate;
#   - every element, attribute and named type in the schema carries xs:annotation/xs:documentation.
# Each file goes through xmllint and, when a C compiler and libxml2's headers are available, through
# sax_check.c, which validates the way coopgraph does (schema compiled from memory, SAX stream,
# nothing loaded but the XML namespace schema).
#
# The XML namespace schema that coopgraph-1.xsd imports from http://www.w3.org/2001/xml.xsd is
# mapped to a local copy (tests/xsd/xml.xsd, or schemas/xml.xsd once it lives there) by the
# catalog next to it, and --nonet keeps everything offline.
#
# Usage: tests/xsd/check.sh   (from anywhere; exit 0 when every check passed)
# Environment: COOP_SOURCE_DIR (default: two levels above this script), COOP_TMP (scratch directory),
#              CC (default cc), SAX_CHECK=0 to skip the SAX cross-check.
set -u

here=$(cd "$(dirname "$0")" && pwd)
src=${COOP_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
schema="$src/schemas/coopgraph-1.xsd"
# The XML namespace schema and its catalog live here; if they move next to the schema (for
# embedding), that copy wins.
if [ -f "$src/schemas/xml.xsd" ] && [ -f "$src/schemas/catalog.xml" ]; then
	xmlns_schema="$src/schemas/xml.xsd"
	export XML_CATALOG_FILES="$src/schemas/catalog.xml"
else
	xmlns_schema="$here/xml.xsd"
	export XML_CATALOG_FILES="$here/catalog.xml"
fi
ns='https://w3id.org/coopgraph/ns/1'

tmp=${COOP_TMP:-}
own_tmp=0
if [ -z "$tmp" ]; then
	tmp=$(mktemp -d)
	own_tmp=1
fi
mkdir -p "$tmp"
cleanup() { if [ "$own_tmp" = 1 ]; then rm -rf "$tmp"; fi; }
trap cleanup EXIT

failures=0
checks=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

if ! command -v xmllint >/dev/null 2>&1; then
	echo "check.sh: xmllint not found (Debian: apt-get install libxml2-utils)" >&2
	exit 2
fi

# --- the product's validation path, if it can be built -------------------------------------
sax=""
if [ "${SAX_CHECK:-1}" != 0 ] && command -v "${CC:-cc}" >/dev/null 2>&1 &&
	pkg-config --exists libxml-2.0 2>/dev/null; then
	# shellcheck disable=SC2046  # pkg-config output is meant to split into words
	if "${CC:-cc}" -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
		$(pkg-config --cflags libxml-2.0) "$here/sax_check.c" -o "$tmp/sax_check" \
		$(pkg-config --libs libxml-2.0); then
		sax="$tmp/sax_check"
	else
		fail "sax_check.c does not build"
	fi
else
	echo "note: no C compiler or libxml2 headers: skipping the SAX cross-check"
fi

# --- the schema itself ----------------------------------------------------------------------
checks=$((checks + 1))
if ! xmllint --nonet --noout "$schema"; then
	fail "schema is not well-formed XML"
fi
checks=$((checks + 1))
undocumented=$(xmllint --nonet --xpath "count(
	//*[namespace-uri()='http://www.w3.org/2001/XMLSchema']
	   [local-name()='element' or local-name()='attribute' or local-name()='attributeGroup'
	    or ((local-name()='simpleType' or local-name()='complexType') and @name)]
	   [not(*[local-name()='annotation']/*[local-name()='documentation'][normalize-space()])])" \
	"$schema" 2>&1)
if [ "$undocumented" != 0 ]; then
	fail "$undocumented element/attribute/type declarations have no xs:documentation"
fi
checks=$((checks + 1))
forbidden=$(grep -cE '<xs:(include|redefine|key|keyref|unique|anyAttribute|any)[ >/]|type="xs:(ID|IDREF|IDREFS)"' "$schema")
if [ "$forbidden" != 0 ]; then
	fail "schema uses include/redefine, identity constraints, wildcards or xs:ID/IDREF ($forbidden lines)"
fi

# --- validation -----------------------------------------------------------------------------
# Prints xmllint's messages with the coopgraph namespace shortened to "cg:", and returns its status.
run_xmllint() {
	xmllint --nonet --noout --schema "$schema" "$1" 2>&1 | sed "s|{$ns}|cg:|g"
	return "${PIPESTATUS[0]}"
}

run_sax() {
	"$sax" "$schema" "$xmlns_schema" "$1" 2>"$tmp/sax.err"
}

good_files=("$src"/examples/*.xml "$here"/good/*.xml)
bad_files=("$here"/bad/*.xml)

# The xml blocks of docs/input-language.md must be valid too; fragments get a root (and a
# signatory an agreement) around them.
docs="$src/docs/input-language.md"
if [ -f "$docs" ]; then
	mkdir -p "$tmp/docs"
	awk -v dir="$tmp/docs" '
		/^```xml$/ { n++; file = sprintf("%s/snippet-%02d.xml", dir, n); inside = 1; next }
		/^```$/ && inside { inside = 0; close(file); next }
		inside { print > file }
	' "$docs"
	for f in "$tmp"/docs/snippet-*.xml; do
		[ -e "$f" ] || { fail "no xml examples found in docs/input-language.md"; break; }
		if grep -q '<coopgraph' "$f"; then
			continue
		elif grep -q '^<signatory' "$f"; then
			{ echo "<coopgraph xmlns=\"$ns\"><agreement id=\"x\" kind=\"cooperation\"><party ref=\"a\"/><party ref=\"b\"/>"
			  cat "$f"; echo "</agreement></coopgraph>"; } >"$f.tmp"
		else
			{ echo "<coopgraph xmlns=\"$ns\">"; cat "$f"; echo "</coopgraph>"; } >"$f.tmp"
		fi
		mv "$f.tmp" "$f"
	done
	good_files+=("$tmp"/docs/snippet-*.xml)
else
	fail "docs/input-language.md not found"
fi

if [ "${#bad_files[@]}" -lt 12 ] || [ ! -e "${bad_files[0]}" ]; then
	fail "expected at least 12 files in tests/xsd/bad, found ${#bad_files[@]}"
fi

for f in "${good_files[@]}"; do
	[ -e "$f" ] || { fail "no file matches $f"; continue; }
	name=${f#"$src"/}
	name=${name/#"$tmp"\/docs\//docs\/input-language.md example }
	checks=$((checks + 1))
	out=$(run_xmllint "$f")
	status=$?
	if [ "$status" != 0 ]; then
		fail "$name rejected by xmllint (exit $status):"
		printf '%s\n' "$out" | head -5 | cut -c1-300
	fi
	if [ -n "$sax" ]; then
		checks=$((checks + 1))
		run_sax "$f"
		status=$?
		if [ "$status" != 0 ]; then
			fail "$name rejected by sax_check (exit $status):"
			head -5 "$tmp/sax.err" | cut -c1-300
		fi
	fi
done

for f in "${bad_files[@]}"; do
	[ -e "$f" ] || continue
	name=${f#"$src"/}
	expect=$(sed -n 's/^<!-- expect: \(.*\) -->$/\1/p' "$f")
	if [ -z "$expect" ]; then
		fail "$name has no <!-- expect: ... --> line"
		continue
	fi
	checks=$((checks + 1))
	out=$(run_xmllint "$f")
	status=$?
	if [ "$status" = 0 ]; then
		fail "$name accepted by xmllint"
	elif [ "$status" != 3 ] && [ "$status" != 4 ]; then
		fail "$name: xmllint exit $status, not a validation failure:"
		printf '%s\n' "$out" | head -5 | cut -c1-300
	elif ! grep -qF -- "$expect" <<<"$out"; then
		fail "$name rejected for another reason than \"$expect\":"
		printf '%s\n' "$out" | head -5 | cut -c1-300
	fi
	if [ -n "$sax" ]; then
		checks=$((checks + 1))
		run_sax "$f"
		status=$?
		if [ "$status" = 0 ]; then
			fail "$name accepted by sax_check"
		elif [ "$status" != 1 ]; then
			fail "$name: sax_check setup failure (exit $status):"
			head -5 "$tmp/sax.err" | cut -c1-300
		elif ! sed "s|{$ns}|cg:|g" "$tmp/sax.err" | grep -qF -- "$expect"; then
			fail "$name rejected by sax_check for another reason than \"$expect\":"
			head -5 "$tmp/sax.err" | cut -c1-300
		fi
	fi
done

echo "xsd checks: ${#good_files[@]} good files, ${#bad_files[@]} bad files, $checks checks, $failures failed${sax:+ (xmllint and sax_check)}"
[ "$failures" = 0 ]
