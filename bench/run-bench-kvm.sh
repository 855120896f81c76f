#!/bin/bash
# run-bench-kvm.sh - the KVM platform's benchmark report behind
# `make bench-kvm`.
#
# Runs bench/sysbench (getpid, open, fork, pipe, mmap) and the start-up of
# /bin/true natively, in vmm on the KVM platform and in gVisor's runsc on
# its KVM platform (ptrace when runsc's KVM platform fails; the output
# says why), all in the same machine: here when vmm can use /dev/kvm, else
# inside the QEMU guest with nested SVM of tests/kvm/run-in-qemu.sh (where
# everything runs under the same emulation, so only ratios mean something).
#
# Prints first the getpid report: ns per getpid natively and in vmm-kvm,
# their ratio (the target: vmm-kvm within 2x of native) and, from
# `vmm run --stats`, the system calls the sentry handled and the VM exits
# the run took (a getpid costs no VM exit); then one table:
#   mode | native | vmm-kvm | runsc | exits/op | vmm-kvm/native | runsc/vmm-kvm
# Times are ns per operation (ms of wall time for the "true" row, the best
# of BENCH_TRUE_RUNS); exits/op is the VM exits of the vmm-kvm run beyond
# those of a /bin/true run, per operation. A cell that failed prints
# "fail", one that was not measured "-".
#
# The native runs are chrooted into the benchmark bundle when possible, so
# that "open" reads the same /etc/hostname (on the same file system) as the
# sandboxes do.
#
# Environment: top_srcdir, top_builddir, VMM (default
# $top_builddir/vmm/vmm), BUSYBOX, RUNSC (empty: no runsc column),
# BENCH_N (getpid calls, default 200000), BENCH_SCALE (multiplies the
# other modes' iteration counts, default 1), BENCH_TRUE_RUNS (start-up
# runs, default 3), BENCH_TIMEOUT (seconds per run, default 120),
# KEEP_TMP=1 keeps the scratch directory.
# Exit status: 0 when native and vmm-kvm getpid worked (whatever the
# ratio), 77 when no KVM is reachable at all, else 1.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${VMM:=$top_builddir/vmm/vmm}"
: "${BENCH_N:=200000}"
: "${BENCH_SCALE:=1}"
: "${BENCH_TRUE_RUNS:=3}"
: "${BENCH_TIMEOUT:=120}"
: "${KEEP_TMP:=0}"
: "${RUNSC=$(command -v runsc 2>/dev/null || true)}"
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
for v in BENCH_N BENCH_SCALE BENCH_TRUE_RUNS BENCH_TIMEOUT; do
	case ${!v} in
	'' | *[!0-9]* | 0) die "$v must be a positive integer" ;;
	esac
done

# Not inside the target machine yet: go there when /dev/kvm is unusable.
# -s: runsc makes a user namespace, which a chrooted caller may not.
if [ "${1:-}" != --inner ] && ! why=$("$PROBE" --probe 2>&1); then
	echo "# /dev/kvm here: $why"
	echo "# running in a QEMU guest with nested SVM (TCG: absolute times are"
	echo "# emulated, compare the ratios and the exit counts)"
	top_builddir=$(cd "$top_builddir" && pwd)
	# the guest's command starts with a fresh environment: pass ours on
	sh "$top_srcdir/tests/kvm/run-in-qemu.sh" -s -t 600 "$top_builddir" \
		env top_srcdir="$top_srcdir" top_builddir="$top_builddir" \
		VMM="$VMM" BUSYBOX="$BUSYBOX" RUNSC="$RUNSC" KEEP_TMP="$KEEP_TMP" \
		BENCH_N="$BENCH_N" BENCH_SCALE="$BENCH_SCALE" \
		BENCH_TRUE_RUNS="$BENCH_TRUE_RUNS" BENCH_TIMEOUT="$BENCH_TIMEOUT" \
		bash "$here/run-bench-kvm.sh" --inner
	rc=$?
	[ $rc = 77 ] && echo "run-bench-kvm.sh: no QEMU guest possible here" >&2
	exit $rc
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmm-bench-kvm.XXXXXX") || die "mktemp failed"
runsc_root=$tmp/runsc-root
runsc_ids=()
cleanup() {
	local id
	for id in ${runsc_ids[@]+"${runsc_ids[@]}"}; do
		"$RUNSC" --root "$runsc_root" delete -force "$id" >/dev/null 2>&1
	done
	if [ "$KEEP_TMP" = 1 ]; then
		echo "scratch directory kept: $tmp" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT

modes=(getpid open fork pipe mmap)
# iters MODE [runsc] - iterations per mode. Under nested emulation a VM
# exit costs ~60 us, a native fork or page fault some us to ms: these keep
# each native and vmm-kvm run near a second there. runsc (its ptrace
# platform: ~0.3 ms a system call there, ~8 s a start-up) gets a fortieth
# of the getpid calls and a quarter of the rest.
iters() {
	local n
	case $1 in
	getpid) n=$BENCH_N ;;
	open) n=$((2000 * BENCH_SCALE)) ;;
	fork) n=$((200 * BENCH_SCALE)) ;;
	pipe) n=$((2000 * BENCH_SCALE)) ;;
	mmap) n=$((500 * BENCH_SCALE)) ;;
	esac
	if [ "${2:-}" = runsc ]; then
		case $1 in
		getpid) n=$((n / 40)) ;;
		*) n=$((n / 4)) ;;
		esac
	fi
	echo $((n > 0 ? n : 1))
}

