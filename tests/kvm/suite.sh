#!/bin/bash
# suite.sh - make check's KVM suite (TAP): the KVM smoke test
# (smoke-inner.sh), the guest conformance programs (tests/guest/
# run-guest.sh, also with --cpus=2), the busybox scripts (run-busybox.sh),
# the container lifecycle (tests/cli/test_lifecycle.sh) and Debian's own
# programs in a host-root bundle (tests/hostroot/run-hostroot.sh), all on
# KVM.
#
# Where /dev/kvm is usable here, everything runs here. Otherwise ONE QEMU
# guest with nested SVM (run-in-qemu.sh) boots for the whole suite and
# serves commands (guest-server.sh): the runners work on this machine
# (bundles, native reference runs, comparisons) and only the sandboxed
# runs themselves go into the guest, through a $VMM wrapper
# (guest-exec.sh). Prints "1..0 # SKIP" without a static busybox, the
# built sentry, or (when QEMU is needed) qemu-system-x86_64 and a Debian
# kernel.
#
# Environment: top_srcdir, top_builddir, BUSYBOX, GUEST_TEST_PROGS (as
# make check sets them); KVM_SUITE_BOOT_TIMEOUT (seconds for the guest to
# come up, default 180); KEEP_TMP=1 keeps the scratch directory.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=.}"
: "${KVM_SUITE_BOOT_TIMEOUT:=180}"
: "${KEEP_TMP:=0}"
top_srcdir=$(cd "$top_srcdir" && pwd)
top_builddir=$(cd "$top_builddir" && pwd)
cd "$top_builddir" || exit 1
kvm=$top_srcdir/tests/kvm

busybox=${BUSYBOX:-$(command -v busybox)}
if [ -z "$busybox" ] || ! file -L "$busybox" | grep -q 'statically linked'; then
	echo "1..0 # SKIP no static busybox"
	exit 0
fi
for f in guestkernel/sentry.elf tests/kvm/kvm-boot tests/kvm/kvm-selftest.elf \
	tests/kvm/getpid_loop tests/kvm/clock_loop vmm/vmm; do
	[ -e "$f" ] || { echo "1..0 # SKIP $f not built"; exit 0; }
done

