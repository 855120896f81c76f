/* SPDX-License-Identifier: MIT */
/*
 * CPU time accounting. Every task has one open interval at a time, opened
 * at cpu_mark and of one kind: user code running (the span around a
 * platform ctx_run), the sentry serving the task (system time), or off
 * the CPU (blocked or runnable, counted nowhere). Each accounting point
 * closes the interval and charges it to the task and to its process at
 * once, so a process's utime_ns/stime_ns always hold the time of all its
 * threads, live and exited; samples add the open intervals on top.
 *
 * CPU clocks use Linux's clockid encoding: CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID, and negative ids ((~pid) << 3 | kind, with
 * kind PROF 0 / VIRT 1 / SCHED 2 and bit 2 set for a thread).
 */
#ifndef KERNEL_CPUTIME_H
#define KERNEL_CPUTIME_H

#include "klib/klib.h"

struct task;
struct process;
struct rusage;

/* task.cpu_state: what the open interval of a task is. */
enum cpu_state {
	CPU_OFF = 0,		/* not running: no time is charged */
	CPU_SYS,		/* the sentry is serving the task */
	CPU_USER,		/* the task's user code runs */
	CPU_DEAD,		/* exited: everything charged, nothing more */
};

/* CPU clock kinds (the low two bits of a dynamic CPU clockid). */
#define CPUCLOCK_PROF 0		/* user + system */
#define CPUCLOCK_VIRT 1		/* user only */
#define CPUCLOCK_SCHED 2	/* user + system, ns resolution */

/* getrusage's @who values plus wait's "the child and its children". */
#define CPUTIME_RUSAGE_BOTH (-2)

/* A resolved CPU clock: whose time it counts, and which part. */
struct cpu_clock {
	int id;			/* pid (process clock) or tid (thread clock) */
	bool thread;
	int kind;		/* CPUCLOCK_* */
	u64 start_ns;		/* process clocks: the process's start time */
};

/* cputime_user_enter - @t's user code is about to run: close its system interval. */
void cputime_user_enter(struct task *t);
/* cputime_user_exit - @t's user code stopped (trap): charge it as user time. Idempotent. */
void cputime_user_exit(struct task *t);
/*
 * cputime_sched_out - @t's kernel thread switches away: charge its system
 * time and count the switch (voluntary when blocked, else involuntary).
 * Called by the scheduler; @t may be NULL (the idle thread).
 */
void cputime_sched_out(struct task *t);
/* cputime_sched_in - @t's kernel thread runs again: open a system interval. */
void cputime_sched_in(struct task *t);
/* cputime_task_exit - @t is exiting: charge everything; nothing more after. */
void cputime_task_exit(struct task *t);
/* cputime_fault - count a page fault of @t (minor: the sentry has no swap). */
void cputime_fault(struct task *t);
/* cputime_reap - @parent reaped zombie @child: add its totals to the children's. */
void cputime_reap(struct process *parent, struct process *child);

/* cputime_task_sample - @t's user and system ns including the open interval. */
void cputime_task_sample(const struct task *t, u64 *user, u64 *sys);
/* cputime_process_sample - @p's (all threads, live and exited) user and system ns. */
void cputime_process_sample(const struct process *p, u64 *user, u64 *sys);
/* cputime_totals - user and system ns charged to every task since boot. */
void cputime_totals(u64 *user, u64 *sys);
/*
 * cputime_rusage - fill @ru (zeroed first) for @who: RUSAGE_SELF (process
 * @p), RUSAGE_THREAD (task @t of @p), RUSAGE_CHILDREN (@p's reaped
 * children) or CPUTIME_RUSAGE_BOTH (@p and its reaped children).
 */
void cputime_rusage(struct process *p, const struct task *t, int who,
		    struct rusage *ru);

/* cputime_is_cpu_clock - is @clockid a CPU clock id (maybe with a bad target)? */
bool cputime_is_cpu_clock(int clockid);
/*
 * cputime_clock_resolve - the CPU clock @clockid names for caller @t
 * (pid/tid 0: @t's process/thread). 0, or -EINVAL when it is not a CPU
 * clock or its target does not exist (a thread clock must name a thread
 * of @t's own process).
 */
int cputime_clock_resolve(struct task *t, int clockid, struct cpu_clock *cc);
/* cputime_clock_sample - current ns of @cc into *@ns. 0, or -ESRCH when its target is gone. */
int cputime_clock_sample(const struct cpu_clock *cc, u64 *ns);
/* cputime_clock_resolution - resolution of @cc in ns. */
u64 cputime_clock_resolution(const struct cpu_clock *cc);
/*
 * cputime_clock_poll_at - monotonic time at which @cc, @remaining ns short
 * of a deadline now, should be checked again: the soonest it could get
 * there with all its threads running, bounded to [1 ms, 100 ms] from now.
 * Returns the current monotonic time when @remaining is 0 (due now).
 */
u64 cputime_clock_poll_at(const struct cpu_clock *cc, u64 remaining);
/* cputime_process_clock - the CPU clock @kind of process @p. */
void cputime_process_clock(const struct process *p, int kind,
			   struct cpu_clock *cc);

#endif
