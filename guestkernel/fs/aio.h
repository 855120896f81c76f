/* SPDX-License-Identifier: MIT */
/*
 * Linux native AIO (io_setup, io_submit, io_getevents, io_cancel,
 * io_destroy): contexts that belong to an mm, requests, completions.
 * The syscalls live in syscalls/sys_aio.c; fs/aio_ctx.c owns contexts and
 * the completion queue, fs/aio_submit.c turns iocbs into requests.
 */
#ifndef FS_AIO_H
#define FS_AIO_H

#include "klib/klib.h"
#include "kernel/sched.h"

struct task;
struct file;
struct mm;

/* struct iocb of <linux/aio_abi.h> (x86_64, little endian), 64 bytes. */
struct aio_iocb {
	u64 aio_data;
	u32 aio_key;
	u32 aio_rw_flags;
	u16 aio_lio_opcode;
	s16 aio_reqprio;
	u32 aio_fildes;
	u64 aio_buf;
	u64 aio_nbytes;
	s64 aio_offset;
	u64 aio_reserved2;
	u32 aio_flags;
	u32 aio_resfd;
};

/* struct io_event of <linux/aio_abi.h>, 32 bytes. */
struct aio_event {
	u64 data, obj;
	s64 res, res2;
};

/* The value io_submit stores in iocb.aio_key and io_cancel expects. */
#define AIO_KIOCB_KEY 0
/* fs.aio-max-nr: events all contexts of the sandbox may ask for. */
#define AIO_MAX_NR 65536
/* Poll wait queues one POLL request registers on. */
#define AIO_POLL_WAITS 4

struct aio_ctx;

struct aio_poll_wait {
	struct wait_entry we;
	struct waitqueue *wq;
	struct aio_req *req;
};

/* One submitted iocb: in flight (POLL only) or completed, until reaped. */
struct aio_req {
	struct list_head link;		/* aio_ctx.active or aio_ctx.done */
	struct aio_ctx *ctx;
	struct file *file;		/* referenced; NULL once dropped */
	struct file *resfd;		/* eventfd to signal, referenced, or NULL */
	struct aio_event ev;
	bool done;
	unsigned int events;		/* POLL: requested mask | POLLERR | POLLHUP */
	int nwait;
	struct aio_poll_wait waits[AIO_POLL_WAITS];
};

/* An AIO context: its id is the user address of its ring mapping. */
struct aio_ctx {
	struct list_head link;		/* the mm's contexts */
	int refs;			/* the mm's list + syscalls using it */
	struct mm *mm;
	u64 id;				/* ring mapping address */
	u64 ring_size;			/* bytes mapped at @id */
	unsigned int max_reqs;		/* io_setup's nr_events (aio-max-nr share) */
	unsigned int nr_events;		/* ring entries, as Linux sizes the ring */
	unsigned int nr_reqs;		/* submitted and not yet reaped */
	unsigned int nr_done;
	struct list_head active;	/* in-flight requests */
	struct list_head done;		/* completions in order */
	struct waitqueue wq;		/* io_getevents sleepers */
	bool dead;
};

/* aio_ctx_create - io_setup: a context for @nr_events in @t's mm; id in *@id. 0 or -errno. */
int aio_ctx_create(struct task *t, unsigned int nr_events, u64 *id);
/* aio_ctx_lookup - referenced live context @id of @mm, or NULL (aio_ctx_put it). */
struct aio_ctx *aio_ctx_lookup(struct mm *mm, u64 id);
/* aio_ctx_put - drop a reference from aio_ctx_lookup. */
void aio_ctx_put(struct aio_ctx *ctx);
/* aio_ctx_destroy - io_destroy: cancel and drop every request, unmap the ring. 0 or -EINVAL. */
int aio_ctx_destroy(struct aio_ctx *ctx);
/*
 * aio_ctx_getevents - wait until @min_nr completions (monotonic @deadline,
 * 0: none; @nowait: just collect) and copy up to @nr to user @uevents.
 * Count, -EINVAL (context destroyed), -EFAULT or -EINTR when nothing came.
 */
long aio_ctx_getevents(struct task *t, struct aio_ctx *ctx, long min_nr,
		       long nr, uaddr_t uevents, u64 deadline, bool nowait);

/* aio_req_alloc - a request slot of @ctx; NULL when the ring is full (-EAGAIN). */
struct aio_req *aio_req_alloc(struct aio_ctx *ctx);
/* aio_req_free - give back an unsubmitted request (its references dropped). */
void aio_req_free(struct aio_req *req);
/* aio_complete - queue @req's event with result @res, signal its eventfd, wake reapers. */
void aio_complete(struct aio_req *req, s64 res);
/* aio_req_activate - @req waits (POLL): track it for io_cancel and io_destroy. */
void aio_req_activate(struct aio_req *req);

/*
 * aio_submit_one - io_submit of the iocb at user @uiocb into @ctx: run a
 * read/write/fsync now, or arm a POLL. 0, or -errno for this iocb.
 */
int aio_submit_one(struct task *t, struct aio_ctx *ctx, uaddr_t uiocb);
/* aio_poll_unregister - take a POLL request off the wait queues it is on. */
void aio_poll_unregister(struct aio_req *req);
/* aio_poll_cancel - complete a waiting POLL request with its readiness now. */
void aio_poll_cancel(struct aio_req *req);
/* aio_ctx_cancel - io_cancel of the request for user iocb @obj. -EINPROGRESS or -EINVAL. */
int aio_ctx_cancel(struct aio_ctx *ctx, u64 obj);

#endif
