/* SPDX-License-Identifier: MIT */
/* ioctl: descriptor-level requests here, the rest to the file's ops. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

SYSCALL_DEFINE(ioctl)
{
	int fd = (int)a->a[0], v;
	unsigned int cmd = (unsigned int)a->a[1];
	struct file *f = fd_get(t, fd);
	long r;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		r = fd_set_cloexec(t, fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		if (copy_in(t->mm, &v, a->a[2], sizeof(v))) {
			r = -EFAULT;
			break;
		}
		if (v)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
		r = 0;
		break;
	case FIONREAD:
		r = pipe_nread(f);
		if (r == -ENOTTY && f->inode && S_ISREG(f->inode->mode))
			r = f->inode->size > f->pos ? f->inode->size - f->pos : 0;
		if (r == -ENOTTY && f->ops && f->ops->ioctl) {
			r = f->ops->ioctl(f, cmd, a->a[2]);	/* ttys */
			break;
		}
		if (r >= 0) {
			v = (int)min(r, (long)0x7fffffff);
			r = copy_out(t->mm, a->a[2], &v, sizeof(v));
		}
		break;
	default:
		r = f->ops && f->ops->ioctl ? f->ops->ioctl(f, cmd, a->a[2]) :
					      -ENOTTY;
		break;
	}
	file_put(f);
	return r;
}
