#!/bin/sh
# smoke-inner.sh - the KVM smoke test proper (TAP), run by suite.sh on
# this host or inside a QEMU guest. cwd: the build directory.
#   $1: sentry.elf  $2: kvm-selftest.elf  $3: rootfs with bin/busybox and
#   bin/getpid_loop
sentry=$1 selftest=$2 root=$3
boot=tests/kvm/kvm-boot
out=$(mktemp /tmp/kvm-smoke.XXXXXX)
n=0 fail=0
# a throwaway first line: a QEMU serial console may swallow it
echo
echo "# KVM smoke test"
tap() {	# tap OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; sed 's/^/# /' "$out"; fi
}

$boot "$selftest" >"$out" 2>&1
tap $? "platform self-test (traps, FPU, clocks, idle) passes"

$boot "$sentry" --root "$root" /bin/busybox echo hi >"$out" 2>&1
rc=$?
[ $rc = 0 ] && grep -qx hi "$out"
tap $? "sentry.elf runs busybox echo hi"

$boot "$sentry" --root "$root" /bin/busybox sh -c 'exit 3' >"$out" 2>&1
tap $([ $? = 3 ] && echo 0 || echo 1) "exit status of init comes back"

$boot "$sentry" --root "$root" /bin/getpid_loop 200000 >"$out" 2>&1
rc=$?
[ $rc = 0 ] && grep -q "getpid_loop: 200000 calls" "$out"
tap $? "200000 getpid calls without VM exits"

$boot "$sentry" --root "$root" /bin/busybox sh -c 'x=0; while [ $x -lt 20 ]; do x=$((x+1)); done; echo $x' >"$out" 2>&1
rc=$?
[ $rc = 0 ] && grep -qx 20 "$out"
tap $? "busybox sh loop with builtins"
rm -f "$out"
echo "1..$n"
exit $fail
