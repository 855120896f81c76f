/* SPDX-License-Identifier: MIT */
/* Pipes: a 64 KiB ring buffer between a read end and a write end. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "kernel/signal.h"

#define PIPE_SIZE (64 * 1024)
#define PIPE_BUF_ATOMIC 4096

struct pipe {
	u8 *buf;
	size_t head, count;
	int readers, writers;
	struct waitqueue rwait, wwait;
};

static u64 pipe_ino = 1;

static ssize_t pipe_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct pipe *p = f->priv;
	size_t done = 0, n;
	int ret;

	if (!(f->flags & O_NONBLOCK)) {
		ret = wait_event_interruptible(&p->rwait,
					       p->count || !p->writers);
		if (ret)
			return ret;
	} else if (!p->count) {
		return p->writers ? -EAGAIN : 0;
	}
	while (done < u->len && p->count) {
		n = min(p->count, PIPE_SIZE - p->head);
		n = min(n, u->len - done);
		ret = uio_copy_to(u, done, p->buf + p->head, n);
		if (ret) {
			if (!done)
				return ret;
			break;
		}
		p->head = (p->head + n) % PIPE_SIZE;
		p->count -= n;
		done += n;
	}
	if (!p->count)
		p->head = 0;
	wake_up(&p->wwait);
	return done;
}

static ssize_t pipe_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct pipe *p = f->priv;
	size_t done = 0, n, tail, need;
	int ret;

	while (done < u->len) {
		/* Writes of up to PIPE_BUF bytes are atomic. */
		need = u->len - done <= PIPE_BUF_ATOMIC ? u->len - done : 1;
		if (!p->readers) {
			send_signal_task(current, KSIGPIPE, NULL);
			return done ? (ssize_t)done : -EPIPE;
		}
		if (PIPE_SIZE - p->count < need) {
			if (f->flags & O_NONBLOCK)
				return done ? (ssize_t)done : -EAGAIN;
			ret = wait_event_interruptible(
				&p->wwait,
				PIPE_SIZE - p->count >= need || !p->readers);
			if (ret)
				return done ? (ssize_t)done : ret;
			continue;
		}
		tail = (p->head + p->count) % PIPE_SIZE;
		n = min(PIPE_SIZE - p->count, PIPE_SIZE - tail);
		n = min(n, u->len - done);
		ret = uio_copy_from(u, done, p->buf + tail, n);
		if (ret)
			return done ? (ssize_t)done : ret;
		p->count += n;
		done += n;
		wake_up(&p->rwait);
	}
	return done;
}

static unsigned int pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	unsigned int mask = 0;

	if (file_readable(f)) {
		poll_wait(pt, &p->rwait);
		if (p->count)
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	}
	if (file_writable(f)) {
		poll_wait(pt, &p->wwait);
		if (PIPE_SIZE - p->count >= PIPE_BUF_ATOMIC)
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;

	if (file_readable(f))
		p->readers--;
	if (file_writable(f))
		p->writers--;
	wake_up(&p->rwait);
	wake_up(&p->wwait);
	if (!p->readers && !p->writers) {
		kfree(p->buf);
		kfree(p);
	}
}

static const struct file_ops pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
	.llseek = NULL,
};

/* pipe_nread - see vfs_internal.h. */
long pipe_nread(struct file *f)
{
	if (f->ops != &pipe_fops)
		return -ENOTTY;
	return (long)((struct pipe *)f->priv)->count;
}

/* pipe_create - see vfs_internal.h. */
int pipe_create(struct file **rd, struct file **wr, unsigned int flags)
{
	struct pipe *p = kzalloc(sizeof(*p));
	struct inode *i = inode_alloc(NULL, S_IFIFO | 0600);
	struct file *r = NULL, *w = NULL;

	if (!p || !i)
		goto fail;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf)
		goto fail;
	waitqueue_init(&p->rwait);
	waitqueue_init(&p->wwait);
	i->ino = pipe_ino++;
	i->dev = MKDEV(0, 0xfe);
	r = file_alloc(i, &pipe_fops, O_RDONLY | (flags & O_NONBLOCK));
	w = file_alloc(i, &pipe_fops, O_WRONLY | (flags & O_NONBLOCK));
	if (!r || !w)
		goto fail;
	inode_get(i);
	r->priv = w->priv = p;
	p->readers = p->writers = 1;
	*rd = r;
	*wr = w;
	return 0;
fail:
	kfree(r);
	kfree(w);
	if (p)
		kfree(p->buf);
	kfree(p);
	inode_put(i);
	return -ENOMEM;
}
