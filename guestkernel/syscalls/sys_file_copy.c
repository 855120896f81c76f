/* SPDX-License-Identifier: MIT */
/* In-kernel copies and access hints: copy_file_range fadvise64. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/sched.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define COPY_CHUNK 65536

#ifndef POSIX_FADV_NOREUSE
#define POSIX_FADV_NORMAL 0
#define POSIX_FADV_RANDOM 1
#define POSIX_FADV_SEQUENTIAL 2
#define POSIX_FADV_WILLNEED 3
#define POSIX_FADV_DONTNEED 4
#define POSIX_FADV_NOREUSE 5
#endif

/* copy_file_range's checks on its two files: 0 or -errno. */
static long copy_check(struct file *in, struct file *out)
{
	if (!in || !out)
		return -EBADF;
	if (!file_readable(in) || !file_writable(out) ||
	    (out->flags & O_APPEND))
		return -EBADF;
	if (!in->inode || !out->inode)
		return -EINVAL;
	if (S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
		return -EISDIR;
	if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
		return -EINVAL;
	return 0;
}

/* Read an optional loff_t from user @uoff into @off; *@pos = @off or NULL. */
static long get_off(struct task *t, uaddr_t uoff, loff_t *off, loff_t **pos)
{
	*pos = NULL;
	if (!uoff)
		return 0;
	if (copy_in(t->mm, off, uoff, sizeof(*off)))
		return -EFAULT;
	if (*off < 0)
		return -EINVAL;
	*pos = off;
	return 0;
}

SYSCALL_DEFINE(copy_file_range)
{
	struct file *in = fd_get(t, (int)a->a[0]);
	struct file *out = fd_get(t, (int)a->a[2]);
	size_t len = a->a[4], done = 0;
	loff_t ioff = 0, ooff = 0, *ipos, *opos;
	ssize_t r;
	u8 *buf = NULL;

	r = a->a[5] ? -EINVAL : copy_check(in, out);
	if (!r)
		r = get_off(t, a->a[1], &ioff, &ipos);
	if (!r)
		r = get_off(t, a->a[3], &ooff, &opos);
	if (r)
		goto out;
	if (in->inode == out->inode) {
		/* Overlapping ranges of one file are refused, as on Linux. */
		loff_t is = ipos ? ioff : in->pos, os = opos ? ooff : out->pos;

		if (is < os + (loff_t)len && os < is + (loff_t)len) {
			r = -EINVAL;
			goto out;
		}
	}
	if ((loff_t)len < 0)
		len = (size_t)1 << 62;
	buf = kmalloc(COPY_CHUNK);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	while (done < len) {
		struct uio u = { .mm = NULL, .kbuf = buf,
				 .len = min((size_t)COPY_CHUNK, len - done) };
		ssize_t n = vfs_read(in, &u, ipos), w;

		if (n <= 0) {
			r = n;
			break;
		}
		u.len = n;
		w = vfs_write(out, &u, opos);
		if (w < 0) {
			r = w;
			break;
		}
		done += w;
		if (w < n) {
			/* Give back what was read but not written. */
			if (ipos)
				*ipos -= n - w;
			else
				in->pos -= n - w;
			break;
		}
		if (signal_pending_current())
			break;
	}
	if (ipos && copy_out(t->mm, a->a[1], ipos, sizeof(*ipos)))
		r = -EFAULT;
	if (opos && copy_out(t->mm, a->a[3], opos, sizeof(*opos)))
		r = -EFAULT;
out:
	kfree(buf);
	if (out)
		file_put(out);
	if (in)
		file_put(in);
	return done ? (ssize_t)done : r;
}

/*
 * fadvise64: the sentry's page cache has no read-ahead or eviction policy
 * to tune, so a valid hint changes nothing; the checks are Linux's.
 */
SYSCALL_DEFINE(fadvise64)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	s64 len = (s64)a->a[2];
	int advice = (int)a->a[3];
	long r = 0;

	if (!f)
		return -EBADF;
	if (!f->inode || S_ISFIFO(f->inode->mode) || S_ISSOCK(f->inode->mode))
		r = -ESPIPE;
	else if (advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE ||
		 len < 0)
		r = -EINVAL;
	file_put(f);
	return r;
}
