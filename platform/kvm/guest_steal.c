/* SPDX-License-Identifier: MIT */
/*
 * guest_steal.c - KVM's paravirtual steal time (MSR_KVM_STEAL_TIME): for
 * each vCPU, how long its host thread was ready to run but the host ran
 * something else. KVM writes the total into a per-CPU record each time it
 * enters the vCPU. CPU time accounting takes it out of the intervals it
 * charges to tasks, so an oversubscribed host does not bill its waiting
 * to the program.
 */
#include <asm/kvm_para.h>

#include "arch/x86_64/include/x86.h"
#include "platform/kvm/guest.h"

/* The records KVM updates (64-byte aligned, one per CPU). */
static struct kvm_steal_time kvm_steal[X86_MAX_CPUS] __attribute__((aligned(64)));
static bool kvm_steal_on;

/* Does this KVM offer steal time (its CPUID leaves, feature bit)? */
static bool kvm_steal_offered(void)
{
	u32 a, b, c, d;

	x86_cpuid(KVM_CPUID_SIGNATURE, 0, &a, &b, &c, &d);
	/* "KVMKVMKVM\0\0\0" */
	if (b != 0x4b4d564b || c != 0x564b4d56 || d != 0x4d || a < KVM_CPUID_FEATURES)
		return false;
	x86_cpuid(KVM_CPUID_FEATURES, 0, &a, &b, &c, &d);
	return a & (1U << KVM_FEATURE_STEAL_TIME);
}

/* kvm_steal_init - see guest.h. */
void kvm_steal_init(unsigned int cpu)
{
	if (cpu == 0)
		kvm_steal_on = kvm_steal_offered();
	if (!kvm_steal_on || cpu >= X86_MAX_CPUS)
		return;
	x86_wrmsr(MSR_KVM_STEAL_TIME,
		  kvm_va_to_pa(&kvm_steal[cpu]) | KVM_MSR_ENABLED);
}

/* kvm_steal_ns - see platform.h (steal_ns): this CPU's steal time so far. */
u64 kvm_steal_ns(void)
{
	const volatile struct kvm_steal_time *st;
	u32 v;
	u64 s;

	if (!kvm_steal_on)
		return 0;
	st = &kvm_steal[x86_this_cpu()->cpu];
	/* KVM makes the version odd while it writes */
	do {
		v = st->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s = st->steal;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((v & 1) || v != st->version);
	return s;
}
