/* SPDX-License-Identifier: MIT */
/*
 * Extended attributes. No sandbox file system stores any yet: lookups
 * resolve the file (so ENOENT, ENOTDIR, EBADF come out as on Linux), then
 * get/remove say -ENODATA, list says the list is empty and set is refused
 * with -ENOTSUP, which is what Linux says on a file system without xattrs.
 */
#include <linux/errno.h>
#include <linux/fcntl.h>

#include "fs/vfs_internal.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536

/* Resolve a path argument (following symlinks unless @nofollow). */
static long xattr_path(struct task *t, uaddr_t upath, bool nofollow)
{
	struct path p;
	char *path;
	long r;

	r = user_path(t, upath, &path);
	if (r)
		return r;
	r = vfs_lookup(t, AT_FDCWD, path, nofollow ? 0 : LOOKUP_FOLLOW, &p,
		       NULL, NULL);
	kfree(path);
	if (r)
		return r;
	path_put(&p);
	return 0;
}

static long xattr_fd(struct task *t, int fd)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	file_put(f);
	return 0;
}

/* Check an attribute name argument: 1..255 bytes. */
static long xattr_name(struct task *t, uaddr_t uname)
{
	char name[XATTR_NAME_MAX + 1];
	long n = copy_string_in(t->mm, name, uname, sizeof(name));

	if (n == -ENAMETOOLONG)
		return -ERANGE;
	if (n < 0)
		return n;
	return n == 0 ? -ERANGE : 0;
}

static long do_get(long looked_up, struct task *t, uaddr_t uname)
{
	long r = looked_up ? looked_up : xattr_name(t, uname);

	return r ? r : -ENODATA;
}

static long do_set(long looked_up, struct task *t, uaddr_t uname, u64 size,
		   int flags)
{
	long r = looked_up;

	if (r)
		return r;
	if (flags & ~3)		/* XATTR_CREATE | XATTR_REPLACE */
		return -EINVAL;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	r = xattr_name(t, uname);
	return r ? r : -EOPNOTSUPP;	/* ENOTSUP on Linux */
}

SYSCALL_DEFINE(getxattr)
{
	return do_get(xattr_path(t, a->a[0], false), t, a->a[1]);
}

SYSCALL_DEFINE(lgetxattr)
{
	return do_get(xattr_path(t, a->a[0], true), t, a->a[1]);
}

SYSCALL_DEFINE(fgetxattr)
{
	return do_get(xattr_fd(t, (int)a->a[0]), t, a->a[1]);
}

SYSCALL_DEFINE(listxattr)
{
	return xattr_path(t, a->a[0], false);
}

SYSCALL_DEFINE(llistxattr)
{
	return xattr_path(t, a->a[0], true);
}

SYSCALL_DEFINE(flistxattr)
{
	return xattr_fd(t, (int)a->a[0]);
}

SYSCALL_DEFINE(setxattr)
{
	return do_set(xattr_path(t, a->a[0], false), t, a->a[1], a->a[3],
		      (int)a->a[4]);
}

SYSCALL_DEFINE(lsetxattr)
{
	return do_set(xattr_path(t, a->a[0], true), t, a->a[1], a->a[3],
		      (int)a->a[4]);
}

SYSCALL_DEFINE(fsetxattr)
{
	return do_set(xattr_fd(t, (int)a->a[0]), t, a->a[1], a->a[3],
		      (int)a->a[4]);
}

SYSCALL_DEFINE(removexattr)
{
	return do_get(xattr_path(t, a->a[0], false), t, a->a[1]);
}

SYSCALL_DEFINE(lremovexattr)
{
	return do_get(xattr_path(t, a->a[0], true), t, a->a[1]);
}

SYSCALL_DEFINE(fremovexattr)
{
	return do_get(xattr_fd(t, (int)a->a[0]), t, a->a[1]);
}
