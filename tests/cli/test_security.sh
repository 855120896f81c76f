#!/bin/bash
# test_security.sh - vmm's outer security layer (vmm/security.c,
# platform/ptrace/stub_seccomp.c) seen from the host while sandboxes run
# on the ptrace platform: vmm's capabilities, no_new_privs and seccomp
# mode, the stubs' seccomp mode, and as root its own namespaces and an
# empty root for the OCI sandbox process; and that programs inside still
# behave (file ownership through the kept capabilities, exit status
# recorded through the state dirfd). TAP output.
set -u

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
VMM=${VMM:-$top_builddir/vmm/vmm}
MKBUNDLE=$top_srcdir/tests/scripts/mkbundle.sh

if [ ! -x "$VMM" ]; then
	echo "1..0 # SKIP $VMM not built"
	exit 0
fi
if ! busybox=${BUSYBOX:-$(command -v busybox 2>/dev/null)} || [ -z "$busybox" ]; then
	echo "1..0 # SKIP no busybox for the test bundle"
	exit 0
fi
export BUSYBOX=$busybox
unset VMM_SECCOMP

tmp=$(mktemp -d)
bg=
cleanup() {
	[ -n "$bg" ] && kill -9 "$bg" 2>/dev/null
	for p in $(cat "$tmp"/root/*/state.json 2>/dev/null |
		   sed -n 's/.*"pid": *\([0-9]*\).*/\1/p'); do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
n=0
root=0
[ "$(id -u)" = 0 ] && root=1

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
	fi
}

# field PID NAME - a field of /proc/PID/status.
field() {
	sed -n "s/^$2:[[:space:]]*//p" "/proc/$1/status" 2>/dev/null
}

# The capabilities vmm keeps: CHOWN DAC_OVERRIDE FOWNER FSETID, if it had them.
self_prm=$(field $$ CapPrm)
self_eff=$(field $$ CapEff)
want_eff=$(printf '%016x' $(( 0x$self_prm & 0x1b )))
# the bounding set can only be emptied with CAP_SETPCAP (bit 8)
if (( 0x$self_eff & 0x100 )); then
	want_bnd=0000000000000000
else
	want_bnd=$(field $$ CapBnd)
fi

# wait_for COND... - retry a shell condition for up to 10 s.
wait_for() {
	local i
	for i in $(seq 100); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# stubs_ok PID - every child of vmm PID (the stubs) is in seccomp mode 2.
stubs_ok() {
	local c s kids found=0
	kids=$(cat /proc/"$1"/task/*/children 2>/dev/null)
	for c in $kids; do
		s=$(field "$c" Seccomp)
		# a stub that exited meanwhile (exec replaces the address space)
		[ -n "$s" ] || continue
		found=1
		[ "$s" = 2 ] || return 1
	done
	[ $found = 1 ]
}

# check_confined PID WHAT - the status fields of a confined vmm process.
check_confined() {
	ok "$([ "$(field "$1" NoNewPrivs)" = 1 ]; echo $?)" "$2: NoNewPrivs 1"
	ok "$([ "$(field "$1" Seccomp)" = 2 ]; echo $?)" "$2: Seccomp 2 (filter)"
	ok "$([ "$(field "$1" CapEff)" = "$want_eff" ] &&
	      [ "$(field "$1" CapPrm)" = "$want_eff" ] &&
	      [ "$(field "$1" CapInh)" = 0000000000000000 ] &&
	      [ "$(field "$1" CapAmb)" = 0000000000000000 ]; echo $?)" \
		"$2: CapEff = CapPrm = $want_eff, no inheritable or ambient"
	ok "$([ "$(field "$1" CapBnd)" = "$want_bnd" ]; echo $?)" \
		"$2: bounding set $want_bnd"
	ok "$(wait_for stubs_ok "$1"; echo $?)" "$2: its stubs are in seccomp mode 2"
	if [ $root = 1 ]; then
		ok "$([ "$(readlink /proc/"$1"/ns/mnt)" != "$(readlink /proc/self/ns/mnt)" ] &&
		      [ "$(readlink /proc/"$1"/ns/net)" != "$(readlink /proc/self/ns/net)" ] &&
		      [ "$(readlink /proc/"$1"/ns/ipc)" != "$(readlink /proc/self/ns/ipc)" ] &&
		      [ "$(readlink /proc/"$1"/ns/uts)" != "$(readlink /proc/self/ns/uts)" ];
		      echo $?)" "$2: own mount, network, IPC and UTS namespaces"
	else
		ok 0 "$2: own namespaces # SKIP not root"
	fi
}

# vmm run: a sandbox that lives long enough to be looked at.
"$MKBUNDLE" "$tmp/sleep" -- sh -c 'sleep 3; echo slept; exit 7' >/dev/null || exit 1
timeout -k 5 60 "$VMM" --platform=ptrace run "$tmp/sleep" >"$tmp/run.out" 2>"$tmp/run.err" &
bg=$!
vmm_child() {
	vpid=$(cat /proc/"$bg"/task/*/children 2>/dev/null | tr -d " ")
	[ -n "$vpid" ] && stubs_ok "$vpid"
}
wait_for vmm_child
check_confined "${vpid:-0}" "vmm run"
wait "$bg"
rc=$?
bg=
ok "$([ $rc = 7 ] && [ "$(cat "$tmp/run.out")" = slept ]; echo $?)" \
	"vmm run: output and exit status unchanged (rc $rc)"

# As root, a host file of another user with mode 0600 is still read,
# written and chowned for the sandbox's root: vmm keeps CAP_DAC_OVERRIDE
# and CAP_CHOWN for that.
if [ $root = 1 ]; then
	"$MKBUNDLE" --rw "$tmp/own" -- sh -c \
		'echo b >> /g && cat /g && chown 2:2 /g' >/dev/null || exit 1
	# the sandbox's root gets the file capabilities too
	sed -i 's/"CAP_KILL",/"CAP_KILL", "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER",/' \
		"$tmp/own/config.json"
	echo a >"$tmp/own/rootfs/g"
	chown 1:1 "$tmp/own/rootfs/g"
	chmod 600 "$tmp/own/rootfs/g"
	out=$(timeout -k 5 60 "$VMM" --platform=ptrace run "$tmp/own" 2>&1)
	rc=$?
	ok "$([ $rc = 0 ] && [ "$out" = "$(printf 'a\nb')" ] &&
	      [ "$(stat -c %u:%g "$tmp/own/rootfs/g")" = 2:2 ]; echo $?)" \
		"another user's 0600 file is read, written and chowned (rc $rc)"
else
	ok 0 "another user's 0600 file is read, written and chowned # SKIP not root"
fi

# The OCI sandbox process: the same, plus an empty root as root, and the
# exit status written through its state directory fd.
mkdir -p "$tmp/root"
"$MKBUNDLE" "$tmp/oci" -- sh -c 'sleep 3; exit 5' >/dev/null || exit 1
v() {
	timeout -k 5 30 "$VMM" --platform=ptrace --root "$tmp/root" "$@" \
		>"$tmp/o" 2>"$tmp/e" </dev/null
}
(cd "$tmp/oci" && v create c1) && v start c1
ok $? "create and start c1 ($(cat "$tmp/e"))"
pid=$(sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$tmp/root/c1/state.json")
if [ -n "$pid" ] && wait_for stubs_ok "$pid"; then
	check_confined "$pid" "OCI sandbox"
	if [ $root = 1 ]; then
		ok "$([ -d /proc/"$pid"/root/ ] &&
		      [ -z "$(ls -A /proc/"$pid"/root/)" ]; echo $?)" \
			"OCI sandbox: its root is empty"
	else
		ok 0 "OCI sandbox: its root is empty # SKIP not root"
	fi
else
	ok 1 "OCI sandbox: running with stubs (pid '$pid')"
fi
stopped() {
	v state c1
	grep -q '"status": *"stopped"' "$tmp/o"
}
wait_for stopped
ok "$([ "$(cat "$tmp/root/c1/exit" 2>/dev/null)" = $((5 << 8)) ] &&
      [ ! -e "$tmp/root/c1/control.sock" ] &&
      ! ls "$tmp/root/c1"/.exit.* >/dev/null 2>&1; echo $?)" \
	"OCI sandbox: exit status recorded, control socket removed"
v delete c1
ok $? "delete c1"

echo "1..$n"
