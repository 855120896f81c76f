/* SPDX-License-Identifier: MIT */
/* timerfd_create, timerfd_settime, timerfd_gettime. */
#include <linux/errno.h>
#include <linux/time_types.h>
#include <linux/timerfd.h>

#include "fs/vfs_internal.h"
#include "fs/eventfd.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

struct tfd_uspec {
	struct __kernel_timespec interval, value;
};

SYSCALL_DEFINE(timerfd_create)
{
	int flags = (int)a->a[1];
	struct file *f;
	int r = timerfd_create_file((int)a->a[0], flags, &f);

	if (r)
		return r;
	r = fd_install(t, f, 0, flags & TFD_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(timerfd_settime)
{
	struct tfd_uspec nv, ov;
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	if (copy_in(t->mm, &nv, a->a[2], sizeof(nv))) {
		r = -EFAULT;
		goto out;
	}
	r = timerfd_settime_file(f, (int)a->a[1], &nv, &ov);
	if (!r && a->a[3] && copy_out(t->mm, a->a[3], &ov, sizeof(ov)))
		r = -EFAULT;
out:
	file_put(f);
	return r;
}

SYSCALL_DEFINE(timerfd_gettime)
{
	struct tfd_uspec v;
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	r = timerfd_gettime_file(f, &v);
	if (!r && copy_out(t->mm, a->a[1], &v, sizeof(v)))
		r = -EFAULT;
	file_put(f);
	return r;
}
