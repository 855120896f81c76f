// SPDX-License-Identifier: MIT
/*
 * guest_smp.c - the secondary CPUs of sentry.elf. Once the sentry is up,
 * the boot CPU asks vmm to start vCPU 1 .. ncpus-1 (HC_START_CPU) at
 * sentry_ap_entry on a stack it allocated. Each one takes the big kernel
 * lock, sets up its own GDT/TSS, syscall MSRs, TSC_AUX and preemption
 * tick, and becomes an idle thread of the scheduler.
 */
#include "platform/kvm/guest.h"
#include "arch/x86_64/include/x86.h"
#include "arch/x86_64/include/spinlock-arch.h"
#include "kernel/sched_internal.h"
#include "kernel/smp.h"

/* Boot and idle stack of a secondary CPU (its idle thread runs on it). */
#define KVM_AP_STACK_SIZE (32 * 1024)

void sentry_ap_entry(void);
void sentry_kvm_ap_start(u64 cpu) __noreturn;

/*
 * sentry_ap_entry: vmm enters in 64-bit mode with %rdi = the CPU number
 * and %rsp at the top of the stack smp_start_cpus allocated.
 */
__asm__(".text\n"
	".globl sentry_ap_entry\n"
	".type sentry_ap_entry, @function\n"
	"sentry_ap_entry:\n\t"
	"cld\n\t"
	"xorl %ebp, %ebp\n\t"
	"andq $-16, %rsp\n\t"
	"call sentry_kvm_ap_start\n"
	"1:\thlt\n\t"
	"jmp 1b\n"
	".size sentry_ap_entry, . - sentry_ap_entry\n");

/* sentry_kvm_ap_start - C entry of a secondary CPU (@cpu: its number). */
void sentry_kvm_ap_start(u64 cpu)
{
	struct x86_percpu *c = &x86_cpus[cpu];

	/* the tables are allocated: kmalloc needs the lock (no GS base
	 * yet, so no hostcall: a plain spin) */
	x86_spin_lock(&x86_bkl);
	if (x86_desc_init_cpu((unsigned int)cpu) < 0)
		kvm_crash("no memory for a CPU's descriptor tables");
	c->cr3_loaded = x86_read_cr3();
	kvm_cpu_init_tsc_aux();
	kvm_steal_init((unsigned int)cpu);
	x86_apic_timer_init(KVM_TICK_NS);
	c->started = 1;
	pr_debug("smp: CPU %u up", (unsigned int)cpu);
	sched_idle_loop();
}

/* smp_start_cpus - see kernel/smp.h. */
void smp_start_cpus(void)
{
	unsigned int n = kvm_boot_block()->ncpus;

	if (n > X86_MAX_CPUS)
		n = X86_MAX_CPUS;
	if (n > KVM_MAX_CPUS)
		n = KVM_MAX_CPUS;
	for (unsigned int cpu = 1; cpu < n; cpu++) {
		u8 *stack = kmalloc(KVM_AP_STACK_SIZE);
		long r;

		if (!stack) {
			pr_warn("smp: no memory for CPU %u's stack", cpu);
			break;
		}
		/* counted before it runs: shootdowns must see it from now on */
		x86_ncpus = cpu + 1;
		r = kvm_platform_call(HC_START_CPU, cpu, (u64)sentry_ap_entry,
				      (u64)(stack + KVM_AP_STACK_SIZE));
		if (r < 0) {
			x86_ncpus = cpu;
			kfree(stack);
			pr_warn("smp: vmm did not start CPU %u (%ld)", cpu, r);
			break;
		}
	}
	if (x86_ncpus > 1)
		pr_debug("smp: %u CPUs", x86_ncpus);
}
