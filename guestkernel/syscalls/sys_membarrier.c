/* SPDX-License-Identifier: MIT */
/*
 * membarrier: make every thread that is running user code pass a full
 * memory barrier before the call returns.
 *
 * The sentry's own code runs on one CPU, but user code of different tasks
 * runs concurrently (ptrace: stub processes on host CPUs; KVM: vCPUs), so
 * a no-op would be wrong. A thread that is not in user mode passed a
 * barrier when it entered the sentry (a trap is serializing). For a thread
 * in user mode we ask the platform to interrupt it and wait until that
 * user run has ended (task->user_exits moves on): the trap out of user
 * mode is the barrier. The SYNC_CORE flavour gets the same: a trap into
 * the kernel and the return to user mode serialize the instruction stream.
 */
#include <linux/errno.h>
#include <linux/membarrier.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "syscalls/syscall.h"

#ifndef MEMBARRIER_CMD_GET_REGISTRATIONS
#define MEMBARRIER_CMD_GET_REGISTRATIONS (1 << 9)	/* Linux 6.3 */
#endif

#define MB_REG_GLOBAL_EXP 0x1
#define MB_REG_PRIVATE_EXP 0x2
#define MB_REG_SYNC_CORE 0x4
#define MB_REG_RSEQ 0x8

#define MB_SUPPORTED                                                          \
	(MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |             \
	 MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED |                           \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED |                                   \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED |                          \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE |                         \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE |                \
	 MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ |                              \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ |                     \
	 MEMBARRIER_CMD_GET_REGISTRATIONS)

/* Which threads a barrier must reach. */
enum mb_scope { MB_ALL, MB_GLOBAL_REGISTERED, MB_SAME_MM };

static bool mb_wanted(struct task *t, struct task *p, enum mb_scope scope)
{
	if (p == t || p->state == TASK_DEAD || !task_in_user(p))
		return false;
	switch (scope) {
	case MB_ALL:
		return true;
	case MB_GLOBAL_REGISTERED:
		return p->proc->membarrier_state & MB_REG_GLOBAL_EXP;
	case MB_SAME_MM:
		return p->mm == t->mm;
	}
	return false;
}

struct mb_target {
	int tid;
	u64 stamp;
};

/* Collect the threads in @scope into @v (up to @max); returns how many. */
static int mb_collect(struct task *t, enum mb_scope scope, struct mb_target *v,
		      int max)
{
	struct process *pr;
	struct task *p;
	int n = 0;

	list_for_each_entry(pr, &all_processes, all_link) {
		list_for_each_entry(p, &pr->threads, thread_link) {
			if (!mb_wanted(t, p, scope))
				continue;
			if (v && n < max) {
				v[n].tid = p->tid;
				v[n].stamp = p->user_exits;
			}
			n++;
		}
	}
	return n;
}

/*
 * Interrupt the user runs in @scope and wait until each has ended. The
 * stamps are taken before interrupting so that a run that ends on its own
 * meanwhile counts too; a thread that exits counts as well.
 */
static long mb_barrier(struct task *t, enum mb_scope scope)
{
	struct mb_target *v;
	struct task *p;
	int n, left;

	if (!platform->ctx_interrupt)
		return 0;
	n = mb_collect(t, scope, NULL, 0);
	if (!n)
		return 0;
	v = kmalloc(sizeof(*v) * (size_t)n);
	if (!v)
		return -ENOMEM;
	n = mb_collect(t, scope, v, n);
	for (int i = 0; i < n; i++) {
		p = task_by_tid(v[i].tid);
		if (p)
			task_kick(p);
	}
	for (;;) {
		left = 0;
		for (int i = 0; i < n; i++) {
			p = task_by_tid(v[i].tid);
			if (p && p->state != TASK_DEAD && task_in_user(p) &&
			    p->user_exits == v[i].stamp)
				left++;
		}
		if (!left)
			break;
		/* Let the interrupted tasks' kernel threads collect their stops. */
		sched_block_until(platform->now_ns() + 50000);
	}
	kfree(v);
	return 0;
}

SYSCALL_DEFINE(membarrier)
{
	int cmd = (int)a->a[0];
	unsigned int flags = (unsigned int)a->a[1];
	u32 *st = &t->proc->membarrier_state;

	if (cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ) {
		if (flags & ~MEMBARRIER_CMD_FLAG_CPU)
			return -EINVAL;
	} else if (flags) {
		return -EINVAL;
	}
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MB_SUPPORTED;
	case MEMBARRIER_CMD_GLOBAL:
		return mb_barrier(t, MB_ALL);
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
		return mb_barrier(t, MB_GLOBAL_REGISTERED);
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
		*st |= MB_REG_GLOBAL_EXP;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		if (!(*st & MB_REG_PRIVATE_EXP))
			return -EPERM;
		return mb_barrier(t, MB_SAME_MM);
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		*st |= MB_REG_PRIVATE_EXP;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
		if (!(*st & MB_REG_SYNC_CORE))
			return -EPERM;
		return mb_barrier(t, MB_SAME_MM);
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
		*st |= MB_REG_SYNC_CORE;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ:
		if (!(*st & MB_REG_RSEQ))
			return -EPERM;
		/* Interrupting a thread also aborts its rseq critical section. */
		return mb_barrier(t, MB_SAME_MM);
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ:
		*st |= MB_REG_RSEQ;
		return 0;
	case MEMBARRIER_CMD_GET_REGISTRATIONS: {
		int r = 0;

		if (*st & MB_REG_GLOBAL_EXP)
			r |= MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED;
		if (*st & MB_REG_PRIVATE_EXP)
			r |= MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;
		if (*st & MB_REG_SYNC_CORE)
			r |= MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE;
		if (*st & MB_REG_RSEQ)
			r |= MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ;
		return r;
	}
	}
	return -EINVAL;
}