# The scratch directory is under the build tree: the QEMU guest sees it.
work=$top_builddir/tests/kvm/suite.tmp
rm -rf "$work" && mkdir -p "$work/queue" "$work/tmp" "$work/root/bin" || exit 1
qemu_pid=
cleanup() {
	if [ -n "$qemu_pid" ]; then
		: >"$work/queue/stop"
		# a hung guest never sees "stop": take QEMU down at once
		[ ! -e "$work/queue/dead" ] || kill "$qemu_pid" 2>/dev/null
		wait "$qemu_pid" 2>/dev/null
	fi
	[ "$KEEP_TMP" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

cp "$busybox" "$work/root/bin/busybox" && cp tests/kvm/getpid_loop "$work/root/bin/" ||
	exit 1
run_here() { "$@"; }
run=run_here
vmm=$top_builddir/vmm/vmm

if why=$(tests/kvm/kvm-boot --probe 2>&1); then
	echo "# /dev/kvm is usable here"
else
	echo "# /dev/kvm here: $why; one QEMU guest with nested SVM serves the suite"
	sh "$kvm/run-in-qemu.sh" -t 2400 -m 2048 "$top_builddir" \
		sh "$kvm/guest-server.sh" "$work/queue" 600 \
		>"$work/qemu.log" 2>&1 &
	qemu_pid=$!
	waited=0
	while [ ! -f "$work/queue/ready" ]; do
		if ! kill -0 "$qemu_pid" 2>/dev/null; then
			wait "$qemu_pid"
			rc=$?
			qemu_pid=
			if [ $rc = 77 ]; then
				echo "1..0 # SKIP $(tail -n 1 "$work/qemu.log")"
				exit 0
			fi
			echo "Bail out! the QEMU guest stopped before serving (status $rc)"
			sed 's/^/# /' "$work/qemu.log" | tail -n 40
			exit 1
		fi
		if [ $waited -ge $((KVM_SUITE_BOOT_TIMEOUT * 10)) ]; then
			echo "Bail out! the QEMU guest did not come up in ${KVM_SUITE_BOOT_TIMEOUT}s"
			sed 's/^/# /' "$work/qemu.log" | tail -n 40
			exit 1
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
	echo "# guest up after $((waited / 10))s"
	export KVM_GUEST_QUEUE=$work/queue
	run="sh $kvm/guest-exec.sh"
	vmm=$work/vmm-in-guest
	# the guest stops a run 10 s before the runners' own time limit, so
	# that its report on the guest's state comes back
	printf '#!/bin/sh\nKVM_GUEST_LIMIT=$((${VMM_TIMEOUT:-60} - 10)) exec sh %s %s "$@"\n' \
		"$kvm/guest-exec.sh" "$top_builddir/vmm/vmm" >"$vmm" && chmod +x "$vmm" || exit 1
fi

# One TAP stream out of several: renumber results, drop the sub-plans.
n=0
merge() {	# merge PART-NAME < TAP
	local line rest
	while IFS= read -r line; do
		case $line in
		"ok "* | "not ok "*)
			n=$((n + 1))
			if [ "${line#ok }" != "$line" ]; then
				rest=${line#ok }
				echo "ok $n${rest#"${rest%%[!0-9]*}"}"
			elif [ -n "$qemu_pid" ] && [ -e "$work/queue/dead" ]; then
				# failed because the guest hangs: see guest_dead
				rest=${line#not ok }
				rest=${rest#"${rest%%[!0-9]*}"}
				echo "ok $n${rest%%#*} # SKIP the nested QEMU guest stopped answering"
			else
				rest=${line#not ok }
				echo "not ok $n${rest#"${rest%%[!0-9]*}"}"
			fi
			;;
		1..0*) echo "# $1: ${line#1..0}" ;;
		1..*) ;;
		"Bail out!"*)
			n=$((n + 1))
			if [ -n "$qemu_pid" ] && [ -e "$work/queue/dead" ]; then
				echo "ok $n - $1 # SKIP the nested QEMU guest stopped answering"
			else
				echo "not ok $n - $1: ${line#Bail out! }"
			fi
			;;
		*) echo "$line" ;;
		esac
	done
}

echo "# smoke test (kvm-boot, sentry.elf, kvm-selftest.elf)"
merge smoke < <($run sh "$kvm/smoke-inner.sh" guestkernel/sentry.elf \
	tests/kvm/kvm-selftest.elf "$work/root" 2>&1)

# guest_dead PART - the nested guest stopped answering (guest-exec.sh):
# QEMU's emulated SVM has been seen to hang the guest kernel inside
# KVM_RUN. That is the emulator, not vmm (a vmm run that hangs is killed
# by the guest's own time limit and reported), so the parts that cannot
# run any more are skipped with the reason rather than failed.
guest_dead() {
	[ -n "$qemu_pid" ] && [ -e "$work/queue/dead" ] || return 1
	n=$((n + 1))
	echo "ok $n - $1 # SKIP the nested QEMU guest stopped answering (emulated SVM hang)"
	return 0
}

# The vDSO: glibc's clock_gettime makes no system call on KVM.
guest_dead "smoke test did not finish" ||
echo "# vDSO (clock_loop, vmm run --stats)"
mkb=$top_srcdir/tests/scripts/mkbundle.sh
if guest_dead "vDSO"; then
	:
elif bash "$mkb" --busybox "$busybox" --add tests/kvm/clock_loop "$work/clock" -- \
	/bin/clock_loop 100000 >"$work/clock.err" 2>&1 &&
	$run "$top_builddir/vmm/vmm" --platform=kvm run --stats="$work/clock.json" \
		"$work/clock" >"$work/clock.out" 2>>"$work/clock.err" &&
	grep -qx 'clock_loop: 100000 calls, vdso yes' "$work/clock.out"; then
	calls=$(tr -d ' \n' <"$work/clock.json" |
		sed -n 's/.*"by_name":{[^}]*"clock_gettime":\([0-9]*\).*/\1/p')
	n=$((n + 1))
	if [ "${calls:-0}" -lt 100 ]; then
		echo "ok $n - vDSO: 100000 clock_gettime, ${calls:-0} system calls"
	else
		echo "not ok $n - vDSO: 100000 clock_gettime, $calls system calls"
	fi
else
	n=$((n + 1))
	echo "not ok $n - vDSO: clock_loop did not run"
	sed 's/^/# /' "$work/clock.out" "$work/clock.err" | tail -n 20
fi

export VMM=$vmm VMM_PLATFORM=kvm TMPDIR=$work/tmp BUSYBOX=$busybox
if ! guest_dead "guest programs (run-guest.sh)"; then
	echo "# guest programs (run-guest.sh)"
	merge run-guest < <(bash "$top_srcdir/tests/guest/run-guest.sh" 2>&1)
fi
if ! guest_dead "busybox scripts (run-busybox.sh)"; then
	echo "# busybox scripts (run-busybox.sh)"
	merge run-busybox < <(bash "$top_srcdir/tests/guest/run-busybox.sh" 2>&1)
fi
if ! guest_dead "guest programs, 2 CPUs (suite-smp.sh)"; then
	echo "# guest programs with --cpus=2 (suite-smp.sh)"
	merge run-guest-smp < <(bash "$kvm/suite-smp.sh" 2>&1)
fi
if ! guest_dead "container lifecycle (test_lifecycle.sh)"; then
	# all of it in the guest: it signals and inspects the sandbox itself
	echo "# the OCI container lifecycle (tests/cli/test_lifecycle.sh)"
	merge lifecycle < <(KVM_GUEST_LIMIT=${KVM_LIFECYCLE_TIMEOUT:-900} $run env \
		top_builddir="$top_builddir" top_srcdir="$top_srcdir" \
		VMM="$top_builddir/vmm/vmm" BUSYBOX="$busybox" \
		bash "$top_srcdir/tests/cli/test_lifecycle.sh" 2>&1)
fi
if ! guest_dead "Debian programs (run-hostroot.sh)"; then
	echo "# Debian's programs in a host-root bundle (run-hostroot.sh)"
	merge run-hostroot < <(VMM_TIMEOUT=${KVM_HOSTROOT_TIMEOUT:-180} \
		bash "$top_srcdir/tests/hostroot/run-hostroot.sh" 2>&1)
fi
echo "1..$n"
exit 0
