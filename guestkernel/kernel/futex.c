/* SPDX-License-Identifier: MIT */
/*
 * Futexes: tasks sleep on a key derived from a user address and are woken
 * by key. Private futexes (and any futex in private memory) are keyed by
 * (mm, address); futexes in shared mappings by physical address, so
 * processes that map the same page meet on it.
 *
 * The sentry holds one lock around all of its code, so reading the futex
 * word and queueing the waiter are atomic with respect to every waker.
 * User threads may run at the same time on other CPUs / stubs, so the
 * word itself is only touched with atomic operations through the direct
 * map.
 */
#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/time_types.h>

#include "kernel/futex.h"
#include "kernel/futex_internal.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"
#include "mm/mm_internal.h"	/* pt_walk, vma_find: read-only use */
#include "syscalls/syscall.h"

#define FUTEX_HASH_SIZE 64
#define ROBUST_LIST_LIMIT 2048

static struct list_head futex_hash[FUTEX_HASH_SIZE];
static bool futex_hash_ready;

/* futex_bucket - see futex_internal.h. */
struct list_head *futex_bucket(const struct futex_key *k)
{
	u64 h = (u64)(uintptr_t)k->mm ^ (k->addr >> 2);

	if (!futex_hash_ready) {
		for (int i = 0; i < FUTEX_HASH_SIZE; i++)
			INIT_LIST_HEAD(&futex_hash[i]);
		futex_hash_ready = true;
	}
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return &futex_hash[(h >> 32) % FUTEX_HASH_SIZE];
}

/* futex_key_eq - see futex_internal.h. */
bool futex_key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->mm == b->mm && a->addr == b->addr;
}

/* futex_get - see futex_internal.h. */
int futex_get(struct mm *mm, uaddr_t uaddr, bool private, int access,
		     struct futex_key *key, u32 **out)
{
	u64 *pte = NULL;
	struct vma *v;
	paddr_t pa;

	if (uaddr & 3)
		return -EINVAL;
	if (!mm || uaddr >= USER_TOP)
		return -EFAULT;
	for (int tries = 0; tries < 3; tries++) {
		pte = pt_walk(mm, uaddr, false);
		if (pte && (*pte & PTE_P) && (*pte & PTE_US) &&
		    (!(access & PROT_WRITE) || (*pte & PTE_RW)))
			break;
		pte = NULL;
		if (mm_fault(mm, uaddr, access))
			break;
	}
	if (!pte)
		return -EFAULT;
	pa = (*pte & PTE_ADDR) + (uaddr & (PAGE_SIZE - 1));
	if (pa + sizeof(u32) > platform->pmem_size)
		return -EFAULT;
	*out = pa_to_va(pa);
	v = private ? NULL : vma_find(mm, uaddr);
	if (v && (v->flags & VMA_SHARED)) {
		key->mm = NULL;
		key->addr = pa;
	} else {
		key->mm = mm;
		key->addr = uaddr;
	}
	return 0;
}

/* Wake up to @nr (at least one) waiters on @key matching @bitset. */
static long futex_wake_key(const struct futex_key *key, int nr, u32 bitset)
{
	struct list_head *b = futex_bucket(key);
	struct futex_q *q, *n;
	long woken = 0;

	list_for_each_entry_safe(q, n, b, link) {
		if (!futex_key_eq(&q->key, key) || !(q->bitset & bitset))
			continue;
		list_del_init(&q->link);
		q->woken = true;
		task_wake(q->task);
		if (++woken >= nr)
			break;
	}
	return woken;
}

/* futex_wake - see futex.h. */
long futex_wake(struct mm *mm, uaddr_t uaddr, bool private, int nr, u32 bitset)
{
	struct futex_key key;
	u32 *p;
	int r;

	if (!bitset)
		return -EINVAL;
	r = futex_get(mm, uaddr, private, PROT_READ, &key, &p);
	if (r < 0)
		return r;
	return futex_wake_key(&key, nr, bitset);
}

