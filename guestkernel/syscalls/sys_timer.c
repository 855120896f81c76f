/* SPDX-License-Identifier: MIT */
/*
 * Process timers: alarm, setitimer/getitimer and POSIX timers
 * (timer_create & co). Their state lives beside the process, keyed by
 * (pid, start time) so that a timer of a process that went away is
 * dropped the next time it fires or is looked up.
 *
 * ITIMER_REAL and the POSIX timers on wall clocks run on kernel timers
 * (kernel/timers.h). Timers on CPU time (ITIMER_VIRTUAL: user time,
 * ITIMER_PROF: user+system, POSIX timers on CPU clocks) keep their expiry
 * in CPU ns of their clock (kernel/cputime.h) and a kernel timer that
 * polls that clock when it could next be due, at least every 100 ms, so
 * a program spinning in user mode still gets its signal.
 */
#include <linux/errno.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <asm/siginfo.h>
#include <asm/signal.h>

#include "kernel/cputime.h"
#include "kernel/task.h"
#include "kernel/timers.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define POSIX_TIMERS_MAX 1024
#define NS_PER_US 1000ULL

struct posix_timer {
	struct list_head link;
	struct proc_timers *owner;
	int id;
	int clock;
	bool cpu;		/* on the CPU clock cc, not a wall clock */
	struct cpu_clock cc;
	int notify;		/* SIGEV_* */
	int signo;
	int tid;		/* SIGEV_THREAD_ID target */
	u64 value;		/* sigev_value */
	struct kitimer it;
	struct ktimer kt;
	int overrun;		/* of the last delivered expiration */
	int overrun_acc;	/* expirations while the signal was pending */
};

struct proc_timers {
	struct list_head link;
	int pid;
	u64 start_ns;
	struct kitimer real;
	struct ktimer real_kt;
	struct kitimer cpu[2];		/* ITIMER_VIRTUAL, ITIMER_PROF (CPU ns) */
	struct ktimer cpu_kt[2];	/* polls them */
	struct list_head posix;		/* of posix_timer */
	int nposix;
	int next_id;
};

static LIST_HEAD(all_proc_timers);

static void proc_timers_free(struct proc_timers *pt)
{
	struct posix_timer *pt_t, *n;

	ktimer_cancel(&pt->real_kt);
	ktimer_cancel(&pt->cpu_kt[0]);
	ktimer_cancel(&pt->cpu_kt[1]);
	list_for_each_entry_safe(pt_t, n, &pt->posix, link) {
		ktimer_cancel(&pt_t->kt);
		list_del_init(&pt_t->link);
		kfree(pt_t);
	}
	list_del_init(&pt->link);
	kfree(pt);
}

/* The live process @pt belongs to, or NULL (it exited: @pt is freed). */
static struct process *proc_timers_owner(struct proc_timers *pt)
{
	struct process *p = process_by_pid(pt->pid);

	if (!p || p->start_ns != pt->start_ns || p->zombie || p->exiting) {
		proc_timers_free(pt);
		return NULL;
	}
	return p;
}

static void itimer_real_fire(struct ktimer *kt, u64 now);
static void itimer_virt_fire(struct ktimer *kt, u64 now);
static void itimer_prof_fire(struct ktimer *kt, u64 now);

/* Timer state of process @p; created when @create. NULL: none/-ENOMEM. */
static struct proc_timers *proc_timers_of(struct process *p, bool create)
{
	struct proc_timers *pt, *n;

	list_for_each_entry_safe(pt, n, &all_proc_timers, link) {
		if (pt->pid != p->pid)
			continue;
		if (pt->start_ns == p->start_ns)
			return pt;
		proc_timers_free(pt);	/* a previous process with this pid */
	}
	if (!create)
		return NULL;
	pt = kzalloc(sizeof(*pt));
	if (!pt)
		return NULL;
	pt->pid = p->pid;
	pt->start_ns = p->start_ns;
	ktimer_init(&pt->real_kt, itimer_real_fire);
	ktimer_init(&pt->cpu_kt[0], itimer_virt_fire);
	ktimer_init(&pt->cpu_kt[1], itimer_prof_fire);
	INIT_LIST_HEAD(&pt->posix);
	list_add_tail(&pt->link, &all_proc_timers);
	return pt;
}

