/* SPDX-License-Identifier: MIT */
/*
 * epoll: an interest list of (file, fd) items. Each item registers on its
 * file's wait queues (through the file's poll op) with a callback that puts
 * it on the ready list and wakes epoll_wait, so waiting never re-polls
 * every item. Level-triggered items stay on the ready list while they are
 * ready; edge-triggered items leave it when reported; EPOLLONESHOT items
 * are disabled after one report. Files that live on the host (stdio) have
 * no wake-ups: they are re-checked every EP_HOST_NS while waiting.
 */
#include <linux/eventpoll.h>

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "fs/eventfd.h"
#include "kernel/task.h"

#define EP_MAX_WAITS 4
#define EP_HOST_NS 5000000ull
#define EP_MAX_NESTS 4
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

struct eventpoll;

struct ep_wait {
	struct wait_entry we;
	struct waitqueue *wq;
	struct epitem *item;
};

struct epitem {
	struct list_head link;		/* eventpoll.items */
	struct list_head rdlink;	/* eventpoll.ready, when on it */
	struct list_head flink;		/* the file's items */
	struct eventpoll *ep;
	struct file *file;		/* not referenced: see epoll_file_release */
	int fd;
	u32 events;
	u64 data;
	bool host_polled;
	int nwait;
	struct ep_wait waits[EP_MAX_WAITS];
};

struct eventpoll {
	struct list_head items;
	struct list_head ready;
	struct waitqueue wq;		/* epoll_wait sleepers */
	struct waitqueue poll_wq;	/* poll/epoll of the epoll file itself */
	int nhost;			/* items with host_polled */
	int depth_mark;
};

/* Per-file list of the items watching it (struct file.epoll). */
struct ep_links {
	struct list_head items;
};

static const struct file_ops epoll_fops;

/* file_is_epoll - see fs/eventfd.h. */
bool file_is_epoll(struct file *f)
{
	return f->ops == &epoll_fops;
}

static void ep_mark_ready(struct epitem *it)
{
	struct eventpoll *ep = it->ep;

	if (list_empty(&it->rdlink))
		list_add_tail(&it->rdlink, &ep->ready);
	wake_up(&ep->wq);
	wake_up(&ep->poll_wq);
}

/* Wake-up callback of an item's wait entry. */
static void ep_wake(struct wait_entry *we)
{
	struct ep_wait *w = container_of(we, struct ep_wait, we);

	if (w->item->events & ~EP_PRIVATE_BITS)
		ep_mark_ready(w->item);
}

/* poll_wait hook while registering an item: one entry per queue. */
static void ep_queue(struct poll_table *pt, struct waitqueue *wq)
{
	struct epitem *it = pt->queue_priv;
	struct ep_wait *w;

	if (it->nwait >= EP_MAX_WAITS)
		return;
	w = &it->waits[it->nwait++];
	w->item = it;
	w->wq = wq;
	w->we.task = NULL;
	w->we.func = ep_wake;
	list_add_tail(&w->we.link, &wq->waiters);
}

static void ep_unregister(struct epitem *it)
{
	int k;

	for (k = 0; k < it->nwait; k++)
		list_del_init(&it->waits[k].we.link);
	it->nwait = 0;
}

/*
 * Poll tables for checking (no waits registered) and for registering an
 * item (queue_fn). Poll ops never sleep, so one of each is enough.
 */
static struct poll_table ep_check_pt, ep_register_pt;

/* Readiness of @it's file now, without registering. */
static unsigned int ep_item_poll(struct epitem *it)
{
	ep_check_pt.n = 0;
	ep_check_pt.register_waits = false;
	return vfs_poll(it->file, &ep_check_pt) &
	       (it->events | EPOLLERR | EPOLLHUP);
}

static void ep_remove(struct epitem *it)
{
	struct eventpoll *ep = it->ep;

	ep_unregister(it);
	list_del_init(&it->link);
	list_del_init(&it->rdlink);
	list_del_init(&it->flink);
	if (it->host_polled)
		ep->nhost--;
	kfree(it);
}