/* Sleep while *@uaddr == @val until woken, @deadline (monotonic) or a signal. */
static long futex_wait(struct task *t, uaddr_t uaddr, bool private, u32 val,
		       u64 deadline, u32 bitset)
{
	struct futex_q q;
	u32 *p;
	long r;

	if (!bitset)
		return -EINVAL;
	r = futex_get(t->mm, uaddr, private, PROT_READ, &q.key, &p);
	if (r < 0)
		return r;
	if (__atomic_load_n(p, __ATOMIC_SEQ_CST) != val)
		return -EAGAIN;
	q.task = t;
	q.bitset = bitset;
	q.woken = false;
	list_add_tail(&q.link, futex_bucket(&q.key));
	for (;;) {
		if (q.woken) {
			r = 0;
			break;
		}
		if (signal_pending_current()) {
			/* timed waits are not restarted (no restart block) */
			r = deadline ? -EINTR : -ERESTARTSYS;
			break;
		}
		if (deadline && platform->now_ns() >= deadline) {
			r = -ETIMEDOUT;
			break;
		}
		sched_block_until(deadline);
	}
	if (!q.woken)
		list_del_init(&q.link);
	return r;
}

/* Wake @nr_wake waiters of @uaddr, move up to @nr_requeue to @uaddr2. */
static long futex_requeue(struct task *t, uaddr_t uaddr, uaddr_t uaddr2,
			  bool private, int nr_wake, int nr_requeue,
			  const u32 *cmpval)
{
	struct futex_key k1, k2;
	struct futex_q *q, *n;
	struct list_head *b1, *b2;
	long count = 0;
	u32 *p1, *p2;
	int r;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	r = futex_get(t->mm, uaddr, private, PROT_READ, &k1, &p1);
	if (r < 0)
		return r;
	r = futex_get(t->mm, uaddr2, private, PROT_READ, &k2, &p2);
	if (r < 0)
		return r;
	if (cmpval && __atomic_load_n(p1, __ATOMIC_SEQ_CST) != *cmpval)
		return -EAGAIN;
	b1 = futex_bucket(&k1);
	b2 = futex_bucket(&k2);
	list_for_each_entry_safe(q, n, b1, link) {
		if (!futex_key_eq(&q->key, &k1))
			continue;
		if (count < nr_wake) {
			list_del_init(&q->link);
			q->woken = true;
			task_wake(q->task);
		} else if (count < (long)nr_wake + nr_requeue) {
			if (futex_key_eq(&k1, &k2))
				continue;	/* requeue onto itself: no-op */
			list_del(&q->link);
			q->key = k2;
			list_add_tail(&q->link, b2);
		} else {
			break;
		}
		count++;
	}
	return count;
}

