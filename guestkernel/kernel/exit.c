/* SPDX-License-Identifier: MIT */
/* exit, exit_group, wait4, waitid: the end of threads and processes. */
#include <linux/errno.h>
#include <linux/wait.h>
#include <linux/resource.h>
#include <asm/signal.h>
#include <asm/siginfo.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/futex.h"
#include "kernel/cputime.h"
#include "mm/mm.h"
#include "fs/vfs.h"
#include "fs/filelock.h"
#include "ipc/ipc.h"
#include "syscalls/syscall.h"

/* Wait status -> siginfo for SIGCHLD/waitid. */
static void status_to_siginfo(struct process *p, struct ksiginfo *info)
{
	int st = p->exit_status;

	memset(info, 0, sizeof(*info));
	info->si_signo = SIGCHLD;
	info->f.chld.pid = p->pid;
	info->f.chld.uid = p->cred.uid;
	if ((st & 0x7f) == 0) {
		info->si_code = CLD_EXITED;
		info->f.chld.status = (st >> 8) & 0xff;
	} else {
		info->si_code = (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
		info->f.chld.status = st & 0x7f;
	}
}

/* Children of a dying process go to init. */
static void reparent_children(struct process *dying)
{
	struct process *c, *n;
	struct process *reaper = init_process;

	list_for_each_entry_safe(c, n, &dying->children, sibling) {
		list_del_init(&c->sibling);
		c->parent = reaper;
		list_add_tail(&c->sibling, &reaper->children);
		if (c->zombie)
			wake_up(&reaper->child_wait);
	}
}

static void kill_everything_but(struct process *keep)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link)
		if (p != keep && !p->zombie)
			send_signal_process(p, SIGKILL, NULL);
}

static void release_task_resources(struct task *t)
{
	futex_exit_thread(t);
	vfork_release(t);
	if (t->ctx) {
		platform->ctx_destroy(t->ctx);
		t->ctx = NULL;
	}
	if (t->mm) {
		mm_put(t->mm);
		t->mm = NULL;
	}
	if (t->files) {
		fdtable_put(t->files);
		t->files = NULL;
	}
	if (t->fs) {
		fs_context_put(t->fs);
		t->fs = NULL;
	}
}

/* thread_group_interrupt - see sched_internal.h. */
void thread_group_interrupt(struct process *p, struct task *skip)
{
	struct task *t;

	list_for_each_entry(t, &p->threads, thread_link)
		if (t != skip)
			task_wake_signal(t);
}

/* task_must_exit - see sched_internal.h. */
bool task_must_exit(struct task *t)
{
	struct process *p = t->proc;

	return p->exiting || (p->execer && p->execer != t);
}

/* The last thread of @p is gone: @p becomes a zombie for its parent. */
static void process_exit(struct process *p)
{
	struct process *parent;
	struct ksiginfo info;

	filelock_process_exit(p);
	sem_exit_process(p);
	if (p == init_process) {
		/* The container's init ended: everything else dies with it. */
		kill_everything_but(p);
		p->zombie = true;
		platform->shutdown(p->exit_status);
	}
	reparent_children(p);
	p->zombie = true;
	pidfd_notify_exit();
	parent = p->parent;
	if (parent) {
		struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
		bool autoreap = p->exit_signal == SIGCHLD &&
				(ka->handler == (u64)SIG_IGN ||
				 (ka->flags & SA_NOCLDWAIT));

		if (p->exit_signal) {
			status_to_siginfo(p, &info);
			info.si_signo = p->exit_signal;
			send_signal_process(parent, p->exit_signal, &info);
		}
		if (autoreap)
			p->reaped = true;
		wake_up(&parent->child_wait);
	}
	if (p->reaped)
		process_free(p);
}

