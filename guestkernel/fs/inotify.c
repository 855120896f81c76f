/* SPDX-License-Identifier: MIT */
/*
 * inotify instances: watches with descriptors, an event queue read as
 * struct inotify_event records (names NUL-padded to 16 bytes), identical
 * consecutive events merged, IN_Q_OVERFLOW once the queue is full, poll
 * readiness and FIONREAD.
 */
#include "fs/inotify.h"
#include "kernel/task.h"
#include "mm/mm.h"

struct inotify_kevent {
	struct list_head link;
	s32 wd;
	u32 mask, cookie;
	u32 len;		/* name bytes with padding; 0: no name */
	char name[];
};

struct inotify_group {
	struct list_head watches;
	struct list_head events;
	unsigned int nevents;
	size_t bytes;		/* what a read of everything returns (FIONREAD) */
	bool overflow_queued;
	int last_wd;
	struct waitqueue wq;
};

static unsigned int nr_instances;
static const struct file_ops inotify_fops;

/* Record size of an event with name length @n (without NUL). */
static u32 padded_len(size_t n)
{
	return n ? (u32)ALIGN_UP(n + 1, sizeof(struct inotify_event)) : 0;
}

static struct inotify_kevent *last_event(struct inotify_group *g)
{
	if (list_empty(&g->events))
		return NULL;
	return list_entry(g->events.prev, struct inotify_kevent, link);
}

static void queue_event(struct inotify_group *g, s32 wd, u32 mask, u32 cookie,
			const char *name)
{
	size_t n = name ? kstrlen(name) : 0;
	struct inotify_kevent *e, *last = last_event(g);

	if (g->nevents >= INOTIFY_MAX_QUEUED_EVENTS) {
		if (g->overflow_queued)
			return;
		wd = -1;
		mask = IN_Q_OVERFLOW;
		cookie = 0;
		n = 0;
	} else if (last && last->wd == wd && last->mask == mask &&
		   last->cookie == cookie &&
		   (n ? last->len && !kstrcmp(last->name, name) : !last->len)) {
		return;		/* the same as the last one: merged */
	}
	e = kzalloc(sizeof(*e) + padded_len(n));
	if (!e)
		return;	/* as Linux, an event that cannot be allocated is lost */
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->len = padded_len(n);
	if (n)
		memcpy(e->name, name, n);
	if (mask == IN_Q_OVERFLOW && wd == -1)
		g->overflow_queued = true;
	list_add_tail(&e->link, &g->events);
	g->nevents++;
	g->bytes += sizeof(struct inotify_event) + e->len;
	wake_up(&g->wq);
}

/* Free @w without any event (instance teardown or after IN_IGNORED). */
static void watch_free(struct inotify_watch *w)
{
	fsnotify_watch_del(w);
	list_del(&w->group_link);
	if (w->dentry)
		dentry_put(w->dentry);
	inode_put(w->inode);
	kfree(w);
}

/* inotify_watch_destroy - see fs/inotify.h. */
void inotify_watch_destroy(struct inotify_watch *w)
{
	queue_event(w->group, w->wd, IN_IGNORED, 0, NULL);
	watch_free(w);
}

/* inotify_deliver - see fs/inotify.h. */
void inotify_deliver(struct inotify_watch *w, u32 mask, u32 cookie,
		     const char *name)
{
	if (!(mask & w->mask & IN_ALL_EVENTS))
		return;
	queue_event(w->group, w->wd, mask, cookie, name);
	if (w->mask & IN_ONESHOT)
		inotify_watch_destroy(w);
}

/* inotify_group_of - see fs/inotify.h. */
struct inotify_group *inotify_group_of(struct file *f)
{
	return f->ops == &inotify_fops ? f->priv : NULL;
}

/* Next free watch descriptor, cyclic from 1 as Linux's idr. */
static int alloc_wd(struct inotify_group *g)
{
	struct inotify_watch *w;
	int wd = g->last_wd, tries;
	bool used;

	for (tries = 0; tries < INOTIFY_MAX_WATCHES + 1; tries++) {
		wd = wd >= 0x7fffffff - 1 ? 1 : wd + 1;
		used = false;
		list_for_each_entry(w, &g->watches, group_link)
			if (w->wd == wd)
				used = true;
		if (!used) {
			g->last_wd = wd;
			return wd;
		}
	}
	return -ENOSPC;
}

