/* SPDX-License-Identifier: MIT */
/*
 * CPU time accounting: the open interval of each task, charged to the
 * task and its process at every accounting point (entering and leaving
 * user code, switching kernel threads, exiting), and the rusage counters
 * that come with it. See kernel/cputime.h.
 */
#include <linux/errno.h>
#include <linux/resource.h>
#include <linux/time.h>

#include "kernel/cputime.h"
#include "kernel/task.h"
#include "mm/mm.h"

#define CPUTIME_POLL_MIN_NS 1000000ULL		/* 1 ms */
#define CPUTIME_POLL_MAX_NS 100000000ULL	/* 100 ms */
/* Resolution of the tick-based PROF/VIRT clocks, as with Linux at HZ=250. */
#define CPUTIME_TICK_NS 4000000ULL

/* Time charged to every task since boot (/proc/stat). */
static u64 total_user_ns, total_sys_ns;

/* This CPU's steal time so far (0 without it). */
static u64 cputime_steal(void)
{
	return platform->steal_ns ? platform->steal_ns() : 0;
}

/* Start @t's open interval at @now on this CPU. */
static void cputime_mark(struct task *t, u64 now)
{
	t->cpu_mark = now;
	t->steal_mark = cputime_steal();
}

/*
 * The length of @t's open interval at @now, less the time this CPU was
 * stolen meanwhile (the interval runs on one CPU: the caller's when @t is
 * current, else only estimated).
 */
static u64 cputime_open_ns(const struct task *t, u64 now)
{
	u64 d = now > t->cpu_mark ? now - t->cpu_mark : 0, s;

	if (t != current)
		return d;
	s = cputime_steal() - t->steal_mark;
	return s < d ? d - s : 0;
}

/* Close @t's open interval at @now and charge it by its kind. */
static void cputime_charge(struct task *t, u64 now)
{
	struct process *p = t->proc;
	u64 d = cputime_open_ns(t, now);

	if (t->cpu_state == CPU_USER) {
		t->utime_ns += d;
		p->utime_ns += d;
		total_user_ns += d;
	} else if (t->cpu_state == CPU_SYS) {
		t->stime_ns += d;
		p->stime_ns += d;
		total_sys_ns += d;
	}
	cputime_mark(t, now);
}

/* Raise @p's peak RSS to what @t's address space holds now. */
static void cputime_sample_rss(struct task *t)
{
	u64 kb;

	if (!t->mm)
		return;
	kb = t->mm->rss_pages * (PAGE_SIZE / 1024);
	if (kb > t->proc->maxrss_kb)
		t->proc->maxrss_kb = kb;
}

/* cputime_user_enter - see cputime.h. */
void cputime_user_enter(struct task *t)
{
	if (t->cpu_state == CPU_DEAD)
		return;
	cputime_charge(t, platform->now_ns());
	cputime_sample_rss(t);
	t->cpu_state = CPU_USER;
}

/* cputime_user_exit - see cputime.h. */
void cputime_user_exit(struct task *t)
{
	if (t->cpu_state != CPU_USER)
		return;
	cputime_charge(t, platform->now_ns());
	t->cpu_state = CPU_SYS;
}

/* cputime_sched_out - see cputime.h. */
void cputime_sched_out(struct task *t)
{
	/* A task whose user code runs on (asynchronous ctx_run) stays USER. */
	if (!t || t->cpu_state != CPU_SYS)
		return;
	cputime_charge(t, platform->now_ns());
	t->cpu_state = CPU_OFF;
	if (t->state == TASK_RUNNABLE) {
		t->nivcsw++;
		t->proc->nivcsw++;
	} else if (t->state == TASK_BLOCKED) {
		t->nvcsw++;
		t->proc->nvcsw++;
	}
}

/* cputime_sched_in - see cputime.h. */
void cputime_sched_in(struct task *t)
{
	if (!t || t->cpu_state != CPU_OFF)
		return;
	cputime_mark(t, platform->now_ns());
	t->cpu_state = CPU_SYS;
}

