/* SPDX-License-Identifier: MIT */
/*
 * stdio files: the sandbox's standard input/output are host handles vmm
 * owns. Reads wait for readiness with HC_POLL so a task blocked on the
 * terminal lets others run; terminal ioctls go to the host, the foreground
 * process group is kept here.
 */
#include "abi/hostcall.h"
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"

/* Re-poll interval of a task waiting on a host handle. */
#define STDIO_POLL_NS 5000000ull
#define STDIO_CHUNK 65536

struct stdio_priv {
	s64 handle;
	bool terminal;
};

static s64 tty_handle = -1;	/* the controlling terminal, if any */
static int tty_pgrp;		/* its foreground process group */

/* Readiness of @handle for @events (0: not ready) without blocking. */
static int stdio_ready(s64 handle, short events)
{
	struct hc_pollfd *pf = hc_dma_alloc(sizeof(*pf));
	long r;
	int rev;

	if (!pf)
		return -ENOMEM;
	memset(pf, 0, sizeof(*pf));
	pf->handle = handle;
	pf->events = events;
	r = hostcall(HC_POLL, hc_pa(pf), 1, 0, 0, 0, 0);
	rev = pf->revents;
	kfree(pf);
	if (r < 0)
		return (int)r;
	return r ? rev : 0;
}

/* Wait until @handle is ready for @events; 0, -EAGAIN or -ERESTARTSYS. */
static int stdio_wait(struct file *f, s64 handle, short events)
{
	int r;

	for (;;) {
		r = stdio_ready(handle, events);
		if (r)
			return r < 0 ? r : 0;
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		if (signal_pending_current())
			return -ERESTARTSYS;
		sched_block_until(platform->now_ns() + STDIO_POLL_NS);
	}
}

static ssize_t stdio_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct stdio_priv *sp = f->priv;
	size_t want = min((size_t)STDIO_CHUNK, u->len);
	u8 *buf;
	long n;
	int ret;

	ret = stdio_wait(f, sp->handle, POLLIN);
	if (ret)
		return ret;
	buf = hc_dma_alloc(want);
	if (!buf)
		return -ENOMEM;
	n = hostcall(HC_PREAD, sp->handle, hc_pa(buf), want, (u64)-1, 0, 0);
	if (n > 0) {
		ret = uio_copy_to(u, 0, buf, n);
		if (ret)
			n = ret;
	}
	kfree(buf);
	return n;
}

static ssize_t stdio_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct stdio_priv *sp = f->priv;
	size_t done = 0, chunk = min((size_t)STDIO_CHUNK, u->len);
	u8 *buf;
	long n;
	int ret;

	if (!u->len)
		return 0;
	buf = hc_dma_alloc(chunk);
	if (!buf)
		return -ENOMEM;
	while (done < u->len) {
		size_t want = min(chunk, u->len - done);

		ret = uio_copy_from(u, done, buf, want);
		if (ret) {
			n = ret;
			goto err;
		}
		n = hostcall(HC_PWRITE, sp->handle, hc_pa(buf), want, (u64)-1,
			     0, 0);
		if (n == -EAGAIN) {
			ret = stdio_wait(f, sp->handle, POLLOUT);
			if (ret) {
				n = ret;
				goto err;
			}
			continue;
		}
		if (n == -EPIPE)
			send_signal_task(current, KSIGPIPE, NULL);
		if (n < 0)
			goto err;
		done += n;
	}
	kfree(buf);
	return done;
err:
	kfree(buf);
	return done ? (ssize_t)done : n;
}

static unsigned int stdio_poll(struct file *f, struct poll_table *pt)
{
	struct stdio_priv *sp = f->priv;
	short ev = 0;
	int r;

	if (file_readable(f))
		ev |= POLLIN;
	if (file_writable(f))
		ev |= POLLOUT;
	if (pt)
		pt->host_polled = true;
	r = stdio_ready(sp->handle, ev);
	return r < 0 ? POLLERR : (unsigned int)r;
}

