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

# Schema errors as "LINE 'element': message": coopgraph's (of the last run) and xmllint's with the
# published schema, without our namespace and the final period, as coopgraph prints them.
our_schema_errors() {
	printf '%s\n' "$RUN_ERR" | sed -n "s/^[^:]*:\([0-9]*\)\(:[0-9]*\)\{0,1\}: error: element /\1 /p"
}
xmllint_schema_errors() {
	XML_CATALOG_FILES="$COOP_SOURCE_DIR/schemas/catalog.xml" xmllint --nonet --stream --noout \
		--schema "$COOP_SOURCE_DIR/schemas/coopgraph-1.xsd" "$1" 2>&1 | tr '\t' ' ' |
		sed -n "s/^[^:]*:\([0-9]*\): Schemas validity error : Element /\1 /p" |
		sed "s/{https:\/\/w3id.org\/coopgraph\/ns\/1}//g; s/\.$//"
}

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
	ours=$(our_schema_errors | grep -F -e "$pattern")
	theirs=$(xmllint_schema_errors "$blank" | grep -F -e "$pattern")
	check_eq "$theirs" "$ours" "blank texts: the same pattern errors as xmllint with the published schema"
	check_eq 1 "$([ "$(printf '%s\n' "$ours" | grep -c .)" -ge 100 ] && echo 1 || echo 0)" \
		"blank texts: over a hundred of them ($(printf '%s\n' "$ours" | grep -c .))"
	check_contains "$ours" "'quote': [facet 'pattern']" "blank texts: a quote (cg:Quote extends cg:Text)"
	check_contains "$ours" "'givenName': [facet 'pattern']" "blank texts: a ShortText, still libxml2's"
	check_contains "$ours" "'publisherName': [facet 'pattern']" "blank texts: a publisherName"
else
	echo "note: xmllint not found: skipping the blank-text comparison"
fi

