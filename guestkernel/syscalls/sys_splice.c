/* SPDX-License-Identifier: MIT */
/*
 * splice tee vmsplice: moving data through pipes without a user buffer.
 * The data is copied through a kernel buffer (no page gifting): pipe to
 * file peeks, writes, then consumes what the file took, so a short write
 * leaves the rest in the pipe; file to pipe reads only what fits.
 */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define SPLICE_F_MOVE 0x01
#define SPLICE_F_NONBLOCK 0x02
#define SPLICE_F_MORE 0x04
#define SPLICE_F_GIFT 0x08
#define SPLICE_F_ALL (SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | \
		      SPLICE_F_GIFT)

/* Most bytes one call moves (a pipe's capacity). */
#define SPLICE_CHUNK (64 * 1024)
#define VMSPLICE_MAX_SEGS 1024

static bool positional(struct file *f)
{
	return f->inode && (S_ISREG(f->inode->mode) || S_ISBLK(f->inode->mode));
}

/* Does this transfer not wait on pipe @p? */
static bool nonblocking(struct file *p, unsigned int flags)
{
	return (flags & SPLICE_F_NONBLOCK) || (p->flags & O_NONBLOCK);
}

/* Pipe @in to pipe @out: up to @len bytes that fit. */
static ssize_t splice_pipe_pipe(struct file *in, struct file *out, size_t len,
				unsigned int flags, u8 *buf, bool consume)
{
	ssize_t n, room;
	size_t pushed;

	n = pipe_peek(in, buf, min(len, (size_t)SPLICE_CHUNK),
		      nonblocking(in, flags));
	if (n <= 0)
		return n;
	room = pipe_room(out, nonblocking(out, flags));
	if (room < 0)
		return room;
	/* Waiting for room may have let a reader take some of @in. */
	n = pipe_peek(in, buf, min((size_t)n, (size_t)room), true);
	if (n <= 0)
		return n == -EAGAIN ? 0 : n;
	pushed = pipe_push(out, buf, n);
	if (consume)
		pipe_consume(in, pushed);
	return pushed;
}

/* Pipe @in to file @out at *@pos (NULL: the file position). */
static ssize_t splice_from_pipe(struct file *in, struct file *out,
				loff_t *pos, size_t len, unsigned int flags,
				u8 *buf)
{
	struct uio u = { .mm = NULL, .kbuf = buf };
	ssize_t n, w;

	n = pipe_peek(in, buf, min(len, (size_t)SPLICE_CHUNK),
		      nonblocking(in, flags));
	if (n <= 0)
		return n;
	u.len = n;
	w = vfs_write(out, &u, pos);
	if (w > 0)
		pipe_consume(in, w);
	return w;
}

/* File @in at *@pos (NULL: the file position) to pipe @out. */
static ssize_t splice_to_pipe(struct file *in, loff_t *pos, struct file *out,
			      size_t len, unsigned int flags, u8 *buf)
{
	struct uio u = { .mm = NULL, .kbuf = buf };
	ssize_t room, n;
	size_t done = 0;

	room = pipe_room(out, nonblocking(out, flags));
	if (room < 0)
		return room;
	u.len = min(len, (size_t)room);
	n = vfs_read(in, &u, pos);
	if (n <= 0)
		return n;
	/* Reading may have slept while others filled the pipe: wait for room. */
	while (done < (size_t)n) {
		done += pipe_push(out, buf + done, n - done);
		if (done < (size_t)n) {
			room = pipe_room(out, false);
			if (room < 0)
				return done ? (ssize_t)done : room;
		}
	}
	return n;
}

/* Copy in a user loff_t offset (NULL @uoff: none). */
static int get_offset(struct task *t, uaddr_t uoff, loff_t *off)
{
	if (!uoff)
		return 0;
	if (copy_in(t->mm, off, uoff, sizeof(*off)))
		return -EFAULT;
	return *off < 0 ? -EINVAL : 0;
}

