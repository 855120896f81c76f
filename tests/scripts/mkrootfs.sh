#!/bin/bash
# mkrootfs.sh - build a minimal busybox root filesystem.
#
# Usage: mkrootfs.sh [--busybox PATH] [--hostname NAME] DIR
#
# DIR gets bin/busybox (a copy of Debian's busybox-static), a symlink for
# every applet at the path `busybox --list-full` names (bin/sh -> busybox,
# usr/bin/awk -> ../../bin/busybox; relative links so they resolve both on the host and in the sandbox),
# the directories etc tmp proc dev root, and etc/passwd, etc/group,
# etc/hostname. An existing DIR is replaced.
#
# The busybox binary must be statically linked: the sandbox root has no
# dynamic loader or libc. Exits 1 with a message on any error.
set -u

die() {
	echo "mkrootfs.sh: $*" >&2
	exit 1
}

busybox=${BUSYBOX:-}
hostname=vmm
while [ $# -gt 0 ]; do
	case $1 in
	--busybox) [ $# -ge 2 ] || die "--busybox needs an argument"
		busybox=$2; shift 2 ;;
	--busybox=*) busybox=${1#--busybox=}; shift ;;
	--hostname) [ $# -ge 2 ] || die "--hostname needs an argument"
		hostname=$2; shift 2 ;;
	--hostname=*) hostname=${1#--hostname=}; shift ;;
	--) shift; break ;;
	-*) die "unknown option $1" ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || die "usage: mkrootfs.sh [--busybox PATH] [--hostname NAME] DIR"
dir=$1

if [ -z "$busybox" ]; then
	busybox=$(command -v busybox 2>/dev/null) ||
		die "busybox not found: install the Debian package busybox-static"
fi
[ -f "$busybox" ] && [ -x "$busybox" ] ||
	die "$busybox: not an executable file (install the Debian package busybox-static)"

# Static check: no program interpreter (PT_INTERP) means no dynamic loader.
if command -v readelf >/dev/null 2>&1; then
	if readelf -lW "$busybox" 2>/dev/null | grep -q 'program interpreter'; then
		die "$busybox is dynamically linked; the sandbox needs Debian's busybox-static (apt-get install busybox-static)"
	fi
elif command -v file >/dev/null 2>&1; then
	case $(file -L "$busybox") in
	*"statically linked"* | *"static-pie linked"*) ;;
	*) die "$busybox is not statically linked; the sandbox needs Debian's busybox-static (apt-get install busybox-static)" ;;
	esac
else
	die "neither readelf nor file found to check that $busybox is static"
fi

applets=$("$busybox" --list-full) || die "$busybox --list-full failed"
[ -n "$applets" ] || die "$busybox --list-full listed no applets"

rm -rf "$dir" || die "cannot remove old $dir"
mkdir -p "$dir" || die "cannot create $dir"
for d in bin sbin usr/bin usr/sbin etc tmp proc dev root; do
	mkdir -p "$dir/$d" || die "cannot create $dir/$d"
done
chmod 1777 "$dir/tmp"
chmod 700 "$dir/root"
cp "$busybox" "$dir/bin/busybox" || die "cannot copy $busybox"
chmod 755 "$dir/bin/busybox"

# One relative symlink per applet.
while IFS= read -r path; do
	case $path in
	"" | */ | /* | *..*) continue ;;
	bin/busybox) continue ;;
	esac
	sub=${path%/*}
	[ "$sub" = "$path" ] && continue	# top level (linuxrc): skip
	up=
	rest=$sub
	while :; do
		up="../$up"
		case $rest in
		*/*) rest=${rest#*/} ;;
		*) break ;;
		esac
	done
	target=${up}bin/busybox
	[ "$sub" = bin ] && target=busybox
	mkdir -p "$dir/$sub" || die "cannot create $dir/$sub"
	ln -sf "$target" "$dir/$path" || die "cannot link $dir/$path"
done <<EOF
$applets
EOF

cat >"$dir/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$dir/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
printf '%s\n' "$hostname" >"$dir/etc/hostname"
exit 0
