/* SPDX-License-Identifier: MIT */
/* System information and limits: uname, rlimits, sysinfo, getrandom. */
#include <linux/errno.h>
#include <linux/utsname.h>
#include <linux/resource.h>
#include <linux/random.h>
#include <linux/sysinfo.h>
#include <linux/personality.h>
#include <linux/capability.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/uts.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

char uts_hostname[UTS_LEN] = "vmm";
char uts_domainname[UTS_LEN] = "(none)";

/* uts_init - see uts.h. */
void uts_init(const char *hostname)
{
	if (hostname && hostname[0])
		kstrlcpy(uts_hostname, hostname, sizeof(uts_hostname));
}

SYSCALL_DEFINE(uname)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	kstrlcpy(u.sysname, "Linux", sizeof(u.sysname));
	kstrlcpy(u.nodename, uts_hostname, sizeof(u.nodename));
	kstrlcpy(u.release, "6.1.0-vmm", sizeof(u.release));
	kstrlcpy(u.version, "#1 SMP vmm sentry", sizeof(u.version));
	kstrlcpy(u.machine, "x86_64", sizeof(u.machine));
	kstrlcpy(u.domainname, uts_domainname, sizeof(u.domainname));
	return copy_out(t->mm, a->a[0], &u, sizeof(u));
}

static long set_uts(struct task *t, char *dst, uaddr_t src, u64 len)
{
	char buf[UTS_LEN];

	if (!((t->proc->cred.cap_effective >> CAP_SYS_ADMIN) & 1))
		return -EPERM;
	if (len > UTS_LEN - 1)
		return -EINVAL;
	if (copy_in(t->mm, buf, src, len) < 0)
		return -EFAULT;
	buf[len] = 0;
	kstrlcpy(dst, buf, UTS_LEN);
	return 0;
}

SYSCALL_DEFINE(sethostname)
{
	return set_uts(t, uts_hostname, a->a[0], a->a[1]);
}

SYSCALL_DEFINE(setdomainname)
{
	return set_uts(t, uts_domainname, a->a[0], a->a[1]);
}

/* rlimits */
static long do_prlimit(struct task *t, int pid, unsigned int res,
		       uaddr_t unew, uaddr_t uold)
{
	struct process *p = pid ? process_by_pid(pid) : t->proc;
	struct krlimit nl;

	if (!p || p->zombie)
		return -ESRCH;
	if (res >= RLIM_NLIMITS || res >= RLIM_NLIMITS_MAX)
		return -EINVAL;
	if (unew) {
		if (copy_in(t->mm, &nl, unew, sizeof(nl)) < 0)
			return -EFAULT;
		if (nl.cur > nl.max)
			return -EINVAL;
		if (nl.max > p->rlim[res].max &&
		    !((t->proc->cred.cap_effective >> CAP_SYS_RESOURCE) & 1))
			return -EPERM;
		if (res == RLIMIT_NOFILE && nl.max > 1048576)
			return -EPERM;
	}
	if (uold && copy_out(t->mm, uold, &p->rlim[res], sizeof(nl)) < 0)
		return -EFAULT;
	if (unew)
		p->rlim[res] = nl;
	return 0;
}

SYSCALL_DEFINE(prlimit64)
{
	return do_prlimit(t, (int)a->a[0], (unsigned int)a->a[1], a->a[2], a->a[3]);
}

SYSCALL_DEFINE(getrlimit)
{
	return do_prlimit(t, 0, (unsigned int)a->a[0], 0, a->a[1]);
}

SYSCALL_DEFINE(setrlimit)
{
	return do_prlimit(t, 0, (unsigned int)a->a[0], a->a[1], 0);
}

SYSCALL_DEFINE(sysinfo)
{
	struct sysinfo si;
	struct process *p;
	u64 free = page_free_count() * PAGE_SIZE;

	memset(&si, 0, sizeof(si));
	si.uptime = (long)(platform->now_ns() / 1000000000ULL);
	si.totalram = platform->pmem_size;
	si.freeram = free;
	si.mem_unit = 1;
	list_for_each_entry(p, &all_processes, all_link)
		si.procs++;
	return copy_out(t->mm, a->a[0], &si, sizeof(si));
}

SYSCALL_DEFINE(getrandom)
{
	u8 buf[256];
	u64 len = a->a[1], done = 0;

	if (a->a[2] & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if (len > 33554431)
		len = 33554431;
	while (done < len) {
		u64 n = min(len - done, (u64)sizeof(buf));

		get_random_bytes(buf, n);
		if (copy_out(t->mm, a->a[0] + done, buf, n) < 0)
			return done ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

SYSCALL_DEFINE(personality)
{
	u32 old = t->proc->personality;

	if (a->a[0] != 0xffffffffULL)
		t->proc->personality = (u32)a->a[0];
	return old;
}

SYSCALL_DEFINE(set_robust_list)
{
	if (a->a[1] != 24)
		return -EINVAL;
	t->robust_list = a->a[0];
	return 0;
}

SYSCALL_DEFINE(get_robust_list)
{
	struct task *target = a->a[0] ? task_by_tid((int)a->a[0]) : t;
	u64 head, len = 24;

	if (!target)
		return -ESRCH;
	head = target->robust_list;
	if (copy_out(t->mm, a->a[1], &head, sizeof(head)) < 0 ||
	    copy_out(t->mm, a->a[2], &len, sizeof(len)) < 0)
		return -EFAULT;
	return 0;
}


/*
 * rseq: restartable sequences are an optional optimisation; glibc and
 * other users fall back when registration fails with ENOSYS, so this is a
 * deliberate, silent refusal rather than a missing syscall.
 */
SYSCALL_DEFINE(rseq)
{
	return -ENOSYS;
}
