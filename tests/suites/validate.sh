#!/usr/bin/env bash
# coopgraph validate: the examples pass; every bad input (one per rule) is rejected with exit 1 and
# exactly the located messages in its .err file; warnings, --strict, -q, --max-errors and usage errors.
. "$(dirname "$0")/../lib/common.sh"
require_cmd "$COOPGRAPH"
data="$COOP_SOURCE_DIR/tests/data"

# --- the bundled examples
run_cmd "$COOPGRAPH" validate "$COOP_SOURCE_DIR/examples/"
expect_rc 0 "examples validate"
check_eq "" "$RUN_ERR" "examples: no warnings or errors"
# the counts must match what the examples contain, counted independently with grep
ex="$COOP_SOURCE_DIR/examples"
count() { cat "$ex"/*.xml | grep -c "^[[:space:]]*<$1 "; }
check_contains "$RUN_OUT" "$(count institution) institutions, $(count person) people, $(count agreement) agreements, $(count programme) programmes, $(count source) sources: valid" \
	"examples: entity counts reported"

# --- one bad input per rule: exit 1 and exactly the expected messages
cd "$data/bad" || die "no $data/bad"
for err in *.err; do
	name=${err%.err}
	input=$name.xml
	[ -e "$input" ] || input=$name # a directory: a dataset spanning files
	run_cmd "$COOPGRAPH" validate "$input"
	expect_rc 1 "bad/$name: rejected"
	# the summary line is not part of the expectation; every other line must match exactly
	actual=$(printf '%s\n' "$RUN_ERR" | grep -v '^coopgraph: [0-9]* errors\?, ')
	check_eq "$(cat "$err")" "$actual" "bad/$name: expected messages"
	check_eq "" "$RUN_OUT" "bad/$name: nothing on stdout"
done
for input in *.xml; do
	[ -f "${input%.xml}.err" ] || fail "bad/$input has no .err expectation"
done

# --- every error is reported, not just the first
all="$COOP_SCRATCH/all-errors.xml"
cat >"$all" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<coopgraph xmlns="https://w3id.org/coopgraph/ns/1">
  <source id="s" kind="web-page"><title>T</title></source>
  <institution id="a" kind="university" sources="s"><name>A</name><location country="QQ"/></institution>
  <institution id="b" kind="hospital" partOf="ghost" sources="s"><name>B</name><location country="DE" region="DE-XX"/></institution>
  <agreement id="x" kind="cooperation" sources="s"><party ref="a"/><party ref="b"/><start>2022</start><end>2021</end></agreement>
</coopgraph>
XML
run_cmd "$COOPGRAPH" validate "$all"
expect_rc 1 "several errors: rejected"
check_eq 4 "$(printf '%s\n' "$RUN_ERR" | grep -c ': error: ')" "several errors: all four reported"
check_contains "$RUN_ERR" "coopgraph: 4 errors, 0 warnings" "several errors: summary"

# --- blank texts: the reader checks TextValue's "not only whitespace" pattern in C (its copy of the
# schema leaves the facet out, cmake/ReaderSchema.cmake); it must report exactly what xmllint reports
# with the published schema, which still has the facet. Every one-line text element of the examples
# is blanked in one of several ways (ShortText elements stay with libxml2 and are compared too).
if command -v xmllint >/dev/null 2>&1; then
	blank="$COOP_SCRATCH/blank-texts.xml"
	cat "$COOP_SOURCE_DIR"/examples/*.xml | awk '
		NR > 1 && /<\?xml / { next }
		/^<coopgraph[ >]/ { if (seen++) next }
		/^<\/coopgraph>/ { last = $0; next }
		{
			if (match($0, /^[ \t]*<[A-Za-z]+( [^>]*)?>[^<]+<\/[A-Za-z]+>[ \t]*$/)) {
				lt = index($0, ">"); gt = index(substr($0, lt + 1), "</")
				k = (k % 7) + 1
				v = k == 1 ? "" : k == 2 ? "   " : k == 3 ? "\t" : k == 4 ? " <!-- c --> " : \
				    k == 5 ? "<![CDATA[ ]]>" : k == 6 ? "&#32;" : " <b>x</b>y"
				$0 = substr($0, 1, lt) v substr($0, lt + gt)
			}
			print
		}
		END {
			# the examples have no publisherName
			print "  <source id=\"blank-publisher\" kind=\"web-page\"><title>T</title><publisherName> </publisherName></source>"
			print last
		}' >"$blank"
	run_cmd "$COOPGRAPH" validate --max-errors 0 "$blank"
	expect_rc 1 "blank texts: rejected"
	pattern="is not accepted by the pattern '"'\s*\S[\s\S]*'"'"
	ours=$(printf '%s\n' "$RUN_ERR" | grep -F -e "$pattern" |
		sed -n "s/^[^:]*:\([0-9]*\)\(:[0-9]*\)\{0,1\}: error: element /\1 /p")
	theirs=$(XML_CATALOG_FILES="$COOP_SOURCE_DIR/schemas/catalog.xml" xmllint --nonet --stream --noout \
		--schema "$COOP_SOURCE_DIR/schemas/coopgraph-1.xsd" "$blank" 2>&1 | tr '\t' ' ' | grep -F -e "$pattern" |
		sed -n "s/^[^:]*:\([0-9]*\): Schemas validity error : Element '{[^}]*}\([^']*\)'/\1 '\2'/p" | sed 's/\.$//')
	check_eq "$theirs" "$ours" "blank texts: the same pattern errors as xmllint with the published schema"
	check_eq 1 "$([ "$(printf '%s\n' "$ours" | grep -c .)" -ge 100 ] && echo 1 || echo 0)" \
		"blank texts: over a hundred of them ($(printf '%s\n' "$ours" | grep -c .))"
	check_contains "$ours" "'quote': [facet 'pattern']" "blank texts: a quote (cg:Quote extends cg:Text)"
	check_contains "$ours" "'givenName': [facet 'pattern']" "blank texts: a ShortText, still libxml2's"
	check_contains "$ours" "'publisherName': [facet 'pattern']" "blank texts: a publisherName"
else
	echo "note: xmllint not found: skipping the blank-text comparison"
fi

# --- --max-errors caps what is printed but not what is counted
many="$COOP_SCRATCH/many-errors.xml"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	echo '<coopgraph xmlns="https://w3id.org/coopgraph/ns/1"><source id="s" kind="web-page"><title>T</title></source>'
	echo '<institution id="a" kind="university" sources="s"><name>A</name><location country="DE"/></institution>'
	for i in $(seq 1 30); do
		echo "<agreement id=\"g$i\" kind=\"contract\" sources=\"s\"><party ref=\"a\"/><party ref=\"missing$i\"/></agreement>"
	done
	echo '</coopgraph>'
} >"$many"
run_cmd "$COOPGRAPH" validate --max-errors 5 "$many"
expect_rc 1 "max-errors: rejected"
check_eq 5 "$(printf '%s\n' "$RUN_ERR" | grep -c ': error: ')" "max-errors: 5 printed"
check_contains "$RUN_ERR" "25 more errors not shown" "max-errors: the rest is counted"
run_cmd "$COOPGRAPH" validate --max-errors 0 "$many"
check_eq 30 "$(printf '%s\n' "$RUN_ERR" | grep -c ': error: ')" "max-errors 0: all 30 printed"

# --- warnings: shown, silenced with -q, errors with --strict
cd "$data/warn" || die "no $data/warn"
run_cmd "$COOPGRAPH" validate signatory-without-role.xml
expect_rc 0 "warning: still valid"
check_eq "signatory-without-role.xml:9:5: warning: signatory 'p' holds no role at any party of agreement 'x'" \
	"$(printf '%s\n' "$RUN_ERR" | head -n 1)" "warning: located message"
run_cmd "$COOPGRAPH" validate -q signatory-without-role.xml
expect_rc 0 "-q: valid"
check_eq "" "$RUN_ERR" "-q: warning silenced"
run_cmd "$COOPGRAPH" validate --strict signatory-without-role.xml
expect_rc 1 "--strict: warning becomes an error"
check_contains "$RUN_ERR" "signatory-without-role.xml:9:5: error: signatory 'p'" "--strict: reported as error"

# --- usage and I/O errors
run_cmd "$COOPGRAPH"
expect_rc 2 "no command: usage error"
run_cmd "$COOPGRAPH" frobnicate
expect_rc 2 "unknown command: usage error"
check_contains "$RUN_ERR" "unknown command 'frobnicate'" "unknown command: named"
run_cmd "$COOPGRAPH" validate
expect_rc 2 "validate without files: usage error"
run_cmd "$COOPGRAPH" validate --no-such-option x.xml
expect_rc 2 "unknown option: usage error"
run_cmd "$COOPGRAPH" validate --max-errors lots x.xml
expect_rc 2 "bad option value: usage error"
check_contains "$RUN_ERR" "--max-errors needs a whole number, not 'lots'" "bad option value: named"
run_cmd "$COOPGRAPH" validate "$COOP_SCRATCH/does-not-exist.xml"
expect_rc 3 "missing file: I/O error"
check_contains "$RUN_ERR" "cannot open '$COOP_SCRATCH/does-not-exist.xml': No such file or directory" "missing file: named"
run_cmd "$COOPGRAPH" --help
expect_rc 0 "--help"
check_contains "$RUN_OUT" "Exit status: 0 ok, 1 input rejected, 2 usage error, 3 I/O or system error (also a resource limit), 4 internal error" "--help documents exit codes"
run_cmd "$COOPGRAPH" validate --help
expect_rc 0 "validate --help"
run_cmd "$COOPGRAPH" --version
expect_rc 0 "--version"
check_contains "$RUN_OUT" "coopgraph " "--version prints the version"

suite_done
