#!/bin/bash
# run-guest.sh - run the guest test programs natively and in vmm and
# compare: one TAP result per program.
#
# Usage: run-guest.sh [PROGRAM...]
#   PROGRAM: a path, or a name in $top_builddir/tests/guest (default: the
#   programs in $GUEST_TEST_PROGS, which make check sets, else every t_*
#   program built there)
#
# Each static test program runs first natively (in a scratch directory,
# with a clean environment), then in vmm from a bundle whose busybox
# rootfs holds the program in /bin. The test passes when the native run
# passed all its own checks and vmm's stdout and exit status are
# identical. A program with an expected-output file
# $top_srcdir/tests/guest/NAME.expected (and optionally NAME.status, the
# exit status, default 0) is compared against that instead of a native run.
# A program with $top_srcdir/tests/guest/NAME.platforms runs only on the
# platforms its first line names; elsewhere it is skipped with the reason
# on its second line.
#
# Prints "1..0 # SKIP" only when the host cannot ptrace at all. See
# tests/scripts/guestlib.sh for the environment variables.
set -u

. "$(cd "$(dirname "$0")/../scripts" && pwd)/guestlib.sh"

gl_setup
gl_probe_ptrace

if [ $# -gt 0 ]; then
	progs=()
	for p in "$@"; do
		case $p in
		*/*) progs+=("$p") ;;
		*) progs+=("$top_builddir/tests/guest/$p") ;;
		esac
	done
elif [ -n "${GUEST_TEST_PROGS:-}" ]; then
	# from make check: the programs tests/guest/Makefile.inc builds
	progs=()
	for p in $GUEST_TEST_PROGS; do
		progs+=("$top_builddir/$p")
	done
else
	progs=()
	for f in "$top_builddir"/tests/guest/t_*; do
		case $f in
		*.c | *.o | *.h | *.expected | *.status | *.log | *.trs) continue ;;
		esac
		[ -f "$f" ] && [ -x "$f" ] && progs+=("$f")
	done
fi
[ ${#progs[@]} -gt 0 ] || gl_bail "no guest test programs found in $top_builddir/tests/guest"

uid=$(id -u)
gid=$(id -g)
bundle=$GL_TMP/bundle
adds=()
for p in "${progs[@]}"; do
	[ -x "$p" ] || gl_bail "$p: not an executable"
	adds+=(--add "$p")
done
# One rootfs with every program; config.json is rewritten per program.
"$MKBUNDLE" --busybox "$BUSYBOX" "${adds[@]}" "$bundle" -- /bin/true >"$GL_TMP/mkbundle.err" 2>&1 || {
	gl_comment "$GL_TMP/mkbundle.err"
	gl_bail "cannot make the test bundle"
}

for p in "${progs[@]}"; do
	name=${p##*/}
	w=$GL_TMP/$name
	mkdir -p "$w/cwd" "$w/tmp"

	pf=$top_srcdir/tests/guest/$name.platforms
	if [ -f "$pf" ] && ! head -n 1 "$pf" | grep -qw -- "$VMM_PLATFORM"; then
		gl_result 1 "$name [$VMM_PLATFORM] # SKIP $(sed -n 2p "$pf")"
		continue
	fi
	if [ -f "$top_srcdir/tests/guest/$name.expected" ]; then
		cp "$top_srcdir/tests/guest/$name.expected" "$w/want"
		want_rc=0
		[ -f "$top_srcdir/tests/guest/$name.status" ] &&
			want_rc=$(cat "$top_srcdir/tests/guest/$name.status")
	else
		# Native reference run.
		abs=$(cd "$(dirname "$p")" && pwd)/$name
		(cd "$w/cwd" && exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			HOME=/root T_UID="$uid" T_GID="$gid" \
			T_HOSTNAME="$(uname -n)" T_TMPDIR="$w/tmp" \
			timeout -k 5 "$VMM_TIMEOUT" "$abs") \
			</dev/null >"$w/want" 2>"$w/native.err"
		want_rc=$?
		if [ $want_rc != 0 ] || grep -q '^not ok' "$w/want"; then
			gl_result 0 "$name (native run fails: the test or this host is broken)"
			echo "# native exit status $want_rc"
			gl_comment "$w/want"
			gl_comment "$w/native.err"
			continue
		fi
	fi

	"$MKBUNDLE" --config-only --uid "$uid" --gid "$gid" \
		--env T_UID="$uid" --env T_GID="$gid" --env T_HOSTNAME=vmm \
		"$bundle" -- "/bin/$name" >"$w/mkbundle.err" 2>&1 || {
		gl_result 0 "$name (cannot write config.json)"
		gl_comment "$w/mkbundle.err"
		continue
	}
	gl_vmm_run "$bundle" "$w/got" "$w/vmm.err"
	got_rc=$?
	gl_compare "$name [$VMM_PLATFORM]" "$w/want" "$want_rc" "$w/got" \
		"$got_rc" "$w/vmm.err"
done
gl_done
