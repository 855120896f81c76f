/* SPDX-License-Identifier: MIT */
/* stat fstat lstat newfstatat statx access faccessat(2) readlink(at) statfs fstatfs. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

static void fill_stat(struct inode *i, struct stat *st)
{
	if (i->iops && i->iops->revalidate)
		i->iops->revalidate(i);
	memset(st, 0, sizeof(*st));
	st->st_dev = i->dev;
	st->st_ino = i->ino;
	st->st_nlink = i->nlink;
	st->st_mode = i->mode;
	st->st_uid = i->uid;
	st->st_gid = i->gid;
	st->st_rdev = i->rdev;
	st->st_size = i->size;
	st->st_blksize = 4096;
	st->st_blocks = i->blocks ? i->blocks : (i->size + 511) / 512;
	st->st_atime = i->atime.sec;
	st->st_atime_nsec = i->atime.nsec;
	st->st_mtime = i->mtime.sec;
	st->st_mtime_nsec = i->mtime.nsec;
	st->st_ctime = i->ctime.sec;
	st->st_ctime_nsec = i->ctime.nsec;
}

/* Resolve (@dirfd, @upath) with AT_* @atflags; the inode is referenced. */
static int at_inode(struct task *t, int dirfd, uaddr_t upath, int atflags,
		    bool follow_default, struct inode **out)
{
	unsigned int lf = 0;
	struct path p;
	char *path;
	int r;

	if (atflags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
			AT_SYMLINK_FOLLOW | AT_STATX_SYNC_TYPE | AT_EACCESS))
		return -EINVAL;
	if (follow_default ? !(atflags & AT_SYMLINK_NOFOLLOW) :
			     (atflags & AT_SYMLINK_FOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (atflags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	r = user_path(t, upath, &path);
	if (r)
		return r;
	if (!path[0] && (atflags & AT_EMPTY_PATH) && dirfd != AT_FDCWD) {
		/* The file itself, which may be a pipe without a dentry. */
		struct file *f = fd_get(t, dirfd);

		kfree(path);
		if (!f)
			return -EBADF;
		inode_get(f->inode);
		*out = f->inode;
		file_put(f);
		return 0;
	}
	r = vfs_lookup(t, dirfd, path, lf, &p, NULL, NULL);
	kfree(path);
	if (r)
		return r;
	inode_get(p.dentry->inode);
	*out = p.dentry->inode;
	path_put(&p);
	return 0;
}

static long stat_out(struct task *t, struct inode *i, uaddr_t ust)
{
	struct stat st;

	fill_stat(i, &st);
	inode_put(i);
	return copy_out(t->mm, ust, &st, sizeof(st));
}

static long do_fstatat(struct task *t, int dirfd, uaddr_t upath, uaddr_t ust,
		       int flags)
{
	struct inode *i;
	int r = at_inode(t, dirfd, upath, flags, true, &i);

	return r ? r : stat_out(t, i, ust);
}

SYSCALL_DEFINE(stat)
{
	return do_fstatat(t, AT_FDCWD, a->a[0], a->a[1], 0);
}

SYSCALL_DEFINE(lstat)
{
	return do_fstatat(t, AT_FDCWD, a->a[0], a->a[1], AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE(newfstatat)
{
	return do_fstatat(t, (int)a->a[0], a->a[1], a->a[2], (int)a->a[3]);
}

SYSCALL_DEFINE(fstat)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	struct inode *i;

	if (!f)
		return -EBADF;
	i = f->inode;
	inode_get(i);
	file_put(f);
	return stat_out(t, i, a->a[1]);
}

SYSCALL_DEFINE(statx)
{
	struct statx sx;
	struct stat st;
	struct inode *i;
	int r;

	r = at_inode(t, (int)a->a[0], a->a[1], (int)a->a[2], true, &i);
	if (r)
		return r;
	fill_stat(i, &st);
	inode_put(i);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = st.st_size;
	sx.stx_blocks = st.st_blocks;
	sx.stx_atime.tv_sec = st.st_atime;
	sx.stx_atime.tv_nsec = st.st_atime_nsec;
	sx.stx_mtime.tv_sec = st.st_mtime;
	sx.stx_mtime.tv_nsec = st.st_mtime_nsec;
	sx.stx_ctime.tv_sec = st.st_ctime;
	sx.stx_ctime.tv_nsec = st.st_ctime_nsec;
	sx.stx_rdev_major = (st.st_rdev >> 8) & 0xfff;
	sx.stx_rdev_minor = (st.st_rdev & 0xff) | ((st.st_rdev >> 12) & 0xfff00);
	sx.stx_dev_major = (st.st_dev >> 8) & 0xfff;
	sx.stx_dev_minor = (st.st_dev & 0xff) | ((st.st_dev >> 12) & 0xfff00);
	return copy_out(t->mm, a->a[4], &sx, sizeof(sx));
}

static long do_faccessat(struct task *t, int dirfd, uaddr_t upath, int mode,
			 int flags)
{
	struct inode *i;
	int r;

	if (mode & ~7)
		return -EINVAL;
	r = at_inode(t, dirfd, upath, flags & ~AT_EACCESS, true, &i);
	if (r)
		return r;
	/* Real ids would be used without AT_EACCESS; fsuid stands in. */
	r = mode ? inode_permission(t, i, mode) : 0;
	inode_put(i);
	return r;
}

SYSCALL_DEFINE(access)
{
	return do_faccessat(t, AT_FDCWD, a->a[0], (int)a->a[1], 0);
}

SYSCALL_DEFINE(faccessat)
{
	return do_faccessat(t, (int)a->a[0], a->a[1], (int)a->a[2], 0);
}

SYSCALL_DEFINE(faccessat2)
{
	return do_faccessat(t, (int)a->a[0], a->a[1], (int)a->a[2],
			    (int)a->a[3]);
}

static long do_readlinkat(struct task *t, int dirfd, uaddr_t upath,
			  uaddr_t ubuf, s64 size)
{
	struct inode *i;
	char *buf;
	int r;

	if (size <= 0)
		return -EINVAL;
	r = at_inode(t, dirfd, upath, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH,
		     true, &i);
	if (r)
		return r;
	if (!S_ISLNK(i->mode) || !i->iops || !i->iops->readlink) {
		inode_put(i);
		return -EINVAL;
	}
	buf = kmalloc(VFS_PATH_MAX);
	if (!buf) {
		inode_put(i);
		return -ENOMEM;
	}
	r = i->iops->readlink(i, buf, min((u64)size, (u64)VFS_PATH_MAX));
	if (r > 0 && copy_out(t->mm, ubuf, buf, r))
		r = -EFAULT;
	kfree(buf);
	inode_put(i);
	return r;
}

SYSCALL_DEFINE(readlink)
{
	return do_readlinkat(t, AT_FDCWD, a->a[0], a->a[1], (s64)a->a[2]);
}

SYSCALL_DEFINE(readlinkat)
{
	return do_readlinkat(t, (int)a->a[0], a->a[1], a->a[2], (s64)a->a[3]);
}

static long statfs_out(struct task *t, struct inode *i, uaddr_t ubuf)
{
	struct statfs sf;
	u64 blocks = 0, bfree = 0, files = 0, ffree = 0;

	memset(&sf, 0, sizeof(sf));
	if (i->sb && i->sb->ops && i->sb->ops->statfs)
		i->sb->ops->statfs(i->sb, &blocks, &bfree, &files, &ffree);
	sf.f_type = i->sb ? i->sb->magic : 0;
	sf.f_bsize = 4096;
	sf.f_blocks = blocks;
	sf.f_bfree = bfree;
	sf.f_bavail = bfree;
	sf.f_files = files;
	sf.f_ffree = ffree;
	sf.f_namelen = VFS_NAME_MAX;
	sf.f_frsize = 4096;
	inode_put(i);
	return copy_out(t->mm, ubuf, &sf, sizeof(sf));
}

SYSCALL_DEFINE(statfs)
{
	struct inode *i;
	int r = at_inode(t, AT_FDCWD, a->a[0], 0, true, &i);

	return r ? r : statfs_out(t, i, a->a[1]);
}

SYSCALL_DEFINE(fstatfs)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	struct inode *i;

	if (!f)
		return -EBADF;
	i = f->inode;
	inode_get(i);
	file_put(f);
	return statfs_out(t, i, a->a[1]);
}
