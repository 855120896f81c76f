/* SPDX-License-Identifier: MIT */
/*
 * spinlock-arch.h - a ticket spinlock for sentry.elf: FIFO, so no CPU
 * starves while the others keep taking the lock. Freestanding.
 */
#ifndef ARCH_X86_64_SPINLOCK_ARCH_H
#define ARCH_X86_64_SPINLOCK_ARCH_H

#include "klib/types.h"

struct x86_spinlock {
	u32 next;		/* next ticket to hand out */
	u32 owner;		/* ticket being served */
};

/* x86_spin_lock - take @l, spinning (pause) until it is our turn. */
static inline void x86_spin_lock(struct x86_spinlock *l)
{
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		__asm__ volatile("pause" ::: "memory");
}

/* x86_spin_unlock - release @l (held by this CPU). */
static inline void x86_spin_unlock(struct x86_spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

/*
 * The big kernel lock of sentry.elf: held by a CPU whenever it runs
 * sentry code; released only to enter ring 3 and to halt (desc.c).
 */
extern struct x86_spinlock x86_bkl;

#endif