/* inotify_add - see fs/inotify.h. */
int inotify_add(struct inotify_group *g, struct path *p, u32 mask)
{
	struct inode *inode = p->dentry->inode;
	u32 keep = mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK);
	struct inotify_watch *w = fsnotify_watch_find(g, inode);
	int wd;

	if (w) {
		if (mask & IN_MASK_CREATE)
			return -EEXIST;
		if (mask & IN_MASK_ADD)
			w->mask |= keep;
		else
			w->mask = keep;
		return w->wd;
	}
	if (fsnotify_nr_watches >= INOTIFY_MAX_WATCHES)
		return -ENOSPC;
	wd = alloc_wd(g);
	if (wd < 0)
		return wd;
	w = kzalloc(sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->group = g;
	w->inode = inode;
	inode_get(inode);
	if (S_ISDIR(inode->mode)) {
		w->dentry = p->dentry;
		dentry_get(w->dentry);
	}
	w->wd = wd;
	w->mask = keep;
	list_add_tail(&w->group_link, &g->watches);
	fsnotify_watch_add(w);
	return wd;
}

/* inotify_rm - see fs/inotify.h. */
int inotify_rm(struct inotify_group *g, int wd)
{
	struct inotify_watch *w;

	list_for_each_entry(w, &g->watches, group_link) {
		if (w->wd == wd) {
			inotify_watch_destroy(w);
			return 0;
		}
	}
	return -EINVAL;
}

static ssize_t inotify_read(struct file *f, struct uio *u, loff_t *pos)
{
	struct inotify_group *g = f->priv;
	struct inotify_kevent *e;
	struct inotify_event hdr;
	size_t done = 0, rec;
	int ret;

	(void)pos;
	while (list_empty(&g->events)) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(&g->wq, !list_empty(&g->events));
		if (ret)
			return ret;
	}
	while (!list_empty(&g->events)) {
		e = list_first_entry(&g->events, struct inotify_kevent, link);
		rec = sizeof(hdr) + e->len;
		if (rec > u->len - done) {
			if (!done)
				return -EINVAL;
			break;
		}
		hdr.wd = e->wd;
		hdr.mask = e->mask;
		hdr.cookie = e->cookie;
		hdr.len = e->len;
		if (uio_copy_to(u, done, &hdr, sizeof(hdr)) ||
		    (e->len && uio_copy_to(u, done + sizeof(hdr), e->name,
					   e->len)))
			return done ? (ssize_t)done : -EFAULT;
		done += rec;
		list_del(&e->link);
		g->nevents--;
		g->bytes -= rec;
		if (e->wd == -1 && e->mask == IN_Q_OVERFLOW)
			g->overflow_queued = false;
		kfree(e);
	}
	return (ssize_t)done;
}

static unsigned int inotify_poll(struct file *f, struct poll_table *pt)
{
	struct inotify_group *g = f->priv;

	poll_wait(pt, &g->wq);
	return list_empty(&g->events) ? 0 : POLLIN | POLLRDNORM;
}

static long inotify_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct inotify_group *g = f->priv;
	int v;

	if (cmd != FIONREAD)
		return -ENOTTY;
	v = (int)min(g->bytes, (size_t)0x7fffffff);
	return copy_out(current->mm, arg, &v, sizeof(v));
}

static void inotify_release(struct file *f)
{
	struct inotify_group *g = f->priv;
	struct inotify_watch *w, *wn;
	struct inotify_kevent *e, *en;

	list_for_each_entry_safe(w, wn, &g->watches, group_link)
		watch_free(w);
	list_for_each_entry_safe(e, en, &g->events, link) {
		list_del(&e->link);
		kfree(e);
	}
	nr_instances--;
	kfree(g);
}

static const struct file_ops inotify_fops = {
	.read = inotify_read,
	.poll = inotify_poll,
	.ioctl = inotify_ioctl,
	.release = inotify_release,
};

/* inotify_create - see fs/inotify.h. */
int inotify_create(unsigned int flags, struct file **out)
{
	struct inotify_group *g;
	struct file *f;

	if (nr_instances >= INOTIFY_MAX_INSTANCES)
		return -EMFILE;
	g = kzalloc(sizeof(*g));
	if (!g)
		return -ENOMEM;
	INIT_LIST_HEAD(&g->watches);
	INIT_LIST_HEAD(&g->events);
	waitqueue_init(&g->wq);
	f = anon_file_create(&inotify_fops, g, O_RDONLY | (flags & O_NONBLOCK));
	if (!f) {
		kfree(g);
		return -ENOMEM;
	}
	nr_instances++;
	*out = f;
	return 0;
}
