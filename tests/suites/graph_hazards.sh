#!/usr/bin/env bash
# Hostile names, IDs and URLs in `coopgraph graph` (threat notes F1-F10): quotes and DOT syntax,
# <script>, escString sequences (\N \G \l ...), entity references that Graphviz would decode,
# bidi and zero-width characters, `"onmouseover="` smuggled into a URL, user information in a URL,
# a hostile --title. Every view gives well-formed SVG without scripts, event handlers or links other
# than http(s), shows the hostile text literally, drops the hostile links and keeps the good one
# (with '&' escaped); the DOT is valid and holds exactly the nodes and edges we made (no injection);
# PNG and PDF are produced; input with a javascript: website is rejected before anything is drawn.
. "$(dirname "$0")/../lib/common.sh"

require_cmd xmllint node dot gvpr grep
: "${COOPGRAPH:?COOPGRAPH must name the coopgraph binary}"
require_file "$COOPGRAPH"

SRC=$COOP_SOURCE_DIR
H=$SRC/tests/data/graph/hostile.xml
T=$COOP_SCRATCH
require_file "$H"

xpath_count() { # FILE XPATH
	xmllint --xpath "count($2)" "$1" 2>/dev/null
}

# The static safety checks of one SVG file.
svg_is_safe() { # NAME FILE [from-dot]: the dot command writes the DOCTYPE that coopgraph removes
	local name=$1 svg=$2 from_dot=${3:-}
	if xmllint --noout --nonet "$svg" 2>"$T/xmllint.err"; then
		pass "$name: well-formed (xmllint)"
	else
		fail "$name: not well-formed: $(head -n 3 "$T/xmllint.err")"
		return
	fi
	check_eq 0 "$(xpath_count "$svg" "//*[local-name()='script' or local-name()='foreignObject' or local-name()='iframe' or local-name()='image']")" \
		"$name: no script, foreignObject, iframe or image element"
	check_eq 0 "$(xpath_count "$svg" "//@*[starts-with(translate(local-name(),'ON','on'),'on')]")" \
		"$name: no on* event handler attribute"
	check_eq 0 "$(xpath_count "$svg" "//@*[local-name()='href'][not(starts-with(.,'http://') or starts-with(.,'https://'))]")" \
		"$name: every link is http(s)"
	check_eq 0 "$(xpath_count "$svg" "//@*[local-name()='href'][contains(.,'javascript') or contains(.,'onmouseover') or contains(.,'\"')]")" \
		"$name: no link carries javascript, an event handler or a quote"
	local text
	text=$(cat "$svg")
	check_not_contains "$text" "evil.example" "$name: the hostile websites are not linked or shown"
	check_not_contains "$text" $'\u202e' "$name: no RLO (U+202E) character"
	check_not_contains "$text" $'\u200b' "$name: no zero-width space"
	check_not_contains "$text" $'\u2028' "$name: no line separator"
	[ -n "$from_dot" ] || check_not_contains "$text" "<!DOCTYPE" "$name: no DOCTYPE"
}

# ---- every view, as SVG ----

VIEWS=(
	"institutions|--people"
	"rollup-merge|--rollup --merge --by-city"
	"countries|--view countries"
	"ego|--view ego --focus x\"onmouseover=\"alert(1) --depth 2"
	"people|--view people --by-city"
)
for entry in "${VIEWS[@]}"; do
	name=${entry%%|*}
	# the focus ID contains quotes: split on spaces only
	IFS=' ' read -r -a opts <<<"${entry#*|}"
	run_cmd "$COOPGRAPH" graph "${opts[@]}" -o "$T/$name.svg" "$H"
	expect_rc 0 "$name view of the hostile input is drawn"
	svg_is_safe "$name" "$T/$name.svg"
done

S=$T/institutions.svg
check_contains "$(cat "$S")" 'xlink:href="https://example.org/a?b=1&amp;c=2"' \
	"the good website is linked, with & written as &amp;"
