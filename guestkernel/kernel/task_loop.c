/* SPDX-License-Identifier: MIT */
/*
 * The life of a task's kernel thread: run user code until it traps, handle
 * the trap (syscall, fault, exception, preemption), deliver signals, loop.
 */
#include <linux/errno.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/mman.h>

#include "kernel/cputime.h"
#include "kernel/stats.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Run user code once; returns 0 with t->regs/t->trap filled, or -errno. */
static int task_run_user(struct task *t)
{
	int r;

	cputime_user_enter(t);
	r = platform->ctx_run(t->ctx, &t->regs, &t->trap);
	if (r != -EINPROGRESS) {
		/* synchronous (sentry.elf): user code ran and trapped */
		if (r == 0)
			t->user_exits++;
		cputime_user_exit(t);
		return r;
	}
	t->in_user = true;
	while (!t->user_stopped) {
		t->state = TASK_BLOCKED;
		sched_block();
	}
	t->in_user = false;
	t->user_exits++;
	t->user_stopped = false;
	cputime_user_exit(t);
	return platform->ctx_collect(t->ctx, &t->regs, &t->trap);
}

static void task_handle_fault(struct task *t)
{
	int r = mm_fault(t->mm, t->trap.addr, t->trap.access);

	stats_page_fault();
	cputime_fault(t);
	if (r == 0)
		return;
	if (r == -ENOMEM) {
		force_signal(SIGBUS, BUS_ADRERR, t->trap.addr);
		return;
	}
	force_signal(SIGSEGV, r == -EACCES ? SEGV_ACCERR : SEGV_MAPERR,
		     t->trap.addr);
}

static void task_handle_trap(struct task *t)
{
	t->in_syscall = false;
	switch (t->trap.kind) {
	case TRAP_SYSCALL:
		t->in_syscall = true;
		syscall_dispatch(t);
		break;
	case TRAP_FAULT:
		task_handle_fault(t);
		break;
	case TRAP_EXCEPTION:
		force_signal(t->trap.signo, t->trap.si_code, t->trap.addr);
		break;
	case TRAP_INTERRUPT:
		stats_preemption();
		sched_yield_cpu();
		break;
	default:
		pr_err("task %d: unknown trap kind %d", t->tid, t->trap.kind);
		force_signal(SIGSEGV, SI_KERNEL, 0);
		break;
	}
}

/* task_user_main - see sched_internal.h. */
void task_user_main(void *arg)
{
	struct task *t = arg;
	int r;

	for (;;) {
		signal_deliver();
		t->in_syscall = false;
		if (rseq_return_to_user(t) < 0)
			continue;	/* SIGSEGV is pending: deliver it */
		r = task_run_user(t);
		rseq_left_user(t);
		if (r < 0) {
			/* The platform lost the context (stub killed from outside). */
			pr_warn("task %d: user context lost", t->tid);
			do_exit_group(SIGKILL);
		}
		task_handle_trap(t);
	}
}
