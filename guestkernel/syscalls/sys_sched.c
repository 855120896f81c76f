/* SPDX-License-Identifier: MIT */
/*
 * Scheduling attributes: getpriority/setpriority, sched_{get,set}{scheduler,
 * param,attr}, sched_get_priority_{min,max}, sched_rr_get_interval,
 * ioprio_{get,set}.
 *
 * Every task stores its nice value, policy, real-time priority, deadline
 * parameters and I/O priority with Linux's validation and permission rules
 * (CAP_SYS_NICE, RLIMIT_NICE, RLIMIT_RTPRIO, same-user checks). The sentry's
 * green-thread scheduler is round-robin and does not weigh them: they are
 * what programs set and read back, not a different run order.
 */
#include <linux/errno.h>
#include <linux/capability.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/types.h>
#include <linux/ioprio.h>
#include <linux/time_types.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "fs/vfs_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define NICE_MIN (-20)
#define NICE_MAX 19
#define RT_PRIO_MAX 99
/* Linux's RR_TIMESLICE: 100 ms. */
#define RR_TIMESLICE_NS 100000000ULL
/* The slice a SCHED_OTHER task gets from the green-thread scheduler. */
#define FAIR_TIMESLICE_NS 4000000ULL

#define SCHED_FLAGS_KNOWN                                                     \
	(SCHED_FLAG_RESET_ON_FORK | SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN | \
	 SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS |                     \
	 SCHED_FLAG_UTIL_CLAMP_MIN | SCHED_FLAG_UTIL_CLAMP_MAX)

/* sched_attr_fork - see kernel/sched_internal.h. */
void sched_attr_fork(struct task *parent, struct task *child)
{
	child->nice = parent->nice;
	child->sched_policy = parent->sched_policy;
	child->sched_priority = parent->sched_priority;
	child->dl_runtime = parent->dl_runtime;
	child->dl_deadline = parent->dl_deadline;
	child->dl_period = parent->dl_period;
	child->ioprio = parent->ioprio;
	child->sched_flags = 0;
	if (parent->sched_flags & SCHED_FLAG_RESET_ON_FORK) {
		/* Linux: RT/DL children go back to SCHED_NORMAL, negative nice to 0. */
		if (parent->sched_policy != SCHED_NORMAL &&
		    parent->sched_policy != SCHED_BATCH &&
		    parent->sched_policy != SCHED_IDLE) {
			child->sched_policy = SCHED_NORMAL;
			child->sched_priority = 0;
		}
		if (child->nice < 0)
			child->nice = 0;
	}
}

