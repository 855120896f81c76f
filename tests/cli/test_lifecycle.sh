#!/bin/bash
# test_lifecycle.sh - the OCI runtime lifecycle of vmm, as a container
# platform drives it: create/start/state/exec/ps/list/kill/delete, pause and
# resume, the console socket, run, concurrent commands, a sandbox killed
# from outside, and every error. Each test uses its own --root. TAP output.
set -u

: "${top_builddir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
VMM=${VMM:-$top_builddir/vmm/vmm}
MKBUNDLE=$top_srcdir/tests/scripts/mkbundle.sh
RECV=$top_srcdir/tests/cli/console_recv.py

if [ ! -x "$VMM" ]; then
	echo "1..0 # SKIP $VMM not built"
	exit 0
fi
if ! busybox=${BUSYBOX:-$(command -v busybox 2>/dev/null)} || [ -z "$busybox" ]; then
	echo "1..0 # SKIP no busybox for the test bundle"
	exit 0
fi
export BUSYBOX=$busybox

tmp=$(mktemp -d)
cleanup() {
	local p
	# never leave a sandbox behind
	for p in $(cat "$tmp"/root*/*/state.json 2>/dev/null |
		   sed -n 's/.*"pid":\([0-9]*\).*/\1/p'); do
		kill -9 "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
n=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
	fi
}

# v ARGS... - vmm with the current root, bounded; sets out, err, rc.
v() {
	timeout -k 5 30 "$VMM" --root "$root" "$@" >"$tmp/o" 2>"$tmp/e" </dev/null
	rc=$?
	out=$(cat "$tmp/o")
	err=$(cat "$tmp/e")
}

# status ID - the status field of `state ID`.
status() {
	v state "$1"
	sed -n 's/.*"status": *"\([a-z]*\)".*/\1/p' "$tmp/o"
}

# wait_for COND... - retry a shell condition for up to 10 s.
wait_for() {
	local i
	for i in $(seq 100); do
		eval "$*" && return 0
		sleep 0.1
	done
	return 1
}

# new_root NAME - a fresh --root for one test.
new_root() {
	root=$tmp/root-$1
}

# create ID BUNDLE [ARGS...] - `create` with its stdout in $tmp/ID.out.
create() {
	local id=$1 b=$2
	shift 2
	timeout -k 5 30 "$VMM" --root "$root" create --bundle "$b" "$@" "$id" \
		>"$tmp/$id.out" 2>"$tmp/$id.err" </dev/null
}

bash "$MKBUNDLE" "$tmp/b" -- sh -c 'echo started; trap "echo got-usr1" USR1; while true; do sleep 1; done' >/dev/null ||
	{ echo "1..0 # SKIP mkbundle.sh failed"; exit 0; }
bash "$MKBUNDLE" "$tmp/quick" -- sh -c 'echo quick; exit 7' >/dev/null
# a program that keeps the CPU busy and prints now and then
bash "$MKBUNDLE" "$tmp/busy" -- sh -c 'i=0; while true; do i=$((i + 1)); [ $((i % 2000)) = 0 ] && echo $i; done' >/dev/null

# --- the whole lifecycle -------------------------------------------------
new_root life
create c1 "$tmp/b" --pid-file "$tmp/c1.pid"
ok $? "create returns once the sandbox is ready"
[ "$(status c1)" = created ] && grep -q '"ociVersion"' "$tmp/o" &&
	grep -q "\"bundle\": \"$tmp/b\"" "$tmp/o" && grep -q '"id": "c1"' "$tmp/o"
ok $? "state: created, with ociVersion, id and bundle"
pid=$(cat "$tmp/c1.pid" 2>/dev/null)
[ -n "$pid" ] && kill -0 "$pid" && grep -q "\"pid\": $pid" "$tmp/o"
ok $? "--pid-file and state hold the live sandbox pid"
[ "$(stat -c %a "$root/c1")" = 700 ]
ok $? "the state directory is mode 0700"
[ ! -s "$tmp/c1.out" ]
ok $? "init does not run before start"
v start c1
[ "$rc" = 0 ] && [ "$(status c1)" = running ]
ok $? "start: running"
wait_for 'grep -q started "$tmp/c1.out"'
ok $? "init's output goes to create's stdout"
v start c1
[ "$rc" = 1 ] && [ "$err" = 'vmm: start: cannot start an already running container' ]
ok $? "start of a running container is refused"
v exec c1 sh -c 'echo from-exec; exit 5'
[ "$rc" = 5 ] && [ "$out" = from-exec ]
ok $? "exec: output and exit status"
v exec --env FOO=bar --cwd /tmp c1 sh -c 'echo $FOO $(pwd)'
[ "$rc" = 0 ] && [ "$out" = "bar /tmp" ]
ok $? "exec --env --cwd"
v exec --user 1000:1000 c1 sh -c 'echo $(id -u):$(id -g)'
[ "$rc" = 0 ] && [ "$out" = "1000:1000" ]
ok $? "exec --user"
v exec c1 /nonexistent
[ "$rc" = 127 ] && [[ "$err" == *'executable "/nonexistent" not found'* ]]
ok $? "exec of a missing program: 127 and a clear error"
printf '{"args":["sh","-c","echo proc-$X"],"env":["X=y"],"cwd":"/"}' >"$tmp/proc.json"
v exec --process "$tmp/proc.json" c1
[ "$rc" = 0 ] && [ "$out" = proc-y ]
ok $? "exec --process"
# a waiting exec passes the signals it gets on to its process
timeout -k 5 30 "$VMM" --root "$root" exec c1 sh -c 'trap "echo got-term; exit 3" TERM; echo ready; while true; do sleep 1; done' \
	>"$tmp/exsig.out" 2>&1 </dev/null &
exsig=$!
wait_for 'grep -q ready "$tmp/exsig.out"'
kill -TERM "$exsig"
wait "$exsig"
rc=$?
[ "$rc" = 3 ] && grep -q got-term "$tmp/exsig.out"
ok $? "exec forwards a signal to its process (status $rc)"
v exec --detach --pid-file "$tmp/ex.pid" c1 sleep 30
[ "$rc" = 0 ] && [ -s "$tmp/ex.pid" ]
ok $? "exec --detach --pid-file"
v ps c1
[ "$rc" = 0 ] && [[ "$out" == *PID* ]] && [ "$(echo "$out" | wc -l)" -ge 3 ]
ok $? "ps lists init and the detached process"
v ps --format json c1
[ "$rc" = 0 ] && [[ "$out" =~ ^\[1(,[0-9]+)+\]$ ]]
ok $? "ps --format json"
v list
[ "$rc" = 0 ] && echo "$out" | grep -q "^c1 .*running"
ok $? "list"
v list -q
[ "$rc" = 0 ] && [ "$out" = c1 ]
ok $? "list -q"
v list --format json
[ "$rc" = 0 ] && [[ "$out" == *'"id":"c1"'* ]] && [[ "$out" == *'"status":"running"'* ]]
ok $? "list --format json"
v events --stats c1
[ "$rc" = 0 ] && [[ "$out" == *'"type":"stats"'* ]] && [[ "$out" == *'"pids":{"current":'* ]]
ok $? "events --stats"
v kill c1 USR1
[ "$rc" = 0 ] && wait_for 'grep -q got-usr1 "$tmp/c1.out"'
ok $? "kill with a signal name reaches init's handler"
v delete c1
[ "$rc" = 1 ] && [ "$err" = 'vmm: delete: cannot delete container "c1" that is not stopped: running' ]
ok $? "delete of a running container without --force is refused"
v kill c1 KILL
[ "$rc" = 0 ] && wait_for '[ "$(status c1)" = stopped ]'
ok $? "kill KILL: stopped"
! kill -0 "$pid" 2>/dev/null || wait_for '! kill -0 "$pid" 2>/dev/null'
ok $? "the sandbox process is gone"
v kill c1 TERM
[ "$rc" = 1 ] && [ "$err" = 'vmm: kill: container "c1" is not running' ]
ok $? "kill of a stopped container is refused"
v delete c1
[ "$rc" = 0 ] && [ ! -e "$root/c1" ]
ok $? "delete removes the state"
v state c1
[ "$rc" = 1 ] && [ "$err" = 'vmm: state: container "c1" does not exist' ]
ok $? "state of a deleted container: clear error"

# --- kill --all, numbers, pause/resume -----------------------------------
new_root sig
create s1 "$tmp/b" && v start s1
v exec --detach s1 sleep 100
v kill --all s1 9
[ "$rc" = 0 ] && wait_for '[ "$(status s1)" = stopped ]'
ok $? "kill --all with a signal number"
v delete s1

create p1 "$tmp/b" && v start p1
wait_for 'grep -q started "$tmp/p1.out"'
v pause p1
[ "$rc" = 0 ] && [ "$(status p1)" = paused ]
ok $? "pause"
v kill p1 USR1
sleep 1.5
! grep -q got-usr1 "$tmp/p1.out"
ok $? "a paused container runs nothing"
v exec p1 true
[ "$rc" = 1 ] && [ "$err" = 'vmm: exec: cannot exec in a paused container' ]
ok $? "exec in a paused container is refused"
v resume p1
[ "$rc" = 0 ] && [ "$(status p1)" = running ] && wait_for 'grep -q got-usr1 "$tmp/p1.out"'
ok $? "resume: the pending signal is handled"
v resume p1
[ "$rc" = 1 ] && [[ "$err" == 'vmm: resume: container "p1" is not paused'* ]]
ok $? "resume of a running container is refused"
v delete --force p1
[ "$rc" = 0 ] && [ ! -e "$root/p1" ]
ok $? "delete --force of a running container"

# pause stops a program that never blocks, too
create p2 "$tmp/busy" && v start p2
wait_for '[ -s "$tmp/p2.out" ]'
v pause p2
sleep 0.5
n1=$(wc -l <"$tmp/p2.out")
sleep 1.5
n2=$(wc -l <"$tmp/p2.out")
[ "$rc" = 0 ] && [ "$n1" = "$n2" ]
ok $? "pause stops a busy program ($n1 -> $n2 lines while paused)"
v resume p2
[ "$rc" = 0 ] && wait_for '[ "$(wc -l <"$tmp/p2.out")" -gt "$n2" ]'
ok $? "resume: the busy program goes on"
v delete --force p2

# --- a sandbox killed from outside ---------------------------------------
new_root outside
create k1 "$tmp/b" --pid-file "$tmp/k1.pid" && v start k1
kill -9 "$(cat "$tmp/k1.pid")"
wait_for '[ "$(status k1)" = stopped ]'
ok $? "a sandbox killed with kill -9 is reported as stopped"
v exec k1 true
[ "$rc" = 1 ] && [ "$err" = 'vmm: exec: cannot exec in a stopped container' ]
ok $? "exec in a dead sandbox: clear error, no hang"
v delete k1
[ "$rc" = 0 ] && [ ! -e "$root/k1" ]
ok $? "a dead sandbox is deletable"

# --- created containers ----------------------------------------------------
new_root created
create d1 "$tmp/b"
v delete d1
[ "$rc" = 0 ] && [ ! -e "$root/d1" ] && [ ! -s "$tmp/d1.out" ]
ok $? "delete of a created container, init never ran"

# --- run -------------------------------------------------------------------
new_root run
timeout -k 5 30 "$VMM" --root "$root" run --bundle "$tmp/quick" r1 >"$tmp/r1.out" 2>"$tmp/r1.err" </dev/null
rc=$?
[ "$rc" = 7 ] && [ "$(cat "$tmp/r1.out")" = quick ] && [ ! -e "$root/r1" ]
ok $? "run: output, exit status, container deleted"
timeout -k 5 30 "$VMM" --root "$root" run --detach --bundle "$tmp/b" r2 >"$tmp/r2.out" 2>&1 </dev/null
[ $? = 0 ] && [ "$(status r2)" = running ]
ok $? "run --detach"
v delete --force r2

# --- concurrent commands ---------------------------------------------------
new_root conc
create cc "$tmp/b" && v start cc
for i in 1 2 3 4 5 6; do
	(timeout -k 5 30 "$VMM" --root "$root" exec cc sh -c "exit $i" </dev/null >/dev/null 2>&1
	 echo $? >"$tmp/cc.$i") &
	(timeout -k 5 30 "$VMM" --root "$root" state cc </dev/null >/dev/null 2>&1
	 echo $? >"$tmp/cs.$i") &
done
wait
good=0
for i in 1 2 3 4 5 6; do
	[ "$(cat "$tmp/cc.$i")" = "$i" ] && [ "$(cat "$tmp/cs.$i")" = 0 ] && good=$((good + 1))
done
[ "$good" = 6 ]
ok $? "concurrent exec and state on one container"
v delete --force cc

# --- console socket --------------------------------------------------------
new_root tty
bash "$MKBUNDLE" "$tmp/t" -- sh -c 'if [ -t 0 ]; then echo is-a-tty; fi; read x; echo got-$x' >/dev/null
sed -i 's/"terminal": *false/"terminal": true/' "$tmp/t/config.json"
grep -q '"terminal": *true' "$tmp/t/config.json" ||
	sed -i 's/"process": *{/"process": {"terminal": true,/' "$tmp/t/config.json"
if command -v python3 >/dev/null; then
	python3 "$RECV" "$tmp/console.sock" "$tmp/tty.out" $'hello\n' &
	recv=$!
	wait_for '[ -S "$tmp/console.sock" ]'
	create t1 "$tmp/t" --console-socket "$tmp/console.sock"
	c=$?
	v start t1
	wait_for 'grep -q got-hello "$tmp/tty.out"'
	[ "$c" = 0 ] && grep -q is-a-tty "$tmp/tty.out" && grep -q '^/dev/pts/' "$tmp/tty.out.name"
	ok $? "console socket: the pty master is sent and the process has a terminal"
	kill "$recv" 2>/dev/null
	wait "$recv" 2>/dev/null
	v delete --force t1
else
	ok 0 "# SKIP console socket: no python3"
fi
v create --bundle "$tmp/t" t2
[ "$rc" = 1 ] && [ "$err" = 'vmm: create: process.terminal is true: --console-socket is required' ] &&
	[ ! -e "$root/t2" ]
ok $? "a terminal without a console socket is refused"

# --- errors ------------------------------------------------------------------
new_root err
v state nope
[ "$rc" = 1 ] && [ "$err" = 'vmm: state: container "nope" does not exist' ]
ok $? "state of an unknown container"
for bad in '..' '.' 'a/b' 'x y' "$(printf 'a%.0s' $(seq 1100))"; do
	v create --bundle "$tmp/b" "$bad"
	[ "$rc" = 1 ] && [[ "$err" == 'vmm: create: invalid container id'* ]] || break
done
[ "$rc" = 1 ] && [ ! -e "$root" ]
ok $? "bad ids are refused and leave nothing"
create e1 "$tmp/b"
v create --bundle "$tmp/b" e1
[ "$rc" = 1 ] && [ "$err" = 'vmm: create: container "e1" already exists' ]
ok $? "create of an existing id"
v kill e1 KILL && wait_for '[ "$(status e1)" = stopped ]'
v start e1
[ "$rc" = 1 ] && [ "$err" = 'vmm: start: cannot start a container that has stopped' ]
ok $? "start of a stopped container"
v delete e1
v kill e1 FROB
[ "$rc" = 1 ] && [ "$err" = 'vmm: kill: unknown signal "FROB"' ]
ok $? "kill with an unknown signal"
cp -r "$tmp/quick" "$tmp/badcfg"
sed -i 's/"args": *\[/"args": 42, "x": [/' "$tmp/badcfg/config.json"
v create --bundle "$tmp/badcfg" bc
[ "$rc" = 1 ] && [[ "$err" == *'process.args'* ]] && [ -z "$(ls -A "$root" 2>/dev/null)" ]
ok $? "a bad config.json names its JSON path and leaves nothing under --root"
v create --bundle "$tmp/nonexistent" nb
[ "$rc" = 1 ] && [[ "$err" == 'vmm: create: bundle'* ]] && [ -z "$(ls -A "$root" 2>/dev/null)" ]
ok $? "a missing bundle is refused"
timeout -k 5 30 "$VMM" --root "$root" run --bundle "$tmp/badcfg" br >/dev/null 2>"$tmp/e" </dev/null
[ $? = 1 ] && [[ "$(cat "$tmp/e")" == *'process.args'* ]] && [ -z "$(ls -A "$root" 2>/dev/null)" ]
ok $? "run with a bad config leaves nothing"

echo "1..$n"
