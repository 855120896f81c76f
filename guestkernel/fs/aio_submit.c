/* SPDX-License-Identifier: MIT */
/*
 * io_submit of one iocb. Reads, writes and syncs run to completion inside
 * io_submit (Linux does the same for buffered files) and queue their
 * event; IOCB_CMD_POLL checks readiness and, when not ready, registers on
 * the file's wait queues and completes from the wake-up (one shot).
 * Errors the iocb itself causes are returned to io_submit; errors of the
 * I/O are the event's result, as in Linux.
 */
#include <linux/errno.h>
#include <linux/aio_abi.h>
#include <linux/fs.h>
#include <linux/ioprio.h>

#include "fs/aio.h"
#include "fs/eventfd.h"
#include "fs/fs_uapi.h"
#include "fs/rw_iov.h"
#include "fs/vfs_internal.h"
#include "kernel/task.h"
#include "mm/mm.h"

#define AIO_IOV_MAX 1024
/* Linux's TASK_SIZE_MAX: access_ok() limit for the buffers. */
#define AIO_USER_LIMIT 0x7ffffffff000ULL
#define AIO_MAX_RW 0x7ffff000ULL

/* The buffers of a read/write iocb, checked as Linux imports them. */
static int aio_import(struct task *t, const struct aio_iocb *cb, bool vectored,
		      struct kiovec **out, u64 *nvec)
{
	struct kiovec *v;
	u64 k, total = 0;

