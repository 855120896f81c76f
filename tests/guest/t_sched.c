/* SPDX-License-Identifier: MIT */
/*
 * t_sched - scheduling attributes: nice values, policies, sched_attr,
 * I/O priorities, membarrier.
 *
 * The test first clears its effective capabilities and RLIMIT_NICE /
 * RLIMIT_RTPRIO so that the permission answers are the same natively
 * (root) and in the sandbox.
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <linux/ioprio.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

struct t_sched_attr {
	uint32_t size, sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};

static void drop_privilege(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	struct rlimit zero = { 0, 0 };

	if (syscall(SYS_capget, &h, d) == 0) {
		d[0].effective = d[1].effective = 0;
		if (syscall(SYS_capset, &h, d) != 0)
			diag("capset failed: %s", strerror(errno));
	}
	setrlimit(RLIMIT_NICE, &zero);
	setrlimit(RLIMIT_RTPRIO, &zero);
}

static void test_nice(void)
{
	int st;
	pid_t pid;

	ok(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 20,
	   "raw getpriority returns 20 - nice");
	ok_sys(setpriority(PRIO_PROCESS, 0, 5), "setpriority 5");
	errno = 0;
	ok(getpriority(PRIO_PROCESS, 0) == 5 && errno == 0, "getpriority is 5");
	ok(syscall(SYS_getpriority, PRIO_PROCESS, 0) == 15, "raw value 15");
	ok_errno(setpriority(PRIO_PROCESS, 0, 2), EACCES,
		 "lowering nice without CAP_SYS_NICE: EACCES");
	ok_sys(setpriority(PRIO_PROCESS, getpid(), 100), "nice 100 is clamped");
	ok(getpriority(PRIO_PROCESS, 0) == 19, "nice is 19");
	ok(getpriority(PRIO_PGRP, 0) == 19, "PRIO_PGRP 0 sees it");
	ok(getpriority(PRIO_USER, 0) >= -20, "PRIO_USER 0 answers");
	ok_errno(getpriority(7, 0), EINVAL, "bad which: EINVAL");
	ok_errno(getpriority(PRIO_PROCESS, 999999), ESRCH, "no such pid: ESRCH");
	ok_errno(setpriority(PRIO_PGRP, 999999, 19), ESRCH,
		 "no such group: ESRCH");

	pid = fork();
	if (pid == 0)
		_exit(getpriority(PRIO_PROCESS, 0) == 19 ? 0 : 1);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	   WEXITSTATUS(st) == 0, "fork inherits the nice value");
}

static void test_policy(void)
{
	struct sched_param sp = { 0 };
	struct timespec ts;

	ok(sched_getscheduler(0) == SCHED_OTHER, "policy is SCHED_OTHER");
	ok(sched_get_priority_max(SCHED_FIFO) == 99 &&
	   sched_get_priority_min(SCHED_FIFO) == 1, "FIFO range 1..99");
	ok(sched_get_priority_max(SCHED_RR) == 99 &&
	   sched_get_priority_min(SCHED_RR) == 1, "RR range 1..99");
	ok(sched_get_priority_max(SCHED_OTHER) == 0 &&
	   sched_get_priority_min(SCHED_BATCH) == 0, "fair range 0..0");
	ok_errno(sched_get_priority_max(77), EINVAL, "bad policy max: EINVAL");
	ok_errno(sched_get_priority_min(-1), EINVAL, "bad policy min: EINVAL");

	sp.sched_priority = 10;
	ok_errno(sched_setscheduler(0, SCHED_FIFO, &sp), EPERM,
		 "SCHED_FIFO without privilege: EPERM");
	ok_errno(sched_setscheduler(0, SCHED_BATCH, &sp), EINVAL,
		 "SCHED_BATCH with priority 10: EINVAL");
	ok_errno(sched_setscheduler(0, 42, &sp), EINVAL, "bad policy: EINVAL");
	ok_errno(syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL), EINVAL,
		 "NULL param: EINVAL");
	ok_errno(sched_setscheduler(999999, SCHED_OTHER, &sp), ESRCH,
		 "no such pid: ESRCH");
	sp.sched_priority = 0;
	ok_sys(sched_setscheduler(0, SCHED_BATCH, &sp), "SCHED_BATCH");
	ok(sched_getscheduler(0) == SCHED_BATCH, "policy reads back");
	ok_sys(sched_setscheduler(0, SCHED_BATCH | SCHED_RESET_ON_FORK, &sp),
	       "SCHED_RESET_ON_FORK");
	ok(sched_getscheduler(0) == (SCHED_BATCH | SCHED_RESET_ON_FORK),
	   "reset-on-fork flag reads back");
	ok_errno(sched_setscheduler(0, SCHED_BATCH, &sp), EPERM,
		 "clearing reset-on-fork unprivileged: EPERM");
	sp.sched_priority = 7;
	ok_sys(sched_getparam(0, &sp), "sched_getparam");
	ok(sp.sched_priority == 0, "priority 0");
	ok_errno(sched_getparam(-1, &sp), EINVAL, "negative pid: EINVAL");
	ok_errno(sched_setparam(0, NULL), EINVAL, "setparam NULL: EINVAL");
	sp.sched_priority = 0;
	ok_sys(sched_setparam(0, &sp), "sched_setparam keeps the policy");
	ok(sched_getscheduler(0) == (SCHED_BATCH | SCHED_RESET_ON_FORK),
	   "policy unchanged");
	ok_sys(sched_rr_get_interval(0, &ts), "sched_rr_get_interval");
	ok(ts.tv_sec >= 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000,
	   "interval is a valid timespec");
	ok_errno(sched_rr_get_interval(-1, &ts), EINVAL,
		 "rr_get_interval negative pid: EINVAL");
}

static void test_attr(void)
{
	struct t_sched_attr at;
	pid_t pid;
	int st;

	memset(&at, 0, sizeof(at));
	ok_sys(syscall(SYS_sched_getattr, 0, &at, sizeof(at), 0),
	       "sched_getattr");
	ok(at.size == sizeof(at) && at.sched_policy == SCHED_BATCH &&
	   at.sched_nice == 19 && at.sched_priority == 0,
	   "attr: size, policy and nice");
	ok_errno(syscall(SYS_sched_getattr, 0, &at, 20, 0), EINVAL,
		 "getattr small size: EINVAL");
	ok_errno(syscall(SYS_sched_getattr, 0, &at, sizeof(at), 1), EINVAL,
		 "getattr flags: EINVAL");

	pid = fork();
	if (pid == 0) {
		int bad = 0;

		/* reset-on-fork: a fair child keeps its policy and nice */
		if (sched_getscheduler(0) != SCHED_BATCH)
			bad |= 1;
		memset(&at, 0, sizeof(at));
		at.size = 48;
		at.sched_policy = SCHED_IDLE;
		at.sched_nice = 19;
		if (syscall(SYS_sched_setattr, 0, &at, 0) != 0)
			bad |= 2;
		if (sched_getscheduler(0) != SCHED_IDLE)
			bad |= 4;
		at.sched_policy = SCHED_OTHER;
		/* leaving SCHED_IDLE needs the right to nice up */
		if (syscall(SYS_sched_setattr, 0, &at, 0) != -1 || errno != EPERM)
			bad |= 8;
		at.size = 20;
		if (syscall(SYS_sched_setattr, 0, &at, 0) != -1 ||
		    errno != E2BIG || at.size < 48)
			bad |= 16;
		at.size = 48;
		at.sched_flags = 0x10000;
		if (syscall(SYS_sched_setattr, 0, &at, 0) != -1 ||
		    errno != EINVAL)
			bad |= 32;
		at.sched_flags = 0;
		at.sched_policy = SCHED_DEADLINE;
		at.sched_runtime = 1000000;
		at.sched_deadline = 2000000;
		if (syscall(SYS_sched_setattr, 0, &at, 0) != -1 ||
		    errno != EPERM)
			bad |= 64;
		_exit(bad);
	}
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "attr child ran");
	ok(WEXITSTATUS(st) == 0, "SCHED_IDLE, E2BIG, bad flags, DEADLINE");
	if (WEXITSTATUS(st))
		diag("child status %d", WEXITSTATUS(st));
}

