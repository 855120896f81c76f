// SPDX-License-Identifier: MIT
/*
 * io_uring_ops.c - the operations an SQE asks for.
 *
 * Reads and writes go through the VFS on the request's file (fd or
 * registered file). Path and socket operations call the same handlers as
 * their system calls, with the SQE's fields as arguments. An operation on
 * a file that would block (pipe, socket, terminal without O_NONBLOCK) is
 * first tried without blocking; on -EAGAIN it waits for readiness on the
 * file's wait queues and is run again by the ring's task work.
 */
#include <linux/errno.h>
#include <linux/fcntl.h>

#include "fs/io_uring.h"
#include "fs/fs_uapi.h"
#include "fs/rw_iov.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "net/net_uapi.h"
#include "syscalls/syscall.h"

#define IOU_SQE_FLAGS (IOSQE_FIXED_FILE | IOSQE_IO_DRAIN | IOSQE_IO_LINK | \
		       IOSQE_IO_HARDLINK | IOSQE_ASYNC | IOSQE_CQE_SKIP_SUCCESS)
#define IOU_IOV_MAX 1024

/* Resolve the SQE's fd (or registered file index) into req->file. */
static int req_file(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;
	struct iou_ring *r = req->ring;

	if (req->file)
		return 0;
	if (s->flags & IOSQE_FIXED_FILE) {
		if ((u32)s->fd >= r->nr_files || !r->files[s->fd])
			return -EBADF;
		req->file = r->files[s->fd];
		file_get(req->file);
		return 0;
	}
	req->file = fd_get(t, s->fd);
	return req->file ? 0 : -EBADF;
}

/* Call system-call handler @fn (weak: may be missing) with @args. */
static long call_sys(syscall_fn_t fn, struct task *t, u64 a0, u64 a1, u64 a2,
		     u64 a3, u64 a4, u64 a5)
{
	struct syscall_args sa = { .a = { a0, a1, a2, a3, a4, a5 } };

	if (!fn)
		return -EINVAL;
	return fn(t, &sa);
}

/* May an operation on @f block? (then it is tried without blocking first) */
static bool may_block(struct file *f)
{
	return !(f->flags & O_NONBLOCK) && !file_seekable(f);
}

/* A registered buffer must contain [addr, addr + len). */
static int fixed_buf_check(struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;
	struct iou_ring *r = req->ring;
	struct iou_buf *b;

	if (s->buf_index >= r->nr_bufs)
		return -EFAULT;
	b = &r->bufs[s->buf_index];
	if (s->addr < b->base || s->addr + s->len < s->addr ||
	    s->addr + s->len > b->base + b->len)
		return -EFAULT;
	return 0;
}

/* One read or write of @req on req->file. */
static long rw_once(struct iou_req *req, bool write, bool vectored)
{
	const struct io_uring_sqe *s = &req->sqe;
	struct file *f = req->file;
	loff_t p = (loff_t)s->off, *pos = &p;
	struct kiovec v = { .base = s->addr, .len = s->len };

	if (write ? !file_writable(f) : !file_readable(f))
		return -EBADF;
	if (p == -1 || !file_seekable(f))
		pos = NULL;	/* the current position (RW_CUR_POS) */
	else if (p < 0)
		return -EINVAL;
	if (!vectored)
		return rw_kiov(f, req->mm, &v, 1, pos, write);
	if (s->len > IOU_IOV_MAX)
		return -EINVAL;
	return rw_uiov(f, req->mm, s->addr, s->len, pos, write);
}

/* Run one attempt of @req's operation; @nonblock: must not block. */
static long op_once(struct task *t, struct iou_req *req, bool nonblock);

/*
 * Run @req; when it would block, wait for @events on its file and run it
 * again later. A file with no wake-ups gets one blocking attempt.
 */
static long nowait_loop(struct task *t, struct iou_req *req, u32 events)
{
	struct file *f = req->file;
	bool nb;
	long r;
	int tries;

	for (tries = 0;; tries++) {
		unsigned int saved = f->flags;

		nb = may_block(f) && tries < 2;
		if (nb)
			f->flags |= O_NONBLOCK;
		r = op_once(t, req, nb);
		if (nb)
			f->flags = (f->flags & ~O_NONBLOCK) |
				   (saved & O_NONBLOCK);
		if (r != -EAGAIN || !nb)
			return r;
		r = iou_poll_arm(req, events, IOU_WAIT_RETRY);
		if (r != -EAGAIN)
			return r;
	}
}