/* do_exit_thread - see sched_internal.h. */
void do_exit_thread(void)
{
	struct task *t = current;
	struct process *p = t->proc;

	cputime_task_exit(t);
	release_task_resources(t);
	list_del_init(&t->thread_link);
	p->nr_threads--;
	sigpending_flush(&t->pending);
	if (p->nr_threads > 0) {
		if (p->execer && p->nr_threads == 1)
			wake_up(&p->thread_exit);
		/* a process signal this thread was woken for goes to another */
		if (p->shared_pending.set)
			signal_recalc_process(p);
		sched_exit_current();
	}
	process_exit(p);
	sched_exit_current();
}

/* do_exit_group - see sched_internal.h. @status is a wait status. */
void do_exit_group(int status)
{
	struct task *t = current;
	struct process *p = t->proc;

	if (!p->exiting) {
		p->exiting = true;
		p->exit_status = status;
		/* every other thread leaves its user code or its wait */
		thread_group_interrupt(p, t);
	}
	do_exit_thread();
}

/* de_thread - see sched_internal.h. */
int de_thread(struct task *t)
{
	struct process *p = t->proc;
	struct wait_entry we;

	if (p->nr_threads > 1) {
		if (p->exiting || (p->execer && p->execer != t))
			return -EINTR;
		p->execer = t;
		thread_group_interrupt(p, t);
		wait_prepare(&p->thread_exit, &we);
		while (p->nr_threads > 1 && !p->exiting)
			sched_block();
		wait_finish(&p->thread_exit, &we);
		p->execer = NULL;
		if (p->exiting)
			return -EINTR;
	}
	/* a non-leader that exec'd takes the thread group's id */
	t->tid = p->pid;
	return 0;
}

/* task_exit_group - see task.h. */
void task_exit_group(int status)
{
	do_exit_group(status);
}

/* task_exit - see task.h. */
void task_exit(int code)
{
	struct process *p = current->proc;

	if (!p->exiting)
		p->exit_status = (code & 0xff) << 8;
	do_exit_thread();
}

SYSCALL_DEFINE(exit)
{
	task_exit((int)a->a[0]);
}

SYSCALL_DEFINE(exit_group)
{
	do_exit_group(((int)a->a[0] & 0xff) << 8);
}

static bool wait_matches(struct task *t, struct process *c, int idtype, int id,
			 int options)
{
	bool clone_child = c->exit_signal != SIGCHLD;

	if (!(options & __WALL) && clone_child != !!(options & __WCLONE))
		return false;
	switch (idtype) {
	case P_ALL:
		return true;
	case P_PID:
		return c->pid == id;
	case P_PGID:
		return c->pgid == id;
	default:
		return false;
	}
}

enum wait_kind { WAIT_EXITED = 1, WAIT_STOPPED, WAIT_CONTINUED };

/*
 * Find a child with something to report under @options: a zombie
 * (WEXITED), an unreported stop (WUNTRACED/WSTOPPED) or continue
 * (WCONTINUED). *any tells whether any child matched at all.
 */
static struct process *find_waitable(struct task *t, int idtype, int id,
				     int options, bool *any,
				     enum wait_kind *kind)
{
	struct process *c;

	*any = false;
	list_for_each_entry(c, &t->proc->children, sibling) {
		if (!wait_matches(t, c, idtype, id, options))
			continue;
		*any = true;
		if (c->zombie && !c->reaped) {
			if (!(options & WEXITED))
				continue;
			*kind = WAIT_EXITED;
			return c;
		}
		if ((options & WUNTRACED) && c->stopped && c->stop_unreported) {
			*kind = WAIT_STOPPED;
			return c;
		}
		if ((options & WCONTINUED) && c->cont_unreported) {
			*kind = WAIT_CONTINUED;
			return c;
		}
	}
	return NULL;
}

static void reap(struct process *parent, struct process *c)
{
	cputime_reap(parent, c);
	c->reaped = true;
	process_free(c);
}

/*
 * Wait for a child event: returns its pid (filling out and kind), 0 for
 * WNOHANG with nothing yet, or -errno. @options uses WEXITED, WUNTRACED
 * (= WSTOPPED) and WCONTINUED whatever the caller's syscall.
 */
