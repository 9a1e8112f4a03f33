#!/usr/bin/env bash
# `coopgraph graph` on the examples and on generated data: the DOT of every view matches its golden
# file byte for byte (and Graphviz's own `dot` turns it into the same SVG that coopgraph renders),
# output is deterministic and independent of the input order, every SVG is well-formed and passes
# the Chromium checks of tests/node/svg-check.mjs (nodes, edges, clusters, tooltips, links, a click
# that follows a link, a screenshot that is not blank), PNG and PDF come out with UTF-8 text, the
# filters change what is drawn as they should, the documented pictures in docs/ are what the
# documented commands draw, and the 200-country case is drawn in bounded time while a layout that
# runs too long is stopped with advice and exit code 3.
#
# COOP_UPDATE_GOLDEN=1 rewrites tests/golden/graph/*.dot instead of comparing (read the diff!).
. "$(dirname "$0")/../lib/common.sh"

require_cmd xmllint node dot python3 cmp sort grep
: "${COOPGRAPH:?COOPGRAPH must name the coopgraph binary}"
require_file "$COOPGRAPH"

SRC=$COOP_SOURCE_DIR
EX=$SRC/examples
GOLDEN=$SRC/tests/golden/graph
T=$COOP_SCRATCH
BASE=https://example.org/coopgraph/

# name|options: one golden DOT per case, drawn from examples/
CASES=(
	"institutions|"
	"institutions-rollup-merge|--lang en --rollup --merge"
	"institutions-by-city-people|--lang en --by-city --people"
	"countries|--view countries"
	"ego-umm|--focus umm --depth 2"
	"people|--view people --lang en"
	"as-of-2023|--as-of 2023-06-01 --base $BASE"
)

# The SVG without the lines Graphviz writes in a different order after re-reading DOT.
sorted_svg() {
	sed '/<!DOCTYPE/,/svg11.dtd">/d' "$1" | sort
}

xpath_count() { # FILE XPATH
	xmllint --xpath "count($2)" "$1" 2>/dev/null
}

ids_of() { # SVG: the id attributes in document order
	grep -o ' id="[^"]*"' "$1"
}

# ---- golden DOT, the same picture from DOT, determinism ----