static bool rt_policy(u32 policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static bool fair_policy(u32 policy)
{
	return policy == SCHED_NORMAL || policy == SCHED_BATCH ||
	       policy == SCHED_IDLE;
}

static u64 rlim_cur(struct task *t, int res)
{
	return t->proc->rlim[res].cur;
}

/* Linux's can_nice(): RLIMIT_NICE allows 20 - nice, or CAP_SYS_NICE. */
static bool can_nice(struct task *t, int nice)
{
	return rlim_cur(t, RLIMIT_NICE) >= (u64)(20 - nice) ||
	       capable(t, CAP_SYS_NICE);
}

/* May @t change the scheduling of @p? (Linux's set_one_prio/check_same_owner) */
static bool same_owner(struct task *t, struct task *p)
{
	const struct cred *c = &t->proc->cred, *pc = &p->proc->cred;

	return pc->uid == c->euid || pc->euid == c->euid ||
	       capable(t, CAP_SYS_NICE);
}

/* The task named by @pid (0: @t); NULL when absent or exited. */
static struct task *sched_target(struct task *t, int pid)
{
	struct task *p = pid ? task_by_tid(pid) : t;

	if (!p || p->state == TASK_DEAD)
		return NULL;
	return p;
}

/* ---- getpriority / setpriority ---- */

/* Does task @p match (which, who) of @t? */
static bool prio_match(struct task *t, struct task *p, int which, int who)
{
	switch (which) {
	case PRIO_PGRP:
		return p->proc->pgid == (who ? who : t->proc->pgid);
	case PRIO_USER:
		return p->proc->cred.uid ==
		       (who ? (u32)who : t->proc->cred.uid);
	}
	return false;
}

static int set_one_prio(struct task *t, struct task *p, int nice)
{
	if (!same_owner(t, p))
		return -EPERM;
	if (nice < p->nice && !can_nice(t, nice))
		return -EACCES;
	p->nice = nice;
	return 0;
}

/*
 * Apply @fn to every task that (which, who) names. Returns the last
 * error, -ESRCH when nothing matched, else 0; *@best gets the highest
 * 20 - nice seen.
 */
static long prio_walk(struct task *t, int which, int who, bool set, int nice,
		      long *best)
{
	struct process *pr;
	struct task *p;
	long err = -ESRCH;
	int r;

	*best = 0;
	if (which < PRIO_PROCESS || which > PRIO_USER)
		return -EINVAL;
	if (which == PRIO_PROCESS) {
		p = sched_target(t, who);
		if (!p)
			return -ESRCH;
		*best = 20 - p->nice;
		return set ? set_one_prio(t, p, nice) : 0;
	}
	list_for_each_entry(pr, &all_processes, all_link) {
		if (pr->zombie)
			continue;
		list_for_each_entry(p, &pr->threads, thread_link) {
			if (p->state == TASK_DEAD || !prio_match(t, p, which, who))
				continue;
			if (err == -ESRCH)
				err = 0;
			if (20 - p->nice > *best)
				*best = 20 - p->nice;
			if (set) {
				r = set_one_prio(t, p, nice);
				if (r < 0)
					err = r;
			}
		}
	}
	return err;
}

/* getpriority returns 20 - nice (1..40) so that no value looks like an error. */
SYSCALL_DEFINE(getpriority)
{
	long best, r = prio_walk(t, (int)a->a[0], (int)a->a[1], false, 0, &best);

	return r < 0 ? r : best;
}

SYSCALL_DEFINE(setpriority)
{
	int nice = (int)a->a[2];
	long best;

	if (nice < NICE_MIN)
		nice = NICE_MIN;
	if (nice > NICE_MAX)
		nice = NICE_MAX;
	return prio_walk(t, (int)a->a[0], (int)a->a[1], true, nice, &best);
}

/* ---- policies ---- */

/*
 * sched_apply - validate @attr (already clamped and copied in) for task
 * @p and store it: Linux's __sched_setscheduler checks. 0 or -errno.
 */
static long sched_apply(struct task *t, struct task *p, struct sched_attr *at)
{
	u32 policy = at->sched_policy;
	bool keep_policy = at->sched_flags & SCHED_FLAG_KEEP_POLICY;

	if (keep_policy)
		policy = p->sched_policy;
	if (at->sched_flags & ~SCHED_FLAGS_KNOWN)
		return -EINVAL;
	if (!fair_policy(policy) && !rt_policy(policy) &&
	    policy != SCHED_DEADLINE)
		return -EINVAL;
	if (at->sched_flags &
	    (SCHED_FLAG_UTIL_CLAMP_MIN | SCHED_FLAG_UTIL_CLAMP_MAX))
		return -EOPNOTSUPP;	/* no utilization clamping (!UCLAMP_TASK) */
	/* Priority: 1..99 for RT, 0 for the others. */
	if (at->sched_priority > RT_PRIO_MAX ||
	    rt_policy(policy) != (at->sched_priority != 0))
		return -EINVAL;
	if (policy == SCHED_DEADLINE) {
		u64 period = at->sched_period ? at->sched_period :
						at->sched_deadline;

		if (at->sched_deadline == 0 || at->sched_runtime < 1024 ||
		    at->sched_runtime > at->sched_deadline ||
		    at->sched_deadline > period)
			return -EINVAL;
	}

	if (!capable(t, CAP_SYS_NICE)) {
		if (fair_policy(policy) && !keep_policy &&
		    at->sched_nice < p->nice && !can_nice(t, at->sched_nice))
			return -EPERM;
		if (rt_policy(policy)) {
			u64 lim = rlim_cur(t, RLIMIT_RTPRIO);

			if (policy != p->sched_policy && !lim)
				return -EPERM;
			if (at->sched_priority > p->sched_priority &&
			    at->sched_priority > lim)
				return -EPERM;
		}
		if (policy == SCHED_DEADLINE)
			return -EPERM;
		/* Leaving SCHED_IDLE needs the right to nice up. */
		if (p->sched_policy == SCHED_IDLE && policy != SCHED_IDLE &&
		    !can_nice(t, p->nice))
			return -EPERM;
		if (!same_owner(t, p))
			return -EPERM;
		/* Only a privileged caller may clear reset-on-fork. */
		if ((p->sched_flags & SCHED_FLAG_RESET_ON_FORK) &&
		    !(at->sched_flags & SCHED_FLAG_RESET_ON_FORK))
			return -EPERM;
	}

	p->sched_policy = policy;
	if (!(at->sched_flags & SCHED_FLAG_KEEP_PARAMS)) {
		p->sched_priority = at->sched_priority;
		if (fair_policy(policy))
			p->nice = at->sched_nice;
		p->dl_runtime = policy == SCHED_DEADLINE ? at->sched_runtime : 0;
		p->dl_deadline = policy == SCHED_DEADLINE ? at->sched_deadline : 0;
		p->dl_period = policy == SCHED_DEADLINE ?
			(at->sched_period ? at->sched_period : at->sched_deadline) : 0;
	}
	p->sched_flags = at->sched_flags & SCHED_FLAG_RESET_ON_FORK;
	return 0;
}

/* sched_setscheduler/sched_setparam: @policy -1 keeps the current one. */
static long do_setscheduler(struct task *t, int pid, int policy, uaddr_t uparam)
{
	struct sched_attr at = { 0 };
	struct sched_param sp;
	struct task *p;

	if (pid < 0 || !uparam)
		return -EINVAL;
	if (copy_in(t->mm, &sp, uparam, sizeof(sp)) < 0)
		return -EFAULT;
	p = sched_target(t, pid);
	if (!p)
		return -ESRCH;
	if (policy < 0) {
		policy = (int)p->sched_policy;
		at.sched_flags = p->sched_flags;
	} else if (policy & SCHED_RESET_ON_FORK) {
		policy &= ~SCHED_RESET_ON_FORK;
		at.sched_flags = SCHED_FLAG_RESET_ON_FORK;
	}
	/* sched_setscheduler cannot select SCHED_DEADLINE (needs sched_setattr). */
	if (policy == SCHED_DEADLINE || sp.sched_priority < 0)
		return -EINVAL;
	at.sched_policy = (u32)policy;
	at.sched_priority = (u32)sp.sched_priority;
	at.sched_nice = p->nice;	/* these calls keep the nice value */
	return sched_apply(t, p, &at);
}

SYSCALL_DEFINE(sched_setscheduler)
{
	if ((int)a->a[1] < 0)
		return -EINVAL;
	return do_setscheduler(t, (int)a->a[0], (int)a->a[1], a->a[2]);
}

SYSCALL_DEFINE(sched_setparam)
{
	return do_setscheduler(t, (int)a->a[0], -1, a->a[1]);
}

SYSCALL_DEFINE(sched_getscheduler)
{
	struct task *p;

	if ((int)a->a[0] < 0)
		return -EINVAL;
	p = sched_target(t, (int)a->a[0]);
	if (!p)
		return -ESRCH;
	return p->sched_policy |
	       ((p->sched_flags & SCHED_FLAG_RESET_ON_FORK) ?
			SCHED_RESET_ON_FORK : 0);
}

SYSCALL_DEFINE(sched_getparam)
{
	struct sched_param sp = { 0 };
	struct task *p;

	if ((int)a->a[0] < 0 || !a->a[1])
		return -EINVAL;
	p = sched_target(t, (int)a->a[0]);
	if (!p)
		return -ESRCH;
	sp.sched_priority = (int)p->sched_priority;
	return copy_out(t->mm, a->a[1], &sp, sizeof(sp)) < 0 ? -EFAULT : 0;
}

SYSCALL_DEFINE(sched_get_priority_max)
{
	int policy = (int)a->a[0];

	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return RT_PRIO_MAX;
	if (policy >= 0 && (fair_policy((u32)policy) || policy == SCHED_DEADLINE))
		return 0;
	return -EINVAL;
}

SYSCALL_DEFINE(sched_get_priority_min)
{
	int policy = (int)a->a[0];

	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return 1;
	if (policy >= 0 && (fair_policy((u32)policy) || policy == SCHED_DEADLINE))
		return 0;
	return -EINVAL;
}

SYSCALL_DEFINE(sched_rr_get_interval)
{
	struct __kernel_timespec ts;
	struct task *p;
	u64 ns;

	if ((int)a->a[0] < 0)
		return -EINVAL;
	p = sched_target(t, (int)a->a[0]);
	if (!p)
		return -ESRCH;
	if (p->sched_policy == SCHED_RR)
		ns = RR_TIMESLICE_NS;
	else if (fair_policy(p->sched_policy))
		ns = FAIR_TIMESLICE_NS;
	else
		ns = 0;	/* FIFO and DEADLINE have no time slice */
	ts.tv_sec = (s64)(ns / 1000000000ULL);
	ts.tv_nsec = (s64)(ns % 1000000000ULL);
	return copy_out(t->mm, a->a[1], &ts, sizeof(ts)) < 0 ? -EFAULT : 0;
}

/* ---- sched_setattr / sched_getattr ---- */

/*
 * Copy a user struct sched_attr of the size it declares: 0 means VER0;
 * smaller than VER0 or larger with non-zero tail: -E2BIG (and the kernel's
 * size is written back, as Linux does).
 */
static long sched_attr_copy_in(struct task *t, uaddr_t uattr,
			       struct sched_attr *at)
{
	u32 size, ksize = sizeof(*at);
	u8 byte;

	if (copy_in(t->mm, &size, uattr, sizeof(size)) < 0)
		return -EFAULT;
	if (size == 0)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > 4096)
		goto e2big;
	for (u32 off = ksize; off < size; off++) {
		if (copy_in(t->mm, &byte, uattr + off, 1) < 0)
			return -EFAULT;
		if (byte)
			goto e2big;
	}
	memset(at, 0, sizeof(*at));
	if (copy_in(t->mm, at, uattr, size < ksize ? size : ksize) < 0)
		return -EFAULT;
	at->size = size;
	if (at->sched_nice < NICE_MIN)
		at->sched_nice = NICE_MIN;
	if (at->sched_nice > NICE_MAX)
		at->sched_nice = NICE_MAX;
	return 0;
e2big:
	if (copy_out(t->mm, uattr, &ksize, sizeof(ksize)) < 0)
		return -EFAULT;
	return -E2BIG;
}