/* ITIMER_REAL expired: SIGALRM to the process, re-arm when periodic. */
static void itimer_real_fire(struct ktimer *kt, u64 now)
{
	struct proc_timers *pt = container_of(kt, struct proc_timers, real_kt);
	struct process *p = proc_timers_owner(pt);

	if (!p)
		return;
	kitimer_advance(&pt->real, now);
	if (pt->real.next)
		ktimer_arm(&pt->real_kt, pt->real.next);
	send_signal_process(p, SIGALRM, NULL);
}

/* The CPU clock of itimer @which (ITIMER_VIRTUAL or ITIMER_PROF) of @p. */
static void itimer_clock(struct process *p, int which, struct cpu_clock *cc)
{
	cputime_process_clock(p, which == ITIMER_VIRTUAL ? CPUCLOCK_VIRT :
							   CPUCLOCK_PROF, cc);
}

/* CPU ns that itimer @which of @p counts: user (VIRTUAL) or user+system. */
static u64 cpu_time(struct process *p, int which)
{
	u64 user, sys;

	cputime_process_sample(p, &user, &sys);
	return which == ITIMER_VIRTUAL ? user : user + sys;
}

/* Poll CPU itimer @which of @p (timers @pt) when it could next be due. */
static void itimer_cpu_poll(struct proc_timers *pt, struct process *p,
			    int which)
{
	struct kitimer *it = &pt->cpu[which - 1];
	struct cpu_clock cc;
	u64 now;

	if (!it->next) {
		ktimer_cancel(&pt->cpu_kt[which - 1]);
		return;
	}
	now = cpu_time(p, which);
	itimer_clock(p, which, &cc);
	ktimer_arm(&pt->cpu_kt[which - 1],
		   cputime_clock_poll_at(&cc, it->next > now ?
					 it->next - now : 0));
}

/* A CPU itimer's poll: SIGVTALRM/SIGPROF when due, then poll again. */
static void itimer_cpu_fire(struct proc_timers *pt, int which)
{
	struct process *p = proc_timers_owner(pt);

	if (!p)
		return;
	if (kitimer_advance(&pt->cpu[which - 1], cpu_time(p, which)))
		send_signal_process(p, which == ITIMER_VIRTUAL ? SIGVTALRM :
								 SIGPROF, NULL);
	itimer_cpu_poll(pt, p, which);
}

static void itimer_virt_fire(struct ktimer *kt, u64 now)
{
	(void)now;
	itimer_cpu_fire(container_of(kt, struct proc_timers, cpu_kt[0]),
			ITIMER_VIRTUAL);
}

static void itimer_prof_fire(struct ktimer *kt, u64 now)
{
	(void)now;
	itimer_cpu_fire(container_of(kt, struct proc_timers, cpu_kt[1]),
			ITIMER_PROF);
}

struct kitimerval {
	struct { s64 sec, usec; } interval, value;
};

static u64 tv_ns(s64 sec, s64 usec)
{
	if (sec > (s64)(~0ULL >> 2) / (s64)KT_NSEC_PER_SEC)
		return ~0ULL >> 2;
	return (u64)sec * KT_NSEC_PER_SEC + (u64)usec * NS_PER_US;
}

static void ns_tv(u64 ns, s64 *sec, s64 *usec)
{
	*sec = ns / KT_NSEC_PER_SEC;
	*usec = (ns % KT_NSEC_PER_SEC + NS_PER_US - 1) / NS_PER_US;
	if (*usec == 1000000) {
		(*sec)++;
		*usec = 0;
	}
}

