/* SPDX-License-Identifier: MIT */
/*
 * percpu-arch.h - what generic sentry code reads of the per-CPU area of
 * sentry.elf (struct x86_percpu, GS base in ring 0): the running task and
 * the CPU number. Only for SENTRY_KERNEL builds.
 */
#ifndef ARCH_X86_64_PERCPU_ARCH_H
#define ARCH_X86_64_PERCPU_ARCH_H

/* Offsets in struct x86_percpu (x86.h) that are read by offset. */
#define PCPU_CURRENT		56	/* struct task * running on this CPU */
#define PCPU_CPU		64	/* unsigned int: this CPU's number */

#ifndef __ASSEMBLER__
struct task;

/*
 * arch_current_slot - where this CPU keeps its running task. volatile: a
 * kernel thread may resume on another CPU after a context switch.
 */
static inline struct task **arch_current_slot(void)
{
	unsigned long self;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(self));
	return (struct task **)(self + PCPU_CURRENT);
}

/* arch_cpu_id - the number of the CPU running this code. */
static inline unsigned int arch_cpu_id(void)
{
	unsigned int cpu;

	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(cpu) : "i"(PCPU_CPU));
	return cpu;
}
#endif

#endif