SYSCALL_DEFINE(sched_setattr)
{
	struct sched_attr at;
	struct task *p;
	long r;

	if ((int)a->a[0] < 0 || !a->a[1] || a->a[2])
		return -EINVAL;
	r = sched_attr_copy_in(t, a->a[1], &at);
	if (r < 0)
		return r;
	if ((int)at.sched_policy < 0)
		return -EINVAL;
	p = sched_target(t, (int)a->a[0]);
	if (!p)
		return -ESRCH;
	return sched_apply(t, p, &at);
}

SYSCALL_DEFINE(sched_getattr)
{
	u32 usize = (u32)a->a[2], ksize = sizeof(struct sched_attr);
	struct sched_attr at = { 0 };
	struct task *p;

	if ((int)a->a[0] < 0 || !a->a[1] || a->a[3] ||
	    usize < SCHED_ATTR_SIZE_VER0 || usize > 4096)
		return -EINVAL;
	p = sched_target(t, (int)a->a[0]);
	if (!p)
		return -ESRCH;
	at.size = usize < ksize ? usize : ksize;
	at.sched_policy = p->sched_policy;
	at.sched_flags = p->sched_flags;
	at.sched_priority = p->sched_priority;
	if (fair_policy(p->sched_policy))
		at.sched_nice = p->nice;
	at.sched_runtime = p->dl_runtime;
	at.sched_deadline = p->dl_deadline;
	at.sched_period = p->dl_period;
	at.sched_util_max = 1024;	/* SCHED_CAPACITY_SCALE: no clamp */
	return copy_out(t->mm, a->a[1], &at, at.size) < 0 ? -EFAULT : 0;
}