	if (!vectored) {
		if (cb->aio_buf + cb->aio_nbytes < cb->aio_buf ||
		    cb->aio_buf + cb->aio_nbytes > AIO_USER_LIMIT)
			return -EFAULT;
		v = kmalloc(sizeof(*v));
		if (!v)
			return -ENOMEM;
		v->base = cb->aio_buf;
		v->len = min(cb->aio_nbytes, AIO_MAX_RW);
		*out = v;
		*nvec = 1;
		return 0;
	}
	if (cb->aio_nbytes > AIO_IOV_MAX)
		return -EINVAL;
	v = kmalloc((cb->aio_nbytes ? cb->aio_nbytes : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (copy_in(t->mm, v, cb->aio_buf, cb->aio_nbytes * sizeof(*v))) {
		kfree(v);
		return -EFAULT;
	}
	for (k = 0; k < cb->aio_nbytes; k++) {
		if ((s64)v[k].len < 0) {
			kfree(v);
			return -EINVAL;
		}
		if (v[k].base + v[k].len < v[k].base ||
		    v[k].base + v[k].len > AIO_USER_LIMIT) {
			kfree(v);
			return -EFAULT;
		}
		if (total + v[k].len > AIO_MAX_RW)
			v[k].len = AIO_MAX_RW - total;
		total += v[k].len;
	}
	*out = v;
	*nvec = cb->aio_nbytes;
	return 0;
}

/* Run the transfer over @v; bytes done or -errno (the event result). */
static s64 aio_do_rw(struct task *t, struct file *f, struct kiovec *v,
		     u64 nvec, loff_t *pos, bool write)
{
	s64 r = rw_kiov(f, t->mm, v, nvec, pos, write);

	if (r == -ERESTARTSYS || r == -ERESTARTNOINTR || r == -ERESTARTNOHAND)
		r = -EINTR;
	return r;
}

static int aio_rw(struct task *t, struct aio_req *req,
		  const struct aio_iocb *cb, bool vectored, bool write)
{
	struct file *f = req->file;
	struct kiovec *v;
	unsigned int saved;
	loff_t pos = cb->aio_offset;
	bool seekable = file_seekable(f);
	u64 nvec;
	s64 res;
	int r;

	if (cb->aio_flags & IOCB_FLAG_IOPRIO) {
		int class = IOPRIO_PRIO_CLASS((u16)cb->aio_reqprio);

		if (class > IOPRIO_CLASS_IDLE)
			return -EINVAL;
		if (class == IOPRIO_CLASS_RT && !capable(t, 21) &&
		    !capable(t, 23))	/* CAP_SYS_ADMIN, CAP_SYS_NICE */
			return -EPERM;
	}
	if (cb->aio_rw_flags & ~(u32)RWF_SUPPORTED)
		return -EOPNOTSUPP;
	if ((cb->aio_rw_flags & RWF_NOWAIT) &&
	    (!f->inode || (!S_ISREG(f->inode->mode) &&
			   !S_ISFIFO(f->inode->mode) &&
			   !S_ISSOCK(f->inode->mode))))
		return -EOPNOTSUPP;
	if (write ? !file_writable(f) : !file_readable(f))
		return -EBADF;
	if (!f->ops || !(write ? f->ops->write : f->ops->read))
		return -EINVAL;
	r = aio_import(t, cb, vectored, &v, &nvec);
	if (r)
		return r;
	if (seekable && pos < 0) {
		kfree(v);
		return -EINVAL;
	}
	saved = f->flags;
	if (cb->aio_rw_flags & RWF_NOWAIT)
		f->flags |= O_NONBLOCK;
	if (write && (cb->aio_rw_flags & RWF_APPEND))
		f->flags |= O_APPEND;
	res = aio_do_rw(t, f, v, nvec, seekable ? &pos : NULL, write);
	/* Give back only the flags this call set (fcntl may have run). */
	f->flags &= ~((f->flags ^ saved) & (O_NONBLOCK | O_APPEND) & ~saved);
	if (write && res > 0 && (cb->aio_rw_flags & (RWF_SYNC | RWF_DSYNC)) &&
	    f->ops->fsync) {
		int err = f->ops->fsync(f);

		if (err)
			res = err;
	}
	kfree(v);
	aio_complete(req, res);
	return 0;
}

static int aio_fsync(struct aio_req *req, const struct aio_iocb *cb)
{
	struct file *f = req->file;
	bool regular = f->inode && (S_ISREG(f->inode->mode) ||
				    S_ISDIR(f->inode->mode));

	if (cb->aio_buf || cb->aio_offset || cb->aio_nbytes || cb->aio_rw_flags)
		return -EINVAL;
	/* Pipes, sockets and the like have no fsync in Linux either. */
	if (!(f->ops && f->ops->fsync) && !regular)
		return -EINVAL;
	aio_complete(req, f->ops && f->ops->fsync ? f->ops->fsync(f) : 0);
	return 0;
}

/* ---- IOCB_CMD_POLL ---- */

/* Poll tables: checking only, and registering (queue_fn); poll ops never sleep. */
static struct poll_table aio_check_pt, aio_register_pt;

static unsigned int aio_poll_mask(struct aio_req *req)
{
	aio_check_pt.n = 0;
	aio_check_pt.register_waits = false;
	aio_check_pt.queue_fn = NULL;
	return vfs_poll(req->file, &aio_check_pt) & req->events;
}

/* Wake-up callback: complete once the file is ready for what was asked. */
static void aio_poll_wake(struct wait_entry *we)
{
	struct aio_poll_wait *w = container_of(we, struct aio_poll_wait, we);
	struct aio_req *req = w->req;
	unsigned int mask;

	if (req->done)
		return;
	mask = aio_poll_mask(req);
	if (mask)
		aio_complete(req, mask);
}

/* poll_wait hook while arming: one entry per distinct queue. */
static void aio_poll_queue(struct poll_table *pt, struct waitqueue *wq)
{
	struct aio_req *req = pt->queue_priv;
	struct aio_poll_wait *w;
	int k;

	for (k = 0; k < req->nwait; k++)
		if (req->waits[k].wq == wq)
			return;
	if (req->nwait >= AIO_POLL_WAITS)
		return;
	w = &req->waits[req->nwait++];
	w->req = req;
	w->wq = wq;
	w->we.task = NULL;
	w->we.func = aio_poll_wake;
	list_add_tail(&w->we.link, &wq->waiters);
}

/* aio_poll_unregister - see fs/aio.h. */
void aio_poll_unregister(struct aio_req *req)
{
	int k;

	for (k = 0; k < req->nwait; k++)
		list_del_init(&req->waits[k].we.link);
	req->nwait = 0;
}

/* aio_poll_cancel - see fs/aio.h. */
void aio_poll_cancel(struct aio_req *req)
{
	aio_complete(req, aio_poll_mask(req));
}

static int aio_poll(struct aio_req *req, const struct aio_iocb *cb)
{
	struct poll_table *pt = &aio_register_pt;
	unsigned int mask;

	if ((u16)cb->aio_buf != cb->aio_buf)
		return -EINVAL;
	if (cb->aio_offset || cb->aio_nbytes || cb->aio_rw_flags)
		return -EINVAL;
	req->events = (unsigned int)cb->aio_buf | POLLERR | POLLHUP;
	pt->n = 0;
	pt->register_waits = true;
	pt->host_polled = false;
	pt->queue_fn = aio_poll_queue;
	pt->queue_priv = req;
	mask = vfs_poll(req->file, pt) & req->events;
	pt->queue_fn = NULL;
	if (mask) {
		aio_poll_unregister(req);
		aio_complete(req, mask);
		return 0;
	}
	/* Nothing to wait on (a host-polled file): not supported, as Linux says for files without poll waits. */
	if (!req->nwait)
		return -EINVAL;
	aio_req_activate(req);
	return 0;
}

/* aio_ctx_cancel - see fs/aio.h. Only POLL requests are ever in flight. */
int aio_ctx_cancel(struct aio_ctx *ctx, u64 obj)
{
	struct aio_req *req;

	list_for_each_entry(req, &ctx->active, link) {
		if (req->ev.obj == obj) {
			aio_poll_cancel(req);
			return -EINPROGRESS;
		}
	}
	return -EINVAL;
}

/* aio_submit_one - see fs/aio.h. */
int aio_submit_one(struct task *t, struct aio_ctx *ctx, uaddr_t uiocb)
{
	struct aio_iocb cb;
	struct aio_req *req;
	u32 key = AIO_KIOCB_KEY;
	int r;

	if (copy_in(t->mm, &cb, uiocb, sizeof(cb)))
		return -EFAULT;
	if (cb.aio_reserved2 || (s64)cb.aio_nbytes < 0)
		return -EINVAL;
	req = aio_req_alloc(ctx);
	if (!req)
		return -EAGAIN;
	req->file = fd_get(t, (int)cb.aio_fildes);
	if (!req->file) {
		r = -EBADF;
		goto fail;
	}
	if (cb.aio_flags & IOCB_FLAG_RESFD) {
		req->resfd = fd_get(t, (int)cb.aio_resfd);
		if (!req->resfd) {
			r = -EBADF;
			goto fail;
		}
		if (!file_is_eventfd(req->resfd)) {
			r = -EINVAL;
			goto fail;
		}
	}
	if (copy_out(t->mm, uiocb + __builtin_offsetof(struct aio_iocb, aio_key),
		     &key, sizeof(key))) {
		r = -EFAULT;
		goto fail;
	}
	req->ev.obj = uiocb;
	req->ev.data = cb.aio_data;
	switch (cb.aio_lio_opcode) {
	case IOCB_CMD_PREAD:
		r = aio_rw(t, req, &cb, false, false);
		break;
	case IOCB_CMD_PWRITE:
		r = aio_rw(t, req, &cb, false, true);
		break;
	case IOCB_CMD_PREADV:
		r = aio_rw(t, req, &cb, true, false);
		break;
	case IOCB_CMD_PWRITEV:
		r = aio_rw(t, req, &cb, true, true);
		break;
	case IOCB_CMD_FSYNC:
	case IOCB_CMD_FDSYNC:
		r = aio_fsync(req, &cb);
		break;
	case IOCB_CMD_POLL:
		r = aio_poll(req, &cb);
		break;
	default:
		r = -EINVAL;
	}
	if (!r)
		return 0;
fail:
	aio_req_free(req);
	return r;
}
