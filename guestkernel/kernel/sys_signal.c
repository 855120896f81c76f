/* SPDX-License-Identifier: MIT */
/* Signal system calls. */
#include <linux/errno.h>
#include <linux/time_types.h>
#include <asm/signal.h>
#include <linux/signal.h>
#include <asm/siginfo.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/signal_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

struct user_sigaction {
	u64 handler, flags, restorer, mask;
};

SYSCALL_DEFINE(rt_sigaction)
{
	int sig = (int)a->a[0];
	uaddr_t act = a->a[1], oact = a->a[2];
	struct k_sigaction *ka;
	struct user_sigaction ua;

	if (a->a[3] != 8 || sig < 1 || sig > KNSIG)
		return -EINVAL;
	ka = &t->proc->sighand->action[sig - 1];
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && copy_in(t->mm, &ua, act, sizeof(ua)) < 0)
		return -EFAULT;
	if (oact) {
		struct user_sigaction old = { ka->handler, ka->flags,
					      ka->restorer, ka->mask };

		if (copy_out(t->mm, oact, &old, sizeof(old)) < 0)
			return -EFAULT;
	}
	if (act) {
		ka->handler = ua.handler;
		ka->flags = ua.flags;
		ka->restorer = ua.restorer;
		ka->mask = ua.mask & ~UNBLOCKABLE;
		/* Setting SIG_IGN (or default-ignore) discards pending ones. */
		if (ua.handler == (u64)SIG_IGN ||
		    (ua.handler == (u64)SIG_DFL &&
		     (sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH))) {
			t->proc->shared_pending.set &= ~sigbit(sig);
			t->pending.set &= ~sigbit(sig);
		}
	}
	return 0;
}

