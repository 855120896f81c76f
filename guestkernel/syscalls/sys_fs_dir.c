/* SPDX-License-Identifier: MIT */
/* Namespace changes: mkdir(at) rmdir unlink(at) rename(at/at2) link(at) symlink(at). */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/fsnotify.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Resolve the parent of a user path; @last gets the final name. */
static int parent_of(struct task *t, int dirfd, uaddr_t upath,
		     struct path *dir, char *last, bool *trailing)
{
	char *path;
	int r = user_path(t, upath, &path);

	if (r)
		return r;
	r = vfs_lookup(t, dirfd, path, LOOKUP_PARENT, dir, last, trailing);
	kfree(path);
	return r;
}

/* May @t add or remove names in @dir? */
static int may_modify(struct task *t, struct path *dir)
{
	if (dir->mnt->flags & MNT_RDONLY)
		return -EROFS;
	if (dir->dentry->dead)
		return -ENOENT;
	return inode_permission(t, dir->dentry->inode, MAY_WRITE | MAY_EXEC);
}

/* The sticky-directory rule for removing/replacing @victim. */
static int sticky_ok(struct task *t, struct inode *dir, struct inode *victim)
{
	u32 fsuid = t->proc->cred.fsuid;

	if (!(dir->mode & S_ISVTX) || fsuid == dir->uid ||
	    fsuid == victim->uid || capable(t, CAP_FOWNER))
		return 0;
	return -EPERM;
}

static bool dot_name(const char *s)
{
	return !s[0] || !kstrcmp(s, ".") || !kstrcmp(s, "..");
}

static long do_mkdirat(struct task *t, int dirfd, uaddr_t upath, u32 mode)
{
	char last[VFS_NAME_MAX + 1];
	struct path dir, old;
	struct inode *di, *ni;
	struct dentry *d;
	int r;

	r = parent_of(t, dirfd, upath, &dir, last, NULL);
	if (r)
		return r;
	di = dir.dentry->inode;
	if (dot_name(last)) {
		r = -EEXIST;
	} else if (!vfs_lookup_child(t, &dir, last, &old)) {
		path_put(&old);
		r = -EEXIST;
	} else if (!(r = may_modify(t, &dir))) {
		u32 gid = (di->mode & S_ISGID) ? di->gid : t->proc->cred.fsgid;

		mode = (mode & 07777 & ~t->fs->umask) |
		       (di->mode & S_ISGID);
		r = di->iops && di->iops->mkdir ?
			    di->iops->mkdir(di, last, S_IFDIR | mode,
					    t->proc->cred.fsuid, gid, &ni) :
			    -EPERM;
		if (!r) {
			fsnotify_create(di, last, ni);
			d = dentry_alloc(dir.dentry, last, ni);
			if (d)
				dentry_put(d);
			else
				inode_put(ni);
		}
	}
	path_put(&dir);
	return r;
}

SYSCALL_DEFINE(mkdir)
{
	return do_mkdirat(t, AT_FDCWD, a->a[0], (u32)a->a[1]);
}

SYSCALL_DEFINE(mkdirat)
{
	return do_mkdirat(t, (int)a->a[0], a->a[1], (u32)a->a[2]);
}