/* epoll_file_release - see vfs_internal.h. */
void epoll_file_release(struct file *f)
{
	struct ep_links *l = f->epoll;
	struct epitem *it, *n;

	list_for_each_entry_safe(it, n, &l->items, flink)
		ep_remove(it);
	kfree(l);
	f->epoll = NULL;
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *tf, int fd)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link)
		if (it->file == tf && it->fd == fd)
			return it;
	return NULL;
}

/* Depth of epoll nesting below @ep, or -ELOOP if @target is reachable. */
static int ep_depth(struct eventpoll *ep, struct eventpoll *target, int depth)
{
	struct epitem *it;
	int d, max = 0;

	if (ep == target)
		return -ELOOP;
	if (depth > EP_MAX_NESTS)
		return -EINVAL;
	list_for_each_entry(it, &ep->items, link) {
		if (!file_is_epoll(it->file))
			continue;
		d = ep_depth(it->file->priv, target, depth + 1);
		if (d < 0)
			return d;
		if (d + 1 > max)
			max = d + 1;
	}
	return max;
}

static int ep_insert(struct eventpoll *ep, struct file *tf, int fd,
		     const struct epoll_event *ev)
{
	struct poll_table *pt = &ep_register_pt;
	struct ep_links *l = tf->epoll;
	struct epitem *it;
	unsigned int m;

	if (!l) {
		l = kzalloc(sizeof(*l));
		if (!l)
			return -ENOMEM;
		INIT_LIST_HEAD(&l->items);
		tf->epoll = l;
	}
	it = kzalloc(sizeof(*it));
	if (!it)
		return -ENOMEM;
	INIT_LIST_HEAD(&it->rdlink);
	it->ep = ep;
	it->file = tf;
	it->fd = fd;
	it->events = ev->events;
	it->data = ev->data;
	list_add_tail(&it->link, &ep->items);
	list_add_tail(&it->flink, &l->items);
	pt->n = 0;
	pt->host_polled = false;
	pt->queue_fn = ep_queue;
	pt->queue_priv = it;
	m = vfs_poll(tf, pt);
	pt->queue_fn = NULL;
	if (pt->host_polled) {
		it->host_polled = true;
		ep->nhost++;
	}
	if (m & (it->events | EPOLLERR | EPOLLHUP))
		ep_mark_ready(it);
	return 0;
}

/* epoll_ctl_file - see fs/eventfd.h. */
int epoll_ctl_file(struct file *epf, int op, int fd, struct file *tf,
		   const struct epoll_event *ev)
{
	struct eventpoll *ep;
	struct epitem *it;
	int r;

	if (!file_is_epoll(epf) || epf == tf)
		return -EINVAL;
	ep = epf->priv;
	if (!tf->ops || !tf->ops->poll)
		return -EPERM;
	if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD || file_is_epoll(tf))
			return -EINVAL;
		if (ev->events & ~(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP |
				   EPOLLRDNORM | EPOLLWRNORM | EPOLLRDBAND |
				   EPOLLWRBAND | EPOLLWAKEUP | EPOLLET |
				   EPOLLEXCLUSIVE))
			return -EINVAL;
	}
	it = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it)
			return -EEXIST;
		if (file_is_epoll(tf)) {
			r = ep_depth(tf->priv, ep, 1);
			if (r < 0)
				return r == -EINVAL ? -ELOOP : r;
		}
		return ep_insert(ep, tf, fd, ev);
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		it->events = ev->events;
		it->data = ev->data;
		if (ep_item_poll(it))
			ep_mark_ready(it);
		else
			list_del_init(&it->rdlink);
		return 0;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		ep_remove(it);
		return 0;
	default:
		return -EINVAL;
	}
}