static void test_ioprio(void)
{
	int be3 = IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 3);

	ok_sys(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, be3),
	       "ioprio_set BE/3");
	ok(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 0) == be3,
	   "ioprio_get BE/3");
	ok(syscall(SYS_ioprio_get, IOPRIO_WHO_PGRP, 0) == be3,
	   "ioprio_get of the group");
	ok_errno(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
			 IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, 0)), EPERM,
		 "RT class unprivileged: EPERM");
	ok_errno(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
			 IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, 9)), EINVAL,
		 "BE level 9: EINVAL");
	ok_errno(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0,
			 IOPRIO_PRIO_VALUE(5, 0)), EINVAL, "class 5: EINVAL");
	ok_errno(syscall(SYS_ioprio_get, 9, 0), EINVAL, "bad which: EINVAL");
	ok_errno(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, 999999), ESRCH,
		 "no such pid: ESRCH");
}

static volatile int spin_stop;
static volatile unsigned long spin_count;

static void *spinner(void *arg)
{
	(void)arg;
	while (!spin_stop)
		spin_count++;
	return NULL;
}

static void test_membarrier(void)
{
	pthread_t th;
	long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);

	ok(q > 0 && (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
	   (q & MEMBARRIER_CMD_GLOBAL), "QUERY lists the commands");
	ok_errno(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0),
		 EPERM, "PRIVATE_EXPEDITED before registering: EPERM");
	ok_errno(syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0), EINVAL,
		 "flags: EINVAL");
	ok_errno(syscall(SYS_membarrier, 1 << 20, 0, 0), EINVAL,
		 "unknown command: EINVAL");
	ok_sys(syscall(SYS_membarrier,
		       MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0),
	       "register PRIVATE_EXPEDITED");
	pthread_create(&th, NULL, spinner, NULL);
	while (!spin_count)
		sched_yield();
	ok_sys(syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0),
	       "PRIVATE_EXPEDITED with a spinning thread");
	ok_sys(syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0),
	       "GLOBAL");
	spin_stop = 1;
	pthread_join(th, NULL);
}

int main(void)
{
	setpgid(0, 0);	/* natively the group would include `timeout` */
	drop_privilege();
	test_nice();
	test_policy();
	test_attr();
	test_ioprio();
	test_membarrier();
	return done();
}
