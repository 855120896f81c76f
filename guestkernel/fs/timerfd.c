/* SPDX-License-Identifier: MIT */
/*
 * timerfd: a kernel timer whose expirations are read as a u64 count
 * (timerfd_create(2)). Periods are accounted lazily from the clock, so a
 * periodic timer needs no wake-up per period unless someone waits.
 */
#include <linux/time_types.h>
#include <linux/timerfd.h>

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/eventfd.h"
#include "kernel/timers.h"
#include "platform/platform.h"

struct timerfd {
	int clock;
	struct kitimer it;
	struct ktimer kt;
	u64 ticks;		/* expirations not yet read */
	struct waitqueue wq;
};

struct tfd_spec {
	struct __kernel_timespec interval, value;
};

static const struct file_ops timerfd_fops;

/* Move due expirations into ticks; true if any are there. */
static bool timerfd_update(struct timerfd *tf)
{
	tf->ticks += kitimer_advance(&tf->it, platform->now_ns());
	return tf->ticks != 0;
}

static void timerfd_fire(struct ktimer *kt, u64 now)
{
	struct timerfd *tf = container_of(kt, struct timerfd, kt);

	tf->ticks += kitimer_advance(&tf->it, now);
	/* Re-armed only while someone may wait: see timerfd_read/poll. */
	if (tf->it.next && !list_empty(&tf->wq.waiters))
		ktimer_arm(&tf->kt, tf->it.next);
	wake_up(&tf->wq);
}

/* Make sure the kernel timer fires at the next expiry (a waiter exists). */
static void timerfd_arm(struct timerfd *tf)
{
	if (tf->it.next && !tf->kt.armed)
		ktimer_arm(&tf->kt, tf->it.next);
}

static ssize_t timerfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct timerfd *tf = f->priv;
	u64 v;
	int ret;

	if (u->len < sizeof(u64))
		return -EINVAL;
	if (!timerfd_update(tf)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		timerfd_arm(tf);
		ret = wait_event_interruptible(&tf->wq, timerfd_update(tf));
		if (ret)
			return ret;
	}
	v = tf->ticks;
	ret = uio_copy_to(u, 0, &v, sizeof(v));
	if (ret)
		return ret;
	tf->ticks = 0;
	return sizeof(v);
}

static unsigned int timerfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *tf = f->priv;

	poll_wait(pt, &tf->wq);
	if (timerfd_update(tf))
		return POLLIN | POLLRDNORM;
	/* Epoll items stay registered: keep a timer for their wake-up. */
	timerfd_arm(tf);
	return 0;
}

static void timerfd_release(struct file *f)
{
	struct timerfd *tf = f->priv;

	ktimer_cancel(&tf->kt);
	kfree(tf);
}

static const struct file_ops timerfd_fops = {
	.read = timerfd_read,
	.poll = timerfd_poll,
	.release = timerfd_release,
};

/* timerfd_create_file - see fs/eventfd.h. */
int timerfd_create_file(int clock, int flags, struct file **out)
{
	struct timerfd *tf;
	struct file *f;

	if (flags & ~(TFD_NONBLOCK | TFD_CLOEXEC))
		return -EINVAL;
	if (!ktimer_clock_valid(clock))
		return -EINVAL;
	tf = kzalloc(sizeof(*tf));
	if (!tf)
		return -ENOMEM;
	tf->clock = clock;
	ktimer_init(&tf->kt, timerfd_fire);
	waitqueue_init(&tf->wq);
	f = anon_file_create(&timerfd_fops, tf,
			     O_RDWR | (flags & TFD_NONBLOCK));
	if (!f) {
		kfree(tf);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}

static bool spec_ts_valid(const struct __kernel_timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 &&
	       ts->tv_nsec < (s64)KT_NSEC_PER_SEC;
}

static u64 spec_ts_ns(const struct __kernel_timespec *ts)
{
	if (ts->tv_sec > (s64)((~0ULL >> 2) / KT_NSEC_PER_SEC))
		return ~0ULL >> 2;
	return (u64)ts->tv_sec * KT_NSEC_PER_SEC + (u64)ts->tv_nsec;
}

/* timerfd_gettime_file - see fs/eventfd.h. */
int timerfd_gettime_file(struct file *f, void *spec)
{
	struct timerfd *tf;
	struct tfd_spec *s = spec;
	u64 rem;

	if (f->ops != &timerfd_fops)
		return -EINVAL;
	tf = f->priv;
	timerfd_update(tf);
	rem = kitimer_remaining(&tf->it, platform->now_ns());
	s->interval.tv_sec = tf->it.period / KT_NSEC_PER_SEC;
	s->interval.tv_nsec = tf->it.period % KT_NSEC_PER_SEC;
	s->value.tv_sec = rem / KT_NSEC_PER_SEC;
	s->value.tv_nsec = rem % KT_NSEC_PER_SEC;
	return 0;
}

/* timerfd_settime_file - see fs/eventfd.h. */
int timerfd_settime_file(struct file *f, int flags, const void *new_spec,
			 void *old_spec)
{
	const struct tfd_spec *s = new_spec;
	struct timerfd *tf;
	u64 value;

	if (f->ops != &timerfd_fops)
		return -EINVAL;
	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	if (!spec_ts_valid(&s->value) || !spec_ts_valid(&s->interval))
		return -EINVAL;
	tf = f->priv;
	if (old_spec)
		timerfd_gettime_file(f, old_spec);
	ktimer_cancel(&tf->kt);
	tf->ticks = 0;
	value = spec_ts_ns(&s->value);
	if (!value) {
		tf->it.next = tf->it.period = 0;
		return 0;
	}
	tf->it.period = spec_ts_ns(&s->interval);
	if (flags & TFD_TIMER_ABSTIME)
		tf->it.next = ktimer_to_mono(tf->clock, value);
	else
		tf->it.next = platform->now_ns() + value;
	/* Wake pollers/epoll items at the first expiry. */
	ktimer_arm(&tf->kt, tf->it.next);
	return 0;
}
