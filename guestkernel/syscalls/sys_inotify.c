/* SPDX-License-Identifier: MIT */
/* inotify_init inotify_init1 inotify_add_watch inotify_rm_watch. */
#include "fs/inotify.h"
#include "kernel/task.h"
#include "syscalls/syscall.h"

/* Every bit inotify_add_watch knows (Linux's ALL_INOTIFY_BITS). */
#define INOTIFY_ALL_BITS (IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | \
			  IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW | \
			  IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | \
			  IN_ISDIR | IN_ONESHOT)

static long do_inotify_init(struct task *t, unsigned int flags)
{
	struct file *f;
	int r;

	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	r = inotify_create(flags, &f);
	if (r)
		return r;
	r = fd_install(t, f, 0, flags & IN_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(inotify_init)
{
	(void)a;
	return do_inotify_init(t, 0);
}

SYSCALL_DEFINE(inotify_init1)
{
	return do_inotify_init(t, (unsigned int)a->a[0]);
}

SYSCALL_DEFINE(inotify_add_watch)
{
	u32 mask = (u32)a->a[2];
	struct inotify_group *g;
	unsigned int lf = 0;
	struct file *f;
	struct path p;
	char *path;
	long r;

	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	if (!(mask & INOTIFY_ALL_BITS))
		return -EINVAL;
	f = fd_get(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	g = inotify_group_of(f);
	if (!g) {
		r = -EINVAL;
		goto out;
	}
	if (!(mask & IN_DONT_FOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (mask & IN_ONLYDIR)
		lf |= LOOKUP_DIRECTORY;
	r = user_path(t, a->a[1], &path);
	if (r)
		goto out;
	r = vfs_lookup(t, AT_FDCWD, path, lf, &p, NULL, NULL);
	kfree(path);
	if (r)
		goto out;
	r = inode_permission(t, p.dentry->inode, MAY_READ);
	if (!r)
		r = inotify_add(g, &p, mask);
	path_put(&p);
out:
	file_put(f);
	return r;
}

SYSCALL_DEFINE(inotify_rm_watch)
{
	struct inotify_group *g;
	struct file *f = fd_get(t, (int)a->a[0]);
	long r;

	if (!f)
		return -EBADF;
	g = inotify_group_of(f);
	r = g ? inotify_rm(g, (int)a->a[1]) : -EINVAL;
	file_put(f);
	return r;
}
