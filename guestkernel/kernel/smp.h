/* SPDX-License-Identifier: MIT */
/*
 * smp.h - what the scheduler asks of a platform that runs the sentry on
 * several CPUs under one big kernel lock (sentry.elf on KVM: provided by
 * platform/kvm/guest_io.c and guest_smp.c). The in-process build is one
 * CPU: everything here is a no-op there.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include "klib/types.h"

#ifdef SENTRY_KERNEL
/* smp_wake_idle - a task became runnable: wake an idle CPU to take it. */
void smp_wake_idle(void);
/*
 * smp_deadline_hint - a task now sleeps until @deadline_ns (monotonic):
 * make the CPU that waits for host time wake by then.
 */
void smp_deadline_hint(u64 deadline_ns);
/* smp_start_cpus - bring up the other CPUs (boot CPU, once, from the idle loop). */
void smp_start_cpus(void);
#else
static inline void smp_wake_idle(void)
{
}

static inline void smp_deadline_hint(u64 deadline_ns)
{
	(void)deadline_ns;
}

static inline void smp_start_cpus(void)
{
}
#endif

#endif
