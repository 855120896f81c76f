/* SPDX-License-Identifier: MIT */
/*
 * read/write family: read write pread64 pwrite64 readv writev preadv
 * pwritev preadv2 pwritev2 lseek sendfile.
 */
#include <linux/fs.h>

#include "fs/vfs_internal.h"
#include "fs/rw_iov.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define IOV_MAX_COUNT 1024

/* One read or write of @len bytes at user @buf. */
static ssize_t do_rw(struct task *t, int fd, uaddr_t buf, size_t len,
		     loff_t *pos, bool write)
{
	struct uio u = { .mm = t->mm, .ubuf = buf, .len = len };
	struct file *f = fd_get(t, fd);
	ssize_t r;

	if (!f)
		return -EBADF;
	if ((ssize_t)len < 0)
		u.len = len = 0x7ffff000;
	if (pos && !file_seekable(f))
		r = -ESPIPE;
	else if (pos && *pos < 0)
		r = -EINVAL;
	else
		r = write ? vfs_write(f, &u, pos) : vfs_read(f, &u, pos);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(read)
{
	return do_rw(t, (int)a->a[0], a->a[1], a->a[2], NULL, false);
}

SYSCALL_DEFINE(write)
{
	return do_rw(t, (int)a->a[0], a->a[1], a->a[2], NULL, true);
}

SYSCALL_DEFINE(pread64)
{
	loff_t pos = (loff_t)a->a[3];

	return do_rw(t, (int)a->a[0], a->a[1], a->a[2], &pos, false);
}

SYSCALL_DEFINE(pwrite64)
{
	loff_t pos = (loff_t)a->a[3];

	return do_rw(t, (int)a->a[0], a->a[1], a->a[2], &pos, true);
}

/* Vectored I/O over @cnt iovecs at user @iov. */
static ssize_t do_rwv(struct task *t, int fd, uaddr_t iov, u64 cnt,
		      loff_t *pos, bool write)
{
	struct file *f;
	ssize_t r;

	if (cnt > IOV_MAX_COUNT)
		return -EINVAL;
	f = fd_get(t, fd);
	if (!f)
		return -EBADF;
	if (pos && !file_seekable(f)) {
		file_put(f);
		return -ESPIPE;
	}
	r = rw_uiov(f, t->mm, iov, cnt, pos, write);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(readv)
{
	return do_rwv(t, (int)a->a[0], a->a[1], a->a[2], NULL, false);
}

SYSCALL_DEFINE(writev)
{
	return do_rwv(t, (int)a->a[0], a->a[1], a->a[2], NULL, true);
}

SYSCALL_DEFINE(preadv)
{
	loff_t pos = (loff_t)a->a[3];

	if (pos < 0)
		return -EINVAL;
	return do_rwv(t, (int)a->a[0], a->a[1], a->a[2], &pos, false);
}

SYSCALL_DEFINE(pwritev)
{
	loff_t pos = (loff_t)a->a[3];

	if (pos < 0)
		return -EINVAL;
	return do_rwv(t, (int)a->a[0], a->a[1], a->a[2], &pos, true);
}

SYSCALL_DEFINE(lseek)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	loff_t r;

	if (!f)
		return -EBADF;
	if (f->ops && f->ops->llseek)
		r = f->ops->llseek(f, (loff_t)a->a[1], (int)a->a[2]);
	else if (!file_seekable(f))
		r = -ESPIPE;
	else
		r = generic_llseek(f, (loff_t)a->a[1], (int)a->a[2]);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(sendfile)
{
	struct file *out = fd_get(t, (int)a->a[0]);
	struct file *in = fd_get(t, (int)a->a[1]);
	size_t count = a->a[3], done = 0;
	loff_t off, *pos = NULL;
	ssize_t r = 0;
	u8 *buf = NULL;

	if (!out || !in) {
		r = -EBADF;
		goto out;
	}
	if (a->a[2]) {
		if (copy_in(t->mm, &off, a->a[2], sizeof(off))) {
			r = -EFAULT;
			goto out;
		}
		pos = &off;
	}
	buf = kmalloc(65536);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	while (done < count) {
		struct uio u = { .mm = NULL, .kbuf = buf,
				 .len = min((size_t)65536, count - done) };
		ssize_t n = vfs_read(in, &u, pos), w;

		if (n <= 0) {
			r = n;
			break;
		}
		u.len = n;
		w = vfs_write(out, &u, NULL);
		if (w < 0) {
			r = w;
			break;
		}
		done += w;
		if (w < n)
			break;
	}
	if (pos && copy_out(t->mm, a->a[2], &off, sizeof(off)))
		r = -EFAULT;
out:
	kfree(buf);
	file_put(out);
	file_put(in);
	return done ? (ssize_t)done : r;
}

/*
 * preadv2/pwritev2: offset -1 uses and moves the file position. RWF_HIPRI
 * and RWF_DSYNC are hints, RWF_SYNC (and DSYNC for writes) syncs after a
 * write, RWF_APPEND writes at the end, RWF_NOWAIT is honoured on pipes
 * and sockets (nonblocking) and refused with -EOPNOTSUPP elsewhere.
 */
static ssize_t do_rwv2(struct task *t, const struct syscall_args *a,
		       bool write)
{
	loff_t pos = (loff_t)a->a[3];
	u32 rwf = (u32)a->a[5];
	unsigned int saved;
	struct file *f;
	ssize_t r;

	if (rwf & ~(u32)RWF_SUPPORTED)
		return -EOPNOTSUPP;
	if (pos < -1)
		return -EINVAL;
	f = fd_get(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	saved = f->flags;
	if (rwf & RWF_NOWAIT) {
		if (!f->inode || (!S_ISFIFO(f->inode->mode) &&
				  !S_ISSOCK(f->inode->mode))) {
			file_put(f);
			return -EOPNOTSUPP;
		}
		f->flags |= O_NONBLOCK;
	}
	if (write && (rwf & RWF_APPEND))
		f->flags |= O_APPEND;
	r = do_rwv(t, (int)a->a[0], a->a[1], a->a[2], pos == -1 ? NULL : &pos,
		   write);
	/* Give back only the flags this call set (fcntl may have run). */
	f->flags &= ~((f->flags ^ saved) & (O_NONBLOCK | O_APPEND) & ~saved);
	if (write && r > 0 && (rwf & (RWF_SYNC | RWF_DSYNC)) && f->ops &&
	    f->ops->fsync) {
		int err = f->ops->fsync(f);

		if (err)
			r = err;
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(preadv2)
{
	return do_rwv2(t, a, false);
}

SYSCALL_DEFINE(pwritev2)
{
	return do_rwv2(t, a, true);
}