/* ---- ioprio ---- */

/* The I/O priority a task reports: unset means best-effort from its nice. */
static int task_ioprio(struct task *p)
{
	if (IOPRIO_PRIO_CLASS(p->ioprio) != IOPRIO_CLASS_NONE)
		return p->ioprio;
	return IOPRIO_PRIO_VALUE(p->sched_policy == SCHED_IDLE ?
					 IOPRIO_CLASS_IDLE :
				 rt_policy(p->sched_policy) ?
					 IOPRIO_CLASS_RT : IOPRIO_CLASS_BE,
				 (p->nice + 20) / 5);
}

/* Lower value = higher priority within Linux's class ordering. */
static int ioprio_rank(int prio)
{
	int cls = IOPRIO_PRIO_CLASS(prio);

	if (cls == IOPRIO_CLASS_NONE)
		cls = IOPRIO_CLASS_BE;
	return cls * 8 + IOPRIO_PRIO_DATA(prio);
}

static int ioprio_check(struct task *t, int prio)
{
	int cls = IOPRIO_PRIO_CLASS(prio), data = IOPRIO_PRIO_DATA(prio);

	switch (cls) {
	case IOPRIO_CLASS_RT:
		if (!capable(t, CAP_SYS_ADMIN) && !capable(t, CAP_SYS_NICE))
			return -EPERM;
		/* fallthrough */
	case IOPRIO_CLASS_BE:
		if (data >= IOPRIO_NR_LEVELS)
			return -EINVAL;
		return 0;
	case IOPRIO_CLASS_IDLE:
		return 0;
	case IOPRIO_CLASS_NONE:
		return data ? -EINVAL : 0;
	}
	return -EINVAL;
}

