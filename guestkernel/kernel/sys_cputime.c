/* SPDX-License-Identifier: MIT */
/* CPU time reports: getrusage and times. */
#include <linux/errno.h>
#include <linux/resource.h>
#include <linux/times.h>

#include "kernel/cputime.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Clock ticks (USER_HZ = 100) of times(2) and /proc: 10 ms each. */
#define NS_PER_USER_TICK 10000000ULL

SYSCALL_DEFINE(getrusage)
{
	int who = (int)a->a[0];
	struct rusage ru;

	if (who != RUSAGE_SELF && who != RUSAGE_THREAD &&
	    who != RUSAGE_CHILDREN)
		return -EINVAL;
	cputime_rusage(t->proc, t, who, &ru);
	return copy_out(t->mm, a->a[1], &ru, sizeof(ru));
}

SYSCALL_DEFINE(times)
{
	struct process *p = t->proc;
	struct tms tm;
	u64 user, sys;

	cputime_process_sample(p, &user, &sys);
	tm.tms_utime = (long)(user / NS_PER_USER_TICK);
	tm.tms_stime = (long)(sys / NS_PER_USER_TICK);
	tm.tms_cutime = (long)(p->cutime_ns / NS_PER_USER_TICK);
	tm.tms_cstime = (long)(p->cstime_ns / NS_PER_USER_TICK);
	if (a->a[0] && copy_out(t->mm, a->a[0], &tm, sizeof(tm)) < 0)
		return -EFAULT;
	return (long)(platform->now_ns() / NS_PER_USER_TICK);
}
