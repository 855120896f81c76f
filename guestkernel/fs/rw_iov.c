// SPDX-License-Identifier: MIT
/*
 * rw_iov.c - vectored reads and writes through the VFS, over buffers in
 * kernel memory (already imported) or iovecs still in user memory.
 */
#include <linux/errno.h>
#include <linux/stat.h>

#include "fs/rw_iov.h"
#include "mm/mm.h"

/* file_seekable - see rw_iov.h. */
bool file_seekable(struct file *f)
{
	return f->inode && (S_ISREG(f->inode->mode) ||
			    S_ISDIR(f->inode->mode) || S_ISBLK(f->inode->mode));
}

/* The walk: iovecs from @kv when it is set, else from user @uv. */
static ssize_t rw_walk(struct file *f, struct mm *mm, const struct kiovec *kv,
		       uaddr_t uv, u64 nr, loff_t *pos, bool write)
{
	ssize_t total = 0, r = 0;
	struct kiovec v;
	u64 k;

	for (k = 0; k < nr; k++) {
		struct uio u = { .mm = mm };

		if (kv) {
			v = kv[k];
		} else {
			if (copy_in(mm, &v, uv + k * sizeof(v), sizeof(v))) {
				r = -EFAULT;
				break;
			}
			if ((s64)v.len < 0) {
				r = -EINVAL;
				break;
			}
		}
		if (!v.len)
			continue;
		u.ubuf = v.base;
		u.len = v.len;
		r = write ? vfs_write(f, &u, pos) : vfs_read(f, &u, pos);
		if (r < 0)
			break;
		total += r;
		if ((u64)r < v.len)
			break;
		r = 0;
	}
	return total ? total : r;
}

/* rw_kiov - see rw_iov.h. */
ssize_t rw_kiov(struct file *f, struct mm *mm, const struct kiovec *v,
		u64 nr, loff_t *pos, bool write)
{
	return rw_walk(f, mm, v, 0, nr, pos, write);
}

/* rw_uiov - see rw_iov.h. */
ssize_t rw_uiov(struct file *f, struct mm *mm, uaddr_t iov, u64 nr,
		loff_t *pos, bool write)
{
	return rw_walk(f, mm, NULL, iov, nr, pos, write);
}
