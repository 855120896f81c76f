/* SPDX-License-Identifier: MIT */
/* Process identity and control: pids, groups, sessions, prctl, arch_prctl. */
#include <linux/errno.h>
#include <linux/prctl.h>
#include <asm/prctl.h>
#include <asm/signal.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/seccomp.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(getpid) { return t->proc->pid; }
SYSCALL_DEFINE(gettid) { return t->tid; }

SYSCALL_DEFINE(getppid)
{
	return t->proc->parent ? t->proc->parent->pid : 0;
}

SYSCALL_DEFINE(getpgrp) { return t->proc->pgid; }

SYSCALL_DEFINE(getpgid)
{
	int pid = (int)a->a[0];
	struct process *p = pid ? process_by_pid(pid) : t->proc;

	if (!p || p->zombie)
		return -ESRCH;
	return p->pgid;
}

SYSCALL_DEFINE(getsid)
{
	int pid = (int)a->a[0];
	struct process *p = pid ? process_by_pid(pid) : t->proc;

	if (!p || p->zombie)
		return -ESRCH;
	return p->sid;
}

static bool pgrp_in_session(int pgid, int sid)
{
	struct process *p;

	list_for_each_entry(p, &all_processes, all_link)
		if (p->pgid == pgid && p->sid == sid && !p->zombie)
			return true;
	return false;
}

SYSCALL_DEFINE(setpgid)
{
	int pid = (int)a->a[0], pgid = (int)a->a[1];
	struct process *p;

	if (pgid < 0)
		return -EINVAL;
	p = pid ? process_by_pid(pid) : t->proc;
	if (!p || p->zombie)
		return -ESRCH;
	if (p != t->proc && p->parent != t->proc)
		return -ESRCH;
	if (p->sid != t->proc->sid)
		return -EPERM;
	if (p->pid == p->sid)
		return -EPERM;		/* a session leader */
	if (!pgid)
		pgid = p->pid;
	if (pgid != p->pid && !pgrp_in_session(pgid, t->proc->sid))
		return -EPERM;
	p->pgid = pgid;
	return 0;
}

SYSCALL_DEFINE(setsid)
{
	struct process *p = t->proc, *q;

	list_for_each_entry(q, &all_processes, all_link)
		if (q->pgid == p->pid && !q->zombie)
			return -EPERM;
	p->sid = p->pgid = p->pid;
	return p->sid;
}

SYSCALL_DEFINE(set_tid_address)
{
	t->clear_child_tid = a->a[0];
	return t->tid;
}

SYSCALL_DEFINE(arch_prctl)
{
	u64 v;

	switch (a->a[0]) {
	case ARCH_SET_FS:
		if (a->a[1] >= USER_TOP)
			return -EPERM;
		t->regs.fs_base = a->a[1];
		return 0;
	case ARCH_SET_GS:
		if (a->a[1] >= USER_TOP)
			return -EPERM;
		t->regs.gs_base = a->a[1];
		return 0;
	case ARCH_GET_FS:
		v = t->regs.fs_base;
		return copy_out(t->mm, a->a[1], &v, sizeof(v));
	case ARCH_GET_GS:
		v = t->regs.gs_base;
		return copy_out(t->mm, a->a[1], &v, sizeof(v));
	case ARCH_GET_CPUID:
		return 1;
	case ARCH_SET_CPUID:
		return -ENODEV;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(prctl)
{
	int opt = (int)a->a[0];
	char name[16];
	struct cred *c = &t->proc->cred;

	switch (opt) {
	case PR_SET_NAME:
		if (copy_string_in(t->mm, name, a->a[1], sizeof(name)) < 0) {
			/* Longer names are truncated, not refused. */
			if (copy_in(t->mm, name, a->a[1], sizeof(name) - 1) < 0)
				return -EFAULT;
			name[sizeof(name) - 1] = 0;
		}
		kstrlcpy(t->comm, name, sizeof(t->comm));
		return 0;
	case PR_GET_NAME:
		memset(name, 0, sizeof(name));
		kstrlcpy(name, t->comm, sizeof(name));
		return copy_out(t->mm, a->a[1], name, sizeof(name));
	case PR_SET_PDEATHSIG:
		if (a->a[1] > KNSIG)
			return -EINVAL;
		t->pdeath_signal = (int)a->a[1];
		return 0;
	case PR_GET_PDEATHSIG: {
		int s = t->pdeath_signal;

		return copy_out(t->mm, a->a[1], &s, sizeof(s));
	}
	case PR_SET_NO_NEW_PRIVS:
		if (a->a[1] != 1 || a->a[2] || a->a[3] || a->a[4])
			return -EINVAL;
		c->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		return c->no_new_privs;
	case PR_GET_DUMPABLE:
		return t->proc->dumpable;
	case PR_SET_DUMPABLE:
		if (a->a[1] > 1)
			return -EINVAL;
		t->proc->dumpable = (int)a->a[1];
		return 0;
	case PR_GET_KEEPCAPS:
		return 0;
	case PR_SET_KEEPCAPS:
		return a->a[1] > 1 ? -EINVAL : 0;
	case PR_CAPBSET_READ:
		if (a->a[1] > 63)
			return -EINVAL;
		return (c->cap_bounding >> a->a[1]) & 1;
	case PR_CAPBSET_DROP:
		if (a->a[1] > 63)
			return -EINVAL;
		if (!((c->cap_effective >> 8) & 1))	/* CAP_SETPCAP */
			return -EPERM;
		c->cap_bounding &= ~(1ULL << a->a[1]);
		return 0;
	case PR_SET_SECCOMP:
		return seccomp_prctl_set(t, a->a[1], a->a[2]);
	case PR_GET_SECCOMP:
		return seccomp_prctl_get(t);
	case PR_SET_CHILD_SUBREAPER:
	case PR_GET_CHILD_SUBREAPER:
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(sched_yield)
{
	sched_yield_cpu();
	return 0;
}

SYSCALL_DEFINE(sched_getaffinity)
{
	/* every CPU of the sandbox (sched_nr_cpus <= 64) */
	u64 mask = sched_nr_cpus >= 64 ? ~0ULL : (1ULL << sched_nr_cpus) - 1;
	size_t len = a->a[1];

	if (len < sizeof(mask) || (len & 7))
		return -EINVAL;
	if (a->a[0] && !task_by_tid((int)a->a[0]))
		return -ESRCH;
	if (clear_user(t->mm, a->a[2], len) < 0 ||
	    copy_out(t->mm, a->a[2], &mask, sizeof(mask)) < 0)
		return -EFAULT;
	return sizeof(mask);
}

SYSCALL_DEFINE(sched_setaffinity)
{
	if (a->a[0] && !task_by_tid((int)a->a[0]))
		return -ESRCH;
	return 0;
}

SYSCALL_DEFINE(getcpu)
{
	u32 zero = 0, cpu = sched_cpu_id();

	if (a->a[0] && copy_out(t->mm, a->a[0], &cpu, sizeof(cpu)) < 0)
		return -EFAULT;
	if (a->a[1] && copy_out(t->mm, a->a[1], &zero, sizeof(zero)) < 0)
		return -EFAULT;
	return 0;
}
