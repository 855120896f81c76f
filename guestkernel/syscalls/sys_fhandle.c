/* SPDX-License-Identifier: MIT */
/*
 * name_to_handle_at open_by_handle_at: file handles for the file systems
 * that Linux can export (tmpfs, devtmpfs, and the host's disk file
 * systems behind hostfs); procfs, devpts, pipes, sockets and anonymous
 * inodes have no handles (-EOPNOTSUPP), as on Linux. A handle is the
 * inode number in shmem's layout (FILEID_INO32_GEN: generation, ino low,
 * ino high); opening one needs CAP_DAC_READ_SEARCH and finds the inode
 * among the names the sandbox has cached under the given mount (-ESTALE
 * otherwise, as for an inode Linux no longer has in memory).
 */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/procfs_internal.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define MAX_HANDLE_SZ 128
#define FILEID_INO32_GEN 1
#define FH_WORDS 3

struct fh_header {
	u32 handle_bytes;
	s32 handle_type;
};

static bool exportable(struct inode *i)
{
	const char *type = i->sb ? i->sb->type : NULL;

	return type && (!kstrcmp(type, "tmpfs") || !kstrcmp(type, "hostfs") ||
			!kstrcmp(type, "devfs"));
}

SYSCALL_DEFINE(name_to_handle_at)
{
	int dirfd = (int)a->a[0], flags = (int)a->a[4], mnt_id;
	struct fh_header h;
	u32 fh[FH_WORDS];
	struct path p;
	char *path;
	long r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	r = user_path(t, a->a[1], &path);
	if (r)
		return r;
	r = vfs_lookup(t, dirfd, path,
		       ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
			       ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
		       &p, NULL, NULL);
	kfree(path);
	if (r)
		return r;
	if (copy_in(t->mm, &h, a->a[2], sizeof(h))) {
		r = -EFAULT;
		goto out;
	}
	if (h.handle_bytes > MAX_HANDLE_SZ) {
		r = -EINVAL;
		goto out;
	}
	if (!exportable(p.dentry->inode)) {
		r = -EOPNOTSUPP;
		goto out;
	}
	if (h.handle_bytes < sizeof(fh)) {
		/* Too small: say how much is needed, with no handle type. */
		h.handle_bytes = sizeof(fh);
		h.handle_type = 0;
		r = copy_out(t->mm, a->a[2], &h, sizeof(h)) ? -EFAULT :
							       -EOVERFLOW;
		goto out;
	}
	fh[0] = 0;
	fh[1] = (u32)p.dentry->inode->ino;
	fh[2] = (u32)(p.dentry->inode->ino >> 32);
	h.handle_bytes = sizeof(fh);
	h.handle_type = FILEID_INO32_GEN;
	mnt_id = proc_mount_id(p.mnt);
	if (copy_out(t->mm, a->a[2], &h, sizeof(h)) ||
	    copy_out(t->mm, a->a[2] + sizeof(h), fh, sizeof(fh)) ||
	    copy_out(t->mm, a->a[3], &mnt_id, sizeof(mnt_id)))
		r = -EFAULT;
out:
	path_put(&p);
	return r;
}

/* A live cached dentry below @root whose inode is number @ino, or NULL. */
static struct dentry *find_ino(struct dentry *root, u64 ino)
{
	struct dentry *d = root;

	for (;;) {
		if (d->inode && d->inode->ino == ino && !d->dead)
			return d;
		if (!list_empty(&d->children)) {
			d = list_first_entry(&d->children, struct dentry,
					     sibling);
			continue;
		}
		while (d != root && d->sibling.next == &d->parent->children)
			d = d->parent;
		if (d == root)
			return NULL;
		d = list_entry(d->sibling.next, struct dentry, sibling);
	}
}

SYSCALL_DEFINE(open_by_handle_at)
{
	int mfd = (int)a->a[0], flags = (int)a->a[2];
	struct fh_header h;
	u32 fh[FH_WORDS];
	struct path p;
	struct file *f, *mf = NULL;
	struct dentry *d;
	long r;

	if (!capable(t, CAP_DAC_READ_SEARCH))
		return -EPERM;
	if (copy_in(t->mm, &h, a->a[1], sizeof(h)))
		return -EFAULT;
	if (h.handle_bytes > MAX_HANDLE_SZ || !h.handle_bytes)
		return -EINVAL;
	if (mfd == AT_FDCWD) {
		p = t->fs->cwd;
	} else {
		mf = fd_get(t, mfd);
		if (!mf)
			return -EBADF;
		if (!mf->mnt || !mf->dentry) {
			file_put(mf);
			return -EBADF;
		}
		p.mnt = mf->mnt;
		p.dentry = mf->dentry;
	}
	p.dentry = p.mnt->root;
	if (h.handle_type != FILEID_INO32_GEN || h.handle_bytes != sizeof(fh) ||
	    !exportable(p.dentry->inode)) {
		r = -ESTALE;
		goto out;
	}
	if (copy_in(t->mm, fh, a->a[1] + sizeof(h), sizeof(fh))) {
		r = -EFAULT;
		goto out;
	}
	d = find_ino(p.dentry, (u64)fh[1] | (u64)fh[2] << 32);
	if (!d || fh[0]) {
		r = -ESTALE;
		goto out;
	}
	p.dentry = d;
	path_get(&p);
	if (S_ISLNK(d->inode->mode) && !(flags & O_PATH))
		r = -ELOOP;
	else
		r = file_open_path(t, &p, flags & ~O_CREAT, &f);
	path_put(&p);
	if (!r) {
		r = fd_install(t, f, 0, flags & O_CLOEXEC);
		if (r < 0)
			file_put(f);
	}
out:
	if (mf)
		file_put(mf);
	return r;
}