/* Put host-polled items that look ready on the ready list. */
static void ep_check_host(struct eventpoll *ep)
{
	struct epitem *it;

	list_for_each_entry(it, &ep->items, link)
		if (it->host_polled && (it->events & ~EP_PRIVATE_BITS) &&
		    list_empty(&it->rdlink) && ep_item_poll(it))
			list_add_tail(&it->rdlink, &ep->ready);
}

/* Collect up to @max ready events into @out. */
static int ep_collect(struct eventpoll *ep, struct epoll_event *out, int max)
{
	struct epitem *it, *n;
	struct list_head requeue;
	int count = 0;

	INIT_LIST_HEAD(&requeue);
	if (ep->nhost)
		ep_check_host(ep);
	list_for_each_entry_safe(it, n, &ep->ready, rdlink) {
		unsigned int m;

		if (count >= max)
			break;
		list_del_init(&it->rdlink);
		if (!(it->events & ~EP_PRIVATE_BITS))
			continue;	/* disabled one-shot */
		m = ep_item_poll(it);
		if (!m)
			continue;
		out[count].events = m;
		out[count].data = it->data;
		count++;
		if (it->events & EPOLLONESHOT)
			it->events &= EP_PRIVATE_BITS;
		else if (!(it->events & EPOLLET))
			list_add_tail(&it->rdlink, &requeue);
	}
	/* Level-triggered items go to the back, to be checked next time. */
	list_for_each_entry_safe(it, n, &requeue, rdlink) {
		list_del_init(&it->rdlink);
		list_add_tail(&it->rdlink, &ep->ready);
	}
	return count;
}

/* epoll_wait_file - see fs/eventfd.h. */
int epoll_wait_file(struct file *epf, struct epoll_event *out, int max,
		    u64 deadline, bool nowait)
{
	struct eventpoll *ep;
	struct wait_entry we;
	int count;

	if (!file_is_epoll(epf))
		return -EINVAL;
	ep = epf->priv;
	wait_prepare(&ep->wq, &we);
	for (;;) {
		u64 dl = deadline;

		count = ep_collect(ep, out, max);
		if (count || nowait)
			break;
		if (signal_pending_current()) {
			count = -EINTR;
			break;
		}
		if (deadline && platform->now_ns() >= deadline)
			break;
		if (ep->nhost) {
			u64 soon = platform->now_ns() + EP_HOST_NS;

			if (!dl || soon < dl)
				dl = soon;
		}
		if (list_empty(&ep->ready))
			sched_block_until(dl);
	}
	wait_finish(&ep->wq, &we);
	return count;
}

static unsigned int epoll_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->priv;
	struct epitem *it;

	poll_wait(pt, &ep->poll_wq);
	if (ep->nhost) {
		if (pt)
			pt->host_polled = true;
		ep_check_host(ep);
	}
	list_for_each_entry(it, &ep->ready, rdlink)
		if ((it->events & ~EP_PRIVATE_BITS) && ep_item_poll(it))
			return POLLIN | POLLRDNORM;
	return 0;
}

static void epoll_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	struct epitem *it, *n;

	list_for_each_entry_safe(it, n, &ep->items, link)
		ep_remove(it);
	kfree(ep);
}

static const struct file_ops epoll_fops = {
	.poll = epoll_poll,
	.release = epoll_release,
};

/* epoll_create_file - see fs/eventfd.h. */
int epoll_create_file(struct file **out)
{
	struct eventpoll *ep = kzalloc(sizeof(*ep));
	struct file *f;

	if (!ep)
		return -ENOMEM;
	INIT_LIST_HEAD(&ep->items);
	INIT_LIST_HEAD(&ep->ready);
	waitqueue_init(&ep->wq);
	waitqueue_init(&ep->poll_wq);
	f = anon_file_create(&epoll_fops, ep, O_RDWR);
	if (!f) {
		kfree(ep);
		return -ENOMEM;
	}
	*out = f;
	return 0;
}