# parse MODE FILE - the ns/op number sysbench printed for MODE, or "fail".
parse() {
	local v
	v=$(awk -v m="$1" '$1 == m && $3 == "ns/op" { print $2; exit }' "$2" 2>/dev/null)
	case $v in
	'' | *[!0-9.]*) echo fail ;;
	*) echo "$v" ;;
	esac
}

# the first number after "KEY": in a flat reading of the stats JSON
json_u64() {	# json_u64 FILE KEY...: follows the keys in order
	local f=$1 text
	shift
	[ -s "$f" ] || return 0
	text=$(tr -d ' \n' <"$f")
	for k in "$@"; do
		text=${text#*\"$k\":}
	done
	printf '%s\n' "$text" | sed -n 's/^\([0-9][0-9]*\).*/\1/p'
}

# ratio A B - A/B with two decimals, or "-" when either is not a number.
ratio() {
	case $1$2 in
	*fail* | *-* | '') echo - ; return ;;
	esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "-" }'
}

bundle=$tmp/bundle
"$MKBUNDLE" --busybox "$BUSYBOX" --add "$SYSBENCH" "$bundle" -- /bin/true \
	>"$tmp/mkbundle.err" 2>&1 || {
	cat "$tmp/mkbundle.err" >&2
	die "cannot make the bundle"
}

# configure ARGS... - make the bundle run ARGS.
configure() {
	"$MKBUNDLE" --config-only "$bundle" -- "$@" >"$tmp/config.err" 2>&1 ||
		die "cannot write config.json: $(cat "$tmp/config.err")"
}

notes=()	# lines printed under the table

# exec_native OUT ARGS... - run sysbench natively, in the bundle's root
# when chroot works (as root), else in this machine's.
native_root=bundle
chroot "$bundle/rootfs" /bin/sysbench getpid 1 >/dev/null 2>&1 || {
	native_root=host
	notes+=("# native runs are not chrooted (not root?): native open reads this machine's /etc/hostname")
}
exec_native() {
	local out=$1
	shift
	if [ $native_root = bundle ]; then
		timeout -k 5 "$BENCH_TIMEOUT" chroot "$bundle/rootfs" /bin/sysbench "$@"
	else
		timeout -k 5 "$BENCH_TIMEOUT" "$SYSBENCH" "$@"
	fi </dev/null >"$out" 2>&1
}

# exec_vmm OUT - run the configured bundle in vmm on KVM, stats in OUT.json.
exec_vmm() {
	timeout -k 5 "$BENCH_TIMEOUT" "$VMM" --platform=kvm run --stats="$1.json" \
		"$bundle" </dev/null >"$1" 2>"$1.err"
}

# exec_runsc OUT [RUNSC-FLAGS...] - run the configured bundle in runsc on
# $runsc_platform, then delete the container.
runsc_seq=0
exec_runsc() {
	local out=$1 id rc
	shift
	runsc_seq=$((runsc_seq + 1))
	id=vmm-bench-kvm-$$-$runsc_seq
	runsc_ids+=("$id")
	(cd "$bundle" && timeout -k 5 "$BENCH_TIMEOUT" "$RUNSC" --root "$runsc_root" \
		"$@" --platform="$runsc_platform" --network=none --ignore-cgroups \
		run -bundle "$bundle" "$id") </dev/null >"$out" 2>"$out.err"
	rc=$?
	"$RUNSC" --root "$runsc_root" delete -force "$id" >/dev/null 2>&1
	return $rc
}