/* Apply FUTEX_OP @encoded to *@p atomically; returns the comparison result. */
static int futex_atomic_op(u32 *p, u32 encoded, bool *cmp_true)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	s32 oparg = (s32)(encoded << 8) >> 20;	/* sign-extended 12 bits */
	s32 cmparg = (s32)(encoded << 20) >> 20;
	s32 old;

	if ((encoded >> 28) & FUTEX_OP_OPARG_SHIFT)
		oparg = (s32)(1U << (oparg & 31));
	switch (op) {
	case FUTEX_OP_SET:
		old = (s32)__atomic_exchange_n(p, (u32)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ADD:
		old = (s32)__atomic_fetch_add(p, (u32)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_OR:
		old = (s32)__atomic_fetch_or(p, (u32)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ANDN:
		old = (s32)__atomic_fetch_and(p, ~(u32)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_XOR:
		old = (s32)__atomic_fetch_xor(p, (u32)oparg, __ATOMIC_SEQ_CST);
		break;
	default:
		return -ENOSYS;
	}
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		*cmp_true = old == cmparg;
		break;
	case FUTEX_OP_CMP_NE:
		*cmp_true = old != cmparg;
		break;
	case FUTEX_OP_CMP_LT:
		*cmp_true = old < cmparg;
		break;
	case FUTEX_OP_CMP_LE:
		*cmp_true = old <= cmparg;
		break;
	case FUTEX_OP_CMP_GT:
		*cmp_true = old > cmparg;
		break;
	case FUTEX_OP_CMP_GE:
		*cmp_true = old >= cmparg;
		break;
	default:
		return -ENOSYS;
	}
	return 0;
}

static long futex_wake_op(struct task *t, uaddr_t uaddr, uaddr_t uaddr2,
			  bool private, int nr_wake, int nr_wake2, u32 encoded)
{
	struct futex_key k1, k2;
	bool cmp_true = false;
	u32 *p1, *p2;
	long woken;
	int r;

	/* validate the op before touching memory */
	if (((encoded >> 28) & 7) > FUTEX_OP_XOR ||
	    ((encoded >> 24) & 15) > FUTEX_OP_CMP_GE)
		return -ENOSYS;
	r = futex_get(t->mm, uaddr, private, PROT_READ, &k1, &p1);
	if (r < 0)
		return r;
	r = futex_get(t->mm, uaddr2, private, PROT_WRITE, &k2, &p2);
	if (r < 0)
		return r;
	r = futex_atomic_op(p2, encoded, &cmp_true);
	if (r < 0)
		return r;
	woken = futex_wake_key(&k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (cmp_true)
		woken += futex_wake_key(&k2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return woken;
}

/* Timeout of a wait: 0 (none) or a monotonic deadline; -errno. */
static long futex_deadline(struct task *t, uaddr_t uts, bool absolute,
			   bool realtime, u64 *deadline)
{
	struct __kernel_timespec ts;
	u64 ns, now = platform->now_ns();

	*deadline = 0;
	if (!uts)
		return 0;
	if (copy_in(t->mm, &ts, uts, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	ns = (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
	if (!absolute) {
		*deadline = now + ns;
	} else if (realtime) {
		u64 real = platform->realtime_ns();

		*deadline = ns > real ? now + (ns - real) : now;
	} else {
		*deadline = ns;
	}
	if (!*deadline)
		*deadline = 1;
	return 0;
}

SYSCALL_DEFINE(futex)
{
	uaddr_t uaddr = a->a[0], utime = a->a[3], uaddr2 = a->a[4];
	int op = (int)a->a[1], cmd = op & FUTEX_CMD_MASK;
	u32 val = (u32)a->a[2], val3 = (u32)a->a[5];
	bool private = op & FUTEX_PRIVATE_FLAG;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	u64 deadline;
	long r;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		r = futex_deadline(t, utime, cmd == FUTEX_WAIT_BITSET, realtime,
				   &deadline);
		if (r < 0)
			return r;
		return futex_wait(t, uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		return futex_wake(t->mm, uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(t, uaddr, uaddr2, private, (int)val,
				     (int)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(t, uaddr, uaddr2, private, (int)val,
				     (int)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(t, uaddr, uaddr2, private, (int)val,
				     (int)utime, val3);
	default:
		/* PI futexes and FUTEX_FD are not implemented */
		return -ENOSYS;
	}
}

/* Release futex @uaddr owned by dying @t (robust list entry). */
static void futex_owner_died(struct task *t, uaddr_t uaddr)
{
	struct futex_key key;
	u32 *p, cur;

	if (futex_get(t->mm, uaddr, false, PROT_WRITE, &key, &p) < 0)
		return;
	cur = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	for (;;) {
		u32 new;

		if ((cur & FUTEX_TID_MASK) != (u32)t->tid)
			return;
		new = (cur & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__atomic_compare_exchange_n(p, &cur, new, false,
						__ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	if (cur & FUTEX_WAITERS)
		futex_wake_key(&key, 1, FUTEX_BITSET_MATCH_ANY);
}

/* Walk @t's robust list (bounded) and release what it still holds. */
static void futex_exit_robust(struct task *t)
{
	struct robust_list_head head;
	uaddr_t entry, pending, next;
	int limit = ROBUST_LIST_LIMIT;

	if (!t->robust_list ||
	    copy_in(t->mm, &head, t->robust_list, sizeof(head)) < 0)
		return;
	entry = (uaddr_t)head.list.next;
	pending = (uaddr_t)head.list_op_pending;
	while (entry != t->robust_list && limit-- > 0) {
		if (copy_in(t->mm, &next, entry & ~1ULL, sizeof(next)) < 0)
			return;
		if (entry != pending)
			futex_owner_died(t, (entry & ~1ULL) + head.futex_offset);
		entry = next;
	}
	if (pending)
		futex_owner_died(t, (pending & ~1ULL) + head.futex_offset);
}

/* futex_exit_thread - see futex.h. */
void futex_exit_thread(struct task *t)
{
	u32 zero = 0;

	if (!t->mm)
		return;
	futex_exit_robust(t);
	t->robust_list = 0;
	if (t->clear_child_tid &&
	    copy_out(t->mm, t->clear_child_tid, &zero, sizeof(zero)) == 0)
		futex_wake(t->mm, t->clear_child_tid, false, 1,
			   FUTEX_BITSET_MATCH_ANY);
	t->clear_child_tid = 0;
}
