#!/bin/sh
# run-in-qemu.sh - run COMMAND in a throwaway QEMU guest whose (emulated)
# CPU has AMD SVM, with kvm_amd loaded, so /dev/kvm works inside it.
# The guest sees this machine's / read-only, WORKDIR read-write at the same
# path (it is also the command's cwd), and fresh tmpfs on /tmp and /run.
# Exit status: the command's; 77 when QEMU, a Debian kernel or a static
# busybox is missing; 124 when the guest did not finish.
# -s: the command's / is the guest's root mount (switch_root style: the
# shared root is moved over the initramfs) rather than a chroot, so that
# the command may create user namespaces (the kernel refuses that to a
# chrooted caller; gVisor's runsc needs it).
#
# usage: run-in-qemu.sh [-s] [-t SECONDS] [-m MB] WORKDIR COMMAND [ARGS...]
set -eu
secs=300 mem=1024 enter='chroot /root'
while getopts st:m: o; do
	case $o in
	s) enter='cd /root && mount --move . / && chroot .' ;;
	t) secs=$OPTARG ;;
	m) mem=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: run-in-qemu.sh [-s] [-t S] [-m MB] WORKDIR COMMAND..." >&2; exit 2; }
workdir=$(cd "$1" && pwd)
shift

skip() { echo "run-in-qemu: $*" >&2; exit 77; }
qemu=$(command -v qemu-system-x86_64) || skip "qemu-system-x86_64 not installed"
kernel=$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || skip "no Debian kernel (linux-image-amd64) in /boot"
[ -r "$kernel" ] || skip "$kernel is not readable by $(id -un)"
command -v cpio >/dev/null || skip "cpio not installed"
moddir=/lib/modules/${kernel#/boot/vmlinuz-}
[ -d "$moddir" ] || skip "no modules for $kernel"
bb=$(command -v busybox) || skip "busybox not installed"
file -L "$bb" | grep -q 'statically linked' || skip "$bb is not static"

tmp=$(mktemp -d /tmp/run-in-qemu.XXXXXX)
# TERM (a caller giving up on a hung guest) takes QEMU down too.
trap 'rm -rf "$tmp"' EXIT
trap '[ ! -f "$tmp/qemu.pid" ] || kill "$(cat "$tmp/qemu.pid")" 2>/dev/null; exit 143' INT TERM
mkdir -p "$tmp/initrd/bin" "$tmp/initrd/lib/modules" "$tmp/result"
cp "$bb" "$tmp/initrd/bin/busybox"
# virtio + 9p for the shared directories, then KVM for AMD
mods="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p irqbypass kvm ccp kvm-amd"
for m in $mods; do
	f=$(find "$moddir" -name "$m.ko*" 2>/dev/null | head -n 1)
	[ -n "$f" ] || continue
	case $f in
	*.ko.xz) xz -dc "$f" >"$tmp/initrd/lib/modules/$m.ko" ;;
	*.ko.zst) zstd -qdc "$f" >"$tmp/initrd/lib/modules/$m.ko" ;;
	*) cp "$f" "$tmp/initrd/lib/modules/$m.ko" ;;
	esac
done
# the command, quoted for the guest shell
for a in "$@"; do
	printf "'%s' " "$(printf '%s' "$a" | sed "s/'/'\\\\''/g")"
done >"$tmp/result/cmd"

cat >"$tmp/initrd/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc 2>/dev/null || { mkdir -p /proc && mount -t proc proc /proc; }
mkdir -p /sys /dev /root /result
mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in $mods; do [ -f /lib/modules/\$m.ko ] && insmod /lib/modules/\$m.ko 2>/dev/null; done
opts=trans=virtio,version=9p2000.L,msize=262144
mount -t 9p -o \$opts,ro root /root
mount -t 9p -o \$opts result /result
for d in proc sys dev; do mount --bind /\$d /root/\$d; done
mkdir -p /root/dev/pts && mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /root/dev/pts
mount -t tmpfs tmpfs /root/tmp; mount -t tmpfs tmpfs /root/run
mkdir -p /root$workdir 2>/dev/null; mount -t 9p -o \$opts work /root$workdir
mkdir -p /root/run/result && mount --bind /result /root/run/result
$enter /bin/sh -c 'cd $workdir && PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp; export PATH HOME; eval "\$(cat /run/result/cmd)"; echo \$? >/run/result/rc'
sync
poweroff -f
INIT
chmod +x "$tmp/initrd/init"
(cd "$tmp/initrd" && find . | cpio -o -H newc 2>/dev/null | gzip -1 >"$tmp/initrd.gz")

# One guest CPU: with two, QEMU's multi-threaded TCG has been seen to
# deadlock the guest kernel (one CPU spinning in try_to_wake_up with
# interrupts off while the other loops through int3 text-patching traps)
# after a few hundred KVM VMs came and went. QEMU_SMP=N overrides.
smp=${QEMU_SMP:-1}
# QEMU_MONITOR=SOCKET: a QEMU monitor on that unix socket, to look at a
# guest that hangs (socat - UNIX-CONNECT:SOCKET; "info registers -a").
mon=
[ -z "${QEMU_MONITOR:-}" ] || mon="-monitor unix:$QEMU_MONITOR,server,nowait"
# shellcheck disable=SC2086
timeout "$secs" "$qemu" -accel tcg,thread=multi -cpu max -smp "$smp" -m "$mem" $mon \
	-pidfile "$tmp/qemu.pid" \
	-kernel "$kernel" -initrd "$tmp/initrd.gz" \
	-append "console=ttyS0 quiet loglevel=3 panic=-1 nokaslr" \
	-nographic -no-reboot \
	-virtfs local,path=/,mount_tag=root,security_model=none,readonly=on,multidevs=remap \
	-virtfs local,path="$tmp/result",mount_tag=result,security_model=none,multidevs=remap \
	-virtfs local,path="$workdir",mount_tag=work,security_model=none,multidevs=remap \
	</dev/null 2>&1 | tr '\r' '\n' | sed -e 's/\x1b\[[0-9;?]*[a-zA-Z]//g' -e 's/\x1bc//g' \
	-e '/^SeaBIOS\|^iPXE\|^Booting from\|^\s*$\|9p: Multiple devices\|MP-BIOS bug\|reboot: Power down/d' &
# in the background, so that a TERM runs the trap above at once
wait $!
[ -f "$tmp/result/rc" ] || { echo "run-in-qemu: the guest did not finish" >&2; exit 124; }
exit "$(cat "$tmp/result/rc")"
