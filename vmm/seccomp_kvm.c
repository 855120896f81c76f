/* SPDX-License-Identifier: MIT */
/*
 * seccomp_kvm.c - the KVM platform's part of vmm's seccomp allowlist
 * (seccomp_policy.c has the rest). After the lockdown vmm only runs vCPUs:
 * KVM_RUN and the register and state ioctls a vCPU's start and error
 * reports use, KVM_CREATE_VCPU for application processors the sentry
 * starts later, and vCPU threads. Not allowed: KVM_CREATE_VM and
 * KVM_SET_USER_MEMORY_REGION (guest memory never changes after boot),
 * device, IRQ routing and debug ioctls.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <linux/kvm.h>
#include <linux/prctl.h>

#include "vmm/seccomp_kvm.h"

static const unsigned long kvm_ioctls[] = {
	KVM_RUN, KVM_GET_REGS, KVM_SET_REGS, KVM_GET_SREGS, KVM_SET_SREGS,
	KVM_GET_MSRS, KVM_SET_MSRS, KVM_SET_CPUID2, KVM_SET_SIGNAL_MASK,
	KVM_SET_MP_STATE, KVM_GET_MP_STATE, KVM_SET_XCRS, KVM_GET_TSC_KHZ,
	KVM_CREATE_VCPU, KVM_GET_VCPU_MMAP_SIZE, KVM_CHECK_EXTENSION,
	KVM_GET_SUPPORTED_CPUID,
};

/* Calls each new thread makes (glibc's start_thread) or may make. */
static const int kvm_thread_calls[] = {
	SCMP_SYS(set_robust_list), SCMP_SYS(rseq), SCMP_SYS(sigaltstack),
	/* the vCPU loop restores its signal handlers when the guest ends */
	SCMP_SYS(rt_sigaction),
};

/* vmm_seccomp_kvm_rules - see seccomp_kvm.h. */
int vmm_seccomp_kvm_rules(scmp_filter_ctx ctx)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof(kvm_ioctls) / sizeof(kvm_ioctls[0]); i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				     SCMP_A1(SCMP_CMP_EQ, kvm_ioctls[i]));
		if (r < 0)
			return r;
	}
	for (i = 0; i < sizeof(kvm_thread_calls) / sizeof(kvm_thread_calls[0]); i++) {
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, kvm_thread_calls[i], 0);
		if (r < 0)
			return r;
	}
	/* threads only: a clone without CLONE_THREAD (a new process) is denied */
	r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
			     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, CLONE_THREAD));
	if (r < 0)
		return r;
	/* clone3's flags are behind a pointer: make glibc use clone */
	r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (r < 0)
		return r;
	/* thread names (pthread_setname_np) */
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 1,
				SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME));
}
