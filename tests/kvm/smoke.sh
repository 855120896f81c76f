#!/bin/sh
# smoke.sh - make check entry of the KVM platform: runs smoke-inner.sh on
# /dev/kvm when it is usable here, else inside a QEMU guest with nested
# SVM (run-in-qemu.sh). TAP; "1..0 # SKIP" when neither is possible.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
cd "$top_builddir" || exit 1
busybox=${BUSYBOX:-$(command -v busybox)}
if [ -z "$busybox" ] || ! file -L "$busybox" | grep -q 'statically linked'; then
	echo "1..0 # SKIP no static busybox"
	exit 0
fi
if [ ! -f guestkernel/sentry.elf ] || [ ! -x tests/kvm/kvm-boot ]; then
	echo "1..0 # SKIP sentry.elf or kvm-boot not built"
	exit 0
fi
root=tests/kvm/root
rm -rf "$root" && mkdir -p "$root/bin" &&
	cp "$busybox" "$root/bin/busybox" && cp tests/kvm/getpid_loop "$root/bin/" || exit 1
inner="sh $top_srcdir/tests/kvm/smoke-inner.sh guestkernel/sentry.elf tests/kvm/kvm-selftest.elf $root"

why=$(tests/kvm/kvm-boot --probe)
if [ $? = 0 ]; then
	$inner
	exit $?
fi
echo "# /dev/kvm here: $why; using a QEMU guest with nested SVM"
out=$(mktemp /tmp/kvm-smoke-qemu.XXXXXX)
sh "$top_srcdir/tests/kvm/run-in-qemu.sh" -t 170 . $inner >"$out" 2>&1
rc=$?
if [ $rc = 77 ]; then
	echo "1..0 # SKIP $(tail -n 1 "$out")"
	rm -f "$out"
	exit 0
fi
# TAP lines pass through; the rest becomes diagnostics
sed -e '/^\(ok\|not ok\|1\.\.\|#\)/!s/^/# /' "$out"
rm -f "$out"
[ $rc = 124 ] && { echo "not ok 99 - the QEMU guest did not finish"; exit 1; }
exit $rc
