#!/bin/bash
# suite-smp.sh - the guest programs (run-guest.sh) once more on KVM, with
# several vCPUs (vmm --cpus=N): threads then run in parallel, and the big
# kernel lock, IPIs and TLB shootdowns are exercised. Called by suite.sh
# with its environment (VMM: the vmm to run, possibly the wrapper that
# sends it into the QEMU guest; VMM_PLATFORM=kvm, TMPDIR, BUSYBOX); prints
# TAP for suite.sh's merge.
#
#   KVM_SMP_CPUS   vCPUs to give the sandbox (default 2)
set -u
: "${VMM:?VMM is not set (run through tests/kvm/suite.sh)}"
cpus=${KVM_SMP_CPUS:-2}
here=$(cd "$(dirname "$0")" && pwd)
w=$(mktemp -d "${TMPDIR:-/tmp}/vmm-smp.XXXXXX") || exit 1
trap 'rm -rf "$w"' EXIT
# --cpus is a global option: it goes before the command run-guest.sh adds
q=$(printf '%s' "$VMM" | sed "s/'/'\\\\''/g")
printf "#!/bin/sh\nexec '%s' --cpus=%s \"\$@\"\n" "$q" "$cpus" >"$w/vmm" &&
	chmod +x "$w/vmm" || exit 1
VMM=$w/vmm VMM_PLATFORM=${VMM_PLATFORM:-kvm} \
	bash "$here/../guest/run-guest.sh" 2>&1 |
	sed "s/ \[\([a-z]*\)\]/ [\1, $cpus CPUs]/"
exit "${PIPESTATUS[0]}"