/* Current value of itimer @which of @p as a struct itimerval. */
static int itimer_get(struct process *p, int which, struct kitimerval *out)
{
	struct proc_timers *pt = proc_timers_of(p, false);
	struct kitimer zero = { 0, 0 }, *it = &zero;
	u64 now;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	now = which == ITIMER_REAL ? platform->now_ns() : cpu_time(p, which);
	if (pt)
		it = which == ITIMER_REAL ? &pt->real : &pt->cpu[which - 1];
	ns_tv(it->period, &out->interval.sec, &out->interval.usec);
	ns_tv(kitimer_remaining(it, now), &out->value.sec, &out->value.usec);
	return 0;
}

/* Set itimer @which of @p to @in (value 0: disarm). 0 or -errno. */
static int itimer_set(struct process *p, int which, const struct kitimerval *in)
{
	struct proc_timers *pt;
	struct kitimer *it;
	u64 value, now;

	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	if (in->value.sec < 0 || in->value.usec < 0 ||
	    in->value.usec >= 1000000 || in->interval.sec < 0 ||
	    in->interval.usec < 0 || in->interval.usec >= 1000000)
		return -EINVAL;
	value = tv_ns(in->value.sec, in->value.usec);
	pt = proc_timers_of(p, value != 0);
	if (!pt)
		return value ? -ENOMEM : 0;
	now = which == ITIMER_REAL ? platform->now_ns() : cpu_time(p, which);
	it = which == ITIMER_REAL ? &pt->real : &pt->cpu[which - 1];
	it->period = value ? tv_ns(in->interval.sec, in->interval.usec) : 0;
	it->next = value ? now + value : 0;
	if (which != ITIMER_REAL)
		itimer_cpu_poll(pt, p, which);
	else if (it->next)
		ktimer_arm(&pt->real_kt, it->next);
	else
		ktimer_cancel(&pt->real_kt);
	return 0;
}

SYSCALL_DEFINE(getitimer)
{
	struct kitimerval v;
	int r = itimer_get(t->proc, (int)a->a[0], &v);

	if (r)
		return r;
	return copy_out(t->mm, a->a[1], &v, sizeof(v));
}

