/* SPDX-License-Identifier: MIT */
/*
 * io_uring internals shared by fs/io_uring*.c.
 *
 * The rings live in pages of the ring file's page cache, so a MAP_SHARED
 * mapping of the ring fd (mm/fault.c fault_shared_file) maps the very pages
 * the sentry reads and writes. One region holds both rings (the UAPI's
 * IORING_FEAT_SINGLE_MMAP): its pages sit at the page-cache indices of both
 * IORING_OFF_SQ_RING and IORING_OFF_CQ_RING; the SQE array sits at
 * IORING_OFF_SQES.
 *
 * Requests run synchronously at submission in the submitting task. Those
 * that must wait (POLL_ADD, TIMEOUT, reads/writes/socket operations that
 * would block) stay pending: a poll wait entry or a kernel timer completes
 * them, or queues them as "task work" that the next io_uring_enter of the
 * ring runs (a retry after readiness, the next request of a link).
 */
#ifndef FS_IO_URING_H
#define FS_IO_URING_H

#include <linux/io_uring.h>

#include "fs/vfs_internal.h"
#include "kernel/timers.h"

struct mm;

#define IOU_MAX_ENTRIES 32768U
#define IOU_MAX_CQ_ENTRIES (2 * IOU_MAX_ENTRIES)
#define IOU_MAX_FILES 32768U
#define IOU_MAX_BUFS 16384U
#define IOU_MAX_BUF_LEN (1ULL << 30)
#define IOU_POLL_WAITS 4
/* How often a GETEVENTS wait re-checks host-polled POLL_ADDs. */
#define IOU_HOST_POLL_NS 5000000ULL

/* Layout of the ring region (byte offsets; see io_uring_ring.c). */
#define IOU_SQ_HEAD 0
#define IOU_SQ_TAIL 4
#define IOU_CQ_HEAD 64
#define IOU_CQ_TAIL 68
#define IOU_SQ_MASK 128
#define IOU_CQ_MASK 132
#define IOU_SQ_ENTRIES 136
#define IOU_CQ_ENTRIES 140
#define IOU_SQ_DROPPED 144
#define IOU_SQ_FLAGS 148
#define IOU_CQ_FLAGS 152
#define IOU_CQ_OVERFLOW 156
#define IOU_CQES 192

/* What a pending request waits for. */
enum iou_wait {
	IOU_WAIT_NONE,
	IOU_WAIT_POLL,		/* POLL_ADD */
	IOU_WAIT_RETRY,		/* poll, then run the operation again */
	IOU_WAIT_TIMEOUT,	/* TIMEOUT */
};

struct iou_req;

struct iou_poll_wait {
	struct wait_entry we;
	struct waitqueue *wq;
	struct iou_req *req;
};

struct iou_req {
	struct list_head link;		/* ring pending / task work / drain list */
	struct iou_ring *ring;
	struct io_uring_sqe sqe;	/* stable copy (IORING_FEAT_SUBMIT_STABLE) */
	struct iou_req *next;		/* next request of a link chain */
	struct file *file;		/* referenced target file, or NULL */
	struct mm *mm;			/* mm of the task running it (not referenced) */
	enum iou_wait wait;
	bool on_pending;
	bool fired;			/* poll wake-up seen: result in @res */
	bool in_work;			/* on the task-work list */
	bool done;			/* CQE posted; waits to be freed */
	bool cancelled;			/* complete with -ECANCELED from task work */
	bool host_polled;		/* POLL_ADD on a file without wake-ups */
	long res;
	/* POLL_ADD / RETRY */
	u32 events;
	int nwait;
	struct iou_poll_wait waits[IOU_POLL_WAITS];
	/* TIMEOUT */
	struct ktimer timer;
	u64 target_seq;			/* 0: no completion count */
};

struct iou_buf {
	u64 base, len;
};

struct iou_overflow {
	struct list_head link;
	struct io_uring_cqe cqe;
};

struct iou_ring {
	struct file *file;		/* the ring file (not referenced) */
	struct page_cache *pc;
	u32 sq_entries, cq_entries;
	u32 sq_head;			/* sentry's copy of the SQ head */
	u32 cq_tail;			/* sentry's copy of the CQ tail */
	u32 flags;			/* IORING_SETUP_* */
	size_t ring_bytes, sqe_bytes;
	size_t sq_array;		/* offset of the SQ index array */
	unsigned int held;		/* requests on @drain (chains included) */
	unsigned int ring_pages, sqe_pages;
	u8 **ring_va;			/* kernel address of each ring page */
	u8 **sqe_va;			/* ... and of each SQE page */
	struct list_head pending;	/* polls, retries, timeouts */
	struct list_head work;		/* task work: retries, link successors */
	struct list_head drain;		/* chains held back by IOSQE_IO_DRAIN */
	struct list_head overflow;	/* CQEs that did not fit (NODROP) */
	unsigned int inflight;		/* submitted, no CQE yet */
	unsigned int nhost;		/* pending host-polled POLL_ADDs */
	u64 cq_seq;			/* CQEs posted, timeouts excluded */
	struct waitqueue cq_wait;	/* io_uring_enter GETEVENTS waiters */
	struct waitqueue poll_wq;	/* poll/epoll of the ring fd */
	struct file **files;		/* registered files (NULL: sparse) */
	unsigned int nr_files;
	struct iou_buf *bufs;
	unsigned int nr_bufs;
	struct file *evfd;		/* registered eventfd, referenced */
	bool evfd_async;
	bool in_submit;			/* inline completions (EVENTFD_ASYNC) */
};