check_eq "https://example.org/a?b=1&c=2" \
	"$(xmllint --xpath "string(//*[@id='inst-_3cscript_3ealert_281_29_3c_2fscript_3e']//*[local-name()='a']/@*[local-name()='href'])" "$S" 2>/dev/null)" \
	"the link reads back as the URL (ids are sanitised, the link is kept)"
check_eq 0 "$(xpath_count "$S" "//*[@id='inst-x_22onmouseover_3d_22alert_281_29']//*[local-name()='a'][@*[local-name()='href']]")" \
	"the website with a quote is dropped"
check_eq 0 "$(xpath_count "$S" "//*[@id='inst-escapes']//*[local-name()='a'][@*[local-name()='href']]")" \
	"the website with user information is dropped"
check_eq 0 "$(xpath_count "$S" "//*[@id='inst-bidi']//*[local-name()='a'][@*[local-name()='href']]")" \
	"the website with a bidi control is dropped"
check_contains "$(cat "$S")" '&lt;script&gt;alert(1)&lt;/script&gt;</text>' "<script> is shown as text"
check_contains "$(cat "$S")" 'x&quot; ]; evil</text>' "DOT syntax in a name is shown as text"
check_contains "$(cat "$S")" '\N \G \E \T \H \L \l</text>' "escString sequences are shown literally"
check_contains "$(cat "$S")" 'C:\Net\Lab\G\l</text>' "backslashes are shown literally"
check_contains "$(cat "$S")" 'moc.live &amp;#x202E;</text>' "an entity reference is shown, not decoded"
check_contains "$(cat "$S")" '&amp;lt;b&amp;gt;</text>' "an escaped tag is shown as typed"
check_contains "$(cat "$S")" 'Trailing backslash \</text>' "a trailing backslash stays"
check_contains "$(cat "$S")" 'xlink:title="x&quot; ]; evil [label=&quot;pwn (X&quot;Q)' "the tooltip holds the full name"

# Chromium: the same checks as a browser sees them, the text rendered literally, a click
cat >"$T/hostile.json" <<'EOF'
{"nodes": ["inst-x_22onmouseover_3d_22alert_281_29", "inst-_3cscript_3ealert_281_29_3c_2fscript_3e",
           "inst-escapes", "inst-bidi", "inst-unit_5c", "person-p_26q"],
 "clusters": ["country-DE", "country-AZ", "country-FR"],
 "tooltips": {"inst-escapes": "\\N \\G \\E \\T \\H \\L \\l \\n \\r C:\\Net\\Lab\\G\\l",
              "inst-_3cscript_3ealert_281_29_3c_2fscript_3e": "<script>alert(1)</script>"},
 "links": {"inst-_3cscript_3ealert_281_29_3c_2fscript_3e": "https://example.org/a?b=1&c=2"},
 "click": "inst-_3cscript_3ealert_281_29_3c_2fscript_3e",
 "texts": ["<script>alert(1)</script>", "x\" ]; evil", "[label=\"pwn", "C:\\Net\\Lab\\G\\l", "moc.live &#x202E;",
           "&lt;b&gt;", "<img src=x", "Trailing backslash \\"]}
EOF
if node_tool svg-check.mjs --svg "$S" --expect "$T/hostile.json" >"$T/check.out" 2>&1; then
	pass "Chromium: hostile institutions view ($(grep -c '^ok' "$T/check.out") checks)"
else
	fail "Chromium: hostile institutions view"
	grep -v '^ok' "$T/check.out" | head -n 20 | sed 's/^/    /'
fi
for name in countries people; do
	if node_tool svg-check.mjs --svg "$T/$name.svg" >"$T/check.out" 2>&1; then
		pass "Chromium: hostile $name view"
	else
		fail "Chromium: hostile $name view"
		grep -v '^ok' "$T/check.out" | head -n 20 | sed 's/^/    /'
	fi
done

# ---- a hostile --title ----

TITLE='</title><script>alert(1)</script>"--> \N &#x202E;'
run_cmd "$COOPGRAPH" graph --title "$TITLE" -o "$T/title.svg" "$H"
expect_rc 0 "hostile --title"
svg_is_safe "title" "$T/title.svg"
check_eq "$TITLE" "$(xmllint --xpath "string(/*[local-name()='svg']/*[local-name()='g']/*[local-name()='title'])" "$T/title.svg" 2>/dev/null)" \
	"the title reads back exactly as given"

# ---- DOT: valid, and exactly our nodes and edges ----

run_cmd "$COOPGRAPH" graph --people --format dot -o "$T/hostile.dot" "$H"
expect_rc 0 "DOT of the hostile input"
if dot -Tsvg "$T/hostile.dot" -o "$T/fromdot.svg" 2>"$T/dot.err"; then
	pass "Graphviz's dot reads the DOT"
	svg_is_safe "SVG drawn by dot from our DOT" "$T/fromdot.svg" from-dot
else
	fail "dot rejects the DOT: $(head -n 3 "$T/dot.err")"
fi
gvpr 'N{print($.name)}' "$T/hostile.dot" | sort >"$T/names.txt"
expected_nodes=$(xmllint --xpath "//*[local-name()='g'][contains(concat(' ',@class,' '),' node ')]/*[local-name()='title']/text()" \
	"$S" 2>/dev/null | sed 's/&#45;/-/g' | sort)
check_eq "$expected_nodes" "$(cat "$T/names.txt")" "the DOT has exactly the nodes of the picture (no injected node)"
check_eq 0 "$(grep -c -x -e 'evil' -e 'pwn' "$T/names.txt")" "no node named by the injection attempt"
check_eq "$(xpath_count "$S" "//*[local-name()='g'][contains(concat(' ',@class,' '),' edge ')]")" \
	"$(gvpr 'BEGIN{int n=0} E[$.style!="invis"]{n++} END{print(n)}' "$T/hostile.dot")" \
	"the DOT has exactly the edges of the picture (Graphviz leaves invisible ones out of the SVG)"
check_not_contains "$(cat "$T/hostile.dot")" $'\u202e' "no RLO in the DOT"
check_contains "$(cat "$T/hostile.dot")" 'label="\\N \\G \\E \\T \\H \\L \\l\n\\n \\r C:\\Net\\Lab\\G\\l"' \
	"backslashes are doubled in DOT labels"
check_contains "$(cat "$T/hostile.dot")" 'tooltip="\\\\N \\\\G \\\\E' \
	"and doubled twice in tooltips (Graphviz unescapes those twice)"
check_contains "$(cat "$T/hostile.dot")" 'URL="https://example.org/a?b=1&amp;c=2"' "& is written as &amp; in DOT URLs"

# ---- PNG and PDF ----

run_cmd "$COOPGRAPH" graph --people -o "$T/hostile.png" "$H"
expect_rc 0 "PNG of the hostile input"
check_eq "89504e470d0a1a0a" "$(head -c 8 "$T/hostile.png" | od -An -tx1 | tr -d ' \n')" "PNG signature"
run_cmd "$COOPGRAPH" graph --view people -o "$T/hostile.pdf" "$H"
expect_rc 0 "PDF of the hostile input"
check_eq "%PDF-" "$(head -c 5 "$T/hostile.pdf")" "PDF signature"

# ---- what the schema stops before anything is drawn ----

sed 's#<website>https://example.org/a?b=1&amp;c=2</website>#<website>javascript:alert(1)</website>#' "$H" >"$T/js.xml"
grep -q 'javascript:alert(1)</website>' "$T/js.xml" || die "could not build the javascript: input"
run_cmd "$COOPGRAPH" graph -o "$T/js.svg" "$T/js.xml"
expect_rc 1 "a javascript: website is rejected as input"
[ ! -e "$T/js.svg" ] && pass "nothing is written for rejected input" || fail "output written for rejected input"

suite_done