/* cputime_task_exit - see cputime.h. */
void cputime_task_exit(struct task *t)
{
	if (t->cpu_state == CPU_DEAD)
		return;
	cputime_charge(t, platform->now_ns());
	cputime_sample_rss(t);
	t->cpu_state = CPU_DEAD;
}

/* cputime_fault - see cputime.h. */
void cputime_fault(struct task *t)
{
	t->min_flt++;
	t->proc->min_flt++;
}

/* cputime_reap - see cputime.h. */
void cputime_reap(struct process *parent, struct process *child)
{
	u64 rss = max(child->maxrss_kb, child->cmaxrss_kb);

	parent->cutime_ns += child->utime_ns + child->cutime_ns;
	parent->cstime_ns += child->stime_ns + child->cstime_ns;
	parent->cmin_flt += child->min_flt + child->cmin_flt;
	parent->cnvcsw += child->nvcsw + child->cnvcsw;
	parent->cnivcsw += child->nivcsw + child->cnivcsw;
	if (rss > parent->cmaxrss_kb)
		parent->cmaxrss_kb = rss;
}

/* The open interval of @t at @now, added to *@user or *@sys by its kind. */
static void cputime_open_interval(const struct task *t, u64 now, u64 *user,
				  u64 *sys)
{
	u64 d = cputime_open_ns(t, now);

	if (t->cpu_state == CPU_USER)
		*user += d;
	else if (t->cpu_state == CPU_SYS)
		*sys += d;
}

/* cputime_task_sample - see cputime.h. */
void cputime_task_sample(const struct task *t, u64 *user, u64 *sys)
{
	*user = t->utime_ns;
	*sys = t->stime_ns;
	cputime_open_interval(t, platform->now_ns(), user, sys);
}

/* cputime_process_sample - see cputime.h. */
void cputime_process_sample(const struct process *p, u64 *user, u64 *sys)
{
	const struct task *t;
	u64 now = platform->now_ns();

	*user = p->utime_ns;
	*sys = p->stime_ns;
	list_for_each_entry(t, &p->threads, thread_link)
		cputime_open_interval(t, now, user, sys);
}

/* cputime_totals - see cputime.h. */
void cputime_totals(u64 *user, u64 *sys)
{
	*user = total_user_ns;
	*sys = total_sys_ns;
}

static void ns_timeval(u64 ns, struct __kernel_old_timeval *tv)
{
	tv->tv_sec = (long)(ns / 1000000000ULL);
	tv->tv_usec = (long)(ns % 1000000000ULL / 1000);
}

/* cputime_rusage - see cputime.h. */
void cputime_rusage(struct process *p, const struct task *t, int who,
		    struct rusage *ru)
{
	u64 ut = 0, st = 0, maxrss = p->maxrss_kb;

	memset(ru, 0, sizeof(*ru));
	if (t && t->mm && t->proc == p) {
		u64 kb = t->mm->rss_pages * (PAGE_SIZE / 1024);

		maxrss = max(maxrss, kb);
	}
	switch (who) {
	case RUSAGE_THREAD:
		cputime_task_sample(t, &ut, &st);
		ru->ru_minflt = (long)t->min_flt;
		ru->ru_nvcsw = (long)t->nvcsw;
		ru->ru_nivcsw = (long)t->nivcsw;
		break;
	case RUSAGE_SELF:
	case CPUTIME_RUSAGE_BOTH:
		cputime_process_sample(p, &ut, &st);
		ru->ru_minflt = (long)p->min_flt;
		ru->ru_nvcsw = (long)p->nvcsw;
		ru->ru_nivcsw = (long)p->nivcsw;
		break;
	case RUSAGE_CHILDREN:
		maxrss = 0;
		break;
	}
	if (who == RUSAGE_CHILDREN || who == CPUTIME_RUSAGE_BOTH) {
		ut += p->cutime_ns;
		st += p->cstime_ns;
		ru->ru_minflt += (long)p->cmin_flt;
		ru->ru_nvcsw += (long)p->cnvcsw;
		ru->ru_nivcsw += (long)p->cnivcsw;
		maxrss = max(maxrss, p->cmaxrss_kb);
	}
	ns_timeval(ut, &ru->ru_utime);
	ns_timeval(st, &ru->ru_stime);
	ru->ru_maxrss = (long)maxrss;
}

