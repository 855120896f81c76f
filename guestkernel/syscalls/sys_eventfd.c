/* SPDX-License-Identifier: MIT */
/* eventfd, eventfd2. */
#include <linux/errno.h>

#include "fs/vfs_internal.h"
#include "fs/eventfd.h"
#include "kernel/task.h"
#include "syscalls/syscall.h"

static long do_eventfd(struct task *t, u64 initval, int flags)
{
	struct file *f;
	int r = eventfd_create((u32)initval, flags, &f);

	if (r)
		return r;
	r = fd_install(t, f, 0, flags & EFD_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(eventfd2)
{
	return do_eventfd(t, a->a[0], (int)a->a[1]);
}

SYSCALL_DEFINE(eventfd)
{
	return do_eventfd(t, a->a[0], 0);
}
