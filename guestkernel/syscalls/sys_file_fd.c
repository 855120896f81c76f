/* SPDX-License-Identifier: MIT */
/* Descriptor calls: close close_range dup dup2 dup3 fcntl flock pipe pipe2. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/tmpfs.h"
#include "fs/filelock.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Status flags F_SETFL may change. */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | FASYNC | O_DIRECT | O_NOATIME)

SYSCALL_DEFINE(close)
{
	return fd_close(t, (int)a->a[0]);
}

SYSCALL_DEFINE(close_range)
{
	u32 lo = (u32)a->a[0], hi = (u32)a->a[1], flags = (u32)a->a[2];
	int k, size;

	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (lo > hi)
		return -EINVAL;
	size = t->files->size;
	for (k = lo; k < size && (u32)k <= hi; k++) {
		if (flags & CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(t, k, true);
		else
			fd_close(t, k);
	}
	return 0;
}

SYSCALL_DEFINE(dup)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	int r;

	if (!f)
		return -EBADF;
	r = fd_install(t, f, 0, false);
	if (r < 0)
		file_put(f);
	return r;
}

static long do_dup3(struct task *t, int oldfd, int newfd, int flags)
{
	struct file *f;
	int r;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	f = fd_get(t, oldfd);
	if (!f)
		return -EBADF;
	if (newfd < 0 || newfd >= fd_limit(t)) {
		file_put(f);
		return -EBADF;
	}
	r = fd_install_at(t, f, newfd, flags & O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(dup2)
{
	int oldfd = (int)a->a[0], newfd = (int)a->a[1];

	if (oldfd == newfd) {
		struct file *f = fd_get(t, oldfd);

		if (!f)
			return -EBADF;
		file_put(f);
		return newfd;
	}
	return do_dup3(t, oldfd, newfd, 0);
}

SYSCALL_DEFINE(dup3)
{
	if ((int)a->a[0] == (int)a->a[1])
		return -EINVAL;
	return do_dup3(t, (int)a->a[0], (int)a->a[1], (int)a->a[2]);
}

SYSCALL_DEFINE(fcntl)
{
	int fd = (int)a->a[0], cmd = (int)a->a[1], r;
	u64 arg = a->a[2];
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((s64)(int)arg < 0 || (int)arg >= fd_limit(t)) {
			r = -EINVAL;
			break;
		}
		file_get(f);
		r = fd_install(t, f, (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (r < 0)
			file_put(f);
		break;
	case F_GETFD:
		r = fd_get_cloexec(t, fd) > 0 ? FD_CLOEXEC : 0;
		break;
	case F_SETFD:
		r = fd_set_cloexec(t, fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = (int)(f->flags | O_LARGEFILE);
		break;
	case F_SETFL:
		f->flags = (f->flags & ~SETFL_MASK) | ((u32)arg & SETFL_MASK);
		r = 0;
		break;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		r = (int)filelock_fcntl(t, f, cmd, arg);
		break;
	case F_GETOWN:
	case F_SETOWN:
		r = 0;
		break;
	case F_ADD_SEALS:
	case F_GET_SEALS:
		r = (int)memfd_fcntl(f, cmd, arg);
		break;
	default:
		r = -EINVAL;
		break;
	}
	file_put(f);
	return r;
}

SYSCALL_DEFINE(flock)
{
	struct file *f = fd_get(t, (int)a->a[0]);
	long r;

	if (!f)
		return -EBADF;
	r = (f->flags & O_PATH) ? -EBADF : filelock_flock(f, (int)a->a[1]);
	file_put(f);
	return r;
}

static long do_pipe2(struct task *t, uaddr_t ufds, int flags)
{
	struct file *rd, *wr;
	int fds[2], r;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	r = pipe_create(&rd, &wr, flags);
	if (r)
		return r;
	fds[0] = fd_install(t, rd, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(t, wr, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		fd_close(t, fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_out(t->mm, ufds, fds, sizeof(fds))) {
		fd_close(t, fds[0]);
		fd_close(t, fds[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL_DEFINE(pipe)
{
	return do_pipe2(t, a->a[0], 0);
}

SYSCALL_DEFINE(pipe2)
{
	return do_pipe2(t, a->a[0], (int)a->a[1]);
}
