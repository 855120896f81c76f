// SPDX-License-Identifier: MIT
/*
 * io_uring_wait.c - requests that complete later: poll waits on a file's
 * wait queues (POLL_ADD, and the poll-then-retry of operations that would
 * block), kernel timers (TIMEOUT, also completed by a CQE count), and
 * cancellation (POLL_REMOVE, TIMEOUT_REMOVE, ASYNC_CANCEL).
 */
#include <linux/errno.h>
#include <linux/time_types.h>
#include <linux/time.h>

#include "fs/io_uring.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"

/*
 * Poll tables for registering a request and for checking readiness.
 * Poll ops never sleep, so one of each is enough (as in epoll).
 */
static struct poll_table iou_reg_pt, iou_check_pt;

/* Readiness of @req's file for its events now, without registering. */
static unsigned int poll_now(struct iou_req *req)
{
	iou_check_pt.n = 0;
	iou_check_pt.register_waits = false;
	iou_check_pt.queue_fn = NULL;
	return vfs_poll(req->file, &iou_check_pt) &
	       (req->events | POLLERR | POLLHUP);
}

/* Wake-up callback: the file may be ready. Runs inside wake_up(). */
static void iou_poll_wake(struct wait_entry *we)
{
	struct iou_poll_wait *w = container_of(we, struct iou_poll_wait, we);
	struct iou_req *req = w->req;
	unsigned int m;

	if (req->fired || req->done)
		return;
	m = poll_now(req);
	if (!m)
		return;
	req->fired = true;
	/* Only this entry may leave its queue while wake_up walks it. */
	list_del_init(&we->link);
	if (req->wait == IOU_WAIT_POLL)
		iou_complete(req, m);
	else
		iou_queue_work(req);
}

static void iou_poll_queue(struct poll_table *pt, struct waitqueue *wq)
{
	struct iou_req *req = pt->queue_priv;
	struct iou_poll_wait *w;

	if (req->nwait >= IOU_POLL_WAITS)
		return;
	w = &req->waits[req->nwait++];
	w->req = req;
	w->wq = wq;
	w->we.task = NULL;
	w->we.func = iou_poll_wake;
	list_add_tail(&w->we.link, &wq->waiters);
}

/* iou_poll_disarm - see fs/io_uring.h. */
void iou_poll_disarm(struct iou_req *req)
{
	int k;

	for (k = 0; k < req->nwait; k++)
		list_del_init(&req->waits[k].we.link);
	req->nwait = 0;
}

/* iou_poll_arm - see fs/io_uring.h. */
long iou_poll_arm(struct iou_req *req, u32 events, enum iou_wait kind)
{
	struct poll_table *pt = &iou_reg_pt;
	unsigned int m;

	req->events = events;
	req->fired = false;
	req->nwait = 0;
	pt->n = 0;
	pt->host_polled = false;
	pt->register_waits = true;
	pt->queue_fn = iou_poll_queue;
	pt->queue_priv = req;
	m = vfs_poll(req->file, pt) & (events | POLLERR | POLLHUP);
	pt->queue_fn = NULL;
	if (kind == IOU_WAIT_RETRY && (m || pt->host_polled || !req->nwait)) {
		/* Ready meanwhile, or no wake-ups to wait for: try again now. */
		iou_poll_disarm(req);
		return -EAGAIN;
	}
	if (m) {
		iou_poll_disarm(req);
		return m;
	}
	req->wait = kind;
	list_add_tail(&req->link, &req->ring->pending);
	req->on_pending = true;
	if (pt->host_polled) {
		req->host_polled = true;
		req->ring->nhost++;
	}
	return -EIOCBQUEUED;
}

/* iou_poll_host - see fs/io_uring.h. */
void iou_poll_host(struct iou_ring *r)
{
	struct iou_req *req, *n;
	unsigned int m;

	list_for_each_entry_safe(req, n, &r->pending, link) {
		if (!req->host_polled || req->wait != IOU_WAIT_POLL)
			continue;
		m = poll_now(req);
		if (!m)
			continue;
		iou_poll_disarm(req);
		iou_complete(req, m);
		/* Completing may have changed the list: start over. */
		iou_poll_host(r);
		return;
	}
}

static void iou_timer_fired(struct ktimer *kt, u64 now)
{
	struct iou_req *req = container_of(kt, struct iou_req, timer);

	(void)now;
	if (req->on_pending)
		iou_complete(req, -ETIME);
}

/* iou_timeout_arm - see fs/io_uring.h. */
long iou_timeout_arm(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;
	struct iou_ring *r = req->ring;
	struct __kernel_timespec ts;
	u32 flags = s->timeout_flags;
	int clock = CLOCK_MONOTONIC;
	u64 ns, deadline;

	(void)t;
	if (s->len != 1 || s->ioprio || s->buf_index)
		return -EINVAL;
	if (flags & ~(IORING_TIMEOUT_ABS | IORING_TIMEOUT_BOOTTIME |
		      IORING_TIMEOUT_REALTIME))
		return -EINVAL;
	if ((flags & IORING_TIMEOUT_BOOTTIME) &&
	    (flags & IORING_TIMEOUT_REALTIME))
		return -EINVAL;
	if (flags & IORING_TIMEOUT_BOOTTIME)
		clock = CLOCK_BOOTTIME;
	if (flags & IORING_TIMEOUT_REALTIME)
		clock = CLOCK_REALTIME;
	if (copy_in(req->mm, &ts, s->addr, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000LL)
		return -EINVAL;
	ns = (u64)ts.tv_sec * KT_NSEC_PER_SEC + (u64)ts.tv_nsec;
	if (flags & IORING_TIMEOUT_ABS)
		deadline = ktimer_to_mono(clock, ns);
	else
		deadline = ktimer_clock_now(CLOCK_MONOTONIC) + ns;
	req->target_seq = s->off ? r->cq_seq + s->off : 0;
	req->wait = IOU_WAIT_TIMEOUT;
	ktimer_init(&req->timer, iou_timer_fired);
	list_add_tail(&req->link, &r->pending);
	req->on_pending = true;
	ktimer_arm(&req->timer, deadline ? deadline : 1);
	return -EIOCBQUEUED;
}

/* iou_timeouts_check - see fs/io_uring.h. */
void iou_timeouts_check(struct iou_ring *r)
{
	struct iou_req *req, *n;

	list_for_each_entry_safe(req, n, &r->pending, link) {
		if (req->wait != IOU_WAIT_TIMEOUT || !req->target_seq ||
		    r->cq_seq < req->target_seq)
			continue;
		ktimer_cancel(&req->timer);
		iou_complete(req, 0);
		/* Completing may have changed the list: start over. */
		iou_timeouts_check(r);
		return;
	}
}

/* iou_cancel - see fs/io_uring.h. */
int iou_cancel(struct iou_ring *r, u64 user_data, enum iou_wait kind)
{
	struct iou_req *req;

	list_for_each_entry(req, &r->pending, link) {
		if (req->sqe.user_data != user_data)
			continue;
		if (kind != IOU_WAIT_NONE && req->wait != kind)
			continue;
		if (req->wait == IOU_WAIT_TIMEOUT)
			ktimer_cancel(&req->timer);
		iou_poll_disarm(req);
		/* Like Linux, the canceller's CQE comes first. */
		req->wait = IOU_WAIT_NONE;
		req->cancelled = true;
		iou_queue_work(req);
		return 0;
	}
	return -ENOENT;
}
