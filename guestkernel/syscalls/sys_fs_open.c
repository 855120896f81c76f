/* SPDX-License-Identifier: MIT */
/* open openat creat getdents64 getcwd chdir fchdir chroot umask. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/fsnotify.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"
#include "syscalls/getdents.h"

static long do_openat(struct task *t, int dirfd, uaddr_t upath, int flags,
		      u32 mode)
{
	struct file *f;
	char *path;
	int r;

	r = user_path(t, upath, &path);
	if (r)
		return r;
	r = vfs_open(t, dirfd, path, flags, mode, &f);
	kfree(path);
	if (r)
		return r;
	r = fd_install(t, f, 0, flags & O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(open)
{
	return do_openat(t, AT_FDCWD, a->a[0], (int)a->a[1], (u32)a->a[2]);
}

SYSCALL_DEFINE(openat)
{
	return do_openat(t, (int)a->a[0], a->a[1], (int)a->a[2], (u32)a->a[3]);
}

SYSCALL_DEFINE(creat)
{
	return do_openat(t, AT_FDCWD, a->a[0], O_CREAT | O_WRONLY | O_TRUNC,
			 (u32)a->a[1]);
}


static bool getdents_emit(struct dir_ctx *c, const char *name, size_t nlen,
			  u64 ino, unsigned int type)
{
	struct getdents_ctx *g = container_of(c, struct getdents_ctx, ctx);
	u8 rec[sizeof(struct linux_dirent64) + 256 + 8];
	struct linux_dirent64 *de = (void *)rec;
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + nlen + 1, 8);

	if (nlen > 255)
		return true;
	memset(rec, 0, reclen);
	de->d_ino = ino;
	de->d_off = c->pos + 1;
	de->d_reclen = (u16)reclen;
	de->d_type = (u8)type;
	memcpy(de->d_name, name, nlen);
	return getdents_put(g, rec, reclen);
}

/* getdents_put - see getdents.h. */
bool getdents_put(struct getdents_ctx *g, const void *rec, size_t reclen)
{
	if (g->used + reclen > g->len) {
		if (!g->used)
			g->err = -EINVAL;
		return false;
	}
	if (copy_out(g->t->mm, g->buf + g->used, rec, reclen)) {
		g->err = -EFAULT;
		return false;
	}
	g->used += reclen;
	return true;
}

/* getdents_run - see getdents.h. */
long getdents_run(struct task *t, int fd, struct getdents_ctx *g)
{
	struct file *f = fd_get(t, fd);
	int r;

	if (!f)
		return -EBADF;
	if (!f->inode || !S_ISDIR(f->inode->mode) || !f->ops ||
	    !f->ops->iterate || (f->flags & O_PATH)) {
		file_put(f);
		return -ENOTDIR;
	}
	g->ctx.pos = f->pos;
	r = f->ops->iterate(f, &g->ctx);
	f->pos = g->ctx.pos;
	fsnotify_access(f);
	file_put(f);
	if (g->used)
		return g->used;
	return g->err ? g->err : r;
}

SYSCALL_DEFINE(getdents64)
{
	struct getdents_ctx g = { .ctx.emit = getdents_emit, .t = t,
				  .buf = a->a[1], .len = a->a[2] };

	return getdents_run(t, (int)a->a[0], &g);
}

SYSCALL_DEFINE(getcwd)
{
	char *buf = kmalloc(VFS_PATH_MAX);
	size_t n, size = a->a[1];
	int r;

	if (!buf)
		return -ENOMEM;
	r = path_string(&t->fs->cwd, &t->fs->root, buf, VFS_PATH_MAX);
	if (!r) {
		n = kstrlen(buf) + 1;
		if (n > size)
			r = -ERANGE;
		else if (copy_out(t->mm, a->a[0], buf, n))
			r = -EFAULT;
		else
			r = (int)n;
	}
	kfree(buf);
	return r;
}

SYSCALL_DEFINE(chdir)
{
	char *path;
	int r = user_path(t, a->a[0], &path);

	if (r)
		return r;
	r = fs_context_chdir(t, path);
	kfree(path);
	return r;
}

SYSCALL_DEFINE(fchdir)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	if (!f->dentry || !f->mnt || !S_ISDIR(f->inode->mode)) {
		r = -ENOTDIR;
	} else {
		r = inode_permission(t, f->inode, MAY_EXEC);
		if (!r) {
			path_put(&t->fs->cwd);
			t->fs->cwd.mnt = f->mnt;
			t->fs->cwd.dentry = f->dentry;
			path_get(&t->fs->cwd);
		}
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(chroot)
{
	struct path p;
	char *path;
	int r;

	if (!capable(t, CAP_SYS_CHROOT))
		return -EPERM;
	r = user_path(t, a->a[0], &path);
	if (r)
		return r;
	r = vfs_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p,
		       NULL, NULL);
	kfree(path);
	if (r)
		return r;
	path_put(&t->fs->root);
	t->fs->root = p;
	return 0;
}

SYSCALL_DEFINE(umask)
{
	u32 old = t->fs->umask;

	t->fs->umask = (u32)a->a[0] & 0777;
	return old;
}
