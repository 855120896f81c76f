#!/bin/bash
# run-bench.sh - the benchmark report behind `make bench`.
#
# In one run: sysbench (getpid, open, fork, pipe, mmap) natively, in vmm on
# the ptrace platform, and in gVisor's runsc on its ptrace platform when
# runsc is installed; the PTRACE_SYSEMU floor (ptrace_floor: the least a
# ptrace sandbox can pay per system call); and the wall time of running
# /bin/true in vmm and in runsc. Prints one table:
#   mode | native | vmm-ptrace | floor | runsc | vmm/floor | runsc/vmm
# Times are ns per operation (ms for the "true" row). A row or cell that
# fails prints "fail"; a missing tool prints "-".
#
# The numbers come from ONE run on a possibly noisy, shared machine: read
# them as rough ratios (how far vmm is from the floor and from runsc), not
# as absolute timings.
#
# Environment: top_srcdir, top_builddir, BUSYBOX, RUNSC (empty: no runsc
# column), VMM (default $top_builddir/vmm/vmm), BENCH_SCALE (multiplies the
# iteration counts, default 1), KEEP_TMP=1 keeps the scratch directory.
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${VMM:=$top_builddir/vmm/vmm}"
: "${BENCH_SCALE:=1}"
: "${KEEP_TMP:=0}"
: "${RUNSC=$(command -v runsc 2>/dev/null || true)}"
: "${BUSYBOX:=$(command -v busybox 2>/dev/null || true)}"
SYSBENCH=$top_builddir/bench/sysbench
FLOOR=$top_builddir/bench/ptrace_floor
MKBUNDLE=$top_srcdir/tests/scripts/mkbundle.sh
TIMEOUT=${BENCH_TIMEOUT:-120}

die() {
	echo "run-bench.sh: $*" >&2
	exit 1
}

[ -x "$SYSBENCH" ] || die "$SYSBENCH not built (run make bench)"
[ -x "$FLOOR" ] || die "$FLOOR not built (run make bench)"
[ -n "$BUSYBOX" ] || die "busybox not found: install the Debian package busybox-static"
case $BENCH_SCALE in
'' | *[!0-9]*) die "BENCH_SCALE must be a positive integer" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmm-bench.XXXXXX") || die "mktemp failed"
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
# Iterations per mode: enough to dominate start-up under ptrace, small
# enough that the whole report takes a minute or two.
iters() {
	case $1 in
	getpid) echo $((20000 * BENCH_SCALE)) ;;
	open) echo $((5000 * BENCH_SCALE)) ;;
	fork) echo $((300 * BENCH_SCALE)) ;;
	pipe) echo $((5000 * BENCH_SCALE)) ;;
	mmap) echo $((2000 * BENCH_SCALE)) ;;
	esac
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

# now_ns - monotonic-enough wall clock in ns.
now_ns() {
	date +%s%N
}

bundle=$tmp/bundle
"$MKBUNDLE" --busybox "$BUSYBOX" --add "$SYSBENCH" "$bundle" -- /bin/true \
	>"$tmp/mkbundle.err" 2>&1 || {
	cat "$tmp/mkbundle.err" >&2
	die "cannot make the benchmark bundle"
}

have_vmm=1
[ -x "$VMM" ] || have_vmm=0
have_runsc=0
[ -n "$RUNSC" ] && [ -x "$RUNSC" ] && have_runsc=1

# configure ARGS... - make the bundle run ARGS.
configure() {
	"$MKBUNDLE" --config-only "$bundle" -- "$@" >"$tmp/config.err" 2>&1
}

# exec_vmm OUT - run the configured bundle in vmm (ptrace).
exec_vmm() {
	timeout -k 5 "$TIMEOUT" "$VMM" --platform=ptrace run "$bundle" \
		</dev/null >"$1" 2>"$1.err"
}

# exec_runsc OUT - run the configured bundle in runsc (ptrace), then
# delete the container.
runsc_seq=0
exec_runsc() {
	local id rc
	runsc_seq=$((runsc_seq + 1))
	id=vmm-bench-$$-$runsc_seq
	runsc_ids+=("$id")
	(cd "$bundle" && timeout -k 5 "$TIMEOUT" "$RUNSC" --root "$runsc_root" \
		--platform=ptrace --network=none --ignore-cgroups \
		run -bundle "$bundle" "$id") </dev/null >"$1" 2>"$1.err"
	rc=$?
	"$RUNSC" --root "$runsc_root" delete -force "$id" >/dev/null 2>&1
	return $rc
}

# ratio A B - A/B with two decimals, or "-" when either is not a number.
ratio() {
	case $1$2 in
	*fail* | *-* | '') echo - ; return ;;
	esac
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f\n", a / b; else print "-" }'
}

