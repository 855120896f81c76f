/* SPDX-License-Identifier: MIT */
/*
 * More file calls: fallocate sync_file_range syncfs readahead utime
 * futimesat getdents (the old struct linux_dirent).
 */
#include <linux/falloc.h>
#include <linux/fs.h>

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/pagecache.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"
#include "syscalls/getdents.h"

/* Modes fallocate(2) knows of; others are -EOPNOTSUPP. */
#define FALLOC_KNOWN (FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | \
		      FALLOC_FL_COLLAPSE_RANGE | FALLOC_FL_ZERO_RANGE | \
		      FALLOC_FL_INSERT_RANGE | 0x40 /* UNSHARE_RANGE */)

/* Largest file offset (Linux's MAX_LFS_FILESIZE). */
#define MAX_FILE_OFFSET INT64_MAX

SYSCALL_DEFINE(fallocate)
{
	int mode = (int)a->a[1];
	loff_t off = (loff_t)a->a[2], len = (loff_t)a->a[3];
	struct file *f = fd_get(t, (int)a->a[0]);
	struct inode *i;
	int r;

	if (!f)
		return -EBADF;
	i = f->inode;
	if (off < 0 || len <= 0)
		r = -EINVAL;
	else if (mode & ~FALLOC_KNOWN)
		r = -EOPNOTSUPP;
	else if ((mode & FALLOC_FL_PUNCH_HOLE) &&
		 ((mode & FALLOC_FL_ZERO_RANGE) ||
		  !(mode & FALLOC_FL_KEEP_SIZE)))
		r = -EOPNOTSUPP;
	else if (!file_writable(f))
		r = -EBADF;
	else if (!i || S_ISFIFO(i->mode))
		r = -ESPIPE;
	else if (S_ISDIR(i->mode))
		r = -EISDIR;
	else if (!S_ISREG(i->mode) && !S_ISBLK(i->mode))
		r = -ENODEV;
	else if (off > MAX_FILE_OFFSET - len)
		r = -EFBIG;
	else if (!f->ops || !f->ops->fallocate)
		r = -EOPNOTSUPP;
	else
		r = f->ops->fallocate(f, mode, off, len);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(sync_file_range)
{
	loff_t off = (loff_t)a->a[1], n = (loff_t)a->a[2];
	unsigned int flags = (unsigned int)a->a[3];
	struct file *f;
	u64 last;
	int r = 0;

	if (flags & ~(unsigned int)SYNC_FILE_RANGE_WRITE_AND_WAIT)
		return -EINVAL;
	if (off < 0 || n < 0 || off > MAX_FILE_OFFSET - n)
		return -EINVAL;
	f = fd_get(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	if (!f->inode || (!S_ISREG(f->inode->mode) &&
			  !S_ISDIR(f->inode->mode) &&
			  !S_ISBLK(f->inode->mode) &&
			  !S_ISLNK(f->inode->mode))) {
		file_put(f);
		return -ESPIPE;
	}
	/* Host writes are write(2)s; only shared-mapping pages are dirty. */
	if ((flags & SYNC_FILE_RANGE_WRITE) && f->inode->pcache) {
		last = n ? PAGE_ALIGN((u64)(off + n)) >> PAGE_SHIFT : ~0ULL;
		r = pagecache_writeback(f->inode->pcache,
					(u64)off >> PAGE_SHIFT, last);
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(syncfs)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	struct inode *i;
	int r = 0, err;

	if (!f)
		return -EBADF;
	/* Every cached inode of that file system (hostfs keeps a list). */
	if (f->inode && f->inode->sb) {
		list_for_each_entry(i, &f->inode->sb->inodes, sb_link) {
			if (!i->pcache || !i->pcache->ndirty)
				continue;
			err = pagecache_writeback(i->pcache, 0, ~0ULL);
			if (err && !r)
				r = err;
		}
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(readahead)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int r = 0;

	if (!f)
		return -EBADF;
	if (!file_readable(f))
		r = -EBADF;
	else if (!f->inode || (!S_ISREG(f->inode->mode) &&
			       !S_ISBLK(f->inode->mode)))
		r = -EINVAL;
	/* Reads are served straight from tmpfs pages or the host: nothing to prefetch. */
	file_put(f);
	return r;
}

/* Resolve user path @upath at @dirfd, following symlinks. */
static int lookup_user(struct task *t, int dirfd, uaddr_t upath,
		       struct path *out)
{
	char *path;
	int r = user_path(t, upath, &path);

	if (r)
		return r;
	r = vfs_lookup(t, dirfd, path, LOOKUP_FOLLOW, out, NULL, NULL);
	kfree(path);
	return r;
}

/* Set times of (@dirfd, @upath) — or of @dirfd itself when @upath is 0. */
static long utimes_at(struct task *t, int dirfd, uaddr_t upath,
		      const struct __kernel_timespec *ts)
{
	struct path p;
	struct file *f;
	int r;

	if (!upath) {
		f = fd_get(t, dirfd);
		if (!f)
			return -EBADF;
		r = do_utimens(t, f->mnt, f->inode, ts);
		file_put(f);
		return r;
	}
	r = lookup_user(t, dirfd, upath, &p);
	if (r)
		return r;
	r = do_utimens(t, p.mnt, p.dentry->inode, ts);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(utime)
{
	struct { s64 actime, modtime; } ub;
	struct __kernel_timespec ts[2];

	if (!a->a[1])
		return utimes_at(t, AT_FDCWD, a->a[0], NULL);
	if (copy_in(t->mm, &ub, a->a[1], sizeof(ub)))
		return -EFAULT;
	ts[0].tv_sec = ub.actime;
	ts[1].tv_sec = ub.modtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	return utimes_at(t, AT_FDCWD, a->a[0], ts);
}

SYSCALL_DEFINE(futimesat)
{
	struct { s64 sec, usec; } tv[2];
	struct __kernel_timespec ts[2];
	int k;

	if (!a->a[2])
		return utimes_at(t, (int)a->a[0], a->a[1], NULL);
	if (copy_in(t->mm, tv, a->a[2], sizeof(tv)))
		return -EFAULT;
	for (k = 0; k < 2; k++) {
		if (tv[k].usec < 0 || tv[k].usec >= 1000000)
			return -EINVAL;
		ts[k].tv_sec = tv[k].sec;
		ts[k].tv_nsec = tv[k].usec * 1000;
	}
	return utimes_at(t, (int)a->a[0], a->a[1], ts);
}

/* The old getdents(2) record: d_name is followed by a NUL, d_type is last. */
struct old_dirent {
	u64 d_ino;
	u64 d_off;
	u16 d_reclen;
	char d_name[];
} __attribute__((packed));

static bool old_getdents_emit(struct dir_ctx *c, const char *name,
			      size_t nlen, u64 ino, unsigned int type)
{
	struct getdents_ctx *g = container_of(c, struct getdents_ctx, ctx);
	u8 rec[sizeof(struct old_dirent) + VFS_NAME_MAX + 2 + 8];
	struct old_dirent *de = (void *)rec;
	size_t reclen = ALIGN_UP(offsetof(struct old_dirent, d_name) + nlen + 2,
				 8);

	if (nlen > VFS_NAME_MAX)
		return true;
	memset(rec, 0, reclen);
	de->d_ino = ino;
	de->d_off = c->pos + 1;
	de->d_reclen = (u16)reclen;
	memcpy(de->d_name, name, nlen);
	rec[reclen - 1] = (u8)type;
	return getdents_put(g, rec, reclen);
}

SYSCALL_DEFINE(getdents)
{
	struct getdents_ctx g = { .ctx.emit = old_getdents_emit, .t = t,
				  .buf = a->a[1], .len = (u32)a->a[2] };

	return getdents_run(t, (int)a->a[0], &g);
}
