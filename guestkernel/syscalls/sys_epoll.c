/* SPDX-License-Identifier: MIT */
/* epoll_create, epoll_create1, epoll_ctl, epoll_wait, epoll_pwait, epoll_pwait2. */
#include <linux/errno.h>
#include <linux/eventpoll.h>
#include <linux/time_types.h>

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/eventfd.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define EP_MAX_EVENTS (0x7fffffff / (int)sizeof(struct epoll_event))
#define SIG_UNBLOCKABLE (sigbit(9) | sigbit(19))

static long do_epoll_create(struct task *t, int flags)
{
	struct file *f;
	int r;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	r = epoll_create_file(&f);
	if (r)
		return r;
	r = fd_install(t, f, 0, flags & EPOLL_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(epoll_create)
{
	if ((int)a->a[0] <= 0)
		return -EINVAL;
	return do_epoll_create(t, 0);
}

SYSCALL_DEFINE(epoll_create1)
{
	return do_epoll_create(t, (int)a->a[0]);
}

SYSCALL_DEFINE(epoll_ctl)
{
	int op = (int)a->a[1], fd = (int)a->a[2];
	struct epoll_event ev = { 0, 0 };
	struct file *ep, *tf;
	long r;

	if (op != EPOLL_CTL_DEL &&
	    copy_in(t->mm, &ev, a->a[3], sizeof(ev)))
		return -EFAULT;
	ep = fd_get(t, (int)a->a[0]);
	if (!ep)
		return -EBADF;
	tf = fd_get(t, fd);
	if (!tf) {
		file_put(ep);
		return -EBADF;
	}
	r = epoll_ctl_file(ep, op, fd, tf, &ev);
	file_put(tf);
	file_put(ep);
	return r;
}

/* Wait on epoll @epfd and copy events out; @timeout_ns < 0: forever. */
static long do_epoll_wait(struct task *t, int epfd, uaddr_t uev, int max,
			  s64 timeout_ns)
{
	struct epoll_event *ev;
	struct file *ep;
	u64 deadline = 0;
	long r;

	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	ep = fd_get(t, epfd);
	if (!ep)
		return -EBADF;
	if (!file_is_epoll(ep)) {
		file_put(ep);
		return -EINVAL;
	}
	if (max > 1024)
		max = 1024;
	ev = kmalloc((size_t)max * sizeof(*ev));
	if (!ev) {
		file_put(ep);
		return -ENOMEM;
	}
	if (timeout_ns > 0)
		deadline = platform->now_ns() + (u64)timeout_ns;
	r = epoll_wait_file(ep, ev, max, deadline, timeout_ns == 0);
	if (r > 0 && copy_out(t->mm, uev, ev, (size_t)r * sizeof(*ev)))
		r = -EFAULT;
	kfree(ev);
	file_put(ep);
	return r;
}

SYSCALL_DEFINE(epoll_wait)
{
	int ms = (int)a->a[3];

	return do_epoll_wait(t, (int)a->a[0], a->a[1], (int)a->a[2],
			     ms < 0 ? -1 : (s64)ms * 1000000);
}

/* epoll_pwait/2: run @timeout_ns wait under the temporary mask at @umask. */
static long epoll_wait_masked(struct task *t, const struct syscall_args *a,
			      s64 timeout_ns)
{
	uaddr_t umask = a->a[4];
	u64 mask;
	long r;

	if (umask) {
		if (a->a[5] != sizeof(u64))
			return -EINVAL;
		if (copy_in(t->mm, &mask, umask, sizeof(mask)))
			return -EFAULT;
		t->saved_sigmask = t->sig_blocked;
		t->sig_blocked = mask & ~SIG_UNBLOCKABLE;
		t->restore_sigmask = true;
	}
	r = do_epoll_wait(t, (int)a->a[0], a->a[1], (int)a->a[2], timeout_ns);
	/* On EINTR the handler runs under the temporary mask first. */
	if (umask && r != -EINTR) {
		t->sig_blocked = t->saved_sigmask;
		t->restore_sigmask = false;
	}
	return r;
}

SYSCALL_DEFINE(epoll_pwait)
{
	int ms = (int)a->a[3];

	return epoll_wait_masked(t, a, ms < 0 ? -1 : (s64)ms * 1000000);
}

SYSCALL_DEFINE(epoll_pwait2)
{
	struct __kernel_timespec ts;
	s64 ns = -1;

	if (a->a[3]) {
		if (copy_in(t->mm, &ts, a->a[3], sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		ns = ts.tv_sec > 1000000000ll ? 1000000000ll * 1000000000ll :
						ts.tv_sec * 1000000000ll + ts.tv_nsec;
	}
	return epoll_wait_masked(t, a, ns);
}
