/* SPDX-License-Identifier: MIT */
/* Futexes: wait queues keyed by user addresses; robust lists. */
#ifndef KERNEL_FUTEX_H
#define KERNEL_FUTEX_H

#include "klib/klib.h"

struct mm;
struct task;

/*
 * futex_wake - wake up to @nr waiters of the futex word at @uaddr in @mm
 * whose bitset meets @bitset; @private: FUTEX_PRIVATE_FLAG semantics.
 * Returns how many were woken, or -errno (-EFAULT, -EINVAL).
 */
long futex_wake(struct mm *mm, uaddr_t uaddr, bool private, int nr, u32 bitset);

/*
 * futex_exit_thread - what a dying thread does to user memory: the robust
 * list (FUTEX_OWNER_DIED on futexes it owns, one waiter woken each) and
 * clear_child_tid (write 0, wake one waiter). @t still has its mm.
 */
void futex_exit_thread(struct task *t);

#endif