/* Visit the tasks (which, who) names; @set stores @prio, else *@best. */
static long ioprio_walk(struct task *t, int which, int who, bool set,
			int prio, int *best)
{
	struct process *pr;
	struct task *p;
	long err = -ESRCH;

	*best = -1;
	if (which < IOPRIO_WHO_PROCESS || which > IOPRIO_WHO_USER)
		return -EINVAL;
	list_for_each_entry(pr, &all_processes, all_link) {
		if (pr->zombie)
			continue;
		list_for_each_entry(p, &pr->threads, thread_link) {
			bool m;

			if (p->state == TASK_DEAD)
				continue;
			if (which == IOPRIO_WHO_PROCESS)
				m = p == (who ? task_by_tid(who) : t);
			else
				m = prio_match(t, p, which == IOPRIO_WHO_PGRP ?
						     PRIO_PGRP : PRIO_USER, who);
			if (!m)
				continue;
			if (err == -ESRCH)
				err = 0;
			if (set) {
				if (!same_owner(t, p)) {
					err = -EPERM;
					continue;
				}
				p->ioprio = (u16)prio;
			} else if (*best < 0 ||
				   ioprio_rank(task_ioprio(p)) < ioprio_rank(*best)) {
				*best = task_ioprio(p);
			}
		}
	}
	return err;
}

SYSCALL_DEFINE(ioprio_set)
{
	int prio = (int)a->a[2], best;
	long r = ioprio_check(t, prio);

	if (r < 0)
		return r;
	return ioprio_walk(t, (int)a->a[0], (int)a->a[1], true, prio, &best);
}

SYSCALL_DEFINE(ioprio_get)
{
	int best;
	long r = ioprio_walk(t, (int)a->a[0], (int)a->a[1], false, 0, &best);

	return r < 0 ? r : best;
}
