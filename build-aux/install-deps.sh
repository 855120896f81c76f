#!/bin/sh
# install-deps.sh [--bench] [--no-kvm]: install the Debian packages vmm
# needs to build and test (as root, or through sudo). --bench adds runsc
# for `make bench`. The KVM suite's packages (a QEMU and a Debian kernel
# for the nested-SVM guest of tests/kvm/run-in-qemu.sh) come by default;
# --no-kvm leaves them out (make check then skips the KVM suite).
set -eu
pkgs="build-essential autoconf automake pkg-config libseccomp-dev libyajl-dev
libfdt-dev libcap-dev linux-libc-dev busybox-static file procps valgrind
python3 perl gcc make sqlite3 git tar gzip findutils coreutils bash util-linux"
kvm_pkgs="qemu-system-x86 linux-image-amd64 cpio xz-utils zstd"
with_kvm=1
for a in "$@"; do
	case $a in
	--bench) pkgs="$pkgs runsc" ;;
	--no-kvm) with_kvm=0 ;;
	*) echo "usage: install-deps.sh [--bench] [--no-kvm]" >&2; exit 2 ;;
	esac
done
[ $with_kvm = 1 ] && pkgs="$pkgs $kvm_pkgs"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