declare -A native vmm runsc
echo "running benchmarks (one run; expect noise)..." >&2
for m in "${modes[@]}"; do
	n=$(iters "$m")
	echo "  $m x $n" >&2
	# natively, "open" reads the host's /etc/hostname
	if timeout -k 5 "$TIMEOUT" "$SYSBENCH" "$m" "$n" >"$tmp/native.$m" 2>&1; then
		native[$m]=$(parse "$m" "$tmp/native.$m")
	else
		native[$m]=fail
	fi
	configure /bin/sysbench "$m" "$n" || die "cannot write config.json"
	if [ $have_vmm = 1 ]; then
		if exec_vmm "$tmp/vmm.$m"; then
			vmm[$m]=$(parse "$m" "$tmp/vmm.$m")
		else
			vmm[$m]=fail
		fi
	else
		vmm[$m]=-
	fi
	if [ $have_runsc = 1 ]; then
		if exec_runsc "$tmp/runsc.$m"; then
			runsc[$m]=$(parse "$m" "$tmp/runsc.$m")
		else
			runsc[$m]=fail
		fi
	else
		runsc[$m]=-
	fi
done

# The floor, with tracer and tracee wherever the host puts them and both
# on one CPU (vmm binds a stub that makes system calls to its own CPU:
# wakeups across CPUs cost much more, on a virtual machine most of all);
# the lesser of the two is the floor.
# floor_run [taskset -c CPU] - ns per round trip, or "fail".
floor_run() {
	local ns
	if timeout -k 5 "$TIMEOUT" "$@" "$FLOOR" $((20000 * BENCH_SCALE)) >"$tmp/floor" 2>&1; then
		ns=$(awk '$1 == "ptrace-sysemu" { print $2; exit }' "$tmp/floor")
		case $ns in '' | *[!0-9.]*) ns=fail ;; esac
		echo "$ns"
	else
		echo fail
	fi
}
echo "  ptrace floor" >&2
floor_any=$(floor_run)
floor_one=fail
cpu=$(awk '/^Cpus_allowed_list/ { split($2, a, /[,-]/); print a[1] }' /proc/self/status)
command -v taskset >/dev/null && [ -n "$cpu" ] && floor_one=$(floor_run taskset -c "$cpu")
floor=$floor_any
if [ "$floor_one" != fail ] && { [ "$floor" = fail ] || [ "$floor_one" -lt "$floor" ]; }; then
	floor=$floor_one
fi

# Start-up: wall time of running /bin/true, the best of 5, in ms.
# best_ms CMD... - runs CMD 5 times, prints the fastest in ms or "fail".
best_ms() {
	local i t0 t1 best=
	for i in 1 2 3 4 5; do
		t0=$(now_ns)
		"$@" || { echo fail; return; }
		t1=$(now_ns)
		if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then
			best=$((t1 - t0))
		fi
	done
	awk -v ns="$best" 'BEGIN { printf "%.1f\n", ns / 1e6 }'
}
echo "  start-up (/bin/true)" >&2
native_true=$(best_ms "$bundle/rootfs/bin/true")
configure /bin/true || die "cannot write config.json"
vmm_true=-
[ $have_vmm = 1 ] && vmm_true=$(best_ms exec_vmm "$tmp/vmm.true")
runsc_true=-
[ $have_runsc = 1 ] && runsc_true=$(best_ms exec_runsc "$tmp/runsc.true")

echo
echo "# vmm benchmark: ns/op (\"true\": ms of wall time); one run on a noisy machine,"
echo "# compare the ratios, not the absolute numbers. floor = bare PTRACE_SYSEMU"
echo "# round trip per syscall, the least any ptrace sandbox can pay (here: $floor_any"
echo "# with tracer and tracee anywhere, $floor_one with both on one CPU)."
fmt='%-7s | %10s | %10s | %10s | %10s | %9s | %9s\n'
printf "$fmt" mode native vmm-ptrace floor runsc vmm/floor runsc/vmm
printf "$fmt" ------- ---------- ---------- ---------- ---------- --------- ---------
for m in "${modes[@]}"; do
	f=-
	[ "$m" = getpid ] && f=$floor
	printf "$fmt" "$m" "${native[$m]}" "${vmm[$m]}" "$f" "${runsc[$m]}" \
		"$(ratio "${vmm[$m]}" "$f")" "$(ratio "${runsc[$m]}" "${vmm[$m]}")"
done
printf "$fmt" true "$native_true" "$vmm_true" - "$runsc_true" - \
	"$(ratio "$runsc_true" "$vmm_true")"

# Show why a cell failed.
for f in "$tmp"/vmm.* "$tmp"/runsc.*; do
	case $f in *.err) continue ;; esac
	[ -f "$f" ] || continue
	mode=${f##*.}
	kind=${f##*/}
	kind=${kind%%.*}
	if [ "$mode" != true ] && [ "$(parse "$mode" "$f")" = fail ] && [ -s "$f.err" ]; then
		echo "# $kind $mode failed:"
		tail -n 5 "$f.err" | sed 's/^/#   /'
	fi
done
exit 0
