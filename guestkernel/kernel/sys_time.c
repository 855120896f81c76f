/* SPDX-License-Identifier: MIT */
/* Clocks and sleeping. */
#include <linux/errno.h>
#include <linux/time.h>
#include <linux/time_types.h>

#include "kernel/cputime.h"
#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define NSEC_PER_SEC 1000000000ULL

/* The CPU clock @clock (kernel/cputime.h) in ns, or -EINVAL. */
static s64 cpu_clock_read(struct task *t, int clock)
{
	struct cpu_clock cc;
	u64 ns;

	if (cputime_clock_resolve(t, clock, &cc) ||
	    cputime_clock_sample(&cc, &ns))
		return -EINVAL;
	return (s64)ns;
}

/* clock_read - current value of @clock in ns, or -EINVAL. */
static s64 clock_read(struct task *t, int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		return (s64)platform->realtime_ns();
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		return (s64)platform->now_ns();
	default:
		return cpu_clock_read(t, clock);
	}
}

static int put_timespec(struct task *t, uaddr_t u, s64 ns)
{
	struct __kernel_timespec ts = { ns / (s64)NSEC_PER_SEC,
					ns % (s64)NSEC_PER_SEC };

	return copy_out(t->mm, u, &ts, sizeof(ts));
}

static int get_timespec(struct task *t, uaddr_t u, s64 *ns)
{
	struct __kernel_timespec ts;

	if (copy_in(t->mm, &ts, u, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (s64)NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec > (s64)(0x7fffffffffffffffULL / NSEC_PER_SEC) - 1)
		*ns = 0x7fffffffffffffffLL;
	else
		*ns = ts.tv_sec * (s64)NSEC_PER_SEC + ts.tv_nsec;
	return 0;
}

SYSCALL_DEFINE(clock_gettime)
{
	s64 ns = clock_read(t, (int)a->a[0]);

	if (ns < 0)
		return ns;
	return put_timespec(t, a->a[1], ns);
}

SYSCALL_DEFINE(clock_getres)
{
	int clock = (int)a->a[0];
	struct cpu_clock cc;
	s64 res = 1;

	if (clock_read(t, clock) < 0)
		return -EINVAL;
	if (clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE)
		res = 4000000;
	else if (!cputime_clock_resolve(t, clock, &cc))
		res = (s64)cputime_clock_resolution(&cc);
	if (!a->a[1])
		return 0;
	return put_timespec(t, a->a[1], res);
}

SYSCALL_DEFINE(gettimeofday)
{
	u64 ns = platform->realtime_ns();
	struct __kernel_old_timeval tv = { (long)(ns / NSEC_PER_SEC),
					   (long)(ns % NSEC_PER_SEC / 1000) };

	if (a->a[0] && copy_out(t->mm, a->a[0], &tv, sizeof(tv)) < 0)
		return -EFAULT;
	if (a->a[1]) {
		struct { int minuteswest, dsttime; } tz = { 0, 0 };

		if (copy_out(t->mm, a->a[1], &tz, sizeof(tz)) < 0)
			return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(time)
{
	s64 now = (s64)(platform->realtime_ns() / NSEC_PER_SEC);

	if (a->a[0] && copy_out(t->mm, a->a[0], &now, sizeof(now)) < 0)
		return -EFAULT;
	return now;
}

/* Sleep until monotonic @deadline; -ERESTART_RESTARTBLOCK-style -EINTR with the remainder. */
static long sleep_until(struct task *t, u64 deadline, uaddr_t rem)
{
	struct waitqueue never;
	int r;

	waitqueue_init(&never);
	r = wait_event_interruptible_deadline(&never, false, deadline);
	if (r == -ETIMEDOUT || r == 0)
		return 0;
	if (rem) {
		u64 now = platform->now_ns();

		if (put_timespec(t, rem, deadline > now ? (s64)(deadline - now) : 0) < 0)
			return -EFAULT;
	}
	return -EINTR;
}

SYSCALL_DEFINE(nanosleep)
{
	s64 ns;
	int r = get_timespec(t, a->a[0], &ns);

	if (r < 0)
		return r;
	return sleep_until(t, platform->now_ns() + (u64)ns, a->a[1]);
}

/*
 * clock_nanosleep on CPU clock @cc: sleep until it reaches @ns (absolute
 * with TIMER_ABSTIME, else relative), checking it whenever it could have
 * got there. 0, or -EINTR with the remainder in @rem when relative.
 */
static long cpu_clock_nanosleep(struct task *t, const struct cpu_clock *cc,
				int flags, s64 ns, uaddr_t rem)
{
	u64 now, target;
	long r;

	if (cputime_clock_sample(cc, &now))
		return -EINVAL;
	target = (flags & TIMER_ABSTIME) ? (u64)ns : now + (u64)ns;
	while (now < target) {
		r = sleep_until(t, cputime_clock_poll_at(cc, target - now), 0);
		if (cputime_clock_sample(cc, &now))
			return 0;	/* the clock's owner is gone */
		if (r == 0 || now >= target)
			continue;
		if (rem && !(flags & TIMER_ABSTIME) &&
		    put_timespec(t, rem, (s64)(target - now)) < 0)
			return -EFAULT;
		return r;
	}
	return 0;
}

SYSCALL_DEFINE(clock_nanosleep)
{
	int clock = (int)a->a[0], flags = (int)a->a[1];
	struct cpu_clock cc;
	s64 ns, now;
	u64 deadline;
	int r;

	if (clock == CLOCK_THREAD_CPUTIME_ID)
		return -EOPNOTSUPP;
	if (clock_read(t, clock) < 0)
		return -EINVAL;
	r = get_timespec(t, a->a[2], &ns);
	if (r < 0)
		return r;
	if (!cputime_clock_resolve(t, clock, &cc)) {
		/* the caller's own thread clock would never advance */
		if (cc.thread && cc.id == t->tid)
			return -EINVAL;
		return cpu_clock_nanosleep(t, &cc, flags, ns, a->a[3]);
	}
	if (flags & TIMER_ABSTIME) {
		now = clock_read(t, clock);
		deadline = platform->now_ns() + (ns > now ? (u64)(ns - now) : 0);
		r = sleep_until(t, deadline, 0);
		return r;
	}
	return sleep_until(t, platform->now_ns() + (u64)ns, a->a[3]);
}