static long do_unlinkat(struct task *t, int dirfd, uaddr_t upath, int flags)
{
	char last[VFS_NAME_MAX + 1];
	struct path dir, victim;
	struct inode *di, *vi;
	bool trailing, rmdir = flags & AT_REMOVEDIR;
	int r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	r = parent_of(t, dirfd, upath, &dir, last, &trailing);
	if (r)
		return r;
	di = dir.dentry->inode;
	if (dot_name(last)) {
		r = !rmdir ? -EISDIR : (!kstrcmp(last, "..") ? -ENOTEMPTY :
								-EINVAL);
		goto out;
	}
	r = vfs_lookup_child(t, &dir, last, &victim);
	if (r)
		goto out;
	vi = victim.dentry->inode;
	if (victim.mnt != dir.mnt)
		r = -EBUSY;
	else if (rmdir && !S_ISDIR(vi->mode))
		r = -ENOTDIR;
	else if (!rmdir && S_ISDIR(vi->mode))
		r = -EISDIR;
	else if (!rmdir && trailing)
		r = -ENOTDIR;
	else if (victim.dentry->mounted)
		r = -EBUSY;
	else if (!(r = may_modify(t, &dir)) && !(r = sticky_ok(t, di, vi))) {
		if (rmdir)
			r = di->iops && di->iops->rmdir ?
				    di->iops->rmdir(di, last, vi) : -EPERM;
		else
			r = di->iops && di->iops->unlink ?
				    di->iops->unlink(di, last, vi) : -EPERM;
		if (!r) {
			dentry_drop(victim.dentry);
			fsnotify_remove(di, last, vi, rmdir);
		}
	}
	path_put(&victim);
out:
	path_put(&dir);
	return r;
}

SYSCALL_DEFINE(unlink)
{
	return do_unlinkat(t, AT_FDCWD, a->a[0], 0);
}

SYSCALL_DEFINE(rmdir)
{
	return do_unlinkat(t, AT_FDCWD, a->a[0], AT_REMOVEDIR);
}

SYSCALL_DEFINE(unlinkat)
{
	return do_unlinkat(t, (int)a->a[0], a->a[1], (int)a->a[2]);
}

/* Is @d @anc or below it? */
static bool is_below(struct dentry *d, struct dentry *anc)
{
	for (;;) {
		if (d == anc)
			return true;
		if (d->parent == d)
			return false;
		d = d->parent;
	}
}

static long do_renameat2(struct task *t, int odfd, uaddr_t uold, int ndfd,
			 uaddr_t unew, unsigned int flags)
{
	char olast[VFS_NAME_MAX + 1], nlast[VFS_NAME_MAX + 1];
	struct path odir, ndir, src, dst = { 0 };
	struct inode *oi, *ni;
	int r;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	r = parent_of(t, odfd, uold, &odir, olast, NULL);
	if (r)
		return r;
	r = parent_of(t, ndfd, unew, &ndir, nlast, NULL);
	if (r)
		goto out_odir;
	oi = odir.dentry->inode;
	ni = ndir.dentry->inode;
	if (dot_name(olast) || dot_name(nlast)) {
		r = -EBUSY;
		goto out_ndir;
	}
	if (odir.mnt != ndir.mnt) {
		r = -EXDEV;
		goto out_ndir;
	}
	r = vfs_lookup_child(t, &odir, olast, &src);
	if (r)
		goto out_ndir;
	if (vfs_lookup_child(t, &ndir, nlast, &dst))
		dst.dentry = NULL;
	if (src.mnt != odir.mnt || (dst.dentry && dst.mnt != ndir.mnt) ||
	    src.dentry->mounted) {
		r = -EBUSY;
		goto out;
	}
	if (dst.dentry == src.dentry) {
		r = 0;
		goto out;
	}
	if (S_ISDIR(src.dentry->inode->mode) &&
	    is_below(ndir.dentry, src.dentry)) {
		r = -EINVAL;
		goto out;
	}
	r = may_modify(t, &odir);
	if (!r)
		r = may_modify(t, &ndir);
	if (!r)
		r = sticky_ok(t, oi, src.dentry->inode);
	if (!r && dst.dentry)
		r = sticky_ok(t, ni, dst.dentry->inode);
	if (r)
		goto out;
	r = oi->iops && oi->iops->rename ?
		    oi->iops->rename(oi, olast, ni, nlast, flags) : -EPERM;
	if (!r) {
		dentry_drop(src.dentry);
		if (dst.dentry)
			dentry_drop(dst.dentry);
		fsnotify_move(oi, olast, ni, nlast, src.dentry->inode,
			      (flags & RENAME_EXCHANGE) || !dst.dentry ?
				      NULL : dst.dentry->inode);
		if (flags & RENAME_EXCHANGE)
			fsnotify_move(ni, nlast, oi, olast, dst.dentry->inode,
				      NULL);
	}
out:
	path_put(&src);
	if (dst.dentry)
		path_put(&dst);
out_ndir:
	path_put(&ndir);
out_odir:
	path_put(&odir);
	return r;
}

