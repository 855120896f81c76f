/* SPDX-License-Identifier: MIT */
/* Attributes: chmod/chown families, truncate, fsync, sync, utimensat, utimes. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/fsnotify.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Resolve (@dirfd, @upath) to a referenced path. */
static int at_path(struct task *t, int dirfd, uaddr_t upath, bool follow,
		   bool empty, struct path *out)
{
	char *path;
	int r = user_path(t, upath, &path);

	if (r)
		return r;
	r = vfs_lookup(t, dirfd, path,
		       (follow ? LOOKUP_FOLLOW : 0) | (empty ? LOOKUP_EMPTY : 0),
		       out, NULL, NULL);
	kfree(path);
	return r;
}

static int setattr(struct mount *mnt, struct inode *i, struct iattr *ia)
{
	int r;

	if (mnt && (mnt->flags & MNT_RDONLY) && !S_ISCHR(i->mode) &&
	    !S_ISFIFO(i->mode))
		return -EROFS;
	if (!i->iops || !i->iops->setattr)
		return -EPERM;
	r = i->iops->setattr(i, ia);
	if (!r)
		fsnotify_change(i, ia->valid);
	return r;
}

static int do_chmod(struct task *t, struct mount *mnt, struct inode *i,
		    u32 mode)
{
	struct iattr ia = { .valid = ATTR_MODE, .mode = mode & 07777 };

	if (!inode_is_owner(t, i))
		return -EPERM;
	if (t->proc->cred.fsuid && !capable(t, CAP_FSETID) &&
	    i->gid != t->proc->cred.fsgid)
		ia.mode &= ~S_ISGID;
	return setattr(mnt, i, &ia);
}

static int do_chown(struct task *t, struct mount *mnt, struct inode *i,
		    u32 uid, u32 gid)
{
	struct iattr ia = { 0 };

	if (uid != (u32)-1 && uid != i->uid) {
		if (!capable(t, CAP_CHOWN))
			return -EPERM;
		ia.valid |= ATTR_UID;
		ia.uid = uid;
	}
	if (gid != (u32)-1 && gid != i->gid) {
		if (!capable(t, CAP_CHOWN) &&
		    t->proc->cred.fsuid != i->uid)
			return -EPERM;
		ia.valid |= ATTR_GID;
		ia.gid = gid;
	}
	if (!ia.valid)
		return 0;
	if (!S_ISDIR(i->mode) && (i->mode & 06000)) {
		ia.valid |= ATTR_MODE;
		ia.mode = i->mode & ~06000 & 07777;
	}
	return setattr(mnt, i, &ia);
}

SYSCALL_DEFINE(fchmod)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	r = do_chmod(t, f->mnt, f->inode, (u32)a->a[1]);
	file_put(f);
	return r;
}

static long do_fchmodat(struct task *t, int dirfd, uaddr_t upath, u32 mode)
{
	struct path p;
	int r = at_path(t, dirfd, upath, true, false, &p);

	if (r)
		return r;
	r = do_chmod(t, p.mnt, p.dentry->inode, mode);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(chmod)
{
	return do_fchmodat(t, AT_FDCWD, a->a[0], (u32)a->a[1]);
}

SYSCALL_DEFINE(fchmodat)
{
	return do_fchmodat(t, (int)a->a[0], a->a[1], (u32)a->a[2]);
}

SYSCALL_DEFINE(fchown)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	r = do_chown(t, f->mnt, f->inode, (u32)a->a[1], (u32)a->a[2]);
	file_put(f);
	return r;
}

