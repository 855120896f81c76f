#!/bin/bash
# mkbundle.sh - make an OCI bundle with a busybox root filesystem.
#
# Usage: mkbundle.sh [OPTIONS] DIR [--] ARGS...
#
# Writes DIR/rootfs (see mkrootfs.sh) and DIR/config.json whose
# process.args are ARGS (JSON-escaped), env PATH and HOME, cwd /, a
# read-only root, and proc on /proc, tmpfs on /dev and /tmp.
#
# Options:
#   --add FILE        copy FILE into rootfs/bin (repeatable)
#   --copy SRC DEST   copy file or directory SRC to rootfs/DEST (repeatable)
#   --env NAME=VALUE  add an environment variable (repeatable)
#   --cwd DIR         process.cwd (default /)
#   --uid N --gid N   process.user (default 0 0)
#   --hostname NAME   hostname (default vmm)
#   --rw              writable root
#   --busybox PATH    busybox-static to use (default $BUSYBOX or PATH's)
#   --config-only     only (re)write DIR/config.json, keep DIR/rootfs
# Exits 1 with a message on any error.
set -u

here=$(cd "$(dirname "$0")" && pwd)

die() {
	echo "mkbundle.sh: $*" >&2
	exit 1
}

# json_str STRING - print STRING as a JSON string literal (with quotes).
json_str() {
	printf '%s' "$1" | LC_ALL=C awk '
	BEGIN {
		ORS = ""
		for (i = 1; i < 32; i++)
			ctl[sprintf("%c", i)] = sprintf("\\u%04x", i)
		ctl["\t"] = "\\t"; ctl["\r"] = "\\r"; ctl["\b"] = "\\b"
		ctl["\f"] = "\\f"
		printf "\""
	}
	{
		if (NR > 1)
			printf "\\n"
		n = length($0)
		for (i = 1; i <= n; i++) {
			c = substr($0, i, 1)
			if (c == "\\")
				printf "\\\\"
			else if (c == "\"")
				printf "\\\""
			else if (c in ctl)
				printf "%s", ctl[c]
			else
				printf "%s", c
		}
	}
	END { printf "\"" }'
}

# json_list ITEMS... - print a JSON array of strings.
json_list() {
	local sep= s
	printf '['
	for s in "$@"; do
		printf '%s' "$sep"
		json_str "$s"
		sep=', '
	done
	printf ']'
}

adds=()
copies=()
envs=()
cwd=/
uid=0
gid=0
hostname=vmm
readonly_root=true
config_only=0
bbopt=()
need() {
	[ "$1" -ge "$2" ] || die "$3 needs an argument"
}
while [ $# -gt 0 ]; do
	case $1 in
	--add) need $# 2 "$1"; adds+=("$2"); shift 2 ;;
	--copy) need $# 3 "$1"; copies+=("$2" "$3"); shift 3 ;;
	--env) need $# 2 "$1"; envs+=("$2"); shift 2 ;;
	--cwd) need $# 2 "$1"; cwd=$2; shift 2 ;;
	--uid) need $# 2 "$1"; uid=$2; shift 2 ;;
	--gid) need $# 2 "$1"; gid=$2; shift 2 ;;
	--hostname) need $# 2 "$1"; hostname=$2; shift 2 ;;
	--rw) readonly_root=false; shift ;;
	--config-only) config_only=1; shift ;;
	--busybox) need $# 2 "$1"; bbopt=(--busybox "$2"); shift 2 ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || die "usage: mkbundle.sh [OPTIONS] DIR [--] ARGS..."
dir=$1
shift
[ "${1:-}" = -- ] && shift
[ $# -ge 1 ] || die "no process arguments given"
case $uid$gid in
*[!0-9]*) die "--uid/--gid must be numbers" ;;
esac

mkdir -p "$dir" || die "cannot create $dir"
if [ $config_only = 0 ]; then
	sh "$here/mkrootfs.sh" ${bbopt[@]+"${bbopt[@]}"} \
		--hostname "$hostname" "$dir/rootfs" || exit 1
fi
[ -d "$dir/rootfs" ] || die "$dir/rootfs: no root filesystem"
for f in ${adds[@]+"${adds[@]}"}; do
	[ -f "$f" ] || die "--add $f: no such file"
	cp "$f" "$dir/rootfs/bin/" || die "cannot copy $f"
	chmod 755 "$dir/rootfs/bin/${f##*/}"
done
i=0
while [ $i -lt ${#copies[@]} ]; do
	src=${copies[$i]}
	dest=${copies[$((i + 1))]#/}
	[ -e "$src" ] || die "--copy $src: no such file"
	mkdir -p "$dir/rootfs/$(dirname "$dest")" || die "cannot create dir for $dest"
	cp -R "$src" "$dir/rootfs/$dest" || die "cannot copy $src"
	i=$((i + 2))
done

{
	printf '{\n\t"ociVersion": "1.0.2",\n\t"process": {\n'
	printf '\t\t"terminal": false,\n'
	printf '\t\t"user": { "uid": %s, "gid": %s },\n' "$uid" "$gid"
	printf '\t\t"args": '
	json_list "$@"
	printf ',\n\t\t"env": '
	json_list "PATH=/usr/sbin:/usr/bin:/sbin:/bin" "HOME=/root" \
		${envs[@]+"${envs[@]}"}
	printf ',\n\t\t"cwd": '
	json_str "$cwd"
	printf ',\n\t\t"capabilities": {\n'
	for set in bounding effective permitted; do
		printf '\t\t\t"%s": ["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"],\n' "$set"
	done
	printf '\t\t\t"ambient": []\n\t\t},\n'
	printf '\t\t"rlimits": [{ "type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024 }],\n'
	printf '\t\t"noNewPrivileges": true\n\t},\n'
	printf '\t"root": { "path": "rootfs", "readonly": %s },\n' "$readonly_root"
	printf '\t"hostname": '
	json_str "$hostname"
	printf ',\n\t"mounts": [\n'
	printf '\t\t{ "destination": "/proc", "type": "proc", "source": "proc" },\n'
	printf '\t\t{ "destination": "/dev", "type": "tmpfs", "source": "tmpfs",\n'
	printf '\t\t  "options": ["nosuid", "strictatime", "mode=755", "size=65536k"] },\n'
	printf '\t\t{ "destination": "/tmp", "type": "tmpfs", "source": "tmpfs",\n'
	printf '\t\t  "options": ["nosuid", "nodev", "mode=1777"] }\n'
	printf '\t],\n\t"linux": {\n\t\t"namespaces": [\n'
	printf '\t\t\t{ "type": "pid" }, { "type": "network" }, { "type": "ipc" },\n'
	printf '\t\t\t{ "type": "uts" }, { "type": "mount" }\n\t\t]\n\t}\n}\n'
} >"$dir/config.json" || die "cannot write $dir/config.json"
exit 0