static long op_once(struct task *t, struct iou_req *req, bool nonblock)
{
	const struct io_uring_sqe *s = &req->sqe;
	u32 dontwait = nonblock ? MSG_DONTWAIT : 0;

	switch (s->opcode) {
	case IORING_OP_READV:
		return rw_once(req, false, true);
	case IORING_OP_WRITEV:
		return rw_once(req, true, true);
	case IORING_OP_READ:
	case IORING_OP_READ_FIXED:
		return rw_once(req, false, false);
	case IORING_OP_WRITE:
	case IORING_OP_WRITE_FIXED:
		return rw_once(req, true, false);
	case IORING_OP_SEND:
		return call_sys(sys_sendto, t, s->fd, s->addr, s->len,
				s->msg_flags | dontwait, 0, 0);
	case IORING_OP_RECV:
		return call_sys(sys_recvfrom, t, s->fd, s->addr, s->len,
				s->msg_flags | dontwait, 0, 0);
	case IORING_OP_SENDMSG:
		return call_sys(sys_sendmsg, t, s->fd, s->addr,
				s->msg_flags | dontwait, 0, 0, 0);
	case IORING_OP_RECVMSG:
		return call_sys(sys_recvmsg, t, s->fd, s->addr,
				s->msg_flags | dontwait, 0, 0, 0);
	case IORING_OP_ACCEPT:
		return call_sys(sys_accept4, t, s->fd, s->addr, s->addr2,
				s->accept_flags, 0, 0);
	default:
		return -EINVAL;
	}
}

/* An operation on a file that may block: resolve it, then nowait_loop. */
static long op_file_io(struct task *t, struct iou_req *req, u32 events,
		       bool fd_only)
{
	const struct io_uring_sqe *s = &req->sqe;
	int err;

	/* Multishot and the like (ioprio flags): not supported. */
	if (fd_only && (s->ioprio & ~IORING_RECVSEND_POLL_FIRST))
		return -EINVAL;
	/* Socket calls take the fd: a registered file cannot stand in. */
	if (fd_only && (s->flags & IOSQE_FIXED_FILE))
		return -EBADF;
	err = req_file(t, req);
	if (err)
		return err;
	if ((s->opcode == IORING_OP_READ_FIXED ||
	     s->opcode == IORING_OP_WRITE_FIXED) && fixed_buf_check(req))
		return -EFAULT;
	return nowait_loop(t, req, events);
}

static long op_fsync(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;
	int err;

	if (s->fsync_flags & ~IORING_FSYNC_DATASYNC)
		return -EINVAL;
	err = req_file(t, req);
	if (err)
		return err;
	if (req->file->ops && req->file->ops->fsync)
		return req->file->ops->fsync(req->file);
	return 0;
}

static long op_poll_add(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;
	int err;

	if (s->len || s->off || s->addr || s->buf_index)
		return -EINVAL;	/* multishot and updates: not supported */
	err = req_file(t, req);
	if (err)
		return err;
	return iou_poll_arm(req, s->poll32_events, IOU_WAIT_POLL);
}

static long op_close(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;
	struct file *f;
	bool ring;

	if (s->off || s->addr || s->len || s->rw_flags || s->buf_index ||
	    s->file_index || (s->flags & IOSQE_FIXED_FILE))
		return -EINVAL;
	f = fd_get(t, s->fd);
	if (!f)
		return -EBADF;
	ring = iou_file_ring(f) != NULL;
	file_put(f);
	if (ring)
		return -EBADF;
	return call_sys(sys_close, t, s->fd, 0, 0, 0, 0, 0);
}

/* Opcodes that only take an fd through their system call. */
static bool fixed_unsupported(const struct io_uring_sqe *s)
{
	return s->flags & IOSQE_FIXED_FILE;
}

/* Everything else: a system call with the SQE's fields. */
static long op_syscall(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;

	switch (s->opcode) {
	case IORING_OP_OPENAT:
		if (s->file_index)
			return -EINVAL;
		return call_sys(sys_openat, t, s->fd, s->addr, s->open_flags,
				s->len, 0, 0);
	case IORING_OP_OPENAT2:
		if (s->file_index)
			return -EINVAL;
		return call_sys(sys_openat2, t, s->fd, s->addr, s->addr2,
				s->len, 0, 0);
	case IORING_OP_STATX:
		return call_sys(sys_statx, t, s->fd, s->addr, s->statx_flags,
				s->len, s->addr2, 0);
	case IORING_OP_RENAMEAT:
		return call_sys(sys_renameat2, t, s->fd, s->addr, s->len,
				s->addr2, s->rename_flags, 0);
	case IORING_OP_UNLINKAT:
		return call_sys(sys_unlinkat, t, s->fd, s->addr,
				s->unlink_flags, 0, 0, 0);
	case IORING_OP_MKDIRAT:
		return call_sys(sys_mkdirat, t, s->fd, s->addr, s->len, 0, 0,
				0);
	case IORING_OP_SYMLINKAT:
		return call_sys(sys_symlinkat, t, s->addr, s->fd, s->addr2, 0,
				0, 0);
	case IORING_OP_LINKAT:
		return call_sys(sys_linkat, t, s->fd, s->addr, s->len,
				s->addr2, s->hardlink_flags, 0);
	case IORING_OP_FADVISE:
		return call_sys(sys_fadvise64, t, s->fd, s->off, s->len,
				s->fadvise_advice, 0, 0);
	case IORING_OP_MADVISE:
		return call_sys(sys_madvise, t, s->addr, s->len,
				s->fadvise_advice, 0, 0, 0);
	case IORING_OP_SHUTDOWN:
		return call_sys(sys_shutdown, t, s->fd, s->len, 0, 0, 0, 0);
	case IORING_OP_CONNECT:
		return call_sys(sys_connect, t, s->fd, s->addr, s->off, 0, 0,
				0);
	case IORING_OP_SYNC_FILE_RANGE:
		return call_sys(sys_sync_file_range, t, s->fd, s->off, s->len,
				s->sync_range_flags, 0, 0);
	case IORING_OP_FALLOCATE:
		return call_sys(sys_fallocate, t, s->fd, s->len, s->off,
				s->addr, 0, 0);
	case IORING_OP_EPOLL_CTL:
		return call_sys(sys_epoll_ctl, t, s->fd, s->len, s->off,
				s->addr, 0, 0);
	case IORING_OP_TEE:
		if (s->splice_flags & SPLICE_F_FD_IN_FIXED)
			return -EBADF;
		return call_sys(sys_tee, t, s->splice_fd_in, s->fd, s->len,
				s->splice_flags, 0, 0);
	default:
		return -EINVAL;
	}
}

