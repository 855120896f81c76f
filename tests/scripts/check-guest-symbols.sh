#!/bin/sh
# check-guest-symbols.sh LIB.a: fail if the in-process sentry references a
# symbol it does not define itself, other than the few the compiler lowers
# to (mem*) and libfdt's API. Guest code must never call into libc.
set -eu
lib=$1
nm=${NM:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
$nm -A "$lib" 2>/dev/null | awk '$(NF-1) ~ /^[TDBRWVtdbr]$/ { print $NF }' | sort -u >"$tmp/defined"
$nm -u "$lib" 2>/dev/null | awk 'NF == 2 && $1 == "U" { print $2 } NF == 1 && $1 !~ /:$/ { print $1 }' | sort -u >"$tmp/undef"
bad=$(comm -23 "$tmp/undef" "$tmp/defined" |
	grep -v -E '^(memcpy|memmove|memset|memcmp|fdt_[a-z0-9_]+|_GLOBAL_OFFSET_TABLE_)$' || true)
if [ -n "$bad" ]; then
	echo "$lib: guest code references symbols outside the sentry (libc?):" >&2
	echo "$bad" | sed 's/^/  /' >&2
	exit 1
fi
exit 0