SYSCALL_DEFINE(rt_sigprocmask)
{
	int how = (int)a->a[0];
	uaddr_t set = a->a[1], oset = a->a[2];
	u64 old = t->sig_blocked, new;

	if (a->a[3] != 8)
		return -EINVAL;
	if (set) {
		if (copy_in(t->mm, &new, set, sizeof(new)) < 0)
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK:
			t->sig_blocked |= new;
			break;
		case SIG_UNBLOCK:
			t->sig_blocked &= ~new;
			break;
		case SIG_SETMASK:
			t->sig_blocked = new;
			break;
		default:
			return -EINVAL;
		}
		t->sig_blocked &= ~UNBLOCKABLE;
	}
	if (oset && copy_out(t->mm, oset, &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(rt_sigreturn)
{
	if (signal_restore_frame(t) < 0)
		force_signal(SIGSEGV, SI_KERNEL, 0);
	t->in_syscall = false;
	return (long)t->regs.rax;
}

SYSCALL_DEFINE(rt_sigpending)
{
	u64 set = (t->pending.set | t->proc->shared_pending.set) & t->sig_blocked;

	if (a->a[1] != 8)
		return -EINVAL;
	return copy_out(t->mm, a->a[0], &set, sizeof(set));
}

SYSCALL_DEFINE(rt_sigsuspend)
{
	u64 mask;
	struct waitqueue never;

	if (a->a[1] != 8)
		return -EINVAL;
	if (copy_in(t->mm, &mask, a->a[0], sizeof(mask)) < 0)
		return -EFAULT;
	t->saved_sigmask = t->sig_blocked;
	t->restore_sigmask = true;
	t->sig_blocked = mask & ~UNBLOCKABLE;
	waitqueue_init(&never);
	wait_event_interruptible(&never, false);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE(pause)
{
	struct waitqueue never;

	waitqueue_init(&never);
	wait_event_interruptible(&never, false);
	return -ERESTARTNOHAND;
}

SYSCALL_DEFINE(sigaltstack)
{
	struct { u64 sp; s32 flags; s32 pad; u64 size; } ss, old;

	old.sp = t->sas_sp;
	old.size = t->sas_size;
	old.pad = 0;
	old.flags = !t->sas_size ? SS_DISABLE :
		    (t->regs.rsp > t->sas_sp &&
		     t->regs.rsp - t->sas_sp <= t->sas_size) ? SS_ONSTACK : 0;
	if (a->a[0]) {
		if (copy_in(t->mm, &ss, a->a[0], sizeof(ss)) < 0)
			return -EFAULT;
		if (old.flags == SS_ONSTACK)
			return -EPERM;
		if (ss.flags & ~(SS_DISABLE | SS_AUTODISARM))
			return -EINVAL;
		if (ss.flags & SS_DISABLE) {
			t->sas_sp = 0;
			t->sas_size = 0;
		} else {
			if (ss.size < 2048)
				return -ENOMEM;
			t->sas_sp = ss.sp;
			t->sas_size = ss.size;
		}
		t->sas_flags = ss.flags;
	}
	if (a->a[1] && copy_out(t->mm, a->a[1], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

static void kill_info(struct task *t, int sig, struct ksiginfo *info)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = SI_USER;
	info->f.kill.pid = t->proc->pid;
	info->f.kill.uid = t->proc->cred.uid;
}

/* kill_pgrp - signal every process of group @pgid. */
static int kill_pgrp(int pgid, int sig, struct ksiginfo *info)
{
	struct process *p;
	int found = 0;

	list_for_each_entry(p, &all_processes, all_link) {
		if (p->pgid != pgid || p->zombie)
			continue;
		found++;
		if (sig)
			send_signal_process(p, sig, info);
	}
	return found ? 0 : -ESRCH;
}

SYSCALL_DEFINE(kill)
{
	int pid = (int)a->a[0], sig = (int)a->a[1];
	struct ksiginfo info;
	struct process *p;

	if (sig < 0 || sig > KNSIG)
		return -EINVAL;
	kill_info(t, sig, &info);
	if (pid > 0) {
		p = process_by_pid(pid);
		if (!p || p->zombie)
			return -ESRCH;
		return sig ? send_signal_process(p, sig, &info) : 0;
	}
	if (pid == 0)
		return kill_pgrp(t->proc->pgid, sig, &info);
	if (pid == -1) {
		int found = 0;

		list_for_each_entry(p, &all_processes, all_link) {
			if (p == t->proc || p->pid == 1 || p->zombie)
				continue;
			found++;
			if (sig)
				send_signal_process(p, sig, &info);
		}
		return found ? 0 : -ESRCH;
	}
	if (pid == (int)0x80000000)
		return -ESRCH;
	return kill_pgrp(-pid, sig, &info);
}

static long do_tkill(struct task *t, int tgid, int tid, int sig)
{
	struct ksiginfo info;
	struct task *target;

	if (sig < 0 || sig > KNSIG || tid <= 0)
		return -EINVAL;
	target = task_by_tid(tid);
	if (!target || (tgid > 0 && target->proc->pid != tgid) ||
	    target->proc->zombie)
		return -ESRCH;
	kill_info(t, sig, &info);
	info.si_code = SI_TKILL;
	return sig ? send_signal_task(target, sig, &info) : 0;
}

SYSCALL_DEFINE(tkill)
{
	return do_tkill(t, -1, (int)a->a[0], (int)a->a[1]);
}

SYSCALL_DEFINE(tgkill)
{
	if ((int)a->a[0] <= 0)
		return -EINVAL;
	return do_tkill(t, (int)a->a[0], (int)a->a[1], (int)a->a[2]);
}

SYSCALL_DEFINE(rt_sigtimedwait)
{
	u64 set, deadline = 0;
	struct ksiginfo info;
	struct waitqueue never;
	int sig, r = 0;

	if (a->a[3] != 8)
		return -EINVAL;
	if (copy_in(t->mm, &set, a->a[0], sizeof(set)) < 0)
		return -EFAULT;
	set &= ~UNBLOCKABLE;
	if (a->a[2]) {
		struct __kernel_timespec ts;

		if (copy_in(t->mm, &ts, a->a[2], sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		deadline = platform->now_ns() + (u64)ts.tv_sec * 1000000000ULL +
			   (u64)ts.tv_nsec;
		if (!deadline)
			deadline = 1;
	}
	waitqueue_init(&never);
	for (;;) {
		sig = signal_dequeue(set, &info);
		if (sig)
			break;
		if (deadline && platform->now_ns() >= deadline)
			return -EAGAIN;
		/* Wait for any signal: those in set are blocked, so look at raw pending. */
		{
			u64 saved = t->sig_blocked;

			t->sig_blocked &= ~set;
			r = wait_event_interruptible_deadline(&never, false, deadline);
			t->sig_blocked = saved;
		}
		if (r == -ETIMEDOUT)
			return -EAGAIN;
		sig = signal_dequeue(set, &info);
		if (sig)
			break;
		if (r == -ERESTARTSYS)
			return -EINTR;
	}
	if (a->a[1] && copy_out(t->mm, a->a[1], &info, sizeof(info)) < 0)
		return -EFAULT;
	return sig;
}
