#!/usr/bin/env bash
# Nothing lost: every way a write can fail leaves the previous output intact, no temporary file
# behind, and exit 3. Covers rdf and graph: a read-only directory, a full filesystem, /dev/full, a
# symlink as target, out of memory at every allocation of a small run, and SIGKILL mid-write (and
# with the output open: nothing left behind where the file system has O_TMPFILE).
. "$(dirname "$0")/../lib/common.sh"
require_cmd "$COOPGRAPH" setpriv sha256sum
S=$COOP_SCRATCH
EX="$COOP_SOURCE_DIR/examples"

listing() { ls -A "$1" | tr '\n' ' ' | sed 's/ $//'; }

# --- a read-only directory (as an unprivileged user: root ignores permissions). The user must be
# able to reach the input and the directory, so both live in a world-readable directory of their own
# (the scratch directory may sit below a private one).
pub=$(mktemp -d /tmp/coop-outputs.XXXXXX)
on_exit "chmod -R u+w '$pub'; rm -rf -- '$pub'"
chmod 0755 "$pub"
cp -r "$EX" "$pub/examples"
cp "$COOPGRAPH" "$pub/coopgraph"
chmod -R a+rX "$pub/examples"
mkdir -p "$pub/ro"
echo "old" >"$pub/ro/out.ttl"
chmod 0644 "$pub/ro/out.ttl"
chmod 0555 "$pub/ro"
for cmd in "rdf -o $pub/ro/out.ttl" "graph -o $pub/ro/out.ttl --format dot"; do
	run_cmd setpriv --reuid=65534 --regid=65534 --clear-groups "$pub/coopgraph" $cmd "$pub/examples"
	expect_rc 3 "read-only directory ($cmd): exit 3"
	check_contains "$RUN_ERR" "cannot write '$pub/ro/out.ttl': Permission denied" "read-only directory: the reason named"
	check_eq "old" "$(cat "$pub/ro/out.ttl")" "read-only directory: old output intact"
	check_eq "out.ttl" "$(listing "$pub/ro")" "read-only directory: no temporary file"
done
chmod 0755 "$pub/ro"

# --- a full filesystem (a 64 KiB tmpfs) where mounting is allowed
mkdir -p "$S/full"
if mount -t tmpfs -o size=64k tmpfs "$S/full" 2>/dev/null; then
	on_exit "umount '$S/full' 2>/dev/null"
	echo "old" >"$S/full/out.nt"
	head -c 50000 /dev/zero >"$S/full/filler"
	for cmd in "rdf --format ntriples" "graph --format svg"; do
		run_cmd "$COOPGRAPH" $cmd -o "$S/full/out.nt" "$EX"
		expect_rc 3 "full filesystem ($cmd): exit 3"
		check_contains "$RUN_ERR" "No space left on device" "full filesystem: the reason named"
		check_eq "old" "$(cat "$S/full/out.nt")" "full filesystem: old output intact"
		check_eq "filler out.nt" "$(listing "$S/full" | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/ $//')" \
			"full filesystem: no temporary file"
	done
else
	echo "NOTE: cannot mount a tmpfs here; the full-filesystem case is covered by /dev/full and ulimit -f only"
fi

# --- /dev/full is a device: written directly, the error reported, the device left a device
for cmd in "rdf" "graph --format dot"; do
	run_cmd "$COOPGRAPH" $cmd -o /dev/full "$EX"
	expect_rc 3 "/dev/full ($cmd): exit 3"
	[ -c /dev/full ] && pass "/dev/full is still a character device" || fail "/dev/full was replaced"
done

# --- a symlink as target is refused, and neither it nor what it points to changes
echo "precious" >"$S/precious"
ln -s "$S/precious" "$S/link.ttl"
run_cmd "$COOPGRAPH" rdf -o "$S/link.ttl" "$EX"
expect_rc 3 "symlink as output: refused with exit 3"
check_contains "$RUN_ERR" "it exists and is not a regular file" "symlink: the reason named"
[ -L "$S/link.ttl" ] && pass "symlink still a symlink" || fail "symlink replaced"
check_eq "precious" "$(cat "$S/precious")" "symlink target untouched"