/* ---- CPU clocks ---- */

#define CPUCLOCK_PERTHREAD 4
#define CPUCLOCK_KIND_MASK 3
#define CPUCLOCK_FD 3		/* (~fd) << 3 | 3: a dynamic posix clock, not ours */

/* cputime_is_cpu_clock - see cputime.h. */
bool cputime_is_cpu_clock(int clockid)
{
	if (clockid == CLOCK_PROCESS_CPUTIME_ID ||
	    clockid == CLOCK_THREAD_CPUTIME_ID)
		return true;
	return clockid < 0 && (clockid & CPUCLOCK_KIND_MASK) != CPUCLOCK_FD;
}

/* cputime_process_clock - see cputime.h. */
void cputime_process_clock(const struct process *p, int kind,
			   struct cpu_clock *cc)
{
	cc->id = p->pid;
	cc->thread = false;
	cc->kind = kind;
	cc->start_ns = p->start_ns;
}

/* cputime_clock_resolve - see cputime.h. */
int cputime_clock_resolve(struct task *t, int clockid, struct cpu_clock *cc)
{
	struct process *p;
	struct task *target;
	int pid;

	if (!cputime_is_cpu_clock(clockid))
		return -EINVAL;
	if (clockid == CLOCK_PROCESS_CPUTIME_ID) {
		cputime_process_clock(t->proc, CPUCLOCK_SCHED, cc);
		return 0;
	}
	if (clockid == CLOCK_THREAD_CPUTIME_ID)
		clockid = (int)(~0U << 3 | CPUCLOCK_PERTHREAD | CPUCLOCK_SCHED);
	pid = ~(clockid >> 3);
	cc->kind = clockid & CPUCLOCK_KIND_MASK;
	cc->thread = clockid & CPUCLOCK_PERTHREAD;
	cc->start_ns = 0;
	if (cc->thread) {
		target = pid ? task_by_tid(pid) : t;
		if (!target || target->proc != t->proc)
			return -EINVAL;
		cc->id = target->tid;
		return 0;
	}
	p = pid ? process_by_pid(pid) : t->proc;
	if (!p && pid == t->tid)
		p = t->proc;	/* a thread may name its own process by tid */
	if (!p || p->reaped)
		return -EINVAL;
	cputime_process_clock(p, cc->kind, cc);
	return 0;
}

/* cputime_clock_sample - see cputime.h. */
int cputime_clock_sample(const struct cpu_clock *cc, u64 *ns)
{
	u64 user, sys;

	if (cc->thread) {
		struct task *t = task_by_tid(cc->id);

		if (!t || t->cpu_state == CPU_DEAD)
			return -ESRCH;
		cputime_task_sample(t, &user, &sys);
	} else {
		struct process *p = process_by_pid(cc->id);

		if (!p || p->start_ns != cc->start_ns || p->reaped)
			return -ESRCH;
		cputime_process_sample(p, &user, &sys);
	}
	*ns = cc->kind == CPUCLOCK_VIRT ? user : user + sys;
	return 0;
}

/* cputime_clock_resolution - see cputime.h. */
u64 cputime_clock_resolution(const struct cpu_clock *cc)
{
	return cc->kind == CPUCLOCK_SCHED ? 1 : CPUTIME_TICK_NS;
}

/* cputime_clock_poll_at - see cputime.h. */
u64 cputime_clock_poll_at(const struct cpu_clock *cc, u64 remaining)
{
	u64 now = platform->now_ns(), wait, rate = 1;

	if (!remaining)
		return now;
	if (!cc->thread) {
		struct process *p = process_by_pid(cc->id);

		if (p && p->nr_threads > 1)
			rate = (u64)p->nr_threads;
	}
	wait = remaining / rate;
	wait = min(max(wait, CPUTIME_POLL_MIN_NS), CPUTIME_POLL_MAX_NS);
	return now + wait;
}
