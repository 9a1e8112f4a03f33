# shellcheck shell=bash
# Helpers for tests/suites/*.sh. Source it first:
#   . "$COOP_SOURCE_DIR/tests/lib/common.sh"    (or relative to the suite: "$(dirname "$0")/../lib/common.sh")
# It turns on `set -u -o pipefail` (not -e: a suite keeps going after a failed check and reports them all).
# See tests/lib/README.md.

if [ -n "${COOP_COMMON_LOADED:-}" ]; then
	return 0
fi
COOP_COMMON_LOADED=1

set -u -o pipefail

COOP_PASSED=0
COOP_FAILED=0
COOP_SUITE_NAME=$(basename "${0%.sh}")

: "${COOP_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export COOP_SOURCE_DIR

pass() {
	COOP_PASSED=$((COOP_PASSED + 1))
	printf 'PASS: %s\n' "$*"
}

fail() {
	COOP_FAILED=$((COOP_FAILED + 1))
	printf 'FAIL: %s\n' "$*"
}

# Stop the suite now: for broken preconditions, where the remaining checks would be meaningless.
die() {
	printf 'FAIL: %s\n' "$*"
	COOP_FAILED=$((COOP_FAILED + 1))
	suite_done
}

# check_eq EXPECTED ACTUAL MSG: on a mismatch, a unified diff (expected vs actual) follows the FAIL line.
check_eq() {
	local expected=$1 actual=$2 msg=$3
	if [ "$expected" = "$actual" ]; then
		pass "$msg"
	else
		fail "$msg"
		diff -u --label expected --label actual <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") | head -n 60 | sed 's/^/    /'
	fi
}

# check_file_eq EXPECTED_FILE ACTUAL_FILE MSG: byte-for-byte comparison.
check_file_eq() {
	local expected=$1 actual=$2 msg=$3
	if [ ! -f "$expected" ]; then
		fail "$msg: expected file $expected is missing"
	elif [ ! -f "$actual" ]; then
		fail "$msg: actual file $actual is missing"
	elif cmp -s "$expected" "$actual"; then
		pass "$msg"
	else
		fail "$msg"
		diff -u --label "$expected" --label "$actual" "$expected" "$actual" | head -n 60 | sed 's/^/    /'
	fi
}

check_contains() {
	local haystack=$1 needle=$2 msg=$3
	case "$haystack" in
	*"$needle"*) pass "$msg" ;;
	*)
		fail "$msg: missing '$needle'"
		printf '%s\n' "$haystack" | head -n 20 | sed 's/^/    | /'
		;;
	esac
}

check_not_contains() {
	local haystack=$1 needle=$2 msg=$3
	case "$haystack" in
	*"$needle"*)
		fail "$msg: unexpected '$needle'"
		printf '%s\n' "$haystack" | grep -F -- "$needle" | head -n 5 | sed 's/^/    | /'
		;;
	*) pass "$msg" ;;
	esac
}

# run_cmd CMD [ARGS...]: runs it, with stdin from /dev/null unless RUN_STDIN names a file, and sets
# RUN_OUT, RUN_ERR (trailing newlines stripped, as with $(...)) and RUN_RC. Never stops the suite.
run_cmd() {
	local out_file="$COOP_SCRATCH/.run_out" err_file="$COOP_SCRATCH/.run_err"
	local stdin_file=${RUN_STDIN:-/dev/null}
	"$@" <"$stdin_file" >"$out_file" 2>"$err_file"
	RUN_RC=$?
	RUN_OUT=$(cat "$out_file")
	RUN_ERR=$(cat "$err_file")
	RUN_CMD="$*"
}

# expect_rc N MSG: checks RUN_RC of the last run_cmd; on a mismatch shows the command and its stderr.
expect_rc() {
	local want=$1 msg=$2
	if [ "$RUN_RC" = "$want" ]; then
		pass "$msg"
	else
		fail "$msg: exit code $RUN_RC, expected $want"
		printf '    $ %s\n' "$RUN_CMD"
		printf '%s\n' "$RUN_ERR" | tail -n 20 | sed 's/^/    stderr| /'
		printf '%s\n' "$RUN_OUT" | tail -n 10 | sed 's/^/    stdout| /'
	fi
}

# Prints "N passed, N failed" and exits: 0 only if nothing failed and at least one check ran.
suite_done() {
	printf '%s: %d passed, %d failed\n' "$COOP_SUITE_NAME" "$COOP_PASSED" "$COOP_FAILED"
	if [ "$COOP_FAILED" -ne 0 ]; then
		exit 1
	fi
	if [ "$COOP_PASSED" -eq 0 ]; then
		printf 'FAIL: no checks ran\n'
		exit 1
	fi
	exit 0
}

# A missing tool fails the suite: a skipped check must never look like a passed one.
require_cmd() {
	local name missing=()
	for name in "$@"; do
		command -v "$name" >/dev/null 2>&1 || missing+=("$name")
	done
	if [ "${#missing[@]}" -ne 0 ]; then
		die "required command(s) not found: ${missing[*]} (run scripts/install-deps.sh --all)"
	fi
}

require_file() {
	local name
	for name in "$@"; do
		[ -e "$name" ] || die "required file not found: $name"
	done
}

# node_tool SCRIPT ARGS...: runs tests/node/SCRIPT (see tests/node/README.md).
node_tool() {
	local script=$1
	shift
	if [ ! -d "$COOP_SOURCE_DIR/tests/node/node_modules" ]; then
		printf 'node_tool: %s/tests/node/node_modules is missing (run scripts/install-deps.sh --all)\n' "$COOP_SOURCE_DIR" >&2
		return 2
	fi
	node "$COOP_SOURCE_DIR/tests/node/$script" "$@"
}

# EXIT handlers: on_exit CMD registers CMD (a string, eval'ed) to run when the suite exits, in reverse order.
COOP_EXIT_HANDLERS=()
on_exit() {
	COOP_EXIT_HANDLERS+=("$1")
}
coop_run_exit_handlers() {
	local rc=$? i
	trap - EXIT
	for ((i = ${#COOP_EXIT_HANDLERS[@]} - 1; i >= 0; i--)); do
		eval "${COOP_EXIT_HANDLERS[i]}" || true
	done
	exit "$rc"
}
trap coop_run_exit_handlers EXIT
# Without these, a signal would end bash without running the EXIT trap (and leave servers running).
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# Scratch directory: $COOP_TMP, emptied first; a fresh mktemp dir when COOP_TMP is not set.
if [ -n "${COOP_TMP:-}" ]; then
	case "$COOP_TMP" in
	/ | /tmp | /tmp/ | "$HOME" | "$COOP_SOURCE_DIR")
		printf 'FAIL: refusing to use COOP_TMP=%s as a scratch dir\n' "$COOP_TMP"
		exit 1
		;;
	esac
	rm -rf -- "$COOP_TMP"
	mkdir -p -- "$COOP_TMP" || { printf 'FAIL: cannot create %s\n' "$COOP_TMP"; exit 1; }
	COOP_SCRATCH=$(cd "$COOP_TMP" && pwd)
else
	COOP_SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/coop-$COOP_SUITE_NAME.XXXXXX")
	# shellcheck disable=SC2016 # expanded when the handler runs
	on_exit 'rm -rf -- "$COOP_SCRATCH"'
fi
export COOP_SCRATCH