/* ---- io_uring_ring.c ---- */
/* iou_ptr - kernel address of byte @off of the ring region. */
static inline void *iou_ptr(struct iou_ring *r, size_t off)
{
	return r->ring_va[off >> PAGE_SHIFT] + (off & (PAGE_SIZE - 1));
}
/* iou_sqe_ptr - kernel address of SQE @idx. */
static inline struct io_uring_sqe *iou_sqe_ptr(struct iou_ring *r, u32 idx)
{
	size_t off = (size_t)idx * sizeof(struct io_uring_sqe);

	return (void *)(r->sqe_va[off >> PAGE_SHIFT] + (off & (PAGE_SIZE - 1)));
}
/* iou_file_ring - the ring behind @f, or NULL when @f is no io_uring. */
struct iou_ring *iou_file_ring(struct file *f);
/*
 * iou_fd_ring - the ring behind descriptor @fd of @t, with a reference on
 * its file in *@fp (file_put when done) and the ring in *@rp. 0, -EBADF
 * or -EOPNOTSUPP (not an io_uring).
 */
long iou_fd_ring(struct task *t, int fd, struct file **fp,
		 struct iou_ring **rp);
/* iou_cq_ready - CQEs the program has not consumed yet. */
u32 iou_cq_ready(struct iou_ring *r);
/*
 * iou_post_cqe - post a CQE (@user_data, @res, @flags), into the overflow
 * list when the CQ is full; wakes waiters and signals the eventfd.
 * @counts: a completion that TIMEOUT counts (not a timeout's own).
 */
void iou_post_cqe(struct iou_ring *r, u64 user_data, s32 res, u32 flags,
		  bool counts);
/* iou_flush_overflow - move overflowed CQEs into the CQ while it has room. */
void iou_flush_overflow(struct iou_ring *r);

/* ---- io_uring_submit.c ---- */
/* iou_submit - consume up to @n SQEs for @t; how many were consumed. */
u32 iou_submit(struct task *t, struct iou_ring *r, u32 n);
/* iou_run_work - run the ring's task work in @t (retries, link successors). */
void iou_run_work(struct task *t, struct iou_ring *r);
/*
 * iou_complete - @req finished with @res: post its CQE, start or cancel
 * the rest of its link chain, free it. Callable from wake-up and timer
 * callbacks (successors then run as task work).
 */
void iou_complete(struct iou_req *req, long res);
/* iou_queue_work - put @req on the task-work list and wake the ring's waiters. */
void iou_queue_work(struct iou_req *req);
/* iou_req_free - drop @req's references and free it. */
void iou_req_free(struct iou_req *req);
/* iou_cancel_all - complete every pending request with -ECANCELED (ring release). */
void iou_cancel_all(struct iou_ring *r);

/* ---- io_uring_ops.c ---- */
/*
 * iou_issue - run @req's operation for @t. Result (>= 0 or -errno), or
 * -EIOCBQUEUED when the request is pending and completes later.
 */
long iou_issue(struct task *t, struct iou_req *req);
/* iou_op_supported - does iou_issue implement opcode @op? */
bool iou_op_supported(unsigned int op);

/* ---- io_uring_wait.c ---- */
/* iou_poll_arm - wait for @events on req->file; completes or retries it. -EIOCBQUEUED or result. */
long iou_poll_arm(struct iou_req *req, u32 events, enum iou_wait kind);
/* iou_poll_disarm - leave every wait queue @req registered on. */
void iou_poll_disarm(struct iou_req *req);
/* iou_poll_host - re-check pending POLL_ADDs on files without wake-ups. */
void iou_poll_host(struct iou_ring *r);
/* iou_timeout_arm - start TIMEOUT @req. -EIOCBQUEUED or -errno. */
long iou_timeout_arm(struct task *t, struct iou_req *req);
/* iou_timeouts_check - complete count-based timeouts that are due. */
void iou_timeouts_check(struct iou_ring *r);
/* iou_cancel - cancel the pending request with @user_data of kind @kind (NONE: any). */
int iou_cancel(struct iou_ring *r, u64 user_data, enum iou_wait kind);

/* EIOCBQUEUED: the kernel's "request queued" code (never user visible). */
#ifndef EIOCBQUEUED
#define EIOCBQUEUED 529
#endif

#endif