static ssize_t do_splice(struct task *t, struct file *in, uaddr_t uoff_in,
			 struct file *out, uaddr_t uoff_out, size_t len,
			 unsigned int flags)
{
	bool pin = file_is_pipe(in), pout = file_is_pipe(out);
	loff_t off = 0;
	ssize_t r;
	u8 *buf;

	if (!file_readable(in) || !file_writable(out))
		return -EBADF;
	if (!pin && !pout)
		return -EINVAL;
	if ((pin && uoff_in) || (pout && uoff_out))
		return -ESPIPE;
	if (pin && pout && in->priv == out->priv)
		return -EINVAL;
	if (!pout && (out->flags & O_APPEND))
		return -EINVAL;
	if ((uoff_in && !positional(in)) || (uoff_out && !positional(out)))
		return -ESPIPE;
	r = get_offset(t, uoff_in ? uoff_in : uoff_out, &off);
	if (r)
		return r;
	if (!len)
		return 0;
	buf = kmalloc(SPLICE_CHUNK);
	if (!buf)
		return -ENOMEM;
	if (pin && pout)
		r = splice_pipe_pipe(in, out, len, flags, buf, true);
	else if (pin)
		r = splice_from_pipe(in, out, uoff_out ? &off : NULL, len,
				     flags, buf);
	else
		r = splice_to_pipe(in, uoff_in ? &off : NULL, out, len, flags,
				   buf);
	kfree(buf);
	if (r > 0 && (uoff_in || uoff_out) &&
	    copy_out(t->mm, uoff_in ? uoff_in : uoff_out, &off, sizeof(off)))
		return -EFAULT;
	return r;
}

SYSCALL_DEFINE(splice)
{
	unsigned int flags = (unsigned int)a->a[5];
	struct file *in, *out;
	ssize_t r;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	in = fd_get(t, (int)a->a[0]);
	out = fd_get(t, (int)a->a[2]);
	if (!in || !out)
		r = -EBADF;
	else
		r = do_splice(t, in, a->a[1], out, a->a[3], a->a[4], flags);
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return r;
}

SYSCALL_DEFINE(tee)
{
	unsigned int flags = (unsigned int)a->a[3];
	size_t len = a->a[2];
	struct file *in, *out;
	ssize_t r;
	u8 *buf;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	in = fd_get(t, (int)a->a[0]);
	out = fd_get(t, (int)a->a[1]);
	if (!in || !out)
		r = -EBADF;
	else if (!file_is_pipe(in) || !file_is_pipe(out) ||
		 in->priv == out->priv)
		r = -EINVAL;
	else if (!file_readable(in) || !file_writable(out))
		r = -EBADF;
	else if (!len)
		r = 0;
	else if (!(buf = kmalloc(SPLICE_CHUNK)))
		r = -ENOMEM;
	else {
		r = splice_pipe_pipe(in, out, len, flags, buf, false);
		kfree(buf);
	}
	if (in)
		file_put(in);
	if (out)
		file_put(out);
	return r;
}

SYSCALL_DEFINE(vmsplice)
{
	unsigned int flags = (unsigned int)a->a[3];
	u64 nr = a->a[2], k;
	struct { u64 base, len; } v;
	struct file *f;
	ssize_t total = 0, r = 0;
	bool to_pipe, nb;

	if (flags & ~SPLICE_F_ALL)
		return -EINVAL;
	f = fd_get(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	if (!file_is_pipe(f)) {
		file_put(f);
		return -EBADF;
	}
	if (nr > VMSPLICE_MAX_SEGS) {
		file_put(f);
		return -EINVAL;
	}
	to_pipe = file_writable(f);
	nb = nonblocking(f, flags);
	for (k = 0; k < nr; k++) {
		struct uio u = { .mm = t->mm };

		if (copy_in(t->mm, &v, a->a[1] + k * sizeof(v), sizeof(v))) {
			r = -EFAULT;
			break;
		}
		if ((s64)v.len < 0) {
			r = -EINVAL;
			break;
		}
		if (!v.len)
			continue;
		u.ubuf = v.base;
		u.len = v.len;
		r = to_pipe ? pipe_write_uio(f, &u, nb) :
			      pipe_read_uio(f, &u, nb);
		if (r <= 0)
			break;
		total += r;
		if ((u64)r < v.len)
			break;
		/* Reading out: later segments do not wait once data came. */
		if (!to_pipe)
			nb = true;
		r = 0;
	}
	file_put(f);
	return total ? total : r;
}
