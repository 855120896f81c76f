/* SPDX-License-Identifier: MIT */
/*
 * futex_waitv(2): wait on up to FUTEX_WAITV_MAX futexes at once. The task
 * queues one waiter per futex on the ordinary futex hash, so FUTEX_WAKE
 * (and the requeue and robust-list wakes) of any of them ends the wait;
 * it returns the index of a woken futex.
 */
#include <linux/errno.h>
#include <linux/futex.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <asm/mman.h>

#include "kernel/futex_internal.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* futex2 flags of one waiter (uapi names, older headers lack some). */
#define FUTEXV_SIZE_MASK 0x03U
#define FUTEXV_SIZE_U32 0x02U
#define FUTEXV_NUMA 0x04U
#define FUTEXV_MPOL 0x08U
#define FUTEXV_PRIVATE 128U
#define FUTEXV_VALID (FUTEXV_SIZE_MASK | FUTEXV_NUMA | FUTEXV_MPOL | \
		      FUTEXV_PRIVATE)
#define FUTEXV_MAX 128U

/* struct futex_waitv of the uapi. */
struct futexv_user {
	u64 val;
	u64 uaddr;
	u32 flags;
	u32 reserved;
};

struct futexv_entry {
	struct futexv_user w;
	struct futex_q q;
	bool queued;
};

/* The absolute @clockid timeout at @uts as a monotonic deadline (never 0). */
static long futexv_deadline(struct task *t, uaddr_t uts, int clockid,
			    u64 *deadline)
{
	struct __kernel_timespec ts;
	const s64 nsec = 1000000000LL, limit = (s64)(~0ULL >> 2);
	u64 now = platform->now_ns();
	s64 ns;

	if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
		return -EINVAL;
	if (copy_in(t->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= nsec)
		return -EINVAL;
	if (ts.tv_sec >= limit / nsec)
		ns = limit;
	else
		ns = ts.tv_sec * nsec + ts.tv_nsec;
	if (clockid == CLOCK_REALTIME)
		ns += (s64)now - (s64)platform->realtime_ns();
	*deadline = ns <= 0 ? 1 : (u64)ns;
	return 0;
}

/* Read and check the waiters (Linux's futex_parse_waitv). 0 or -errno. */
static long futexv_parse(struct task *t, uaddr_t uwaiters,
			 struct futexv_entry *v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct futexv_user *w = &v[i].w;

		if (copy_in(t->mm, w, uwaiters + i * sizeof(*w), sizeof(*w)))
			return -EFAULT;
		if ((w->flags & ~FUTEXV_VALID) || w->reserved)
			return -EINVAL;
		/* only 32-bit futexes exist; one NUMA node to pick from */
		if ((w->flags & FUTEXV_SIZE_MASK) != FUTEXV_SIZE_U32)
			return -EINVAL;
		if (w->val >> 32)
			return -EINVAL;
		v[i].queued = false;
	}
	return 0;
}

/* Dequeue every waiter; the highest index that was woken, or -1. */
static int futexv_unqueue(struct futexv_entry *v, unsigned int n)
{
	int woken = -1;

	for (unsigned int i = 0; i < n; i++) {
		if (!v[i].queued)
			continue;
		if (v[i].q.woken)
			woken = (int)i;
		else
			list_del_init(&v[i].q.link);
		v[i].queued = false;
	}
	return woken;
}

/*
 * Queue a waiter on each futex whose word still holds its value. 0 when
 * all are queued (one may be woken already: faulting a page in may have
 * slept). Otherwise everything is dequeued again and *@woken is the index
 * of a futex woken meanwhile (-1: none); returns -EAGAIN (a value
 * differs), -EFAULT or -EINVAL.
 */
static long futexv_setup(struct task *t, struct futexv_entry *v,
			 unsigned int n, int *woken)
{
	long r = 0;

	*woken = -1;
	for (unsigned int i = 0; i < n; i++)
		if (v[i].w.uaddr & 3)
			return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		struct futex_q *q = &v[i].q;
		u32 *p;

		r = futex_get(t->mm, v[i].w.uaddr,
			      v[i].w.flags & FUTEXV_PRIVATE, PROT_READ,
			      &q->key, &p);
		if (r < 0)
			break;
		if (__atomic_load_n(p, __ATOMIC_SEQ_CST) != (u32)v[i].w.val) {
			r = -EAGAIN;
			break;
		}
		q->task = t;
		q->bitset = FUTEX_BITSET_MATCH_ANY;
		q->woken = false;
		list_add_tail(&q->link, futex_bucket(&q->key));
		v[i].queued = true;
	}
	if (r < 0)
		*woken = futexv_unqueue(v, n);
	return r;
}

/* Sleep until one futex is woken, @deadline (0: none) or a signal. */
static long futexv_wait(struct task *t, struct futexv_entry *v,
			unsigned int n, u64 deadline)
{
	int woken;
	long r = futexv_setup(t, v, n, &woken);

	if (r < 0)
		return woken >= 0 ? woken : r;
	for (;;) {
		bool any = false;

		for (unsigned int i = 0; i < n && !any; i++)
			any = v[i].q.woken;
		if (any) {
			r = 0;
			break;
		}
		if (deadline && platform->now_ns() >= deadline) {
			r = -ETIMEDOUT;
			break;
		}
		if (signal_pending_current()) {
			/* the timeout is absolute: a restart keeps it */
			r = -ERESTARTSYS;
			break;
		}
		sched_block_until(deadline);
	}
	woken = futexv_unqueue(v, n);
	return woken >= 0 ? woken : r;
}

/* futex_waitv(waiters, nr_futexes, flags, timeout, clockid) */
SYSCALL_DEFINE(futex_waitv)
{
	uaddr_t uwaiters = a->a[0], uts = a->a[3];
	unsigned int n = (unsigned int)a->a[1];
	struct futexv_entry *v;
	u64 deadline = 0;
	long r;

	if ((unsigned int)a->a[2])
		return -EINVAL;	/* no flags are defined */
	if (!n || n > FUTEXV_MAX || !uwaiters)
		return -EINVAL;
	if (uts) {
		r = futexv_deadline(t, uts, (int)a->a[4], &deadline);
		if (r < 0)
			return r;
	}
	v = kmalloc(n * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r = futexv_parse(t, uwaiters, v, n);
	if (r == 0)
		r = futexv_wait(t, v, n, deadline);
	kfree(v);
	return r;
}