for case in "${CASES[@]}"; do
	name=${case%%|*}
	read -r -a opts <<<"${case#*|}"
	run_cmd "$COOPGRAPH" graph --format dot "${opts[@]}" -o "$T/$name.dot" "$EX"
	expect_rc 0 "$name: DOT written"
	if [ "${COOP_UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLDEN" && cp "$T/$name.dot" "$GOLDEN/$name.dot"
		pass "$name: golden DOT rewritten"
	else
		check_file_eq "$GOLDEN/$name.dot" "$T/$name.dot" "$name: DOT matches tests/golden/graph/$name.dot"
	fi
	"$COOPGRAPH" graph --format dot "${opts[@]}" "$EX" >"$T/$name.again.dot" 2>/dev/null
	check_file_eq "$T/$name.dot" "$T/$name.again.dot" "$name: DOT is the same on a second run (stdout)"

	run_cmd "$COOPGRAPH" graph "${opts[@]}" -o "$T/$name.svg" "$EX"
	expect_rc 0 "$name: SVG written"
	if xmllint --noout --nonet "$T/$name.svg" 2>"$T/xmllint.err"; then
		pass "$name: SVG is well-formed (xmllint)"
	else
		fail "$name: SVG is not well-formed: $(head -n 3 "$T/xmllint.err")"
	fi
	"$COOPGRAPH" graph "${opts[@]}" -o "$T/$name.again.svg" "$EX" 2>/dev/null
	check_file_eq "$T/$name.svg" "$T/$name.again.svg" "$name: SVG is the same on a second run"
	if dot -Tsvg "$T/$name.dot" -o "$T/$name.fromdot.svg" 2>"$T/dot.err"; then
		check_eq "$(sorted_svg "$T/$name.svg")" "$(sorted_svg "$T/$name.fromdot.svg")" \
			"$name: Graphviz's dot draws the same SVG from the DOT"
	else
		fail "$name: dot rejects the DOT: $(head -n 3 "$T/dot.err")"
	fi
done

# the order of the input files does not matter
mkdir -p "$T/shuffled"
cp "$EX/mannheim-baku.xml" "$T/shuffled/a.xml"
cp "$EX/magdeburg-hannover.xml" "$T/shuffled/b.xml"
cp "$EX/funders.xml" "$T/shuffled/c.xml"
"$COOPGRAPH" graph --format dot "$T/shuffled" >"$T/shuffled.dot" 2>/dev/null
check_file_eq "$T/institutions.dot" "$T/shuffled.dot" "DOT does not depend on the order of the input files"

# ---- what the SVG holds ----

S=$T/institutions.svg
check_eq 7 "$(xpath_count "$S" "//*[local-name()='g'][contains(concat(' ',@class,' '),' institution ')]")" \
	"institutions view: 7 institution nodes (the DAAD and UKMM take part in no agreement)"
check_eq 3 "$(xpath_count "$S" "//*[local-name()='g'][contains(concat(' ',@class,' '),' agreement ')]")" \
	"institutions view: 3 agreement edges"
check_eq 2 "$(xpath_count "$S" "//*[local-name()='g'][contains(concat(' ',@class,' '),' cross-border ')]")" \
	"institutions view: 2 cross-border edges"
check_eq "edge agreement kind-letter-of-intent status-signed cross-border" \
	"$(xmllint --xpath "string(//*[@id='agr-umm-yeni-klinika-loi']/@class)" "$S" 2>/dev/null)" \
	"edge classes of the letter of intent"
check_eq "node institution kind-university-hospital country-DE" \
	"$(xmllint --xpath "string(//*[@id='inst-umm']/@class)" "$S" 2>/dev/null)" "node classes of UMM"
check_eq "cluster country-AZ" "$(xmllint --xpath "string(//*[@id='country-AZ']/@class)" "$S" 2>/dev/null)" \
	"cluster classes of Azerbaijan"
check_eq "Cooperation partners by country" \
	"$(xmllint --xpath "string(/*[local-name()='svg']/*[local-name()='g']/*[local-name()='title'])" "$S" 2>/dev/null)" \
	"the SVG has a <title>"
check_contains "$(head -c 600 "$S")" 'viewBox="' "the SVG scales (viewBox)"
check_not_contains "$(cat "$S")" "<!DOCTYPE" "no DOCTYPE (no external DTD reference)"
check_contains "$(cat "$S")" 'xlink:title="funded project, active, from 2020 (P4Y): Partnerschaft' \
	"edge tooltip names the agreement and its dates"
check_contains "$(cat "$S")" 'Source: UMM kooperiert mit Klinik in Aserbaidshan (press release, 2022&#45;12&#45;12)' \
	"edge tooltip names the source"
check_contains "$(cat "$S")" "Azərbaycan Tibb" "UTF-8 (Azerbaijani ə) in the SVG text"
check_contains "$(cat "$S")" "Universitätsmedizin" "UTF-8 (umlaut) in the SVG text"
check_contains "$(cat "$T/institutions-by-city-people.svg")" "Reißfelder" "UTF-8 (ß) in the SVG text"
check_eq 0 "$(xpath_count "$S" "//*[local-name()='a'][@*[local-name()='href']]")" \
	"without websites and without --base nothing is linked"

# ---- Chromium: nodes, edges, clusters, tooltips, links, a click, a screenshot ----

run_cmd "$COOPGRAPH" graph --base "$BASE" -o "$T/linked.svg" "$EX"
expect_rc 0 "institutions view with --base"
cat >"$T/linked.json" <<'EOF'
{"nodes": ["inst-umm", "inst-umm-surgery", "inst-yeni-klinika", "inst-amu", "inst-amu-surgical-training",
           "inst-ummd", "inst-ini"],
 "edges": ["agr-umm-yeni-klinika-loi", "agr-umm-amu-surgery-pagel", "agr-ummd-ini-cooperation",
           "partof-umm-surgery"],
 "clusters": ["country-DE", "country-AZ", "group-umm", "group-amu", "legend"],
 "tooltips": {"inst-umm": "Universitätsmedizin Mannheim (UMM)\nuniversity hospital\nMannheim, Germany (DE)",
              "inst-amu": "Azərbaycan Tibb Universiteti (AMU)\nuniversity\nBaku, Azerbaijan (AZ)",
              "inst-ini": "International Neuroscience Institute Hannover (INI)"},
 "links": {"inst-umm": "https://example.org/coopgraph/institution/umm",
           "inst-yeni-klinika": "https://example.org/coopgraph/institution/yeni-klinika"},
 "click": ["inst-umm", "inst-yeni-klinika"],
 "texts": ["Germany (DE)", "Azerbaijan (AZ)", "Yeni Klinika", "Legend", "letter of intent"]}
EOF
if node_tool svg-check.mjs --svg "$T/linked.svg" --expect "$T/linked.json" --screenshot "$T/linked.png" \
	>"$T/check.out" 2>&1; then
	pass "Chromium: institutions view ($(grep -c '^ok' "$T/check.out") checks)"
else
	fail "Chromium: institutions view"
	grep -v '^ok' "$T/check.out" | head -n 20 | sed 's/^/    /'
fi

cat >"$T/countries.json" <<'EOF'
{"nodes": ["country-DE", "country-AZ", "legend-notes"], "edges": ["link-country-AZ__country-DE"],
 "tooltips": {"country-DE": "Germany (DE)\n3 institutions\n2 cross-border agreements\n1 domestic agreement",
              "country-AZ": "2 cross-border agreements"},
 "links": {"country-DE": "https://www.wikidata.org/wiki/Q183"},
 "click": "country-AZ",
 "texts": ["Germany", "Azerbaijan"]}
EOF
if node_tool svg-check.mjs --svg "$T/countries.svg" --expect "$T/countries.json" >"$T/check.out" 2>&1; then
	pass "Chromium: country view ($(grep -c '^ok' "$T/check.out") checks)"
else
	fail "Chromium: country view"
	grep -v '^ok' "$T/check.out" | head -n 20 | sed 's/^/    /'
fi

cat >"$T/people.json" <<'EOF'
{"nodes": ["person-hennes", "person-reissfelder", "person-heinze", "person-nickl-jockschat", "person-a-samii",
           "person-m-samii", "inst-bsu", "inst-ummd-psychiatry"],
 "edges": ["role-reissfelder__inst-bsu", "role-m-samii__inst-ini"],
 "clusters": ["country-DE", "country-AZ"],
 "tooltips": {"person-hennes": "Prof. Dr. med. Hans-Jürgen Hennes\nMedical Director, University Medicine Mannheim"},
 "texts": ["Christoph Reißfelder", "Baku State"]}
EOF
if node_tool svg-check.mjs --svg "$T/people.svg" --expect "$T/people.json" >"$T/check.out" 2>&1; then
	pass "Chromium: people view ($(grep -c '^ok' "$T/check.out") checks)"
else
	fail "Chromium: people view"
	grep -v '^ok' "$T/check.out" | head -n 20 | sed 's/^/    /'
fi

# ---- PNG and PDF ----

run_cmd "$COOPGRAPH" graph -o "$T/map.png" "$EX"
expect_rc 0 "PNG chosen by the .png extension"
check_eq "89504e470d0a1a0a" "$(head -c 8 "$T/map.png" | od -An -tx1 | tr -d ' \n')" "PNG signature"
size=$(wc -c <"$T/map.png")
[ "$size" -gt 10000 ] && pass "PNG is not empty ($size bytes)" || fail "PNG has only $size bytes"
run_cmd "$COOPGRAPH" graph --format pdf --lang en -o "$T/map.out" "$EX"
expect_rc 0 "PDF chosen by --format"
check_eq "%PDF-" "$(head -c 5 "$T/map.out")" "PDF signature"
check_contains "$(grep -a -o 'DejaVuSans[A-Za-z-]*' "$T/map.out" | sort -u | tr '\n' ' ')" "DejaVuSans" \
	"PDF embeds the font with the UTF-8 glyphs"
"$COOPGRAPH" graph --view countries --format png -o - "$EX" >"$T/stdout.png" 2>/dev/null
check_eq "0:89504e470d0a1a0a" "$?:$(head -c 8 "$T/stdout.png" | od -An -tx1 | tr -d ' \n')" "PNG to standard output"

# ---- filters change what is drawn ----

agreements_in() { # OPTIONS...: the ids of the agreement edges drawn, sorted, on one line
	"$COOPGRAPH" graph "$@" -o "$T/filter.svg" "$EX" 2>"$T/filter.err" || { echo "exit $?"; return; }
	xmllint --xpath "//*[local-name()='g'][contains(concat(' ',@class,' '),' agreement ')]/@id" "$T/filter.svg" \
		2>/dev/null | tr ' ' '\n' | sed -n 's/^id="\(.*\)"$/\1/p' | sort | tr '\n' ' '
}
check_eq "agr-umm-amu-surgery-pagel agr-umm-yeni-klinika-loi agr-ummd-ini-cooperation " "$(agreements_in)" \
	"no filter: all three agreements"
check_eq "agr-umm-yeni-klinika-loi " "$(agreements_in --kind letter-of-intent)" "--kind letter-of-intent"
check_eq "agr-umm-amu-surgery-pagel agr-ummd-ini-cooperation " "$(agreements_in --status active)" "--status active"
check_eq "agr-umm-amu-surgery-pagel agr-umm-yeni-klinika-loi " "$(agreements_in --country AZ)" "--country AZ"
check_eq "agr-umm-amu-surgery-pagel agr-umm-yeni-klinika-loi agr-ummd-ini-cooperation " \
	"$(agreements_in --country az,de)" "--country az,de (either party, any case)"
check_eq "agr-umm-amu-surgery-pagel " "$(agreements_in --as-of 2023-06-01)" \
	"--as-of 2023-06-01: only the dated project (2020 + P4Y)"
check_contains "$(cat "$T/filter.svg")" "2 agreements without dates left out by the date filter" \
	"the legend says what the date filter left out"
check_eq "" "$(agreements_in --as-of 2025-01-01)" "--as-of 2025: the project ended in 2024"
check_contains "$(cat "$T/filter.err")" "nothing to draw" "an empty picture is reported"
check_eq "agr-umm-amu-surgery-pagel " "$(agreements_in --from 2021 --to 2022)" "--from 2021 --to 2022"
"$COOPGRAPH" graph --rollup -o "$T/rollup.svg" "$EX" 2>/dev/null
check_eq 0 "$(xpath_count "$T/rollup.svg" "//*[@id='inst-umm-surgery']")" "--rollup: the clinic is not drawn"
check_eq 1 "$(xpath_count "$T/rollup.svg" "//*[@id='agr-umm-amu-surgery-pagel'][contains(@class,'cross-border')]")" \
	"--rollup: the clinics' project joins UMM and AMU"
"$COOPGRAPH" graph --view people --as-of 2023 -o "$T/people-asof.svg" "$EX" 2>/dev/null
check_eq 0 "$(xpath_count "$T/people-asof.svg" "//*[contains(@class,'person')]")" \
	"--as-of in the people view: the examples' roles have no dates"

# ---- options and exit codes ----

run_cmd "$COOPGRAPH" graph --view nowhere "$EX"
expect_rc 2 "unknown --view is a usage error"
check_contains "$RUN_ERR" "--view must be institutions, countries, ego or people" "the message lists the views"
run_cmd "$COOPGRAPH" graph --engine twopi "$EX"
expect_rc 2 "unknown --engine is a usage error"
run_cmd "$COOPGRAPH" graph --format jpeg "$EX"
expect_rc 2 "unknown --format is a usage error"
run_cmd "$COOPGRAPH" graph --kind handshake "$EX"
expect_rc 2 "unknown --kind is a usage error"
run_cmd "$COOPGRAPH" graph --country XX "$EX"
expect_rc 2 "unknown country code is a usage error"
run_cmd "$COOPGRAPH" graph --as-of 2023-02-30 "$EX"
expect_rc 2 "impossible date is a usage error"
run_cmd "$COOPGRAPH" graph --focus nobody "$EX"
expect_rc 2 "unknown --focus is a usage error"
check_contains "$RUN_ERR" "no institution with ID 'nobody'" "the message names the missing ID"
run_cmd "$COOPGRAPH" graph --view ego "$EX"
expect_rc 2 "--view ego without --focus"
run_cmd "$COOPGRAPH" graph --view countries --merge "$EX"
expect_rc 2 "--merge does not apply to the country view"
run_cmd "$COOPGRAPH" graph --base "javascript:alert(1)" "$EX"
expect_rc 2 "a --base that is not http(s) or urn is refused"
run_cmd "$COOPGRAPH" graph -o "$T/no/such/dir/map.svg" "$EX"
expect_rc 3 "unwritable output directory: exit 3"
run_cmd "$COOPGRAPH" graph -o /dev/full "$EX"
expect_rc 3 "disk full (/dev/full): exit 3"
run_cmd "$COOPGRAPH" graph "$T/missing.xml"
[ "$RUN_RC" != 0 ] && pass "missing input fails (exit $RUN_RC)" || fail "missing input accepted"
run_cmd "$COOPGRAPH" graph "$EX"
expect_rc 0 "SVG to standard output by default"
check_contains "$(printf '%s' "$RUN_OUT" | head -c 100)" "<?xml" "standard output holds the SVG"

# ---- the pictures in docs/ are what docs/diagrams.md says draws them ----

for pic in partner-map countries; do
	if [ "$pic" = partner-map ]; then
		"$COOPGRAPH" graph --lang en --title "Partner map of the examples" -o "$T/$pic.svg" "$EX" 2>/dev/null
	else
		"$COOPGRAPH" graph --view countries --lang en --title "Cooperation between countries in the examples" \
			-o "$T/$pic.svg" "$EX" 2>/dev/null
	fi
	require_file "$SRC/docs/$pic.svg"
	# same nodes, edges and clusters in the same order; coordinates may differ with the fonts installed
	check_eq "$(ids_of "$T/$pic.svg")" "$(ids_of "$SRC/docs/$pic.svg")" "docs/$pic.svg is up to date"
	grep -q -F "$pic.svg" "$SRC/docs/diagrams.md" && pass "docs/diagrams.md shows how to draw $pic.svg" ||
		fail "docs/diagrams.md does not mention $pic.svg"
done

# ---- scale: the 200-country, 3,000-link case; a layout that runs too long ----

python3 "$SRC/tests/data/graph/gen_countries.py" "$T/world.xml" >"$T/gen.out" || die "generator failed"
for view in countries institutions; do
	start=$(date +%s.%N)
	run_cmd "$COOPGRAPH" graph --view "$view" -o "$T/world-$view.svg" "$T/world.xml"
	end=$(date +%s.%N)
	secs=$(python3 -c "print(f'{$end - $start:.2f}')")
	expect_rc 0 "200 countries, 3,000 links: $view view drawn in ${secs} s"
	python3 -c "import sys; sys.exit(0 if $end - $start < 60 else 1)" &&
		pass "$view view within the generous bound of 60 s" || fail "$view view took ${secs} s"
	xmllint --noout --nonet "$T/world-$view.svg" 2>/dev/null && pass "$view view: SVG well-formed" ||
		fail "$view view: SVG not well-formed"
done
check_eq 200 "$(xpath_count "$T/world-countries.svg" "//*[local-name()='g'][contains(@class,'country ')]")" \
	"country view: 200 country nodes"
check_contains "$(cat "$T/world-countries.svg")" "Weak links thinned: the 600 strongest of 3,000 links drawn" \
	"country view: the legend says weak links were thinned"
check_eq 600 "$(xpath_count "$T/world-countries.svg" "//*[local-name()='g'][contains(@class,'country-link')]")" \
	"country view: 600 links drawn"
"$COOPGRAPH" graph --view countries --format dot "$T/world.xml" 2>/dev/null | head -n 1 >"$T/world-engine.txt"
check_contains "$(cat "$T/world-engine.txt")" "sfdp with straight lines" "country view: engine chosen by size"
# fdp lays clusters out through graphs of its own whose objects Graphviz ordered by address: the
# same data gave another picture on every run until the layout process ordered them (graph_gv.c)
"$COOPGRAPH" graph --view institutions --format dot "$T/world.xml" 2>/dev/null | head -n 1 >"$T/world-engine.txt"
check_contains "$(cat "$T/world-engine.txt")" "fdp with straight lines" "institutions view: fdp, for its clusters"
for run in 2 3; do
	run_cmd "$COOPGRAPH" graph --view institutions -o "$T/world-institutions.$run.svg" "$T/world.xml"
	expect_rc 0 "institutions view drawn again ($run)"
	check_file_eq "$T/world-institutions.svg" "$T/world-institutions.$run.svg" \
		"institutions view laid out by fdp: the same SVG on run $run"
done

# too large for any engine: refused at once, with advice, before Graphviz is started
python3 "$SRC/tests/data/graph/gen_countries.py" --per-country 150 --links 19000 "$T/huge.xml" >/dev/null ||
	die "generator failed"
start=$(date +%s)
run_cmd "$COOPGRAPH" graph -o "$T/huge.svg" "$T/huge.xml"
end=$(date +%s)
expect_rc 3 "more than 20,000 institutions to draw: refused with exit 3"
check_contains "$RUN_ERR" "more than any layout engine draws in reasonable time" "the message says why"
check_contains "$RUN_ERR" "try --view countries" "the message gives advice"
[ $((end - start)) -lt 30 ] && pass "refused after $((end - start)) s" || fail "took $((end - start)) s to refuse"
[ ! -e "$T/huge.svg" ] && pass "nothing written when refused" || fail "output written when refused"
run_cmd "$COOPGRAPH" graph --view countries -o "$T/huge-countries.svg" "$T/huge.xml"
expect_rc 0 "the advice works: the country view of the same data is drawn"

echo old >"$T/kept.svg"
start=$(date +%s)
run_cmd "$COOPGRAPH" graph --view countries --engine dot --max-edges 3000 --max-layout-seconds 2 \
	-o "$T/kept.svg" "$T/world.xml"
end=$(date +%s)
expect_rc 3 "a layout over --max-layout-seconds is stopped: exit 3"
check_contains "$RUN_ERR" "layout took longer than 2 s" "the message says why"
check_contains "$RUN_ERR" "--engine sfdp" "the message gives advice"
[ $((end - start)) -lt 30 ] && pass "stopped after $((end - start)) s" || fail "took $((end - start)) s to stop"
check_eq old "$(cat "$T/kept.svg")" "the previous output file is untouched"
check_eq "" "$(find "$T" -maxdepth 1 \( -name 'kept.svg?*' -o -name '.kept.svg*' \) | head -n 1)" \
	"no temporary file left behind"

# ---- streaming: what the collector keeps of agreements and sources, whatever the order of the files ----
# A source cited before it is defined (s2) and one defined first (s1); an agreement that builds on one
# the filter leaves out (g1): the picture is the same whether the entities come first or last.

mkdir -p "$T/order/split"
early='<source id="s1" kind="report"><title>Early report</title><date>2021-03-04</date></source>
<agreement id="g1" kind="cooperation" status="ended" sources="s1"><title>Earlier partnership</title>
  <party ref="a"/><party ref="b"/><start>2019</start><end>2020</end></agreement>
<agreement id="g2" kind="letter-of-intent" sources="s2 s1"><title>Letter of intent</title>
  <party ref="b"/><party ref="a"/><buildsOn ref="g1"/></agreement>'
late='<source id="s2" kind="web-page"><title>Later page</title><date>2022-05</date></source>
<institution id="a" kind="university" sources="s1"><name>A</name><location country="DE"/></institution>
<institution id="b" kind="hospital" sources="s2"><name>B</name><location country="AZ"/></institution>'
head='<?xml version="1.0" encoding="UTF-8"?>
<coopgraph xmlns="https://w3id.org/coopgraph/ns/1" xml:lang="en">'
printf '%s\n%s\n%s\n</coopgraph>\n' "$head" "$late" "$early" >"$T/order/first.xml"
printf '%s\n%s\n</coopgraph>\n' "$head" "$early" >"$T/order/split/a.xml"
printf '%s\n%s\n</coopgraph>\n' "$head" "$late" >"$T/order/split/b.xml"
for view in institutions countries; do
	# --country: the institutions view reads titles and sources a second time from the files
	for filter in "" "--kind letter-of-intent" "--country AZ"; do
		# shellcheck disable=SC2086  # the filter is two words or none
		run_cmd "$COOPGRAPH" graph --view "$view" $filter -o "$T/order/first.dot" "$T/order/first.xml"
		expect_rc 0 "$view view ${filter:-unfiltered}, entities first"
		# shellcheck disable=SC2086
		run_cmd "$COOPGRAPH" graph --view "$view" $filter -o "$T/order/last.dot" "$T/order/split"
		expect_rc 0 "$view view ${filter:-unfiltered}, entities last"
		check_file_eq "$T/order/first.dot" "$T/order/last.dot" "$view view ${filter:-unfiltered}: the same DOT"
		slug=${filter//[^a-zA-Z]/}
		cp "$T/order/last.dot" "$T/order/$view${slug:+-$slug}.dot"
	done
done
# DOT continues long strings on the next line after a backslash
unwrapped() { sed -e ':a' -e '/\\$/{N;s/\\\n//;ba' -e '}' "$1"; }
check_contains "$(unwrapped "$T/order/institutions-kindletterofintent.dot")" 'Builds on: Earlier partnership' \
	"the title of an agreement the filter left out, for 'Builds on'"
check_contains "$(unwrapped "$T/order/institutions-kindletterofintent.dot")" 'Source: Later page (web page, 2022-05)' \
	"a source cited before it was read"
check_contains "$(unwrapped "$T/order/institutions-countryAZ.dot")" 'Builds on: Earlier partnership' \
	"--country: a title read again from the file"
check_contains "$(unwrapped "$T/order/institutions-countryAZ.dot")" 'Source: Later page (web page, 2022-05)' \
	"--country: a source read again from the file"
check_contains "$(unwrapped "$T/order/countries.dot")" 'Sources: Early report (2021-03-04); Later page (2022-05)' \
	"the country view's legend names both sources"

suite_done
