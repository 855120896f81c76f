/* SPDX-License-Identifier: MIT */
/* mq_open mq_unlink mq_timedsend mq_timedreceive mq_notify mq_getsetattr. */
#include "fs/mqueue.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "platform/platform.h"
#include "syscalls/syscall.h"

#define SIGEV_SIGNAL_K 0
#define SIGEV_NONE_K 1
#define SIGEV_THREAD_K 2
#define NOTIFY_COOKIE_LEN 32

/* Copy in the queue name (glibc passes it without the leading '/'). */
static int mq_user_name(struct task *t, uaddr_t uname, char **out)
{
	char *name = kmalloc(VFS_PATH_MAX);
	long n;

	if (!name)
		return -ENOMEM;
	n = copy_string_in(t->mm, name, uname, VFS_PATH_MAX);
	if (n < 0 || n >= VFS_PATH_MAX) {
		kfree(name);
		return n < 0 ? (int)n : -ENAMETOOLONG;
	}
	*out = name;
	return 0;
}

/* An absolute CLOCK_REALTIME timeout as a monotonic deadline (0: none). */
static int mq_deadline(struct task *t, uaddr_t uts, u64 *deadline)
{
	struct __kernel_timespec ts;
	u64 ns, real, now;

	*deadline = 0;
	if (!uts)
		return 0;
	if (copy_in(t->mm, &ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -EINVAL;
	ns = (u64)ts.tv_sec * 1000000000ULL + (u64)ts.tv_nsec;
	real = platform->realtime_ns();
	now = platform->now_ns();
	*deadline = ns > real ? now + (ns - real) : now;
	if (!*deadline)
		*deadline = 1;
	return 0;
}

/* The queue file behind @fd (referenced), or NULL for -EBADF. */
static struct file *mq_fd(struct task *t, int fd)
{
	struct file *f = fd_get(t, fd);

	if (f && !mq_of(f)) {
		file_put(f);
		f = NULL;
	}
	return f;
}

SYSCALL_DEFINE(mq_open)
{
	int oflag = (int)a->a[1];
	struct mq_attr attr;
	struct file *f;
	char *name = NULL;
	int r;

	if ((oflag & O_CREAT) && a->a[3] &&
	    copy_in(t->mm, &attr, a->a[3], sizeof(attr)))
		return -EFAULT;
	r = mq_user_name(t, a->a[0], &name);
	if (r)
		return r;
	r = mq_open_name(t, name, oflag, (u32)a->a[2],
			 (oflag & O_CREAT) && a->a[3] ? &attr : NULL, &f);
	kfree(name);
	if (r)
		return r;
	r = fd_install(t, f, 0, oflag & O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}

SYSCALL_DEFINE(mq_unlink)
{
	char *name = NULL;
	int r = mq_user_name(t, a->a[0], &name);

	if (r)
		return r;
	r = mq_unlink_name(t, name);
	kfree(name);
	return r;
}

SYSCALL_DEFINE(mq_timedsend)
{
	size_t len = a->a[2];
	u32 prio = (u32)a->a[3];
	struct mq_attr attr;
	struct file *f;
	u64 deadline;
	void *buf;
	long r;

	if (a->a[3] >= MQ_PRIO_MAX)
		return -EINVAL;
	r = mq_deadline(t, a->a[4], &deadline);
	if (r)
		return r;
	f = mq_fd(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	if ((f->flags & O_ACCMODE) != O_WRONLY &&
	    (f->flags & O_ACCMODE) != O_RDWR) {
		r = -EBADF;
		goto out;
	}
	mqueue_getattr(f, &attr);
	if (len > (size_t)attr.mq_msgsize) {
		r = -EMSGSIZE;
		goto out;
	}
	buf = kmalloc(len ? len : 1);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	r = copy_in(t->mm, buf, a->a[1], len) ? -EFAULT :
						   mqueue_send(t, f, buf, len, prio,
							   deadline);
	kfree(buf);
out:
	file_put(f);
	return r;
}

SYSCALL_DEFINE(mq_timedreceive)
{
	size_t size = a->a[2];
	struct mq_attr attr;
	struct file *f;
	u64 deadline;
	void *buf;
	u32 prio;
	long r;

	r = mq_deadline(t, a->a[4], &deadline);
	if (r)
		return r;
	f = mq_fd(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	mqueue_getattr(f, &attr);
	if ((f->flags & O_ACCMODE) != O_RDONLY &&
	    (f->flags & O_ACCMODE) != O_RDWR) {
		r = -EBADF;
		goto out;
	}
	if (size < (size_t)attr.mq_msgsize) {
		r = -EMSGSIZE;
		goto out;
	}
	buf = kmalloc((size_t)attr.mq_msgsize);
	if (!buf) {
		r = -ENOMEM;
		goto out;
	}
	r = mqueue_receive(t, f, buf, (size_t)attr.mq_msgsize, &prio, deadline);
	if (r >= 0) {
		if (copy_out(t->mm, a->a[1], buf, (size_t)r) ||
		    (a->a[3] && copy_out(t->mm, a->a[3], &prio, sizeof(prio))))
			r = -EFAULT;
	}
	kfree(buf);
out:
	file_put(f);
	return r;
}

/*
 * SIGEV_THREAD: glibc creates a netlink socket and passes its descriptor
 * in sigev_signo. The sandbox has no netlink sockets (socket(AF_NETLINK)
 * fails, so glibc's mq_notify reports ENOSYS without calling us); a
 * descriptor given here directly fails as on Linux for a socket that is
 * not netlink: EBADF, ENOTSOCK or EINVAL.
 */
static long mq_notify_thread(struct task *t, const struct sigevent_k *sev)
{
	u8 cookie[NOTIFY_COOKIE_LEN];
	struct file *sock;
	long r;

	if (copy_in(t->mm, cookie, sev->value, sizeof(cookie)))
		return -EFAULT;
	sock = fd_get(t, sev->signo);
	if (!sock)
		return -EBADF;
	r = sock->inode && S_ISSOCK(sock->inode->mode) ? -EINVAL : -ENOTSOCK;
	file_put(sock);
	return r;
}

SYSCALL_DEFINE(mq_notify)
{
	struct sigevent_k sev;
	struct file *f;
	long r;

	if (a->a[1]) {
		if (copy_in(t->mm, &sev, a->a[1], sizeof(sev)))
			return -EFAULT;
		if (sev.notify != SIGEV_NONE_K && sev.notify != SIGEV_SIGNAL_K &&
		    sev.notify != SIGEV_THREAD_K)
			return -EINVAL;
		if (sev.notify == SIGEV_SIGNAL_K &&
		    (u32)sev.signo > 64)
			return -EINVAL;
		if (sev.notify == SIGEV_THREAD_K)
			return mq_notify_thread(t, &sev);
	}
	f = mq_fd(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	r = mq_set_notify(t, f, a->a[1] ? &sev : NULL);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(mq_getsetattr)
{
	struct mq_attr nattr, oattr;
	struct file *f;
	long r = 0;

	if (a->a[1]) {
		if (copy_in(t->mm, &nattr, a->a[1], sizeof(nattr)))
			return -EFAULT;
		if (nattr.mq_flags & ~(long)O_NONBLOCK)
			return -EINVAL;
	}
	f = mq_fd(t, (int)a->a[0]);
	if (!f)
		return -EBADF;
	mqueue_getattr(f, &oattr);
	if (a->a[1]) {
		if (nattr.mq_flags & O_NONBLOCK)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~O_NONBLOCK;
	}
	if (a->a[2] && copy_out(t->mm, a->a[2], &oattr, sizeof(oattr)))
		r = -EFAULT;
	file_put(f);
	return r;
}