# runsc_why LOGDIR ERRFILE - one line on why a runsc run failed: the fatal
# error of its sandbox (with the CPU exception and instruction, when it
# dumped them), else the last line runsc printed.
runsc_why() {
	local boot what vec rip insn='' name
	boot=$(ls "$1"/*boot* 2>/dev/null | head -n 1)
	what=$([ -n "$boot" ] && grep -m 1 -E '^(fatal error|panic):' "$boot")
	if [ -z "$what" ]; then
		echo "$(tail -n 1 "$2" 2>/dev/null)"
		return
	fi
	vec=$(grep -o -m 1 -E 'Vector *= *[0-9a-f]+' "$boot" | sed 's/.*= *//')
	rip=$(grep -o -m 1 -E 'rip *= *[0-9a-f]+' "$boot" | sed 's/.*= *//')
	if [ -n "$rip" ] && command -v objdump >/dev/null; then
		insn=$(objdump -d --start-address=$((16#$rip)) \
			--stop-address=$((16#$rip + 16)) "$RUNSC" 2>/dev/null |
			awk -F'\t' '/^ *[0-9a-f]+:\t/ { print $3; exit }' |
			tr -s ' ')
	fi
	if [ -n "$vec" ]; then
		case $((16#$vec)) in
		6) name="#UD" ;;
		13) name="#GP" ;;
		14) name="#PF" ;;
		*) name="vector $((16#$vec))" ;;
		esac
		what="$what: $name in its ring-0 sentry${insn:+ at \`$insn\`}${rip:+ (rip 0x$rip)}"
		grep -q 'SwitchToUser' "$boot" && what="$what entering the application"
	fi
	echo "$what"
}

# Which runsc platform: KVM when it runs /bin/true here, else ptrace
# (--debug-log gets the sandbox's stderr: its fatal error, if any).
runsc_platform=-
runsc_label=runsc
if [ -n "$RUNSC" ] && [ -x "$RUNSC" ]; then
	echo "probing runsc --platform=kvm..." >&2
	runsc_platform=kvm
	if exec_runsc "$tmp/runsc.probe" --debug-log="$tmp/runsc-kvm-log/"; then
		runsc_label='runsc-kvm'
	else
		why=$(runsc_why "$tmp/runsc-kvm-log" "$tmp/runsc.probe.err")
		runsc_platform=ptrace
		runsc_label='runsc-ptrace'
		notes+=("# runsc --platform=kvm fails here ($why): the runsc column is runsc --platform=ptrace")
	fi
else
	notes+=("# runsc not found (RUNSC empty or not executable; Debian package runsc): no runsc column")
fi

# VM exits of a bare start-up, subtracted from each mode's.
exec_vmm "$tmp/vmm.base" || true
base_exits=$(json_u64 "$tmp/vmm.base.json" vm_exits total)

declare -A native vmm runsc exits_op
echo "running benchmarks (one run)..." >&2
for m in "${modes[@]}"; do
	n=$(iters "$m")
	echo "  $m x $n (${SECONDS}s)" >&2
	if exec_native "$tmp/native.$m" "$m" "$n"; then
		native[$m]=$(parse "$m" "$tmp/native.$m")
	else
		native[$m]=fail
	fi
	configure /bin/sysbench "$m" "$n"
	exits_op[$m]=-
	if exec_vmm "$tmp/vmm.$m"; then
		vmm[$m]=$(parse "$m" "$tmp/vmm.$m")
		e=$(json_u64 "$tmp/vmm.$m.json" vm_exits total)
		[ -n "$e" ] && [ -n "$base_exits" ] && exits_op[$m]=$(awk -v e="$e" \
			-v b="$base_exits" -v n="$n" 'BEGIN {
				d = e - b; if (d < 0) d = 0; printf "%.2f\n", d / n }')
	else
		vmm[$m]=fail
	fi
	runsc[$m]=-
	if [ "$runsc_platform" != - ]; then
		configure /bin/sysbench "$m" "$(iters "$m" runsc)"
		if exec_runsc "$tmp/runsc.$m"; then
			runsc[$m]=$(parse "$m" "$tmp/runsc.$m")
		else
			runsc[$m]=fail
		fi
	fi
done

# Start-up: wall time of running /bin/true, the best of BENCH_TRUE_RUNS.
# best_ms CMD... - runs CMD that many times, prints the fastest in ms or
# "fail".
best_ms() {
	local i t0 t1 best=
	for ((i = 0; i < BENCH_TRUE_RUNS; i++)); do
		t0=$(date +%s%N)
		"$@" || { echo fail; return; }
		t1=$(date +%s%N)
		if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then
			best=$((t1 - t0))
		fi
	done
	awk -v ns="$best" 'BEGIN { printf "%.1f\n", ns / 1e6 }'
}
echo "  start-up (/bin/true) x $BENCH_TRUE_RUNS (${SECONDS}s)" >&2
configure /bin/true
native_true=$(best_ms "$bundle/rootfs/bin/true")
vmm_true=$(best_ms exec_vmm "$tmp/vmm.true")
runsc_true=-
[ "$runsc_platform" != - ] && runsc_true=$(best_ms exec_runsc "$tmp/runsc.true")

echo "  done (${SECONDS}s)" >&2

# The getpid report.
native_g=${native[getpid]}
kvm_g=${vmm[getpid]}
getpids=$(json_u64 "$tmp/vmm.getpid.json" by_name getpid)
syscalls=$(json_u64 "$tmp/vmm.getpid.json" syscalls total)
exits=$(json_u64 "$tmp/vmm.getpid.json" vm_exits total)
echo
echo "getpid x $BENCH_N"
printf '  %-22s %8s ns/op\n' native "$native_g" vmm-kvm "$kvm_g"
if [ "$native_g" != fail ] && [ "$kvm_g" != fail ]; then
	awk -v n="$native_g" -v k="$kvm_g" 'BEGIN {
		r = n > 0 ? k / n : 0
		printf "  %-22s %8.2f (target <= 2.00: %s)\n", "vmm-kvm / native", r,
			r <= 2 ? "met" : "missed"
	}'
fi
printf '  %-22s %8s (getpid: %s)\n' "sentry system calls" "${syscalls:-?}" "${getpids:-?}"
printf '  %-22s %8s for the whole run (boot, exec, output, exit)\n' \
	"VM exits" "${exits:-?}"
if [ -n "$exits" ] && [ -n "$getpids" ] && [ "$exits" -lt "$getpids" ]; then
	echo "  getpid made no VM exits ($exits exits for $getpids getpid calls)"
fi

# The table.
echo
echo "# vmm on KVM: ns/op (\"true\": ms of wall time, best of $BENCH_TRUE_RUNS), one run;"
echo "# native, vmm-kvm and $runsc_label in the same machine: compare the ratios."
echo "# exits/op: vmm-kvm's VM exits per operation beyond a /bin/true run's."
echo "# iterations: getpid $BENCH_N, open $(iters open), fork $(iters fork), pipe $(iters pipe), mmap $(iters mmap)"
[ "$runsc_platform" = - ] ||
	echo "# ($runsc_label: getpid $(iters getpid runsc), open $(iters open runsc), fork $(iters fork runsc), pipe $(iters pipe runsc), mmap $(iters mmap runsc))"
fmt='%-7s | %10s | %10s | %12s | %8s | %14s | %13s\n'
printf "$fmt" mode native vmm-kvm "$runsc_label" exits/op vmm-kvm/native "runsc/vmm-kvm"
printf "$fmt" ------- ---------- ---------- ------------ -------- -------------- -------------
for m in "${modes[@]}"; do
	printf "$fmt" "$m" "${native[$m]}" "${vmm[$m]}" "${runsc[$m]}" "${exits_op[$m]}" \
		"$(ratio "${vmm[$m]}" "${native[$m]}")" "$(ratio "${runsc[$m]}" "${vmm[$m]}")"
done
printf "$fmt" true "$native_true" "$vmm_true" "$runsc_true" - \
	"$(ratio "$vmm_true" "$native_true")" "$(ratio "$runsc_true" "$vmm_true")"
for l in ${notes[@]+"${notes[@]}"}; do
	echo "$l"
done

# Show why a cell failed.
for f in "$tmp"/native.* "$tmp"/vmm.* "$tmp"/runsc.*; do
	case $f in *.err | *.json | *.probe | *.base) continue ;; esac
	[ -f "$f" ] || continue
	mode=${f##*.}
	kind=${f##*/}
	kind=${kind%%.*}
	[ "$mode" != true ] && [ "$(parse "$mode" "$f")" = fail ] || continue
	echo "# $kind $mode failed:"
	cat "$f" ${f}.err 2>/dev/null | tail -n 5 | sed 's/^/#   /'
done

[ "$native_g" != fail ] && [ "$kvm_g" != fail ] || die "getpid: no result natively or in vmm-kvm"
exit 0
