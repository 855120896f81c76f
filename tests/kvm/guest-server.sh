#!/bin/sh
# guest-server.sh - runs inside the QEMU guest of run-in-qemu.sh and
# executes the commands that guest-exec.sh queues from the host, one at a
# time, so that one guest boot serves a whole test suite.
#
# usage: guest-server.sh QUEUE [TIMEOUT]
#   QUEUE: a directory both machines see (under run-in-qemu's WORKDIR).
#   A request is a directory QUEUE/r.XXXXXX holding `cmd` (a shell command
#   line) and `cwd`, announced by an empty file QUEUE/r.XXXXXX.req. The
#   server runs it with stdin /dev/null, stdout and stderr into `out` and
#   `err` there, at most TIMEOUT seconds (default 120; a file `limit` in the
#   request directory can say otherwise), then writes the exit
#   status to `rc` (renamed into place, so `rc` is complete when it shows).
#   A request whose directory disappears (the caller gave up) is killed.
#   QUEUE/ready appears when the server runs; QUEUE/stop ends it.
q=$1
limit=${2:-120}
[ -d "$q" ] || { echo "guest-server: $q: no such directory" >&2; exit 2; }
# diagnose - what the guest looks like after a command overran its time:
# the processes left (state, kernel wait channel, CPU time), the kernel
# stacks of any vmm threads, and the end of the kernel log.
diagnose() {
	sleep 1
	echo "guest-server: the command overran ${lim}s; guest state:"
	ps -eo pid,ppid,stat,wchan:28,time,args | awk '$3 !~ /^I/ && $NF !~ /^\[/'
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = vmm ] || continue
		for t in "$p"/task/[0-9]*; do
			echo "vmm task $t ($(cat "$t/comm")): state, utime, stime, cpu:" \
				"$(cut -d' ' -f3,14,15,39 "$t/stat" 2>/dev/null)"
			sed 's/^/    /' "$t/stack" 2>/dev/null
		done
	done
	dmesg 2>/dev/null | tail -n 15
}

: >"$q/ready"
while [ ! -e "$q/stop" ]; do
	found=0
	for req in "$q"/r.*.req; do
		[ -e "$req" ] || continue
		found=1
		d=${req%.req}
		rm -f "$req"
		wd=$(cat "$d/cwd" 2>/dev/null)
		[ -d "$wd" ] || wd=/
		lim=$(cat "$d/limit" 2>/dev/null)
		case $lim in '' | *[!0-9]*) lim=$limit ;; esac
		(cd "$wd" && exec timeout -k 5 "$lim" sh -c "$(cat "$d/cmd")") \
			</dev/null >"$d/out" 2>"$d/err" &
		pid=$!
		while kill -0 $pid 2>/dev/null; do
			if [ ! -d "$d" ] || [ -e "$q/stop" ]; then
				kill $pid 2>/dev/null
				break
			fi
			sleep 0.05
		done
		wait $pid
		rc=$?
		[ $rc = 124 ] || [ $rc = 137 ] && [ -d "$d" ] && diagnose >>"$d/err" 2>&1
		[ -d "$d" ] && echo $rc >"$d/rc.tmp" && mv "$d/rc.tmp" "$d/rc"
	done
	[ $found = 1 ] || sleep 0.1
done
exit 0
