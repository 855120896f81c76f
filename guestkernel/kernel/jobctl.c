/* SPDX-License-Identifier: MIT */
/* Job control: stopping and continuing processes. */
#include <asm/signal.h>
#include <asm/siginfo.h>

#include "kernel/jobctl.h"
#include "kernel/sched_internal.h"

/* pgrp_is_orphaned - see jobctl.h. */
bool pgrp_is_orphaned(int pgid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link) {
		struct process *parent = p->parent;

		if (p->pgid != pgid || p->zombie)
			continue;
		/* A parent in another group of the same session keeps it alive. */
		if (parent && parent->pgid != pgid && parent->sid == p->sid)
			return false;
	}
	return true;
}

/* Tell the parent of @p about a stop or a continue (CLD_STOPPED/CONTINUED). */
static void notify_parent(struct process *p, int code, int status)
{
	struct process *parent = p->parent;
	struct ksiginfo info;

	if (!parent)
		return;
	wake_up(&parent->child_wait);
	if (parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP)
		return;
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGCHLD;
	info.si_code = code;
	info.f.chld.pid = p->pid;
	info.f.chld.uid = p->cred.uid;
	info.f.chld.status = status;
	send_signal_process(parent, SIGCHLD, &info);
}

static bool kill_pending(struct task *t)
{
	return t->proc->exiting ||
	       ((t->pending.set | t->proc->shared_pending.set) & sigbit(SIGKILL));
}

/* jobctl_wait - see jobctl.h. */
void jobctl_wait(void)
{
	struct task *t = current;
	struct process *p = t->proc;
	struct wait_entry we;

	if (!p->stopped)
		return;
	wait_prepare(&p->stop_wait, &we);
	while (p->stopped && !kill_pending(t))
		sched_block();
	wait_finish(&p->stop_wait, &we);
}

/* jobctl_stop - see jobctl.h. */
void jobctl_stop(int sig)
{
	struct task *t = current, *o;
	struct process *p = t->proc;

	if (sig != SIGSTOP && pgrp_is_orphaned(p->pgid)) {
		pr_debug("pid %d: stop signal %d discarded (orphaned group)",
			 p->pid, sig);
		return;
	}
	if (!p->stopped) {
		p->stopped = true;
		p->stop_sig = sig;
		p->stop_unreported = true;
		p->cont_unreported = false;
		notify_parent(p, CLD_STOPPED, sig);
		/* The other threads stop on their way back to user code. */
		list_for_each_entry(o, &p->threads, thread_link)
			if (o != t)
				task_wake_signal(o);
	}
	jobctl_wait();
}

/* jobctl_continue - see jobctl.h. */
void jobctl_continue(struct process *p)
{
	if (!p->stopped)
		return;
	p->stopped = false;
	p->stop_unreported = false;
	p->cont_unreported = true;
	wake_up(&p->stop_wait);
	notify_parent(p, CLD_CONTINUED, SIGCONT);
}

/* jobctl_kill_wake - see jobctl.h. */
void jobctl_kill_wake(struct process *p)
{
	if (p->stopped)
		wake_up(&p->stop_wait);
}
