/* SPDX-License-Identifier: MIT */
/* Poll tables: a poller waits on every queue its files register. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

/* poll_wait - see vfs_internal.h. */
void poll_wait(struct poll_table *pt, struct waitqueue *wq)
{
	if (pt && pt->queue_fn) {
		pt->queue_fn(pt, wq);
		return;
	}
	if (!pt || !pt->register_waits || pt->n >= POLL_MAX_WAITS)
		return;
	pt->queues[pt->n] = wq;
	wait_prepare(wq, &pt->entries[pt->n]);
	pt->n++;
}

/* poll_table_free - leave every queue registered by poll_wait. */
void poll_table_free(struct poll_table *pt)
{
	int k;

	for (k = 0; k < pt->n; k++)
		wait_finish(pt->queues[k], &pt->entries[k]);
	pt->n = 0;
}

/* vfs_poll - see vfs_internal.h. */
unsigned int vfs_poll(struct file *f, struct poll_table *pt)
{
	if (!f->ops || !f->ops->poll)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	return f->ops->poll(f, pt);
}
