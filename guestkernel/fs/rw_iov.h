/* SPDX-License-Identifier: MIT */
/*
 * rw_iov.h - vectored reads and writes through the VFS: the one loop that
 * readv/writev and their p/v2 variants, io_uring and Linux AIO share.
 */
#ifndef FS_RW_IOV_H
#define FS_RW_IOV_H

#include "fs/vfs_internal.h"

struct mm;

/* One buffer of a vectored transfer, laid out as the user's struct iovec. */
struct kiovec {
	u64 base, len;
};

/*
 * file_seekable - does @f have a file position that p-reads and p-writes
 * use (regular file, directory, block device)?
 */
bool file_seekable(struct file *f);

/*
 * rw_kiov - read into (@write false) or write from the @nr user buffers
 * @v of @mm, in order, at *@pos (f->pos when @pos is NULL). Empty buffers
 * are skipped; the walk stops at the first error or short transfer.
 * Returns the bytes moved, or -errno when there were none.
 */
ssize_t rw_kiov(struct file *f, struct mm *mm, const struct kiovec *v,
		u64 nr, loff_t *pos, bool write);

/*
 * rw_uiov - the same, for @nr struct iovec read one at a time from user
 * address @iov in @mm: one that cannot be read ends the walk with -EFAULT,
 * one with a negative length with -EINVAL. @nr is checked by the caller.
 */
ssize_t rw_uiov(struct file *f, struct mm *mm, uaddr_t iov, u64 nr,
		loff_t *pos, bool write);

#endif
