/* SPDX-License-Identifier: MIT */
/* The scheduler: green kernel threads, wait queues, sleeping. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "klib/klib.h"

struct task;

/* The task running on this CPU (NULL in the idle loop). */
#ifdef SENTRY_KERNEL
#include "arch/x86_64/include/percpu-arch.h"
#define current (*arch_current_slot())
/* sched_cpu_id - the CPU running this code. */
#define sched_cpu_id() arch_cpu_id()
#else
extern struct task *current;
#define sched_cpu_id() 0U
#endif
/* Most CPUs the scheduler serves. */
#define SCHED_MAX_CPUS 64
/* CPUs of the sandbox (boot info; what sched_getaffinity reports). */
extern unsigned int sched_nr_cpus;

struct waitqueue {
	struct list_head waiters;
};

struct wait_entry {
	struct list_head link;
	struct task *task;
	/* func - called by wake_up instead of waking @task (epoll); NULL: wake @task. */
	void (*func)(struct wait_entry *we);
};

/* waitqueue_init - an empty wait queue. */
void waitqueue_init(struct waitqueue *wq);
/* wake_up - make every task waiting on @wq runnable. */
void wake_up(struct waitqueue *wq);
/* wait_prepare/wait_finish - enqueue/dequeue current on @wq (see wait_event). */
void wait_prepare(struct waitqueue *wq, struct wait_entry *we);
void wait_finish(struct waitqueue *wq, struct wait_entry *we);

/* sched_block - current gives up the CPU until task_wake() or a deadline/signal. */
void sched_block(void);
/* sched_block_until - like sched_block but also wakes at @deadline_ns (0: none). */
void sched_block_until(u64 deadline_ns);
/* task_wake - make a blocked task runnable. */
void task_wake(struct task *t);
/*
 * task_in_user - true while @t runs user code: on an asynchronous platform
 * (ptrace) its kernel thread waits for the stop; in sentry.elf it is in
 * ring 3, or on its way in or out, on another CPU.
 */
bool task_in_user(const struct task *t);
/* task_kick - make @t trap back to the sentry soon if it runs user code now. */
void task_kick(struct task *t);
/* sched_yield_cpu - let other runnable tasks run. */
void sched_yield_cpu(void);
/* signal_pending_current - true when current has an unblocked pending signal (or is being killed). */
bool signal_pending_current(void);

/*
 * wait_event_interruptible - sleep on @wq until @cond holds. Returns 0, or
 * -ERESTARTSYS when a signal arrived first.
 */
#define wait_event_interruptible(wq, cond)                                 \
	({                                                                  \
		int __ret = 0;                                              \
		struct wait_entry __we;                                     \
		wait_prepare((wq), &__we);                                  \
		while (!(cond)) {                                           \
			if (signal_pending_current()) {                     \
				__ret = -ERESTARTSYS;                       \
				break;                                      \
			}                                                   \
			sched_block();                                      \
		}                                                           \
		wait_finish((wq), &__we);                                   \
		__ret;                                                      \
	})

/*
 * wait_event_interruptible_deadline - as above but gives up at monotonic
 * @deadline_ns (0: never) with -ETIMEDOUT.
 */
#define wait_event_interruptible_deadline(wq, cond, deadline_ns)           \
	({                                                                  \
		int __ret = 0;                                              \
		struct wait_entry __we;                                     \
		u64 __dl = (deadline_ns);                                   \
		wait_prepare((wq), &__we);                                  \
		while (!(cond)) {                                           \
			if (signal_pending_current()) {                     \
				__ret = -ERESTARTSYS;                       \
				break;                                      \
			}                                                   \
			if (__dl && platform->now_ns() >= __dl) {           \
				__ret = -ETIMEDOUT;                         \
				break;                                      \
			}                                                   \
			sched_block_until(__dl);                            \
		}                                                           \
		wait_finish((wq), &__we);                                   \
		__ret;                                                      \
	})

/* Kernel-internal restart codes (never reach user space). */
#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

#endif
