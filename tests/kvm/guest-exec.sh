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
d=$(mktemp -d "$q/r.XXXXXX") || exit 125
trap 'rm -rf "$d" "$d.req"' EXIT
trap 'exit 143' TERM INT
for a in "$@"; do
	printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
done >"$d/cmd"
pwd >"$d/cwd"
: >"$d.req"
while [ ! -f "$d/rc" ]; do
	if [ -e "$q/stop" ] || [ ! -f "$q/ready" ]; then
		echo "guest-exec: the guest server stopped" >&2
		exit 125
	fi
	sleep 0.05
done
cat "$d/out"
cat "$d/err" >&2
exit "$(cat "$d/rc")"