static long do_wait(struct task *t, int idtype, int id, int options,
		    struct process **out, enum wait_kind *kind)
{
	struct process *c;
	bool any;
	int r;

	for (;;) {
		c = find_waitable(t, idtype, id, options, &any, kind);
		if (c) {
			*out = c;
			return c->pid;
		}
		if (!any)
			return -ECHILD;
		if (options & WNOHANG)
			return 0;
		r = wait_event_interruptible(&t->proc->child_wait,
			find_waitable(t, idtype, id, options, &any, kind) || !any);
		if (r < 0)
			return r;
	}
}

/* Consume a stop/continue report (not with WNOWAIT). */
static void wait_consume(struct process *c, enum wait_kind kind)
{
	if (kind == WAIT_STOPPED)
		c->stop_unreported = false;
	else if (kind == WAIT_CONTINUED)
		c->cont_unreported = false;
}

SYSCALL_DEFINE(wait4)
{
	int pid = (int)a->a[0], options = (int)a->a[2];
	struct process *c = NULL;
	enum wait_kind kind = 0;
	int idtype, id, status;
	long r;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (pid == -1) {
		idtype = P_ALL;
		id = 0;
	} else if (pid < -1) {
		idtype = P_PGID;
		id = -pid;
	} else if (pid == 0) {
		idtype = P_PGID;
		id = t->proc->pgid;
	} else {
		idtype = P_PID;
		id = pid;
	}
	r = do_wait(t, idtype, id, options | WEXITED, &c, &kind);
	if (r <= 0)
		return r;
	if (kind == WAIT_STOPPED)
		status = (c->stop_sig << 8) | 0x7f;
	else if (kind == WAIT_CONTINUED)
		status = 0xffff;
	else
		status = c->exit_status;
	if (a->a[1] && copy_out(t->mm, a->a[1], &status, sizeof(int)) < 0)
		return -EFAULT;
	if (a->a[3]) {
		struct rusage ru;

		cputime_rusage(c, NULL, CPUTIME_RUSAGE_BOTH, &ru);
		if (copy_out(t->mm, a->a[3], &ru, sizeof(ru)) < 0)
			return -EFAULT;
	}
	if (kind == WAIT_EXITED)
		reap(t->proc, c);
	else
		wait_consume(c, kind);
	return r;
}

SYSCALL_DEFINE(waitid)
{
	int idtype = (int)a->a[0], id = (int)a->a[1], options = (int)a->a[3];
	struct process *c = NULL;
	enum wait_kind kind = 0;
	struct ksiginfo info;
	long r;

	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED |
			__WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	if (idtype == P_PGID && id == 0)
		id = t->proc->pgid;
	if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
		return -EINVAL;
	/* WSTOPPED is WUNTRACED's value. */
	r = do_wait(t, idtype, id, options, &c, &kind);
	if (r < 0)
		return r;
	if (r == 0)
		goto empty;
	status_to_siginfo(c, &info);
	if (kind == WAIT_STOPPED) {
		info.si_code = CLD_STOPPED;
		info.f.chld.status = c->stop_sig;
	} else if (kind == WAIT_CONTINUED) {
		info.si_code = CLD_CONTINUED;
		info.f.chld.status = SIGCONT;
	}
	if (a->a[2] && copy_out(t->mm, a->a[2], &info, sizeof(info)) < 0)
		return -EFAULT;
	if (a->a[4]) {
		struct rusage ru;

		cputime_rusage(c, NULL, CPUTIME_RUSAGE_BOTH, &ru);
		if (copy_out(t->mm, a->a[4], &ru, sizeof(ru)) < 0)
			return -EFAULT;
	}
	if (options & WNOWAIT)
		return 0;
	if (kind == WAIT_EXITED)
		reap(t->proc, c);
	else
		wait_consume(c, kind);
	return 0;
empty:
	memset(&info, 0, sizeof(info));
	if (a->a[2] && copy_out(t->mm, a->a[2], &info, sizeof(info)) < 0)
		return -EFAULT;
	return 0;
}
