/* SPDX-License-Identifier: MIT */
/* seccomp_kvm.h - the KVM platform's part of vmm's seccomp allowlist. */
#ifndef VMM_SECCOMP_KVM_H
#define VMM_SECCOMP_KVM_H

#include <seccomp.h>

/*
 * vmm_seccomp_kvm_rules - add to @ctx what the KVM platform does once the
 * guest runs: the vCPU ioctls, starting vCPU threads (clone of a thread
 * only; clone3 fails with ENOSYS so that glibc falls back to clone), and
 * the per-thread glibc calls. Returns 0 or -errno.
 */
int vmm_seccomp_kvm_rules(scmp_filter_ctx ctx);

#endif
