// SPDX-License-Identifier: MIT
/*
 * io_uring_submit.c - consuming the SQ ring: requests, link chains
 * (IOSQE_IO_LINK / IO_HARDLINK), IOSQE_IO_DRAIN, completion and the ring's
 * task work (retries and link successors run by the next io_uring_enter).
 */
#include <linux/errno.h>

#include "fs/io_uring.h"
#include "kernel/task.h"
#include "mm/mm.h"

static struct iou_req *req_alloc(struct task *t, struct iou_ring *r,
				 const struct io_uring_sqe *sqe)
{
	struct iou_req *req = kzalloc(sizeof(*req));

	if (!req)
		return NULL;
	INIT_LIST_HEAD(&req->link);
	req->ring = r;
	memcpy(&req->sqe, sqe, sizeof(req->sqe));
	r->inflight++;
	return req;
}

/* iou_req_free - see fs/io_uring.h. */
void iou_req_free(struct iou_req *req)
{
	if (req->file)
		file_put(req->file);
	kfree(req);
}

/* Take @req off the pending list (if it is there). */
static void unpend(struct iou_req *req)
{
	if (!req->on_pending)
		return;
	list_del_init(&req->link);
	req->on_pending = false;
	if (req->host_polled) {
		req->host_polled = false;
		req->ring->nhost--;
	}
}

/* iou_queue_work - see fs/io_uring.h. */
void iou_queue_work(struct iou_req *req)
{
	struct iou_ring *r = req->ring;

	unpend(req);
	if (!req->in_work) {
		list_add_tail(&req->link, &r->work);
		req->in_work = true;
	}
	wake_up(&r->cq_wait);
}

static unsigned int chain_len(struct iou_req *req)
{
	unsigned int n = 0;

	for (; req; req = req->next)
		n++;
	return n;
}

/* Release drained chains whose predecessors have all completed. */
static void drain_check(struct iou_ring *r)
{
	struct iou_req *req;

	while (!list_empty(&r->drain) && r->inflight == r->held) {
		req = list_first_entry(&r->drain, struct iou_req, link);
		list_del_init(&req->link);
		r->held -= chain_len(req);
		iou_queue_work(req);
	}
}

/* Complete every request of the chain at @req with -ECANCELED. */
static void cancel_chain(struct iou_req *req)
{
	struct iou_req *next;

	for (; req; req = next) {
		next = req->next;
		req->next = NULL;
		iou_post_cqe(req->ring, req->sqe.user_data, -ECANCELED, 0,
			     true);
		req->ring->inflight--;
		iou_req_free(req);
	}
}

/* iou_complete - see fs/io_uring.h. */
void iou_complete(struct iou_req *req, long res)
{
	struct iou_ring *r = req->ring;
	struct iou_req *next = req->next;
	bool timeout = req->sqe.opcode == IORING_OP_TIMEOUT;

	if (res == -ERESTARTSYS || res == -ERESTARTNOINTR ||
	    res == -ERESTARTNOHAND || res == -ERESTART_RESTARTBLOCK)
		res = -EINTR;
	req->next = NULL;
	unpend(req);
	if (res < 0 || !(req->sqe.flags & IOSQE_CQE_SKIP_SUCCESS))
		iou_post_cqe(r, req->sqe.user_data, (s32)res, 0, !timeout);
	r->inflight--;
	if (next) {
		if (res < 0 && !(req->sqe.flags & IOSQE_IO_HARDLINK))
			cancel_chain(next);
		else
			iou_queue_work(next);
	}
	if (req->nwait) {
		/* Wait entries are still queued: free it from task work. */
		req->done = true;
		iou_queue_work(req);
	} else {
		iou_req_free(req);
	}
	drain_check(r);
}

/* Issue @req; complete it unless it is now pending. */
static void iou_start(struct task *t, struct iou_req *req)
{
	long res;

	/* Not referenced: only used while @t runs the operation. */
	req->mm = t->mm;
	res = iou_issue(t, req);

	if (res != -EIOCBQUEUED)
		iou_complete(req, res);
}