SYSCALL_DEFINE(setitimer)
{
	struct kitimerval nv = { { 0, 0 }, { 0, 0 } }, ov;
	int which = (int)a->a[0], r;

	if (a->a[1] && copy_in(t->mm, &nv, a->a[1], sizeof(nv)))
		return -EFAULT;
	r = itimer_get(t->proc, which, &ov);
	if (r)
		return r;
	r = itimer_set(t->proc, which, &nv);
	if (r)
		return r;
	if (a->a[2] && copy_out(t->mm, a->a[2], &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(alarm)
{
	struct kitimerval nv = { { 0, 0 }, { (s64)(u32)a->a[0], 0 } }, ov;

	itimer_get(t->proc, ITIMER_REAL, &ov);
	if (itimer_set(t->proc, ITIMER_REAL, &nv))
		return -ENOMEM;
	/* Round like Linux: a partial second counts when >= 0.5 s or alone. */
	if ((!ov.value.sec && ov.value.usec) || ov.value.usec >= 500000)
		ov.value.sec++;
	return ov.value.sec;
}

/* ---- POSIX timers ---- */

struct ksigevent {
	u64 value;
	s32 signo;
	s32 notify;
	s32 tid;
	s32 pad[11];
};

struct kitimerspec {
	struct __kernel_timespec interval, value;
};

static struct posix_timer *posix_timer_find(struct task *t, int id)
{
	struct proc_timers *pt = proc_timers_of(t->proc, false);
	struct posix_timer *pt_t;

	if (!pt)
		return NULL;
	list_for_each_entry(pt_t, &pt->posix, link)
		if (pt_t->id == id)
			return pt_t;
	return NULL;
}

static bool sig_is_pending(struct process *p, struct task *target, int sig)
{
	u64 set = p->shared_pending.set;

	if (target)
		set |= target->pending.set;
	return set & sigbit(sig);
}

/*
 * Current value of @tm's clock: monotonic ns for a wall-clock timer (its
 * expiry is kept in monotonic ns), CPU ns for a CPU-clock timer. A CPU
 * timer whose thread or process is gone is disarmed.
 */
static u64 posix_timer_now(struct posix_timer *tm)
{
	u64 now;

	if (!tm->cpu)
		return platform->now_ns();
	if (cputime_clock_sample(&tm->cc, &now)) {
		tm->it.next = tm->it.period = 0;
		return 0;
	}
	return now;
}

/* Arm @tm's kernel timer for its expiry (a CPU timer: its next poll). */
static void posix_timer_arm(struct posix_timer *tm)
{
	u64 now;

	if (!tm->cpu) {
		if (tm->it.next)
			ktimer_arm(&tm->kt, tm->it.next);
		else
			ktimer_cancel(&tm->kt);
		return;
	}
	now = posix_timer_now(tm);
	if (!tm->it.next) {
		ktimer_cancel(&tm->kt);
		return;
	}
	ktimer_arm(&tm->kt, cputime_clock_poll_at(&tm->cc, tm->it.next > now ?
							       tm->it.next - now : 0));
}

static void posix_timer_fire(struct ktimer *kt, u64 now)
{
	struct posix_timer *tm = container_of(kt, struct posix_timer, kt);
	struct process *p = proc_timers_owner(tm->owner);
	struct task *target = NULL;
	struct ksiginfo info;
	u64 n;

	if (!p)
		return;
	if (tm->cpu)
		now = posix_timer_now(tm);
	n = kitimer_advance(&tm->it, now);
	posix_timer_arm(tm);
	if (!n || tm->notify == SIGEV_NONE)
		return;
	if (tm->notify & SIGEV_THREAD_ID) {
		target = task_by_tid(tm->tid);
		if (!target || target->proc != p)
			return;
	}
	if (sig_is_pending(p, target, tm->signo)) {
		/* Still queued: count overruns instead of queueing again. */
		tm->overrun_acc += (int)min(n, (u64)0x7fffffff);
		return;
	}
	tm->overrun = tm->overrun_acc + (int)min(n - 1, (u64)0x7ffffff);
	tm->overrun_acc = 0;
	memset(&info, 0, sizeof(info));
	info.si_signo = tm->signo;
	info.si_code = SI_TIMER;
	info.f.timer.tid = tm->id;
	info.f.timer.overrun = tm->overrun;
	info.f.timer.value = tm->value;
	if (target)
		send_signal_task(target, tm->signo, &info);
	else
		send_signal_process(p, tm->signo, &info);
}

SYSCALL_DEFINE(timer_create)
{
	int clock = (int)a->a[0];
	struct ksigevent ev;
	struct proc_timers *pt;
	struct posix_timer *tm;
	struct cpu_clock cc;
	bool cpu = false;
	int id;

	if (!ktimer_clock_valid(clock)) {
		if (cputime_clock_resolve(t, clock, &cc))
			return -EINVAL;
		cpu = true;
	}
	if (a->a[1]) {
		if (copy_in(t->mm, &ev, a->a[1], sizeof(ev)))
			return -EFAULT;
		switch (ev.notify & ~SIGEV_THREAD_ID) {
		case SIGEV_SIGNAL:
		case SIGEV_THREAD:
			if (ev.signo < 1 || ev.signo > KNSIG)
				return -EINVAL;
			break;
		case SIGEV_NONE:
			if (ev.notify & SIGEV_THREAD_ID)
				return -EINVAL;
			break;
		default:
			return -EINVAL;
		}
		if (ev.notify & SIGEV_THREAD_ID) {
			struct task *target = task_by_tid(ev.tid);

			if (!target || target->proc != t->proc)
				return -EINVAL;
		}
	} else {
		memset(&ev, 0, sizeof(ev));
		ev.notify = SIGEV_SIGNAL;
		ev.signo = SIGALRM;
	}
	pt = proc_timers_of(t->proc, true);
	if (!pt)
		return -ENOMEM;
	if (pt->nposix >= POSIX_TIMERS_MAX)
		return -EAGAIN;
	tm = kzalloc(sizeof(*tm));
	if (!tm)
		return -ENOMEM;
	id = pt->next_id++;
	if (!a->a[1])
		ev.value = (u64)id;
	if (copy_out(t->mm, a->a[2], &id, sizeof(id))) {
		kfree(tm);
		return -EFAULT;
	}
	tm->owner = pt;
	tm->id = id;
	tm->clock = clock;
	tm->cpu = cpu;
	if (cpu)
		tm->cc = cc;
	tm->notify = ev.notify;
	tm->signo = ev.signo;
	tm->tid = ev.tid;
	tm->value = ev.value;
	ktimer_init(&tm->kt, posix_timer_fire);
	list_add_tail(&tm->link, &pt->posix);
	pt->nposix++;
	return 0;
}

static void posix_timer_get(struct posix_timer *tm, struct kitimerspec *out)
{
	u64 rem = kitimer_remaining(&tm->it, posix_timer_now(tm));

	out->interval.tv_sec = tm->it.period / KT_NSEC_PER_SEC;
	out->interval.tv_nsec = tm->it.period % KT_NSEC_PER_SEC;
	out->value.tv_sec = rem / KT_NSEC_PER_SEC;
	out->value.tv_nsec = rem % KT_NSEC_PER_SEC;
}

static bool ts_valid(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < (s64)KT_NSEC_PER_SEC;
}

static u64 ts_ns(const struct __kernel_timespec *ts)
{
	if (ts->tv_sec > (s64)((~0ULL >> 2) / KT_NSEC_PER_SEC))
		return ~0ULL >> 2;
	return (u64)ts->tv_sec * KT_NSEC_PER_SEC + (u64)ts->tv_nsec;
}

/*
 * posix_timer_set - set @tm's expiry and period from @spec (TIMER_ABSTIME
 * in @flags: an absolute time on its clock) and arm it.
 */
static void posix_timer_set(struct posix_timer *tm,
			    const struct kitimerspec *spec, int flags)
{
	struct kitimer *it = &tm->it;
	u64 value = ts_ns(&spec->value), now;

	it->next = it->period = 0;
	if (value) {
		it->period = ts_ns(&spec->interval);
		if (!tm->cpu && (flags & TIMER_ABSTIME)) {
			it->next = ktimer_to_mono(tm->clock, value);
		} else {
			now = posix_timer_now(tm);
			it->next = flags & TIMER_ABSTIME ? value : now + value;
		}
	}
	posix_timer_arm(tm);
}

SYSCALL_DEFINE(timer_settime)
{
	struct posix_timer *tm = posix_timer_find(t, (int)a->a[0]);
	struct kitimerspec nv, ov;

	if (!tm)
		return -EINVAL;
	if (!a->a[2])
		return -EINVAL;
	if (copy_in(t->mm, &nv, a->a[2], sizeof(nv)))
		return -EFAULT;
	if (!ts_valid(&nv.value) || !ts_valid(&nv.interval))
		return -EINVAL;
	posix_timer_get(tm, &ov);
	ktimer_cancel(&tm->kt);
	tm->overrun_acc = 0;
	posix_timer_set(tm, &nv, (int)a->a[1]);
	if (a->a[3] && copy_out(t->mm, a->a[3], &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(timer_gettime)
{
	struct posix_timer *tm = posix_timer_find(t, (int)a->a[0]);
	struct kitimerspec v;

	if (!tm)
		return -EINVAL;
	posix_timer_get(tm, &v);
	return copy_out(t->mm, a->a[1], &v, sizeof(v));
}

SYSCALL_DEFINE(timer_getoverrun)
{
	struct posix_timer *tm = posix_timer_find(t, (int)a->a[0]);

	if (!tm)
		return -EINVAL;
	return tm->overrun;
}

SYSCALL_DEFINE(timer_delete)
{
	struct posix_timer *tm = posix_timer_find(t, (int)a->a[0]);

	if (!tm)
		return -EINVAL;
	ktimer_cancel(&tm->kt);
	list_del_init(&tm->link);
	tm->owner->nposix--;
	kfree(tm);
	return 0;
}
