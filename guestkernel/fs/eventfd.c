/* SPDX-License-Identifier: MIT */
/* eventfd: a 64-bit counter with read/write/poll semantics (eventfd(2)). */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/eventfd.h"

#define EVENTFD_MAX 0xfffffffffffffffeULL

struct eventfd {
	u64 count;
	bool semaphore;
	struct waitqueue wq;
};

static ssize_t eventfd_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct eventfd *e = f->priv;
	u64 v;
	int ret;

	if (u->len < sizeof(u64))
		return -EINVAL;
	if (!e->count) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(&e->wq, e->count != 0);
		if (ret)
			return ret;
	}
	v = e->semaphore ? 1 : e->count;
	ret = uio_copy_to(u, 0, &v, sizeof(v));
	if (ret)
		return ret;
	e->count -= v;
	wake_up(&e->wq);
	return sizeof(v);
}

static ssize_t eventfd_write(struct file *f, struct uio *u, loff_t *pos)
{
	struct eventfd *e = f->priv;
	u64 v;
	int ret;

	if (u->len < sizeof(u64))
		return -EINVAL;
	ret = uio_copy_from(u, 0, &v, sizeof(v));
	if (ret)
		return ret;
	if (v == ~0ULL)
		return -EINVAL;
	if (EVENTFD_MAX - e->count < v) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(&e->wq,
					       EVENTFD_MAX - e->count >= v);
		if (ret)
			return ret;
	}
	e->count += v;
	if (v)
		wake_up(&e->wq);
	return sizeof(v);
}

static unsigned int eventfd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	unsigned int mask = 0;

	poll_wait(pt, &e->wq);
	if (e->count)
		mask |= POLLIN | POLLRDNORM;
	if (e->count < EVENTFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static void eventfd_release(struct file *f)
{
	kfree(f->priv);
}

static const struct file_ops eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
};

/* file_is_eventfd - see fs/eventfd.h. */
bool file_is_eventfd(struct file *f)
{
	return f->ops == &eventfd_fops;
}

/* eventfd_signal - see fs/eventfd.h. */
void eventfd_signal(struct file *f, u64 n)
{
	struct eventfd *e = f->priv;

	if (n > EVENTFD_MAX - e->count)
		n = EVENTFD_MAX - e->count;
	e->count += n;
	if (n)
		wake_up(&e->wq);
}

/* eventfd_create - see fs/eventfd.h. */
int eventfd_create(u64 initval, int flags, struct file **out)
{
	struct eventfd *e;
	struct file *f;

	if (flags & ~(EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC))
		return -EINVAL;
	e = kzalloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->count = initval;
	e->semaphore = flags & EFD_SEMAPHORE;
	waitqueue_init(&e->wq);
	f = anon_file_create(&eventfd_fops, e, O_RDWR | (flags & EFD_NONBLOCK));
	if (!f) {
		kfree(e);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}
