# guestlib.sh - shared helpers for the guest test runners (sourced, bash).
#
# Environment (make check sets the first three):
#   top_srcdir, top_builddir  source and build trees (default: from $0)
#   BUSYBOX                   Debian's busybox-static (default: PATH's)
#   VMM                       the vmm binary (default $top_builddir/vmm/vmm)
#   VMM_PLATFORM              platform to test (default ptrace)
#   VMM_TIMEOUT               seconds per program run (default 60)
#   KEEP_TMP=1                keep the scratch directory for debugging

gl_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${top_srcdir:=$(cd "$gl_here/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${VMM:=$top_builddir/vmm/vmm}"
: "${VMM_PLATFORM:=ptrace}"
: "${VMM_TIMEOUT:=60}"
: "${KEEP_TMP:=0}"
if [ -z "${BUSYBOX:-}" ]; then
	BUSYBOX=$(command -v busybox 2>/dev/null || true)
fi
MKBUNDLE="$top_srcdir/tests/scripts/mkbundle.sh"
MKROOTFS="$top_srcdir/tests/scripts/mkrootfs.sh"

gl_n=0
gl_failed=0

# gl_bail MESSAGE - abort the whole TAP stream.
gl_bail() {
	echo "Bail out! $*"
	exit 1
}

# gl_skip_all REASON - the runner cannot run here at all.
gl_skip_all() {
	echo "1..0 # SKIP $*"
	exit 0
}

# gl_comment FILE [MAX] - print FILE as TAP comments (at most MAX lines).
gl_comment() {
	local max=${2:-60}
	[ -s "$1" ] || return 0
	head -n "$max" "$1" | sed 's/^/# /'
	[ "$(wc -l <"$1")" -le "$max" ] || echo "# ... (truncated)"
}

# gl_result OK DESCRIPTION - print one TAP result line.
gl_result() {
	gl_n=$((gl_n + 1))
	if [ "$1" = 1 ]; then
		echo "ok $gl_n - $2"
	else
		gl_failed=$((gl_failed + 1))
		echo "not ok $gl_n - $2"
	fi
}

# gl_setup - make the scratch directory $GL_TMP and check prerequisites.
gl_setup() {
	GL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vmm-guest.XXXXXX") ||
		gl_bail "cannot make a scratch directory"
	if [ "$KEEP_TMP" = 1 ]; then
		echo "# scratch directory kept: $GL_TMP"
	else
		trap 'rm -rf "$GL_TMP"' EXIT
	fi
	[ -n "$BUSYBOX" ] ||
		gl_bail "busybox not found: install the Debian package busybox-static"
	[ -x "$VMM" ] || gl_bail "$VMM not found: run make first"
	command -v timeout >/dev/null 2>&1 || gl_bail "timeout(1) not found"
}

# gl_probe_ptrace - skip everything when the host forbids ptrace.
gl_probe_ptrace() {
	local probe="$top_builddir/tests/guest/ptrace_probe" out rc
	[ "$VMM_PLATFORM" = ptrace ] || return 0
	[ -x "$probe" ] || gl_bail "$probe not built"
	out=$("$probe" 2>&1)
	rc=$?
	case $rc in
	0) ;;
	77) gl_skip_all "$out" ;;
	*) gl_bail "ptrace probe failed ($rc): $out" ;;
	esac
}

# gl_vmm_run BUNDLE OUT ERR - run the bundle in vmm with a timeout; stdout
# to OUT, stderr to ERR, stdin from /dev/null. Returns vmm's exit status
# (124 when the timeout hit).
gl_vmm_run() {
	timeout -k 5 "$VMM_TIMEOUT" "$VMM" --platform="$VMM_PLATFORM" run "$1" \
		</dev/null >"$2" 2>"$3"
}

# gl_compare NAME WANT_OUT WANT_RC GOT_OUT GOT_RC GOT_ERR - one TAP result:
# ok when output and status agree, else the diff and vmm's stderr as
# comments.
gl_compare() {
	local name=$1 want=$2 want_rc=$3 got=$4 got_rc=$5 err=$6
	if [ "$want_rc" = "$got_rc" ] && cmp -s "$want" "$got"; then
		gl_result 1 "$name"
		return 0
	fi
	gl_result 0 "$name"
	echo "# exit status: want $want_rc, got $got_rc$([ "$got_rc" = 124 ] && echo ' (timeout)')"
	if ! cmp -s "$want" "$got"; then
		diff -u "$want" "$got" >"$GL_TMP/diff" 2>&1
		echo "# stdout differs (--- want, +++ got):"
		gl_comment "$GL_TMP/diff" 80
	fi
	if [ -s "$err" ]; then
		echo "# stderr:"
		gl_comment "$err" 30
	fi
	return 1
}

# gl_done - print the plan; exit 0 (the TAP driver counts the failures).
gl_done() {
	echo "1..$gl_n"
	exit 0
}
