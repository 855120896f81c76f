#!/bin/bash
# run-busybox.sh - busybox shell scripts natively and in vmm, compared.
#
# Usage: run-busybox.sh [SCRIPT...]   (default: tests/guest/busybox/*.sh)
#
# Every script runs natively with Debian's busybox-static
# (`$BUSYBOX sh script.sh` in a scratch directory, PATH pointing at the
# bundle's applet links so each command is the busybox applet, TMPDIR a
# scratch directory) and in vmm as `sh /scripts/NAME.sh` (the scripts are
# copied into the bundle's rootfs; TMPDIR unset, so /tmp). stdout and exit
# status must agree. Then the acceptance command and the example bundle
# run in vmm and are checked against what they must print.
#
# Prints "1..0 # SKIP" only when the host cannot ptrace at all. See
# tests/scripts/guestlib.sh for the environment variables.
set -u

. "$(cd "$(dirname "$0")/../scripts" && pwd)/guestlib.sh"

gl_setup
gl_probe_ptrace

sdir=$top_srcdir/tests/guest/busybox
if [ $# -gt 0 ]; then
	scripts=()
	for s in "$@"; do
		case $s in
		*/*) scripts+=("$s") ;;
		*) scripts+=("$sdir/${s%.sh}.sh") ;;
		esac
	done
else
	scripts=("$sdir"/*.sh)
fi

bundle=$GL_TMP/bundle
rootfs=$bundle/rootfs
"$MKBUNDLE" --busybox "$BUSYBOX" --copy "$sdir" /scripts "$bundle" -- /bin/true \
	>"$GL_TMP/mkbundle.err" 2>&1 || {
	gl_comment "$GL_TMP/mkbundle.err"
	gl_bail "cannot make the test bundle"
}
native_path=$rootfs/usr/sbin:$rootfs/usr/bin:$rootfs/sbin:$rootfs/bin

for s in "${scripts[@]}"; do
	[ -f "$s" ] || gl_bail "$s: no such script"
	name=${s##*/}
	w=$GL_TMP/$name.d
	mkdir -p "$w/cwd" "$w/tmp"
	cp "$s" "$rootfs/scripts/$name"

	(cd "$w/cwd" && exec env -i PATH="$native_path" HOME=/root \
		TMPDIR="$w/tmp" timeout -k 5 "$VMM_TIMEOUT" \
		"$rootfs/bin/busybox" sh "$s") </dev/null >"$w/want" 2>"$w/native.err"
	want_rc=$?
	if [ $want_rc = 124 ]; then
		gl_result 0 "$name (native run timed out)"
		continue
	fi

	"$MKBUNDLE" --config-only "$bundle" -- sh "/scripts/$name" \
		>"$w/mkbundle.err" 2>&1 || {
		gl_result 0 "$name (cannot write config.json)"
		gl_comment "$w/mkbundle.err"
		continue
	}
	gl_vmm_run "$bundle" "$w/got" "$w/vmm.err"
	got_rc=$?
	gl_compare "$name [$VMM_PLATFORM]" "$w/want" "$want_rc" "$w/got" \
		"$got_rc" "$w/vmm.err"
done

# The acceptance command: `ls /` lists the bundle's root, so the expected
# output is built from the rootfs directory itself.
if [ $# -eq 0 ]; then
	w=$GL_TMP/acceptance
	mkdir -p "$w"
	{
		echo HELLO
		(cd "$rootfs" && "$rootfs/bin/busybox" ls -1 .)
		echo written
	} >"$w/want"
	"$MKBUNDLE" --config-only "$bundle" -- sh -c \
		'echo hello | tr a-z A-Z; ls /; echo written >/tmp/x; cat /tmp/x; exit 7' \
		>"$w/mkbundle.err" 2>&1
	gl_vmm_run "$bundle" "$w/got" "$w/vmm.err"
	got_rc=$?
	gl_compare "acceptance: sh -c 'echo hello | tr ...; exit 7' [$VMM_PLATFORM]" \
		"$w/want" 7 "$w/got" "$got_rc" "$w/vmm.err"

	# The example bundle `make` builds (examples/busybox).
	ex=$top_builddir/examples/busybox
	if [ -f "$ex/config.json" ] && [ -d "$ex/rootfs" ]; then
		w=$GL_TMP/example
		mkdir -p "$w"
		gl_vmm_run "$ex" "$w/got" "$w/vmm.err"
		got_rc=$?
		{
			echo "Hello from vmm"
			echo "Linux x86_64"
		} >"$w/want"
		head -n 2 "$w/got" >"$w/got2"
		gl_compare "example bundle examples/busybox [$VMM_PLATFORM]" \
			"$w/want" 0 "$w/got2" "$got_rc" "$w/vmm.err"
	fi
fi
gl_done
