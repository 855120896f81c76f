/* SPDX-License-Identifier: MIT */
/*
 * spinlock-arch.h - the spinlock of sentry.elf: test-and-test-and-set.
 * Not a ticket lock on purpose: vCPUs are host threads and may be
 * descheduled while they wait; with tickets, a preempted waiter whose
 * turn came blocks every other CPU, here whoever runs takes the lock.
 * Callers that may spin long yield to the host (kvm_bkl_lock).
 */
#ifndef ARCH_X86_64_SPINLOCK_ARCH_H
#define ARCH_X86_64_SPINLOCK_ARCH_H

#include "klib/types.h"

struct x86_spinlock {
	u32 locked;
};

/* x86_spin_trylock - take @l if it is free; true when taken. */
static inline bool x86_spin_trylock(struct x86_spinlock *l)
{
	return !__atomic_load_n(&l->locked, __ATOMIC_RELAXED) &&
	       !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

/* x86_spin_lock - take @l, spinning (pause) until it is free. */
static inline void x86_spin_lock(struct x86_spinlock *l)
{
	while (!x86_spin_trylock(l))
		__asm__ volatile("pause" ::: "memory");
}

/* x86_spin_unlock - release @l (held by this CPU). */
static inline void x86_spin_unlock(struct x86_spinlock *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/*
 * The big kernel lock of sentry.elf: held by a CPU whenever it runs
 * sentry code; released only to enter ring 3 and to wait idle (desc.c).
 */
extern struct x86_spinlock x86_bkl;

#endif
