#!/bin/sh
# check-sentry-clash.sh VMM SENTRY.o: fail if a global symbol of the
# in-process sentry object is also defined by a shared library VMM loads
# (libc, libseccomp, yajl, libcap...). vmm links the sentry as one object,
# so such a name silently replaces the library's function for vmm's own
# calls (seen: the sentry's seccomp_release() ran in place of
# libseccomp's).
set -eu
vmm=$1 obj=$2
nm=${NM:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$nm -g --defined-only "$obj" | awk 'NF == 3 { print $3 }' | sort -u >"$tmp/sentry"
ldd "$vmm" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' >"$tmp/libs"
: >"$tmp/lib"
while read -r l; do
	$nm -D --defined-only "$l" 2>/dev/null | awk 'NF == 3 { sub(/@.*/, "", $3); print $3 }'
done <"$tmp/libs" | sort -u >"$tmp/lib"
clash=$(comm -12 "$tmp/sentry" "$tmp/lib")
if [ -n "$clash" ]; then
	echo "$obj: sentry symbols that shared libraries of $vmm also define (rename them):" >&2
	echo "$clash" | sed 's/^/  /' >&2
	exit 1
fi
exit 0