SYSCALL_DEFINE(rename)
{
	return do_renameat2(t, AT_FDCWD, a->a[0], AT_FDCWD, a->a[1], 0);
}

SYSCALL_DEFINE(renameat)
{
	return do_renameat2(t, (int)a->a[0], a->a[1], (int)a->a[2], a->a[3], 0);
}

SYSCALL_DEFINE(renameat2)
{
	return do_renameat2(t, (int)a->a[0], a->a[1], (int)a->a[2], a->a[3],
			    (unsigned int)a->a[4]);
}

static long do_linkat(struct task *t, int odfd, uaddr_t uold, int ndfd,
		      uaddr_t unew, int flags)
{
	char last[VFS_NAME_MAX + 1];
	struct path src, dir, exist;
	struct inode *di;
	char *path;
	int r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = user_path(t, uold, &path);
	if (r)
		return r;
	r = vfs_lookup(t, odfd, path,
		       ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
			       ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
		       &src, NULL, NULL);
	kfree(path);
	if (r)
		return r;
	r = parent_of(t, ndfd, unew, &dir, last, NULL);
	if (r)
		goto out_src;
	di = dir.dentry->inode;
	if (dot_name(last)) {
		r = -EEXIST;
	} else if (!vfs_lookup_child(t, &dir, last, &exist)) {
		path_put(&exist);
		r = -EEXIST;
	} else if (S_ISDIR(src.dentry->inode->mode)) {
		r = -EPERM;
	} else if (src.mnt != dir.mnt) {
		r = -EXDEV;
	} else if (!(r = may_modify(t, &dir))) {
		r = di->iops && di->iops->link ?
			    di->iops->link(src.dentry->inode, di, last) :
			    -EPERM;
		if (!r)
			fsnotify_link(di, last, src.dentry->inode);
	}
	path_put(&dir);
out_src:
	path_put(&src);
	return r;
}

SYSCALL_DEFINE(link)
{
	return do_linkat(t, AT_FDCWD, a->a[0], AT_FDCWD, a->a[1], 0);
}

SYSCALL_DEFINE(linkat)
{
	return do_linkat(t, (int)a->a[0], a->a[1], (int)a->a[2], a->a[3],
			 (int)a->a[4]);
}

static long do_symlinkat(struct task *t, uaddr_t utarget, int dirfd,
			 uaddr_t upath)
{
	char last[VFS_NAME_MAX + 1];
	struct path dir, exist;
	struct inode *di, *ni;
	struct dentry *d;
	char *target;
	int r;

	r = user_path(t, utarget, &target);
	if (r)
		return r;
	if (!target[0]) {
		kfree(target);
		return -ENOENT;
	}
	r = parent_of(t, dirfd, upath, &dir, last, NULL);
	if (r)
		goto out;
	di = dir.dentry->inode;
	if (dot_name(last)) {
		r = -EEXIST;
	} else if (!vfs_lookup_child(t, &dir, last, &exist)) {
		path_put(&exist);
		r = -EEXIST;
	} else if (!(r = may_modify(t, &dir))) {
		r = di->iops && di->iops->symlink ?
			    di->iops->symlink(di, last, target,
					      t->proc->cred.fsuid,
					      t->proc->cred.fsgid, &ni) :
			    -EPERM;
		if (!r) {
			fsnotify_create(di, last, ni);
			d = dentry_alloc(dir.dentry, last, ni);
			if (d)
				dentry_put(d);
			else
				inode_put(ni);
		}
	}
	path_put(&dir);
out:
	kfree(target);
	return r;
}

SYSCALL_DEFINE(symlink)
{
	return do_symlinkat(t, a->a[0], AT_FDCWD, a->a[1]);
}

SYSCALL_DEFINE(symlinkat)
{
	return do_symlinkat(t, a->a[0], (int)a->a[1], a->a[2]);
}