/* Forward a terminal ioctl with an @len-byte argument at user @arg. */
static long stdio_fwd_ioctl(struct stdio_priv *sp, unsigned int cmd, u64 arg,
			    size_t len, bool out)
{
	u8 *buf = hc_dma_alloc(len);
	long r;

	if (!buf)
		return -ENOMEM;
	if (!out && copy_in(current->mm, buf, arg, len)) {
		kfree(buf);
		return -EFAULT;
	}
	r = hostcall(HC_IOCTL, sp->handle, cmd, hc_pa(buf), len, 0, 0);
	if (!r && out && copy_out(current->mm, arg, buf, len))
		r = -EFAULT;
	kfree(buf);
	return r;
}

static long stdio_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct stdio_priv *sp = f->priv;
	int pg;

	switch (cmd) {
	case TCGETS:
		return stdio_fwd_ioctl(sp, cmd, arg, sizeof(struct termios),
				       true);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return stdio_fwd_ioctl(sp, cmd, arg, sizeof(struct termios),
				       false);
	case TIOCGWINSZ:
		return stdio_fwd_ioctl(sp, cmd, arg, 8 /* struct winsize */,
				       true);
	case TIOCSWINSZ:
		return stdio_fwd_ioctl(sp, cmd, arg, 8 /* struct winsize */,
				       false);
	case TIOCGPGRP:
		if (!sp->terminal)
			return -ENOTTY;
		pg = tty_pgrp ? tty_pgrp : current->proc->pgid;
		return copy_out(current->mm, arg, &pg, sizeof(pg));
	case TIOCSPGRP:
		if (!sp->terminal)
			return -ENOTTY;
		if (copy_in(current->mm, &pg, arg, sizeof(pg)))
			return -EFAULT;
		if (pg <= 0)
			return -EINVAL;
		tty_pgrp = pg;
		return 0;
	case TIOCGSID:
		if (!sp->terminal)
			return -ENOTTY;
		pg = current->proc->sid;
		return copy_out(current->mm, arg, &pg, sizeof(pg));
	case TIOCSCTTY:
	case TIOCNOTTY:
		return sp->terminal ? 0 : -ENOTTY;
	default:
		return -ENOTTY;
	}
}

static void stdio_release(struct file *f)
{
	/* The host handle is shared by fds 0-2 and /dev/tty: keep it. */
	kfree(f->priv);
	f->priv = NULL;
}

static const struct file_ops stdio_fops = {
	.read = stdio_read,
	.write = stdio_write,
	.poll = stdio_poll,
	.ioctl = stdio_ioctl,
	.release = stdio_release,
	.llseek = NULL,
};

/* stdio_file_create - see vfs_internal.h. */
struct file *stdio_file_create(s64 handle, bool terminal, unsigned int flags)
{
	struct stdio_priv *sp = kzalloc(sizeof(*sp));
	struct inode *i = inode_alloc(NULL, terminal ? S_IFCHR | 0620 :
							S_IFIFO | 0600);
	struct file *f;

	if (!sp || !i)
		goto fail;
	i->ino = 0x100 + (u64)handle;
	i->dev = MKDEV(0, 0xfd);
	if (terminal)
		i->rdev = MKDEV(136, 0);
	f = file_alloc(i, &stdio_fops, flags);
	if (!f)
		goto fail;
	sp->handle = handle;
	sp->terminal = terminal;
	f->priv = sp;
	if (terminal && tty_handle < 0)
		tty_handle = handle;
	return f;
fail:
	kfree(sp);
	inode_put(i);
	return NULL;
}

/* tty_file_open - see vfs_internal.h. */
int tty_file_open(struct file **out, unsigned int flags)
{
	if (tty_handle < 0)
		return -ENXIO;
	*out = stdio_file_create(tty_handle, true, flags & ~O_CREAT);
	return *out ? 0 : -ENOMEM;
}
