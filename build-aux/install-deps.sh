#!/bin/sh
# install-deps.sh [--bench]: install the Debian packages vmm needs to build
# and test (as root, or through sudo). --bench adds runsc for `make bench`.
set -eu
pkgs="build-essential autoconf automake pkg-config libseccomp-dev libyajl-dev
libfdt-dev libcap-dev linux-libc-dev busybox-static file procps valgrind
python3 perl gcc make sqlite3 git tar gzip findutils coreutils bash util-linux"
[ "${1:-}" = "--bench" ] && pkgs="$pkgs runsc"
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
