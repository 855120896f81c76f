/* SPDX-License-Identifier: MIT */
/*
 * rt_sigqueueinfo / rt_tgsigqueueinfo: queue a signal with caller-chosen
 * siginfo. Like Linux, a caller may only pretend to be the kernel or
 * kill(2) (si_code >= 0, or SI_TKILL) when signalling itself: EPERM
 * otherwise.
 */
#include <linux/errno.h>
#include <asm/siginfo.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

static long get_info(struct task *t, uaddr_t u, int sig, struct ksiginfo *info)
{
	if (copy_in(t->mm, info, u, sizeof(*info)) < 0)
		return -EFAULT;
	info->si_signo = sig;
	return 0;
}

static bool forged_code(const struct ksiginfo *info)
{
	return info->si_code >= 0 || info->si_code == SI_TKILL;
}

SYSCALL_DEFINE(rt_sigqueueinfo)
{
	int pid = (int)a->a[0], sig = (int)a->a[1];
	struct ksiginfo info;
	struct process *p;
	long r = get_info(t, a->a[2], sig, &info);

	if (r < 0)
		return r;
	if (forged_code(&info) && pid != t->proc->pid)
		return -EPERM;
	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	p = pid > 0 ? process_by_pid(pid) : NULL;
	if (!p || p->zombie)
		return -ESRCH;
	return sig ? send_signal_process(p, sig, &info) : 0;
}

SYSCALL_DEFINE(rt_tgsigqueueinfo)
{
	int tgid = (int)a->a[0], tid = (int)a->a[1], sig = (int)a->a[2];
	struct ksiginfo info;
	struct task *q;
	long r;

	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	r = get_info(t, a->a[3], sig, &info);
	if (r < 0)
		return r;
	if (forged_code(&info) && tid != t->tid)
		return -EPERM;
	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	q = task_by_tid(tid);
	if (!q || q->proc->pid != tgid || q->proc->zombie ||
	    q->state == TASK_DEAD)
		return -ESRCH;
	return sig ? send_signal_task(q, sig, &info) : 0;
}
