#!/usr/bin/env bash
# Smoke run of the benchmark harness (bench/run.sh --quick: 2,000 agreements, one run of each command),
# in a scratch directory, so that the generator, the harness and the XSLT baseline never rot. It checks
# that every command ran and succeeded, that the table was written with a row per command, that the
# generator is deterministic and its data valid, and that the baseline's N-Triples parse. It does not
# check the ratios: those are for the manual runs at 100k and 1M agreements (see bench/README.md).
# Run: COOPGRAPH=build/src/coopgraph COOP_SOURCE_DIR=. COOP_TMP=/tmp/bench_smoke bash tests/suites/bench_smoke.sh

. "${COOP_SOURCE_DIR:-$(dirname "$0")/../..}/tests/lib/common.sh"

require_cmd xmllint xsltproc cc serdi timeout /usr/bin/time
if [ -z "${COOPGRAPH:-}" ] || [ ! -x "$COOPGRAPH" ]; then
	die "COOPGRAPH must name the coopgraph binary"
fi

S=$COOP_SCRATCH
work="$S/bench"
table="$S/latest.md"

# --- the harness --------------------------------------------------------------------------------------
run_cmd bash "$COOP_SOURCE_DIR/bench/run.sh" --quick --keep-outputs --coopgraph "$COOPGRAPH" --work "$work" \
	--results "$table"
expect_rc 0 'bench/run.sh --quick: every command succeeded'

[ -s "$table" ] || die "no table written to $table"
pass 'the markdown table was written'
md=$(cat "$table")
check_contains "$md" 'Reproduce: `bench/run.sh --quick' 'the table names the command that reproduces it'
check_contains "$md" '## 2,000 agreements' 'the table has a section for the quick size'
check_contains "$md" '## Targets' 'the table has the targets section'

tsvs=("$work"/results-*.tsv)
[ -f "${tsvs[0]}" ] || die "no raw results (results-*.tsv) in $work"
tsv=${tsvs[${#tsvs[@]} - 1]}
for name in xmllint parse validate turtle ntriples nquads rdfxml countries institutions xsltproc; do
	row=$(awk -F'\t' -v c="$name" '$1 == 2000 && $2 == c' "$tsv")
	if [ -z "$row" ]; then
		fail "$name: no measurement in $tsv"
		continue
	fi
	rc=$(cut -f4 <<<"$row")
	check_eq 0 "$rc" "$name: exit status 0"
	wall=$(cut -f5 <<<"$row")
	rss=$(cut -f8 <<<"$row")
	if [[ $wall =~ ^[0-9]+\.[0-9]+$ ]] && [[ $rss =~ ^[0-9]+$ ]] && [ "$rss" -gt 0 ]; then
		pass "$name: wall time ($wall s) and peak RSS ($rss kB) recorded"
	else
		fail "$name: bad figures in '$row'"
	fi
	# the markdown row must show the same exit status
	case $name in
	xmllint | xsltproc) prefix="| \`$name" ;;
	parse) prefix="| \`xmllint --stream --noout\` (parsing only" ;;
	validate) prefix="| \`coopgraph validate\`" ;;
	countries | institutions) prefix="| \`coopgraph graph --view $name" ;;
	*) prefix="| \`coopgraph rdf --format $name\`" ;;
	esac
	line=$(grep -F -- "$prefix" <<<"$md" | head -n 1)
	case $line in
	*"| 0 |") pass "$name: table row with exit 0" ;;
	*) fail "$name: no table row ending in exit 0: '$line'" ;;
	esac
done

# every RDF export reports its statement count, and the files exist and are not empty
for name in turtle ntriples nquads rdfxml; do
	n=$(awk -F'\t' -v c="$name" '$1 == 2000 && $2 == c { print $10 }' "$tsv")
	bytes=$(awk -F'\t' -v c="$name" '$1 == 2000 && $2 == c { print $9 }' "$tsv")
	if [[ $n =~ ^[0-9]+$ ]] && [ "$n" -gt 10000 ] && [[ $bytes =~ ^[0-9]+$ ]] && [ "$bytes" -gt 100000 ]; then
		pass "$name: $n statements, $bytes bytes"
	else
		fail "$name: statements '$n', bytes '$bytes'"
	fi
done

# --- the generator ------------------------------------------------------------------------------------
data="$work/n2000"
manifest="$work/manifest-2000.tsv"
check_eq 2000 "$(awk -F'\t' '$1 == "agreements" { print $2 }' "$manifest")" 'the manifest counts 2000 agreements'
check_eq 2000 "$(cat "$data"/agreements-*.xml | grep -c '<agreement ')" 'the files hold 2000 agreements'
run_cmd "$COOPGRAPH" validate --strict "$data"
expect_rc 0 'the generated dataset passes coopgraph validate --strict (no warnings either)'
check_contains "$RUN_OUT" '2000 agreements' 'coopgraph counts the generated agreements'

run_cmd "$work/gen" --data "$COOP_SOURCE_DIR/data" 300 "$S/g1"
expect_rc 0 'gen 300 runs'
run_cmd "$work/gen" --data "$COOP_SOURCE_DIR/data" 300 "$S/g2"
expect_rc 0 'gen 300 runs again'
if diff -r "$S/g1" "$S/g2" >/dev/null; then
	pass 'the generator is deterministic (byte-identical files)'
else
	fail 'the generator wrote different files for the same size'
fi
run_cmd "$work/gen" --data "$COOP_SOURCE_DIR/data" --seed 7 300 "$S/g3"
if diff -r "$S/g1" "$S/g3" >/dev/null; then
	fail 'another seed gave the same files'
else
	pass 'another seed gives another dataset'
fi
run_cmd "$work/gen" --data "$COOP_SOURCE_DIR/data" 0 "$S/g4"
expect_rc 1 'gen refuses 0 agreements'

# --- the XSLT baseline --------------------------------------------------------------------------------
baseline="$work/out-2000/baseline.nt"
if [ -s "$baseline" ]; then
	run_cmd serdi -q -i ntriples -o ntriples "$baseline"
	expect_rc 0 'the baseline N-Triples parse (serdi)'
	check_eq "$(wc -l <"$baseline")" "$(printf '%s\n' "$RUN_OUT" | wc -l)" 'serdi reads every baseline line as a triple'
else
	fail "no baseline output $baseline"
fi
# the escaping path of the stylesheet: quotes, backslashes, line breaks
cat >"$S/escape.xml" <<'EOF'
<coopgraph xmlns="https://w3id.org/coopgraph/ns/1" xml:lang="de">
  <institution id="x" kind="other"><name>A "quoted" back\slash
and a line break</name></institution>
</coopgraph>
EOF
run_cmd xsltproc "$COOP_SOURCE_DIR/bench/baseline-ntriples.xsl" "$S/escape.xml"
expect_rc 0 'xsltproc runs the baseline on a file with special characters'
check_contains "$RUN_OUT" '"A \"quoted\" back\\slash\nand a line break"@de .' 'the baseline escapes literals for N-Triples'

suite_done
