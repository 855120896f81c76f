/* SPDX-License-Identifier: MIT */
/*
 * Setting the clocks: clock_settime, settimeofday, adjtimex, clock_adjtime.
 *
 * The sandbox's clocks are the host's, and the sandbox cannot set the
 * host clock. Arguments are validated like Linux (EFAULT, EINVAL), then
 * the answer is EPERM: without CAP_SYS_TIME that is exactly Linux's
 * answer; with it, it is what a container whose host refuses the change
 * sees. adjtimex in read-only mode (modes 0 or ADJ_OFFSET_SS_READ) reports
 * the clock state: no offset, no frequency correction, synchronized
 * (the host keeps the time), TIME_OK.
 */
#include <linux/errno.h>
#include <linux/capability.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/timex.h>

#include "kernel/task.h"
#include "fs/vfs_internal.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define NSEC_PER_SEC 1000000000LL
#define USEC_PER_SEC 1000000LL
/* Linux's defaults: NTP_PHASE_LIMIT (16 s in us), MAXFREQ 500 ppm << 16. */
#define NTP_PHASE_LIMIT_US 16000000LL
#define NTP_TOLERANCE (500LL << 16)
/* tick_usec at USER_HZ 100. */
#define NTP_TICK_US 10000LL
/* Linux-internal mode bit of adjtime(3)-style calls. */
#define ADJ_ADJTIME 0x8000

struct k_timezone {
	int tz_minuteswest;
	int tz_dsttime;
};

struct k_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

/* Linux's security_settime64: CAP_SYS_TIME, and then the host refuses. */
static long settime_denied(struct task *t, const char *what)
{
	if (capable(t, CAP_SYS_TIME))
		pr_debug("%s: the sandbox cannot set the host clock", what);
	return -EPERM;
}

static bool settable_clock(int clock)
{
	return clock == CLOCK_REALTIME;
}

static bool known_clock(int clock)
{
	return clock >= CLOCK_REALTIME && clock <= CLOCK_TAI && clock != 8 &&
	       clock != 9;	/* 8, 9: the ALARM clocks are not served */
}

SYSCALL_DEFINE(clock_settime)
{
	int clock = (int)a->a[0];
	struct __kernel_timespec ts;

	if (!known_clock(clock) || !settable_clock(clock))
		return -EINVAL;
	if (copy_in(t->mm, &ts, a->a[1], sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	return settime_denied(t, "clock_settime");
}

SYSCALL_DEFINE(settimeofday)
{
	struct k_timeval tv;
	struct k_timezone tz;

	if (a->a[0]) {
		if (copy_in(t->mm, &tv, a->a[0], sizeof(tv)) < 0)
			return -EFAULT;
		if (tv.tv_usec < 0 || tv.tv_usec >= USEC_PER_SEC || tv.tv_sec < 0)
			return -EINVAL;
	}
	if (a->a[1]) {
		if (copy_in(t->mm, &tz, a->a[1], sizeof(tz)) < 0)
			return -EFAULT;
		if (tz.tz_minuteswest < -15 * 60 || tz.tz_minuteswest > 15 * 60)
			return -EINVAL;
	}
	return settime_denied(t, "settimeofday");
}

/* Fill @tx with the clock state; a read only call. Returns TIME_OK. */
static long adjtimex_read(struct task *t, uaddr_t utx, struct __kernel_timex *tx)
{
	s64 now = (s64)platform->realtime_ns();
	unsigned int modes = tx->modes;

	memset(tx, 0, sizeof(*tx));
	tx->modes = modes;
	tx->maxerror = NTP_PHASE_LIMIT_US;
	tx->esterror = NTP_PHASE_LIMIT_US;
	tx->status = 0;			/* synchronized: the host keeps the time */
	tx->constant = 2;
	tx->precision = 1;
	tx->tolerance = NTP_TOLERANCE;
	tx->time.tv_sec = now / NSEC_PER_SEC;
	tx->time.tv_usec = (now % NSEC_PER_SEC) / 1000;
	tx->tick = NTP_TICK_US;
	tx->shift = 0;
	tx->tai = 0;
	if (copy_out(t->mm, utx, tx, sizeof(*tx)) < 0)
		return -EFAULT;
	return TIME_OK;
}

static long do_adjtimex(struct task *t, uaddr_t utx)
{
	struct __kernel_timex tx;

	if (copy_in(t->mm, &tx, utx, sizeof(tx)) < 0)
		return -EFAULT;
	/* ADJ_ADJTIME (adjtime(3)) takes only the single-shot modes. */
	if ((tx.modes & ADJ_ADJTIME) && !(tx.modes & ADJ_OFFSET))
		return -EINVAL;
	if ((tx.modes & ADJ_ADJTIME) && (tx.modes & ~ADJ_OFFSET_SS_READ))
		return -EINVAL;
	if (tx.modes == 0 || tx.modes == ADJ_OFFSET_SS_READ)
		return adjtimex_read(t, utx, &tx);
	if ((tx.modes & ADJ_TICK) &&
	    (tx.tick < 900000 / 100 || tx.tick > 1100000 / 100))
		return -EINVAL;
	if ((tx.modes & ADJ_SETOFFSET) && !(tx.modes & ADJ_NANO) &&
	    (tx.time.tv_usec < 0 || tx.time.tv_usec >= USEC_PER_SEC))
		return -EINVAL;
	return settime_denied(t, "adjtimex");
}

SYSCALL_DEFINE(adjtimex)
{
	return do_adjtimex(t, a->a[0]);
}

SYSCALL_DEFINE(clock_adjtime)
{
	int clock = (int)a->a[0];

	if (!known_clock(clock))
		return -EINVAL;
	if (clock != CLOCK_REALTIME)
		return -EOPNOTSUPP;	/* only the realtime clock is adjustable */
	return do_adjtimex(t, a->a[1]);
}