# --- out of memory at each allocation: exit 0 or 3, never a crash; on 3 the old output stays
mkdir -p "$S/oom"
"$COOPGRAPH" rdf -o "$S/oom/reference.ttl" "$EX/magdeburg-hannover.xml" || die "reference export failed"
echo "old" >"$S/oom/out.ttl"
crashes=0 succeeded=0 failed_clean=0 bad=0
for n in $(seq 1 400); do
	COOPGRAPH_FAIL_ALLOC_AT=$n "$COOPGRAPH" rdf -o "$S/oom/out.ttl" "$EX/magdeburg-hannover.xml" >/dev/null 2>"$S/oom/err"
	rc=$?
	if [ "$rc" -eq 0 ]; then
		succeeded=$((succeeded + 1))
		cmp -s "$S/oom/out.ttl" "$S/oom/reference.ttl" || bad=$((bad + 1))
		echo "old" >"$S/oom/out.ttl"
	elif [ "$rc" -eq 3 ] && grep -q "out of memory" "$S/oom/err"; then
		failed_clean=$((failed_clean + 1))
		# the failure may come after the new file was committed (while freeing): then it is complete
		[ "$(cat "$S/oom/out.ttl")" = old ] || cmp -s "$S/oom/out.ttl" "$S/oom/reference.ttl" || bad=$((bad + 1))
		echo "old" >"$S/oom/out.ttl"
	else
		crashes=$((crashes + 1))
		echo "    allocation $n: exit $rc: $(head -c 300 "$S/oom/err")"
	fi
	[ "$(listing "$S/oom")" = "err out.ttl reference.ttl" ] || { bad=$((bad + 1)); rm -f "$S/oom"/.out.ttl.tmp.*; }
done
check_eq 0 "$crashes" "out of memory at allocations 1..400: never a crash or another exit code"
check_eq 0 "$bad" "out of memory: the old output or the complete new one, no temporary file"
[ "$failed_clean" -gt 0 ] && pass "out of memory: $failed_clean runs failed cleanly, $succeeded succeeded" ||
	fail "out of memory injection never triggered"

# --- SIGKILL at random points: the target is the old file or the complete new one, never partial
big="$S/kill-input.xml"
{
	echo '<?xml version="1.0" encoding="UTF-8"?><coopgraph xmlns="https://w3id.org/coopgraph/ns/1" xml:lang="en">'
	echo '<source id="s" kind="report"><title>K</title></source>'
	echo '<institution id="a" kind="university" sources="s"><name>A</name><location country="DE"/></institution>'
	echo '<institution id="b" kind="hospital" sources="s"><name>B</name><location country="AZ"/></institution>'
	for i in $(seq 3000); do
		echo "<agreement id=\"k$i\" kind=\"contract\" sources=\"s\"><party ref=\"a\"/><party ref=\"b\"/><goal>Goal number $i</goal></agreement>"
	done
	echo '</coopgraph>'
} >"$big"
"$COOPGRAPH" rdf --format ntriples -o "$S/new.nt" "$big" || die "reference export failed"
echo "old" >"$S/old.nt"
partial=0 old=0 new=0
for delay in 0.005 0.01 0.02 0.03 0.05 0.07 0.09 0.11 0.13 0.16 0.2 0.3; do
	cp "$S/old.nt" "$S/target.nt"
	"$COOPGRAPH" rdf --format ntriples -o "$S/target.nt" "$big" &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if cmp -s "$S/target.nt" "$S/old.nt"; then old=$((old + 1))
	elif cmp -s "$S/target.nt" "$S/new.nt"; then new=$((new + 1))
	else partial=$((partial + 1)); fi
	rm -f "$S"/.target.nt.tmp.*
done
check_eq 0 "$partial" "SIGKILL mid-write: never a partial target ($old old, $new new)"

# --- SIGKILL while the output is open: nothing of it in the directory. On Linux the output is an
# unnamed file (O_TMPFILE) until its commit; the input is a FIFO nobody writes to, so coopgraph has
# opened its output and waits for its input when it is killed, every time.
if [ "$(uname -s)" = Linux ] && command -v mkfifo >/dev/null 2>&1; then
	mkdir -p "$S/killed"
	mkfifo "$S/killed.xml"
	"$COOPGRAPH" rdf -o "$S/killed/out.ttl" "$S/killed.xml" &
	pid=$!
	opened=0
	for _ in $(seq 200); do
		if ls -l "/proc/$pid/fd" 2>/dev/null | grep -q -- "$S/killed/"; then opened=1; break; fi
		sleep 0.05
	done
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_eq 1 "$opened" "SIGKILL with the output open: coopgraph had opened it"
	fs=$(stat -f -c %T "$S/killed")
	case "$fs" in
	ext2/ext3 | xfs | btrfs | tmpfs)
		check_eq "" "$(listing "$S/killed")" "SIGKILL with the output open: nothing left in the directory ($fs)" ;;
	*) echo "NOTE: $fs may lack O_TMPFILE: a named temporary file may stay after SIGKILL ($(listing "$S/killed"))" ;;
	esac
fi

suite_done
