#!/bin/sh
# guest-exec.sh - run COMMAND in the QEMU guest that guest-server.sh serves
# (see there), as if here: same cwd (when the guest sees it), stdout and
# stderr copied back, the command's exit status (124 when the guest's time
# limit hit). stdin is not forwarded (the guest gives /dev/null).
#
# usage: KVM_GUEST_QUEUE=DIR guest-exec.sh COMMAND [ARGS...]
set -u
q=${KVM_GUEST_QUEUE:?KVM_GUEST_QUEUE is not set}
[ -f "$q/ready" ] || { echo "guest-exec: no guest server on $q" >&2; exit 125; }
[ ! -e "$q/dead" ] || { echo "guest-exec: the guest stopped answering" >&2; exit 125; }
# The server kills a command after its own limit; no answer well after
# that means the guest itself hangs (seen with QEMU's emulated nested SVM).
wait_max=$(( ${KVM_GUEST_WAIT:-$(( ${KVM_GUEST_LIMIT:-90} + 60 ))} * 20 ))
d=$(mktemp -d "$q/r.XXXXXX") || exit 125
trap 'rm -rf "$d" "$d.req"' EXIT
trap 'exit 143' TERM INT
for a in "$@"; do
	printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
done >"$d/cmd"
pwd >"$d/cwd"
# KVM_GUEST_LIMIT: seconds the guest lets this command run (default: the
# server's own limit)
[ -z "${KVM_GUEST_LIMIT:-}" ] || echo "$KVM_GUEST_LIMIT" >"$d/limit"
: >"$d.req"
waited=0
while [ ! -f "$d/rc" ]; do
	if [ -e "$q/stop" ] || [ ! -f "$q/ready" ]; then
		echo "guest-exec: the guest server stopped" >&2
		exit 125
	fi
	if [ $waited -ge $wait_max ]; then
		: >"$q/dead"
		cat "$d/out" 2>/dev/null
		echo "guest-exec: no answer from the guest in $((wait_max / 20))s" >&2
		exit 125
	fi
	sleep 0.05
	waited=$((waited + 1))
done
cat "$d/out"
cat "$d/err" >&2
exit "$(cat "$d/rc")"
