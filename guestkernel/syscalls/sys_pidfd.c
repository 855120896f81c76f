/* SPDX-License-Identifier: MIT */
/*
 * pidfd_open, pidfd_send_signal, pidfd_getfd: file descriptors that name
 * a process. A pidfd remembers the pid and the process's start time (so
 * a reused pid never matches) and polls readable once the process has
 * exited. Process exit wakes one sentry-wide wait queue
 * (pidfd_notify_exit, called from kernel/exit.c).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <asm/siginfo.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "fs/vfs_internal.h"
#include "mm/mm.h"
#include "syscalls/proc_access.h"
#include "syscalls/syscall.h"

#define PIDFD_NONBLOCK_ O_NONBLOCK
#define PIDFD_THREAD_ O_EXCL
/* pidfd_send_signal scopes (Linux 6.9); at most one. */
#define PIDFD_SIGNAL_THREAD_ 0x1
#define PIDFD_SIGNAL_THREAD_GROUP_ 0x2
#define PIDFD_SIGNAL_PROCESS_GROUP_ 0x4

struct pidfd {
	int pid;		/* the process */
	int tid;		/* the thread named at open */
	bool thread;		/* PIDFD_THREAD */
	u64 start_ns;
};

static struct waitqueue pidfd_wq = { LIST_HEAD_INIT(pidfd_wq.waiters) };

/* pidfd_notify_exit - see kernel/sched_internal.h. */
void pidfd_notify_exit(void)
{
	wake_up(&pidfd_wq);
}

/* The process a pidfd names: NULL once it has been reaped. */
static struct process *pidfd_process(const struct pidfd *pf)
{
	struct process *p = process_by_pid(pf->pid);

	if (!p || p->start_ns != pf->start_ns || p->reaped)
		return NULL;
	return p;
}

static unsigned int pidfd_poll(struct file *f, struct poll_table *pt)
{
	struct process *p = pidfd_process(f->priv);

	poll_wait(pt, &pidfd_wq);
	if (!p)
		return POLLIN | POLLRDNORM | POLLHUP;
	return p->zombie ? POLLIN | POLLRDNORM : 0;
}

static void pidfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops pidfd_fops = {
	.poll = pidfd_poll,
	.release = pidfd_release,
};

/* The pidfd behind @fd: referenced file in *@fp. -EBADF if it is not one. */
static long pidfd_get(struct task *t, int fd, struct file **fp)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	if (f->ops != &pidfd_fops) {
		file_put(f);
		return -EBADF;
	}
	*fp = f;
	return 0;
}

SYSCALL_DEFINE(pidfd_open)
{
	int pid = (int)a->a[0];
	unsigned int flags = (unsigned int)a->a[1];
	struct pidfd *pf;
	struct process *p;
	struct task *q;
	struct file *f;
	long r;

	if (flags & ~(PIDFD_NONBLOCK_ | PIDFD_THREAD_))
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	q = task_by_tid(pid);
	p = q ? q->proc : process_by_pid(pid);
	if (!p || p->reaped)
		return -ESRCH;
	/* Without PIDFD_THREAD the pid must name a thread-group leader. */
	if (!(flags & PIDFD_THREAD_) && p->pid != pid)
		return -EINVAL;
	pf = kzalloc(sizeof(*pf));
	if (!pf)
		return -ENOMEM;
	pf->pid = p->pid;
	pf->tid = pid;
	pf->thread = flags & PIDFD_THREAD_;
	pf->start_ns = p->start_ns;
	f = anon_file_create(&pidfd_fops, pf, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		kfree(pf);
		return -ENOMEM;
	}
	r = fd_install(t, f, 0, true);
	if (r < 0)
		file_put(f);
	return r;
}

/* Deliver for pidfd_send_signal in the scope @scope asked for. */
static long pidfd_deliver(struct task *t, const struct pidfd *pf,
			  struct process *p, unsigned int scope, int sig,
			  const struct ksiginfo *info)
{
	struct process *q;
	struct task *th;
	int found = 0;

	if (!scope)
		scope = pf->thread ? PIDFD_SIGNAL_THREAD_ :
				     PIDFD_SIGNAL_THREAD_GROUP_;
	switch (scope) {
	case PIDFD_SIGNAL_THREAD_:
		th = task_by_tid(pf->tid);
		if (!th || th->proc != p || th->state == TASK_DEAD)
			return -ESRCH;
		return sig ? send_signal_task(th, sig, info) : 0;
	case PIDFD_SIGNAL_THREAD_GROUP_:
		return sig ? send_signal_process(p, sig, info) : 0;
	}
	/* Linux: the group whose id is the pidfd's pid (its leader's group). */
	list_for_each_entry(q, &all_processes, all_link) {
		if (q->pgid != p->pid || q->zombie)
			continue;
		found++;
		if (sig)
			send_signal_process(q, sig, info);
	}
	(void)t;
	return found ? 0 : -ESRCH;
}

SYSCALL_DEFINE(pidfd_send_signal)
{
	int sig = (int)a->a[1];
	unsigned int scope = (unsigned int)a->a[3];
	struct ksiginfo info;
	struct pidfd pf;
	struct process *p;
	struct file *f;
	long r;

	if (scope & ~(PIDFD_SIGNAL_THREAD_ | PIDFD_SIGNAL_THREAD_GROUP_ |
		      PIDFD_SIGNAL_PROCESS_GROUP_))
		return -EINVAL;
	if (scope & (scope - 1))
		return -EINVAL;	/* at most one scope */
	r = pidfd_get(t, (int)a->a[0], &f);
	if (r < 0)
		return r;
	pf = *(struct pidfd *)f->priv;
	p = pidfd_process(&pf);
	file_put(f);
	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	if (a->a[2]) {
		if (copy_in(t->mm, &info, a->a[2], sizeof(info)) < 0)
			return -EFAULT;
		if (info.si_signo != sig)
			return -EINVAL;
		if ((!p || p != t->proc) &&
		    (info.si_code >= 0 || info.si_code == SI_TKILL))
			return -EPERM;
	} else {
		memset(&info, 0, sizeof(info));
		info.si_signo = sig;
		info.si_code = SI_USER;
		info.f.kill.pid = t->proc->pid;
		info.f.kill.uid = t->proc->cred.uid;
	}
	if (!p || p->zombie)
		return -ESRCH;
	return pidfd_deliver(t, &pf, p, scope, sig, &info);
}

SYSCALL_DEFINE(pidfd_getfd)
{
	struct process *p;
	struct file *f, *tf;
	struct task *q;
	long r;

	if (a->a[2])
		return -EINVAL;
	r = pidfd_get(t, (int)a->a[0], &f);
	if (r < 0)
		return r;
	p = pidfd_process(f->priv);
	file_put(f);
	q = p ? proc_any_task(p) : NULL;
	if (!q)
		return -ESRCH;
	if (!proc_may_access(t, p))
		return -EPERM;
	tf = fd_get(q, (int)a->a[1]);
	if (!tf)
		return -EBADF;
	r = fd_install(t, tf, 0, true);
	if (r < 0)
		file_put(tf);
	return r;
}
