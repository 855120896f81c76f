#!/bin/bash
# run-bench-kvm.sh - the KVM platform's system-call benchmark behind
# `make bench-kvm`.
#
# Runs bench/sysbench getpid natively and in vmm on the KVM platform, in
# the same machine: here when vmm can use /dev/kvm, else inside the QEMU
# guest with nested SVM of tests/kvm/run-in-qemu.sh (where native and KVM
# run under the same emulation, so only their ratio means something).
# Prints the ns per getpid of both, their ratio (the target: vmm-kvm within
# 2x of native) and, from `vmm run --stats`, the system calls the sentry
# handled and the VM exits the run took: a getpid costs no VM exit.
#
# Environment: top_srcdir, top_builddir, VMM (default
# $top_builddir/vmm/vmm), BUSYBOX, BENCH_N (getpid calls, default 200000),
# KEEP_TMP=1 keeps the scratch directory.
# Exit status: 0 when both runs worked (whatever the ratio), 77 when no KVM
# is reachable at all, else 1.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${VMM:=$top_builddir/vmm/vmm}"
: "${BENCH_N:=200000}"
: "${KEEP_TMP:=0}"
: "${BUSYBOX:=$(command -v busybox 2>/dev/null || true)}"
SYSBENCH=$top_builddir/bench/sysbench
PROBE=$top_builddir/tests/kvm/kvm-boot
MKBUNDLE=$top_srcdir/tests/scripts/mkbundle.sh

die() {
	echo "run-bench-kvm.sh: $*" >&2
	exit 1
}

[ -x "$SYSBENCH" ] || die "$SYSBENCH not built (run make bench-kvm)"
[ -x "$VMM" ] || die "$VMM not built"
[ -x "$PROBE" ] || die "$PROBE not built (run make bench-kvm)"
[ -n "$BUSYBOX" ] || die "busybox not found: install the Debian package busybox-static"
case $BENCH_N in
'' | *[!0-9]*) die "BENCH_N must be a positive integer" ;;
esac

# Not inside the target machine yet: go there when /dev/kvm is unusable.
if [ "${1:-}" != --inner ] && ! why=$("$PROBE" --probe 2>&1); then
	echo "# /dev/kvm here: $why"
	echo "# running in a QEMU guest with nested SVM (TCG: absolute times are"
	echo "# emulated, compare the ratio and the exit count)"
	top_builddir=$(cd "$top_builddir" && pwd)
	export top_srcdir top_builddir VMM BUSYBOX BENCH_N KEEP_TMP
	sh "$top_srcdir/tests/kvm/run-in-qemu.sh" -t 600 "$top_builddir" \
		bash "$here/run-bench-kvm.sh" --inner
	rc=$?
	[ $rc = 77 ] && echo "run-bench-kvm.sh: no QEMU guest possible here" >&2
	exit $rc
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmm-bench-kvm.XXXXXX") || die "mktemp failed"
if [ "$KEEP_TMP" = 1 ]; then
	trap 'echo "scratch directory kept: $tmp" >&2' EXIT
else
	trap 'rm -rf "$tmp"' EXIT
fi

# ns per operation from sysbench's "getpid N ns/op"
ns_of() {
	sed -n 's/^getpid \([0-9][0-9]*\) ns\/op$/\1/p' "$1" | head -n 1
}

# the first number after "KEY": in a flat reading of the stats JSON
json_u64() {	# json_u64 FILE KEY...: follows the keys in order
	local f=$1 text
	shift
	text=$(tr -d ' \n' <"$f")
	for k in "$@"; do
		text=${text#*\"$k\":}
	done
	printf '%s\n' "$text" | sed -n 's/^\([0-9][0-9]*\).*/\1/p'
}

"$SYSBENCH" getpid "$BENCH_N" >"$tmp/native.out" 2>&1 || {
	cat "$tmp/native.out" >&2
	die "native sysbench failed"
}
native=$(ns_of "$tmp/native.out")

"$MKBUNDLE" --busybox "$BUSYBOX" --add "$SYSBENCH" "$tmp/bundle" -- \
	/bin/sysbench getpid "$BENCH_N" >"$tmp/mkbundle.err" 2>&1 || {
	cat "$tmp/mkbundle.err" >&2
	die "cannot make the bundle"
}
timeout -k 5 300 "$VMM" --platform=kvm run --stats="$tmp/stats.json" "$tmp/bundle" \
	</dev/null >"$tmp/kvm.out" 2>"$tmp/kvm.err" || {
	cat "$tmp/kvm.out" "$tmp/kvm.err" >&2
	die "vmm --platform=kvm failed"
}
kvm=$(ns_of "$tmp/kvm.out")
[ -n "$native" ] && [ -n "$kvm" ] || die "no result: $(cat "$tmp/native.out" "$tmp/kvm.out")"

getpids=$(json_u64 "$tmp/stats.json" by_name getpid)
syscalls=$(json_u64 "$tmp/stats.json" syscalls total)
exits=$(json_u64 "$tmp/stats.json" vm_exits total)

echo "getpid x $BENCH_N"
printf '  %-22s %8s ns/op\n' native "$native" vmm-kvm "$kvm"
awk -v n="$native" -v k="$kvm" 'BEGIN {
	r = n > 0 ? k / n : 0
	printf "  %-22s %8.2f (target <= 2.00: %s)\n", "vmm-kvm / native", r,
		r <= 2 ? "met" : "missed"
}'
printf '  %-22s %8s (getpid: %s)\n' "sentry system calls" "${syscalls:-?}" "${getpids:-?}"
printf '  %-22s %8s for the whole run (boot, exec, output, exit)\n' \
	"VM exits" "${exits:-?}"
if [ -n "$exits" ] && [ -n "$getpids" ] && [ "$exits" -lt "$getpids" ]; then
	echo "  getpid made no VM exits ($exits exits for $getpids getpid calls)"
fi