/* iou_run_work - see fs/io_uring.h. */
void iou_run_work(struct task *t, struct iou_ring *r)
{
	struct iou_req *req;

	while (!list_empty(&r->work)) {
		req = list_first_entry(&r->work, struct iou_req, link);
		list_del_init(&req->link);
		req->in_work = false;
		if (req->nwait)
			iou_poll_disarm(req);
		if (req->done) {
			iou_req_free(req);
			continue;
		}
		if (req->cancelled) {
			iou_complete(req, -ECANCELED);
			continue;
		}
		req->wait = IOU_WAIT_NONE;
		req->fired = false;
		iou_start(t, req);
	}
}

/* Start (or hold back for IOSQE_IO_DRAIN) the chain at @head of @n requests. */
static void queue_chain(struct task *t, struct iou_ring *r,
			struct iou_req *head, unsigned int n)
{
	if (!list_empty(&r->drain) ||
	    ((head->sqe.flags & IOSQE_IO_DRAIN) && r->inflight != r->held + n)) {
		list_add_tail(&head->link, &r->drain);
		r->held += n;
		return;
	}
	iou_start(t, head);
	iou_run_work(t, r);
}

/* iou_submit - see fs/io_uring.h. */
u32 iou_submit(struct task *t, struct iou_ring *r, u32 n)
{
	u32 *sq_tail = iou_ptr(r, IOU_SQ_TAIL);
	u32 tail = __atomic_load_n(sq_tail, __ATOMIC_ACQUIRE);
	u32 avail = tail - r->sq_head, done = 0, idx;
	struct iou_req *head = NULL, *last = NULL, *req;
	unsigned int len = 0;

	if (avail > r->sq_entries)
		avail = r->sq_entries;
	if (n > avail)
		n = avail;
	r->in_submit = true;
	while (done < n) {
		u32 *slot = iou_ptr(r, r->sq_array + (size_t)(r->sq_head &
					(r->sq_entries - 1)) * sizeof(u32));

		idx = __atomic_load_n(slot, __ATOMIC_RELAXED);
		if (idx >= r->sq_entries) {
			__atomic_fetch_add((u32 *)iou_ptr(r, IOU_SQ_DROPPED), 1,
					   __ATOMIC_RELEASE);
			r->sq_head++;
			done++;
			continue;
		}
		req = req_alloc(t, r, iou_sqe_ptr(r, idx));
		if (!req)
			break;
		r->sq_head++;
		done++;
		if (last)
			last->next = req;
		else
			head = req;
		last = req;
		len++;
		if (!(req->sqe.flags & (IOSQE_IO_LINK | IOSQE_IO_HARDLINK))) {
			queue_chain(t, r, head, len);
			head = last = NULL;
			len = 0;
		}
	}
	if (head)
		queue_chain(t, r, head, len);
	__atomic_store_n((u32 *)iou_ptr(r, IOU_SQ_HEAD), r->sq_head,
			 __ATOMIC_RELEASE);
	r->in_submit = false;
	return done;
}

static void free_chain(struct iou_req *req)
{
	struct iou_req *next;

	for (; req; req = next) {
		next = req->next;
		iou_req_free(req);
	}
}

/* iou_cancel_all - see fs/io_uring.h. */
void iou_cancel_all(struct iou_ring *r)
{
	struct iou_req *req, *n;

	list_for_each_entry_safe(req, n, &r->pending, link) {
		list_del_init(&req->link);
		if (req->wait == IOU_WAIT_TIMEOUT)
			ktimer_cancel(&req->timer);
		iou_poll_disarm(req);
		free_chain(req);
	}
	list_for_each_entry_safe(req, n, &r->work, link) {
		list_del_init(&req->link);
		iou_poll_disarm(req);
		free_chain(req);
	}
	list_for_each_entry_safe(req, n, &r->drain, link) {
		list_del_init(&req->link);
		free_chain(req);
	}
}
