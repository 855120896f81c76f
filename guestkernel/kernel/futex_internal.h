/* SPDX-License-Identifier: MIT */
/* Futex internals shared by futex.c and futex_waitv.c. */
#ifndef KERNEL_FUTEX_INTERNAL_H
#define KERNEL_FUTEX_INTERNAL_H

#include "klib/klib.h"

struct mm;
struct task;

/* What a waiter sleeps on: a private (mm, address) or a physical address. */
struct futex_key {
	struct mm *mm;		/* NULL: shared, @addr is physical */
	u64 addr;
};

/* One waiter queued on a hash bucket; a waker sets @woken and wakes @task. */
struct futex_q {
	struct list_head link;
	struct futex_key key;
	u32 bitset;
	bool woken;
	struct task *task;
};

/* futex_bucket - the hash bucket (list of futex_q.link) of @k. */
struct list_head *futex_bucket(const struct futex_key *k);
/* futex_key_eq - do @a and @b name the same futex? */
bool futex_key_eq(const struct futex_key *a, const struct futex_key *b);
/*
 * futex_get - direct-map pointer to the futex word at @uaddr of @mm in
 * *@out, faulting the page in for @access (PROT_READ/PROT_WRITE) like a
 * user access would; fills @key (@private: FUTEX_PRIVATE_FLAG).
 * 0, -EINVAL (misaligned) or -EFAULT.
 */
int futex_get(struct mm *mm, uaddr_t uaddr, bool private, int access,
	      struct futex_key *key, u32 **out);

#endif