/* iou_op_supported - see fs/io_uring.h. */
bool iou_op_supported(unsigned int op)
{
	switch (op) {
	case IORING_OP_NOP:
	case IORING_OP_READV:
	case IORING_OP_WRITEV:
	case IORING_OP_FSYNC:
	case IORING_OP_READ_FIXED:
	case IORING_OP_WRITE_FIXED:
	case IORING_OP_POLL_ADD:
	case IORING_OP_POLL_REMOVE:
	case IORING_OP_SYNC_FILE_RANGE:
	case IORING_OP_SENDMSG:
	case IORING_OP_RECVMSG:
	case IORING_OP_TIMEOUT:
	case IORING_OP_TIMEOUT_REMOVE:
	case IORING_OP_ACCEPT:
	case IORING_OP_ASYNC_CANCEL:
	case IORING_OP_CONNECT:
	case IORING_OP_FALLOCATE:
	case IORING_OP_OPENAT:
	case IORING_OP_CLOSE:
	case IORING_OP_STATX:
	case IORING_OP_READ:
	case IORING_OP_WRITE:
	case IORING_OP_FADVISE:
	case IORING_OP_MADVISE:
	case IORING_OP_SEND:
	case IORING_OP_RECV:
	case IORING_OP_OPENAT2:
	case IORING_OP_EPOLL_CTL:
	case IORING_OP_TEE:
	case IORING_OP_SHUTDOWN:
	case IORING_OP_RENAMEAT:
	case IORING_OP_UNLINKAT:
	case IORING_OP_MKDIRAT:
	case IORING_OP_SYMLINKAT:
	case IORING_OP_LINKAT:
		return true;
	default:
		return false;
	}
}

/* iou_issue - see fs/io_uring.h. */
long iou_issue(struct task *t, struct iou_req *req)
{
	const struct io_uring_sqe *s = &req->sqe;

	if (s->flags & ~IOU_SQE_FLAGS)
		return -EINVAL;
	switch (s->opcode) {
	case IORING_OP_NOP:
		return 0;
	case IORING_OP_READV:
	case IORING_OP_READ:
	case IORING_OP_READ_FIXED:
		return op_file_io(t, req, POLLIN, false);
	case IORING_OP_WRITEV:
	case IORING_OP_WRITE:
	case IORING_OP_WRITE_FIXED:
		return op_file_io(t, req, POLLOUT, false);
	case IORING_OP_RECV:
	case IORING_OP_RECVMSG:
	case IORING_OP_ACCEPT:
		return op_file_io(t, req, POLLIN, true);
	case IORING_OP_SEND:
	case IORING_OP_SENDMSG:
		return op_file_io(t, req, POLLOUT, true);
	case IORING_OP_FSYNC:
		return op_fsync(t, req);
	case IORING_OP_POLL_ADD:
		return op_poll_add(t, req);
	case IORING_OP_POLL_REMOVE:
		if (s->len)
			return -EINVAL;	/* poll updates: not supported */
		return iou_cancel(req->ring, s->addr, IOU_WAIT_POLL);
	case IORING_OP_TIMEOUT:
		return iou_timeout_arm(t, req);
	case IORING_OP_TIMEOUT_REMOVE:
		if (s->timeout_flags)
			return -EINVAL;	/* timeout updates: not supported */
		return iou_cancel(req->ring, s->addr, IOU_WAIT_TIMEOUT);
	case IORING_OP_ASYNC_CANCEL:
		if (s->cancel_flags)
			return -EINVAL;
		return iou_cancel(req->ring, s->addr, IOU_WAIT_NONE);
	case IORING_OP_CLOSE:
		return op_close(t, req);
	default:
		if (!iou_op_supported(s->opcode))
			return -EINVAL;
		if (fixed_unsupported(s))
			return -EBADF;
		return op_syscall(t, req);
	}
}
