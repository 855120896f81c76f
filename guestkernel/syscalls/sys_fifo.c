/* SPDX-License-Identifier: MIT */
/*
 * mknod mknodat: regular files, named pipes (FIFOs), device nodes and
 * socket nodes. FIFOs and device nodes get their open behaviour from the
 * file system (tmpfs: fs/pipe.c fifo_open, devfs_open_rdev); hostfs can
 * only make regular files (no hostcall makes host FIFOs or devices) and
 * refuses the rest with -EPERM.
 */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/fsnotify.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Linux's new_decode_dev(): the 32-bit dev_t of mknod(2) as MKDEV. */
static u64 decode_dev(u32 dev)
{
	u32 major = (dev & 0xfff00) >> 8;
	u32 minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

/* Make node @last in @dir with S_IF* | permission @mode and device @dev. */
static int mknod_in(struct task *t, struct path *dir, const char *last,
		    bool trailing, u32 mode, u32 dev)
{
	struct inode *di = dir->dentry->inode, *ni;
	struct dentry *d;
	struct path old;
	u32 gid;
	int r;

	if (!last[0] || !kstrcmp(last, ".") || !kstrcmp(last, ".."))
		return -EEXIST;
	if (!vfs_lookup_child(t, dir, last, &old)) {
		path_put(&old);
		return -EEXIST;
	}
	/* "name/" may only name a directory, which mknod never makes. */
	if (trailing)
		return -ENOENT;
	if (dir->mnt->flags & MNT_RDONLY)
		return -EROFS;
	if (dir->dentry->dead)
		return -ENOENT;
	r = inode_permission(t, di, MAY_WRITE | MAY_EXEC);
	if (r)
		return r;
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && !capable(t, CAP_MKNOD))
		return -EPERM;
	if (!di->iops || !di->iops->create)
		return -EPERM;
	gid = (di->mode & S_ISGID) ? di->gid : t->proc->cred.fsgid;
	r = di->iops->create(di, last, mode, t->proc->cred.fsuid, gid, &ni);
	if (r)
		return r;
	if (S_ISCHR(mode) || S_ISBLK(mode))
		ni->rdev = decode_dev(dev);
	fsnotify_create(di, last, ni);
	d = dentry_alloc(dir->dentry, last, ni);
	if (!d) {
		inode_put(ni);
		return -ENOMEM;
	}
	dentry_put(d);
	return 0;
}

static long do_mknodat(struct task *t, int dirfd, uaddr_t upath, u32 mode,
		       u32 dev)
{
	char last[VFS_NAME_MAX + 1];
	struct path dir;
	bool trailing;
	char *path;
	int r;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	r = user_path(t, upath, &path);
	if (r)
		return r;
	r = vfs_lookup(t, dirfd, path, LOOKUP_PARENT, &dir, last, &trailing);
	kfree(path);
	if (r)
		return r;
	mode = (mode & S_IFMT) | (mode & 07777 & ~t->fs->umask);
	r = mknod_in(t, &dir, last, trailing, mode, dev);
	path_put(&dir);
	return r;
}

SYSCALL_DEFINE(mknod)
{
	return do_mknodat(t, AT_FDCWD, a->a[0], (u32)a->a[1], (u32)a->a[2]);
}

SYSCALL_DEFINE(mknodat)
{
	return do_mknodat(t, (int)a->a[0], a->a[1], (u32)a->a[2],
			  (u32)a->a[3]);
}