# --- content models: the reader's copy of the schema leaves the bounds maxOccurs="100"/"1000" to C,
# and libxml2 words its content-model errors with the published schema (xml_reader.c). For every
# type the schema declares, every bound is overrun (followed by siblings libxml2 no longer looks at:
# a blank text, an unknown element), every pair of particles comes in the wrong order, and every run
# of a bounded particle is followed by an earlier one or by the end; the schema errors must be
# exactly xmllint's with the published schema, words and lines.
if command -v xmllint >/dev/null 2>&1; then
	models="$COOP_SCRATCH/content-models.xml"
	awk '
		/<xs:complexType name=/ { match($0, /name="[^"]*"/); type = substr($0, RSTART + 6, RLENGTH - 7) }
		/<xs:sequence>/ { inseq = 1; types[++ntypes] = type }
		/<\/xs:sequence>/ { inseq = 0 }
		inseq && /<xs:element name=/ {
			k = ++count[type]
			match($0, /name="[^"]*"/); name[type, k] = substr($0, RSTART + 6, RLENGTH - 7)
			match($0, /type="[^"]*"/); ptype[type, k] = substr($0, RSTART + 6, RLENGTH - 7)
			min[type, k] = match($0, /minOccurs="0"/) ? 0 : 1
			max[type, k] = match($0, /maxOccurs="[0-9]+"/) ? substr($0, RSTART + 11, RLENGTH - 12) + 0 : 0
			bounds += max[type, k] > 1
		}
		function elem(t, k) {
			return ptype[t, k] ~ /Text$/ ? "<" name[t, k] ">x</" name[t, k] ">" : "<" name[t, k] "/>"
		}
		function required(t, k,   i, s) {
			for (i = 1; i < k; i++) if (min[t, i]) s = s elem(t, i)
			return s
		}
		function opening(t, n) {
			if (t == "Source") return "<source id=\"s" n "\" kind=\"web-page\">"
			if (t == "Institution") return "<institution id=\"i" n "\" kind=\"university\">"
			if (t == "Location") return "<institution id=\"l" n "\" kind=\"university\"><name>N</name><location country=\"DE\">"
			if (t == "Person") return "<person id=\"p" n "\">"
			if (t == "Role") return "<person id=\"r" n "\"><familyName>F</familyName><role at=\"i1\">"
			if (t == "Programme") return "<programme id=\"g" n "\">"
			if (t == "Agreement") return "<agreement id=\"a" n "\" kind=\"cooperation\">"
			if (t == "Signatory") return "<agreement id=\"y" n "\" kind=\"cooperation\"><party ref=\"i1\"/><party ref=\"i2\"/><signatory person=\"p1\" for=\"i1\">"
			return "<unknown-type-" t "/>"
		}
		function closing(t) {
			if (t == "Location") return "</location></institution>"
			if (t == "Role") return "</role></person>"
			if (t == "Signatory") return "</signatory></agreement>"
			match(opening(t, 0), /^<[a-z]+/)
			return "</" substr(opening(t, 0), 2, RLENGTH - 1) ">"
		}
		function rec(t, body) { print "  " opening(t, ++n) body closing(t) }
		END {
			print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
			print "<coopgraph xmlns=\"https://w3id.org/coopgraph/ns/1\" xml:lang=\"en\">"
			print "  <institution id=\"i1\" kind=\"university\"><name>A</name></institution>"
			print "  <institution id=\"i2\" kind=\"university\"><name>B</name></institution>"
			print "  <person id=\"p1\"><familyName>P</familyName></person>"
			for (x = 1; x <= ntypes; x++) {
				t = types[x]
				for (k = 1; k <= count[t]; k++) {
					for (i = 1; i < k; i++)
						rec(t, elem(t, k) elem(t, i))
					if (max[t, k] < 2)
						continue
					s = ""
					for (j = 0; j <= max[t, k]; j++) s = s elem(t, k)
					rec(t, required(t, k) s "<name> </name><bogus/>")
					rec(t, required(t, k) elem(t, k) elem(t, k) elem(t, k))
					for (i = 1; i < k; i++)
						rec(t, required(t, k) elem(t, k) elem(t, k) elem(t, i))
				}
			}
			# children in another namespace, or in none, after a run and in place of a particle
			t = "Agreement"; p = "<party ref=\"i1\"/><party ref=\"i2\"/>"
			rec(t, p "<goal>x</goal><goal>x</goal><x:note xmlns:x=\"urn:example:other\"/><goal> </goal>")
			rec(t, p "<field>x</field><goal xmlns=\"\">x</goal>")
			rec(t, p "<signatory person=\"p1\" for=\"i1\"><description>x</description><x:d xmlns:x=\"urn:example:other\"/></signatory>")
			# text after an overrun, which libxml2 would no longer look at either
			s = ""
			for (j = 0; j <= 100; j++) s = s "<name>x</name>"
			rec("Institution", s "stray text")
			rec("Institution", s "<![CDATA[stray]]><acronym>A</acronym>text")
			# an error in every child of one record (each is worded from its own small document)
			s = ""
			for (j = 0; j < 200; j++) s = s "<signatory person=\"p1\" for=\"i1\"><description>x</description><x/></signatory>"
			rec(t, p s)
			s = ""
			for (j = 0; j < 200; j++) s = s "<role at=\"i1\"/>"
			rec("Person", "<familyName>F</familyName>" s)
			print "</coopgraph>"
			printf "%d\n", bounds > "/dev/stderr"
		}' "$COOP_SOURCE_DIR/schemas/coopgraph-1.xsd" >"$models" 2>"$models.bounds"
	run_cmd "$COOPGRAPH" validate --max-errors 0 "$models"
	expect_rc 1 "content models: rejected"
	ours=$(our_schema_errors)
	theirs=$(xmllint_schema_errors "$models")
	check_eq "$theirs" "$ours" "content models: the same schema errors as xmllint with the published schema"
	bounds=$(cat "$models.bounds")
	check_eq "$bounds" "$(printf '%s\n' "$ours" | grep -c 'This element is not expected' | awk -v b="$bounds" '{ print ($1 >= b) ? b : $1 }')" \
		"content models: an overrun for each of the $bounds bounded particles"
	check_eq 1 "$([ "$bounds" -ge 20 ] && echo 1 || echo 0)" "content models: the schema has bounds to overrun ($bounds)"
	check_contains "$ours" "'party': This element is not expected. Expected is one of ( signed, start, end, duration, field, area, goal, activity, outcome, funding )" \
		"content models: the 1001st party"
	check_contains "$ours" "'agreement': Missing child element(s). Expected is one of ( title, party )" \
		"content models: three titles and no party"
	# the document element is not coopgraph's: libxml2 checks nothing below it, and neither does C
	other="$COOP_SCRATCH/other-root.xml"
	printf '%s\n' '<?xml version="1.0" encoding="UTF-8"?>' \
		'<dataset xmlns="https://w3id.org/coopgraph/ns/1"><institution id="i" kind="university"><name> </name></institution></dataset>' >"$other"
	run_cmd "$COOPGRAPH" validate "$other"
	expect_rc 1 "content models: another document element is rejected"
	check_eq 1 "$(printf '%s\n' "$RUN_ERR" | grep -c ': error: ')" "content models: another document element, one error"
else
	echo "note: xmllint not found: skipping the content-model comparison"
fi

# --- columns on one long line (minified XML): the reader counts a start tag's column from the
# previous tag on the line; every error must still name the column of its element's '<', counted in
# characters (each title holds a two-byte character), far past libxml2's buffer
long="$COOP_SCRATCH/one-line.xml"
{
	echo '<?xml version="1.0" encoding="UTF-8"?>'
	printf '<coopgraph xmlns="https://w3id.org/coopgraph/ns/1"><institution id="i1" kind="university"><name>A</name></institution><institution id="i2" kind="university"><name>B</name></institution>'
	for i in $(seq 1 3000); do
		printf '<agreement id="a%d" kind="cooperation"><title>Z\303\274rich %d</title><party ref="i1"/><party ref="i2"/><goal xml:lang="??">g</goal></agreement>' "$i" "$i"
	done
	echo '</coopgraph>'
} >"$long"
run_cmd "$COOPGRAPH" validate --max-errors 0 "$long"
expect_rc 1 "one long line: rejected"
ours=$(printf '%s\n' "$RUN_ERR" | sed -n "s/^[^:]*:2:\([0-9]*\): error: xml:lang '??' is not a well-formed.*/\1/p")
expected=$(LC_ALL=C awk 'NR == 2 {
	rest = $0; at = 0
	while ((k = index(rest, "<goal xml:lang")) > 0) {
		pre = substr($0, 1, at + k - 1); wide = gsub(/\303\274/, "", pre)
		print at + k - wide
		at += k; rest = substr(rest, k + 1)
	}
}' "$long")
check_eq 3000 "$(printf '%s\n' "$expected" | grep -c .)" "one long line: 3000 elements with an error"
check_eq "$expected" "$ours" "one long line: each error at its element's column"

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
