/* SPDX-License-Identifier: MIT */
/*
 * Pipes: a 64 KiB ring buffer between a read end and a write end. The same
 * buffer serves named pipes (FIFO inodes, fifo_open) and the splice family
 * (pipe_peek/pipe_consume/pipe_room/pipe_push).
 */
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
	u64 ropens, wopens;	/* opens so far of each side (FIFO pairing) */
	void **fifo_slot;	/* FIFO: where its inode keeps this pipe */
	struct waitqueue rwait, wwait;
};

static const struct file_ops pipe_fops;

static u64 pipe_ino = 1;

/* Read (consume) up to u->len bytes; @nonblock: -EAGAIN instead of waiting. */
static ssize_t pipe_do_read(struct file *f, struct uio *u, bool nonblock)
{
	struct pipe *p = f->priv;
	size_t done = 0, n;
	int ret;

	if (!nonblock) {
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

static ssize_t pipe_read(struct file *f, struct uio *u, loff_t *pos)
{
	return pipe_do_read(f, u, f->flags & O_NONBLOCK);
}

/* Write all of @u (atomically up to PIPE_BUF); @nonblock: do not wait. */
static ssize_t pipe_do_write(struct file *f, struct uio *u, bool nonblock)
{
	struct pipe *p = f->priv;
	size_t done = 0, n, tail, need;
	bool woke = false;
	int ret;

	while (done < u->len) {
		/* Writes of up to PIPE_BUF bytes are atomic. */
		need = u->len - done <= PIPE_BUF_ATOMIC ? u->len - done : 1;
		if (!p->readers) {
			send_signal_task(current, KSIGPIPE, NULL);
			return done ? (ssize_t)done : -EPIPE;
		}
		if (PIPE_SIZE - p->count < need) {
			if (nonblock)
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
		woke |= !list_empty(&p->rwait.waiters);
		wake_up(&p->rwait);
	}
	/*
	 * A reader was waiting: let it take the data before we return. In a
	 * ping-pong it is on the critical path, and on ptrace its resume (a
	 * host round trip) no longer waits behind the writer's.
	 */
	if (woke)
		sched_yield_cpu();
	return done;
}

static ssize_t pipe_write(struct file *f, struct uio *u, loff_t *pos)
{
	return pipe_do_write(f, u, f->flags & O_NONBLOCK);
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

/* Free @p once neither end is open (a FIFO forgets its buffered data). */
static void pipe_free_unused(struct pipe *p)
{
	if (p->readers || p->writers)
		return;
	if (p->fifo_slot)
		*p->fifo_slot = NULL;
	kfree(p->buf);
	kfree(p);
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
	pipe_free_unused(p);
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

/* A new, empty pipe with no ends open; NULL on -ENOMEM. */
static struct pipe *pipe_alloc(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->buf = kmalloc(PIPE_SIZE);
	if (!p->buf) {
		kfree(p);
		return NULL;
	}
	waitqueue_init(&p->rwait);
	waitqueue_init(&p->wwait);
	return p;
}

/* pipe_create - see vfs_internal.h. */
int pipe_create(struct file **rd, struct file **wr, unsigned int flags)
{
	struct pipe *p = pipe_alloc();
	struct inode *i = inode_alloc(NULL, S_IFIFO | 0600);
	struct file *r = NULL, *w = NULL;

	if (!p || !i)
		goto fail;
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

/* fifo_open - see vfs_internal.h. */
int fifo_open(struct file *f, void **slot)
{
	bool nonblock = f->flags & O_NONBLOCK;
	struct pipe *p = *slot;
	u64 seen;
	int ret;

	if (!p) {
		p = pipe_alloc();
		if (!p)
			return -ENOMEM;
		p->fifo_slot = slot;
		*slot = p;
	}
	switch (f->flags & O_ACCMODE) {
	case O_RDONLY:
		p->readers++;
		p->ropens++;
		wake_up(&p->wwait);
		if (p->writers || nonblock)
			break;
		/* Wait for a writer to open (even one that closes again). */
		seen = p->wopens;
		ret = wait_event_interruptible(&p->rwait, p->wopens != seen);
		if (ret) {
			p->readers--;
			wake_up(&p->wwait);
			pipe_free_unused(p);
			return ret;
		}
		break;
	case O_WRONLY:
		if (nonblock && !p->readers) {
			pipe_free_unused(p);
			return -ENXIO;
		}
		p->writers++;
		p->wopens++;
		wake_up(&p->rwait);
		if (p->readers)
			break;
		seen = p->ropens;
		ret = wait_event_interruptible(&p->wwait, p->ropens != seen);
		if (ret) {
			p->writers--;
			wake_up(&p->rwait);
			pipe_free_unused(p);
			return ret;
		}
		break;
	default:
		/* O_RDWR: both ends at once, never waits. */
		p->readers++;
		p->writers++;
		p->ropens++;
		p->wopens++;
		wake_up(&p->rwait);
		wake_up(&p->wwait);
		break;
	}
	f->ops = &pipe_fops;
	f->priv = p;
	return 0;
}

/* file_is_pipe - see vfs_internal.h. */
bool file_is_pipe(struct file *f)
{
	return f && f->ops == &pipe_fops;
}

/* pipe_peek - see vfs_internal.h. */
ssize_t pipe_peek(struct file *f, void *buf, size_t n, bool nonblock)
{
	struct pipe *p = f->priv;
	size_t done = 0, c, at;
	int ret;

	if (!file_readable(f))
		return -EBADF;
	if (!p->count) {
		if (!p->writers)
			return 0;
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(&p->rwait,
					       p->count || !p->writers);
		if (ret)
			return ret;
	}
	n = min(n, p->count);
	while (done < n) {
		at = (p->head + done) % PIPE_SIZE;
		c = min(n - done, PIPE_SIZE - at);
		memcpy((u8 *)buf + done, p->buf + at, c);
		done += c;
	}
	return done;
}

/* pipe_consume - see vfs_internal.h. */
void pipe_consume(struct file *f, size_t n)
{
	struct pipe *p = f->priv;

	n = min(n, p->count);
	p->head = (p->head + n) % PIPE_SIZE;
	p->count -= n;
	if (!p->count)
		p->head = 0;
	wake_up(&p->wwait);
}

/* pipe_room - see vfs_internal.h. */
ssize_t pipe_room(struct file *f, bool nonblock)
{
	struct pipe *p = f->priv;
	int ret;

	if (!file_writable(f))
		return -EBADF;
	for (;;) {
		if (!p->readers) {
			send_signal_task(current, KSIGPIPE, NULL);
			return -EPIPE;
		}
		if (p->count < PIPE_SIZE)
			return PIPE_SIZE - p->count;
		if (nonblock)
			return -EAGAIN;
		ret = wait_event_interruptible(
			&p->wwait, p->count < PIPE_SIZE || !p->readers);
		if (ret)
			return ret;
	}
}

/* pipe_push - see vfs_internal.h. */
size_t pipe_push(struct file *f, const void *buf, size_t n)
{
	struct pipe *p = f->priv;
	size_t done = 0, c, tail;

	n = min(n, PIPE_SIZE - p->count);
	while (done < n) {
		tail = (p->head + p->count) % PIPE_SIZE;
		c = min(n - done, PIPE_SIZE - tail);
		memcpy(p->buf + tail, (const u8 *)buf + done, c);
		p->count += c;
		done += c;
	}
	if (done)
		wake_up(&p->rwait);
	return done;
}

/* pipe_read_uio - see vfs_internal.h. */
ssize_t pipe_read_uio(struct file *f, struct uio *u, bool nonblock)
{
	if (!file_readable(f))
		return -EBADF;
	if (!u->len)
		return 0;
	return pipe_do_read(f, u, nonblock);
}

/* pipe_write_uio - see vfs_internal.h. */
ssize_t pipe_write_uio(struct file *f, struct uio *u, bool nonblock)
{
	if (!file_writable(f))
		return -EBADF;
	return pipe_do_write(f, u, nonblock);
}
