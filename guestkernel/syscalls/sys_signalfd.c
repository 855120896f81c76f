/* SPDX-License-Identifier: MIT */
/* signalfd, signalfd4. */
#include <linux/errno.h>
#include <linux/signalfd.h>

#include "fs/vfs_internal.h"
#include "fs/eventfd.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

static long do_signalfd(struct task *t, int fd, uaddr_t umask, u64 size,
			int flags)
{
	struct file *f;
	u64 mask;
	int r;

	if (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC))
		return -EINVAL;
	if (size != sizeof(u64))
		return -EINVAL;
	if (copy_in(t->mm, &mask, umask, sizeof(mask)))
		return -EFAULT;
	if (fd != -1) {
		f = fd_get(t, fd);
		if (!f)
			return -EBADF;
		r = signalfd_update(f, mask);
		file_put(f);
		return r ? r : fd;
	}
	r = signalfd_create_file(mask, flags, &f);
	if (r)
		return r;
	r = fd_install(t, f, 0, flags & SFD_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(signalfd4)
{
	return do_signalfd(t, (int)a->a[0], a->a[1], a->a[2], (int)a->a[3]);
}

SYSCALL_DEFINE(signalfd)
{
	return do_signalfd(t, (int)a->a[0], a->a[1], a->a[2], 0);
}
