/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: green kernel threads on one or more CPUs. Each CPU's boot
 * context is its idle thread: it picks runnable tasks from the one shared
 * runqueue, wakes sleepers whose deadline passed and otherwise waits in
 * platform->idle(). CPU 0 alone forwards host signals and serves the
 * control channel. With several CPUs (sentry.elf), the platform's big
 * kernel lock serializes all of this: `current` is per CPU.
 */
#include <linux/errno.h>

#include "kernel/sched.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/control.h"
#include "kernel/cputime.h"
#include "kernel/timers.h"
#include "kernel/smp.h"
#include "arch/x86_64/include/switch-arch.h"

#ifndef SENTRY_KERNEL
struct task *current;
#endif

unsigned int sched_nr_cpus = 1;
static struct kcontext idle_kctx[SCHED_MAX_CPUS];
static LIST_HEAD(runqueue);
static LIST_HEAD(sleepers);		/* blocked tasks with a deadline */
static LIST_HEAD(dead_tasks);		/* kernel stacks to free from idle */

/* waitqueue_init - see sched.h. */
void waitqueue_init(struct waitqueue *wq)
{
	INIT_LIST_HEAD(&wq->waiters);
}

/* wait_prepare - see sched.h. */
void wait_prepare(struct waitqueue *wq, struct wait_entry *we)
{
	we->task = current;
	we->func = NULL;
	list_add_tail(&we->link, &wq->waiters);
}

/* wait_finish - see sched.h. */
void wait_finish(struct waitqueue *wq, struct wait_entry *we)
{
	(void)wq;
	list_del_init(&we->link);
}

/* wake_up - see sched.h. */
void wake_up(struct waitqueue *wq)
{
	struct wait_entry *we, *n;

	list_for_each_entry_safe(we, n, &wq->waiters, link) {
		if (we->func)
			we->func(we);
		else
			task_wake(we->task);
	}
}

/* task_wake - see sched.h. */
void task_wake(struct task *t)
{
	if (t->state != TASK_BLOCKED)
		return;
	t->state = TASK_RUNNABLE;
	if (t->wake_deadline) {
		list_del_init(&t->sleep_link);
		t->wake_deadline = 0;
	}
	list_add_tail(&t->run_link, &runqueue);
	smp_wake_idle();
}

/* task_in_user - see sched.h. */
bool task_in_user(const struct task *t)
{
	if (t->in_user)
		return true;
#ifdef SENTRY_KERNEL
	/* runnable, yet neither here nor queued: another CPU runs it */
	return t->state == TASK_RUNNABLE && t != current && t->ctx &&
	       list_empty(&t->run_link);
#else
	return false;
#endif
}

/* task_kick - see sched.h. */
void task_kick(struct task *t)
{
	/* ctx_interrupt ignores a context that is not in user mode right now */
	if (t->ctx && platform->ctx_interrupt && task_in_user(t))
		platform->ctx_interrupt(t->ctx);
}

/* task_wake_signal - wake @t for a signal unless it is running user code. */
void task_wake_signal(struct task *t)
{
	if (task_in_user(t)) {
		task_kick(t);
		return;
	}
	task_wake(t);
}

/* Give the CPU to the next runnable task, or to the idle thread. */
static void schedule(void)
{
	struct task *prev = current, *next;

	cputime_sched_out(prev);
	/* paused: every task waits, current too (it may be on the runqueue) */
	if (!list_empty(&runqueue) && !control_paused()) {
		next = list_first_entry(&runqueue, struct task, run_link);
		list_del_init(&next->run_link);
		if (next == prev)
			return;
		current = next;
		arch_switch(&prev->kctx, &next->kctx);
	} else {
		current = NULL;
		arch_switch(&prev->kctx, &idle_kctx[sched_cpu_id()]);
	}
	/* Resumed: whoever switched to us set current. */
	cputime_sched_in(prev);
}

/* sched_block - see sched.h. */
void sched_block(void)
{
	current->state = TASK_BLOCKED;
	schedule();
}

/* sched_block_until - see sched.h. */
void sched_block_until(u64 deadline_ns)
{
	struct task *t = current;

	if (deadline_ns) {
		t->wake_deadline = deadline_ns;
		list_add_tail(&t->sleep_link, &sleepers);
		smp_deadline_hint(deadline_ns);
	}
	sched_block();
	if (t->wake_deadline) {
		list_del_init(&t->sleep_link);
		t->wake_deadline = 0;
	}
}

static u64 sched_poll_timers(void);

/* sched_yield_cpu - see sched.h. */
void sched_yield_cpu(void)
{
	int sig;

	/*
	 * Preemption point: tasks that keep the CPU busy never pass through
	 * the idle loop, so expire sleepers and timers and take host
	 * signals here too.
	 */
	sched_poll_timers();
	sig = platform->host_signal ? platform->host_signal() : 0;
	if (sig)
		task_host_signal(sig);
	/* the container's control channel, as the idle loop serves it */
	if (sched_cpu_id() == 0)
		control_poll();
	/* paused: wait on the runqueue, which the idle loop leaves alone */
	if (list_empty(&runqueue) && !control_paused())
		return;
	current->state = TASK_RUNNABLE;
	list_add_tail(&current->run_link, &runqueue);
	schedule();
}

/* sched_add_new - make a freshly created task runnable. */
void sched_add_new(struct task *t)
{
	t->state = TASK_BLOCKED;
	task_wake(t);
}

/* sched_exit_current - the running task is dead: never resumes. */
void sched_exit_current(void)
{
	struct task *t = current;

	t->state = TASK_DEAD;
	list_add_tail(&t->run_link, &dead_tasks);
	schedule();
	PANIC("dead task %d resumed", t->tid);
}

/* Wake sleepers whose deadline passed; return the earliest remaining one. */
static u64 sched_expire(void)
{
	struct task *t, *n;
	u64 now = platform->now_ns(), next = 0;

	list_for_each_entry_safe(t, n, &sleepers, sleep_link) {
		if (t->wake_deadline <= now)
			task_wake(t);
		else if (!next || t->wake_deadline < next)
			next = t->wake_deadline;
	}
	return next;
}

/* Expire sleepers and timers; the earliest remaining deadline (0: none). */
static u64 sched_poll_timers(void)
{
	u64 deadline = sched_expire();
	u64 tdl = ktimers_expire(platform->now_ns());

	return !deadline || (tdl && tdl < deadline) ? tdl : deadline;
}

static void reap_dead_tasks(void)
{
	struct task *t, *n;

	list_for_each_entry_safe(t, n, &dead_tasks, run_link) {
		list_del_init(&t->run_link);
		task_free(t);
	}
}

/*
 * sched_idle_loop - the boot context of a CPU becomes its idle thread
 * (CPU 0 first starts the others).
 */
void sched_idle_loop(void)
{
	unsigned int cpu = sched_cpu_id();

	current = NULL;
	if (cpu == 0)
		smp_start_cpus();
	for (;;) {
		struct task *next;
		u64 deadline;
		int sig;

		reap_dead_tasks();
		if (cpu == 0) {
			sig = platform->host_signal ? platform->host_signal() : 0;
			if (sig)
				task_host_signal(sig);
			control_poll();
		}
		deadline = sched_poll_timers();
		if (!list_empty(&runqueue) && !control_paused()) {
			next = list_first_entry(&runqueue, struct task, run_link);
			list_del_init(&next->run_link);
			current = next;
			arch_switch(&idle_kctx[cpu], &next->kctx);
			current = NULL;
			continue;
		}
		platform->idle(deadline);
	}
}
