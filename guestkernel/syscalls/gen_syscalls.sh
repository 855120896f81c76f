#!/bin/sh
# gen_syscalls.sh TBL protos|table|names - expand syscall_64.tbl into C.
set -e
tbl=$1
case "$2" in
protos)
	echo "/* Generated from syscall_64.tbl: do not edit. */"
	awk '!/^#/ && NF >= 3 { printf "long %s(struct task *t, const struct syscall_args *a) __attribute__((weak));\n", $3 }' "$tbl"
	;;
table)
	echo "/* Generated from syscall_64.tbl: do not edit. */"
	awk '!/^#/ && NF >= 3 { printf "\t[%d] = { \"%s\", %s },\n", $1, $2, $3 }' "$tbl"
	;;
max)
	awk '!/^#/ && NF >= 3 { if ($1 > m) m = $1 } END { print m + 1 }' "$tbl"
	;;
*)
	echo "usage: $0 TBL protos|table|max" >&2
	exit 2
	;;
esac