static long do_fchownat(struct task *t, int dirfd, uaddr_t upath, u32 uid,
			u32 gid, int flags)
{
	struct path p;
	int r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = at_path(t, dirfd, upath, !(flags & AT_SYMLINK_NOFOLLOW),
		    flags & AT_EMPTY_PATH, &p);
	if (r)
		return r;
	r = do_chown(t, p.mnt, p.dentry->inode, uid, gid);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(chown)
{
	return do_fchownat(t, AT_FDCWD, a->a[0], (u32)a->a[1], (u32)a->a[2], 0);
}

SYSCALL_DEFINE(lchown)
{
	return do_fchownat(t, AT_FDCWD, a->a[0], (u32)a->a[1], (u32)a->a[2],
			   AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE(fchownat)
{
	return do_fchownat(t, (int)a->a[0], a->a[1], (u32)a->a[2],
			   (u32)a->a[3], (int)a->a[4]);
}

SYSCALL_DEFINE(truncate)
{
	struct path p;
	int r;

	if ((s64)a->a[1] < 0)
		return -EINVAL;
	r = at_path(t, AT_FDCWD, a->a[0], true, false, &p);
	if (r)
		return r;
	if (S_ISDIR(p.dentry->inode->mode))
		r = -EISDIR;
	else if (p.mnt->flags & MNT_RDONLY)
		r = -EROFS;
	else
		r = inode_permission(t, p.dentry->inode, MAY_WRITE);
	if (!r)
		r = vfs_truncate(p.dentry->inode, (loff_t)a->a[1]);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(ftruncate)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	if ((s64)a->a[1] < 0)
		r = -EINVAL;
	else if (!file_writable(f) || !S_ISREG(f->inode->mode))
		r = -EINVAL;
	else
		r = vfs_truncate(f->inode, (loff_t)a->a[1]);
	file_put(f);
	return r;
}

static long do_fsync(struct task *t, int fd)
{
	struct file *f = fd_get(t, fd);
	int r = 0;

	if (!f)
		return -EBADF;
	if (f->ops && f->ops->fsync)
		r = f->ops->fsync(f);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(fsync)
{
	return do_fsync(t, (int)a->a[0]);
}

SYSCALL_DEFINE(fdatasync)
{
	return do_fsync(t, (int)a->a[0]);
}

SYSCALL_DEFINE(sync)
{
	/* Host writes are synchronous write(2)s; nothing is buffered here. */
	return 0;
}

/* do_utimens - see fs/vfs_internal.h. */
int do_utimens(struct task *t, struct mount *mnt, struct inode *i,
	       const struct __kernel_timespec *ts)
{
	struct iattr ia = { .valid = ATTR_ATIME | ATTR_MTIME };
	struct kts now = vfs_now();
	bool explicit_time = false;
	int k;

	ia.atime = ia.mtime = now;
	if (ts) {
		for (k = 0; k < 2; k++) {
			struct kts *dst = k ? &ia.mtime : &ia.atime;

			if (ts[k].tv_nsec == UTIME_OMIT) {
				ia.valid &= ~(k ? ATTR_MTIME : ATTR_ATIME);
				continue;
			}
			if (ts[k].tv_nsec == UTIME_NOW)
				continue;
			if (ts[k].tv_nsec < 0 || ts[k].tv_nsec >= 1000000000)
				return -EINVAL;
			dst->sec = ts[k].tv_sec;
			dst->nsec = ts[k].tv_nsec;
			explicit_time = true;
		}
		if (!ia.valid)
			return 0;
	}
	if (explicit_time ? !inode_is_owner(t, i) :
			    (!inode_is_owner(t, i) &&
			     inode_permission(t, i, MAY_WRITE)))
		return explicit_time ? -EPERM : -EACCES;
	return setattr(mnt, i, &ia);
}

SYSCALL_DEFINE(utimensat)
{
	struct __kernel_timespec ts[2];
	int dirfd = (int)a->a[0], flags = (int)a->a[3], r;
	struct path p;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (a->a[2] && copy_in(t->mm, ts, a->a[2], sizeof(ts)))
		return -EFAULT;
	if (!a->a[1]) {
		/* utimensat(fd, NULL, ...) acts on fd itself (futimens). */
		struct file *f = fd_get(t, dirfd);

		if (!f)
			return -EBADF;
		r = do_utimens(t, f->mnt, f->inode, a->a[2] ? ts : NULL);
		file_put(f);
		return r;
	}
	r = at_path(t, dirfd, a->a[1], !(flags & AT_SYMLINK_NOFOLLOW),
		    flags & AT_EMPTY_PATH, &p);
	if (r)
		return r;
	r = do_utimens(t, p.mnt, p.dentry->inode, a->a[2] ? ts : NULL);
	path_put(&p);
	return r;
}

SYSCALL_DEFINE(utimes)
{
	struct __kernel_timespec ts[2];
	struct { s64 sec, usec; } tv[2];
	struct path p;
	int r, k;

	if (a->a[1]) {
		if (copy_in(t->mm, tv, a->a[1], sizeof(tv)))
			return -EFAULT;
		for (k = 0; k < 2; k++) {
			if (tv[k].usec < 0 || tv[k].usec >= 1000000)
				return -EINVAL;
			ts[k].tv_sec = tv[k].sec;
			ts[k].tv_nsec = tv[k].usec * 1000;
		}
	}
	r = at_path(t, AT_FDCWD, a->a[0], true, false, &p);
	if (r)
		return r;
	r = do_utimens(t, p.mnt, p.dentry->inode, a->a[1] ? ts : NULL);
	path_put(&p);
	return r;
}
