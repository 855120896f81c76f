// SPDX-License-Identifier: MIT
/*
 * io_uring_enter.c - io_uring_enter(2): submit SQEs, run the ring's task
 * work, and wait for completions (IORING_ENTER_GETEVENTS, optionally with
 * IORING_ENTER_EXT_ARG's signal mask and timeout).
 */
#include <linux/errno.h>
#include <linux/time_types.h>

#include "fs/io_uring.h"
#include "kernel/signal.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "platform/platform.h"
#include "syscalls/syscall.h"

#define IOU_ENTER_FLAGS (IORING_ENTER_GETEVENTS | IORING_ENTER_SQ_WAKEUP | \
			 IORING_ENTER_SQ_WAIT | IORING_ENTER_EXT_ARG)
#define IOU_SIG_UNBLOCKABLE (sigbit(9) | sigbit(19))

/* Wait until @min CQEs are ready, monotonic @deadline (0: none) or a signal. */
static long iou_wait(struct task *t, struct iou_ring *r, u32 min, u64 deadline)
{
	struct wait_entry we;
	long ret = 0;

	if (min > r->cq_entries)
		min = r->cq_entries;
	wait_prepare(&r->cq_wait, &we);
	for (;;) {
		iou_run_work(t, r);
		iou_flush_overflow(r);
		if (iou_cq_ready(r) >= min)
			break;
		if (signal_pending_current()) {
			ret = -EINTR;
			break;
		}
		if (deadline && platform->now_ns() >= deadline) {
			ret = -ETIME;
			break;
		}
		if (!list_empty(&r->work))
			continue;
		if (r->nhost) {
			u64 soon = platform->now_ns() + IOU_HOST_POLL_NS;

			sched_block_until(deadline && deadline < soon ? deadline :
					  soon);
			iou_poll_host(r);
			continue;
		}
		sched_block_until(deadline);
	}
	wait_finish(&r->cq_wait, &we);
	return ret;
}

/* The signal mask and timeout of the wait: EXT_ARG or a plain sigmask. */
static int enter_args(struct task *t, u32 flags, uaddr_t argp, u64 argsz,
		      uaddr_t *sigmask, u64 *sigsz, u64 *deadline)
{
	struct io_uring_getevents_arg ga;
	struct __kernel_timespec ts;

	*deadline = 0;
	if (!(flags & IORING_ENTER_EXT_ARG)) {
		*sigmask = argp;
		*sigsz = argsz;
		return 0;
	}
	if (!argp) {
		*sigmask = 0;
		return 0;
	}
	if (argsz != sizeof(ga))
		return -EINVAL;
	if (copy_in(t->mm, &ga, argp, sizeof(ga)))
		return -EFAULT;
	*sigmask = ga.sigmask;
	*sigsz = ga.sigmask_sz;
	if (ga.ts) {
		if (copy_in(t->mm, &ts, ga.ts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= 1000000000LL)
			return -EINVAL;
		*deadline = platform->now_ns() + (u64)ts.tv_sec * 1000000000ULL +
			    (u64)ts.tv_nsec;
	}
	return 0;
}

/* io_uring_enter(fd, to_submit, min_complete, flags, argp, argsz). */
SYSCALL_DEFINE(io_uring_enter)
{
	u32 to_submit = (u32)a->a[1], min = (u32)a->a[2], flags = (u32)a->a[3];
	uaddr_t sigmask = 0;
	u64 sigsz = 0, deadline = 0, mask;
	struct iou_ring *r;
	struct file *f;
	long ret = 0, submitted = 0;

	if (flags & ~IOU_ENTER_FLAGS)
		return -EINVAL;
	ret = iou_fd_ring(t, (int)a->a[0], &f, &r);
	if (ret)
		return ret;
	if (flags & IORING_ENTER_GETEVENTS) {
		ret = enter_args(t, flags, a->a[4], a->a[5], &sigmask, &sigsz,
				 &deadline);
		if (ret)
			goto out;
	}
	iou_run_work(t, r);
	iou_flush_overflow(r);
	if (to_submit)
		submitted = iou_submit(t, r, to_submit);
	if (flags & IORING_ENTER_GETEVENTS) {
		if (sigmask) {
			if (sigsz != sizeof(u64)) {
				ret = -EINVAL;
				goto out;
			}
			if (copy_in(t->mm, &mask, sigmask, sizeof(mask))) {
				ret = -EFAULT;
				goto out;
			}
			t->saved_sigmask = t->sig_blocked;
			t->sig_blocked = mask & ~IOU_SIG_UNBLOCKABLE;
			t->restore_sigmask = true;
		}
		ret = iou_wait(t, r, min, deadline);
		/* On EINTR the handler runs under the temporary mask first. */
		if (sigmask && ret != -EINTR) {
			t->sig_blocked = t->saved_sigmask;
			t->restore_sigmask = false;
		}
	}
out:
	file_put(f);
	return submitted ? submitted : ret;
}
