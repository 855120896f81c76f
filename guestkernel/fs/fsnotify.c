/* SPDX-License-Identifier: MIT */
/*
 * fsnotify: turn completed VFS operations into events for the watches on
 * the inodes involved and, for events about a file, for the watches on
 * its parent directory (with the file's name), as Linux's fsnotify does.
 * Watches are kept in a small table hashed by inode.
 */
#include "fs/inotify.h"

#define WATCH_HASH_BITS 6
#define WATCH_HASH_SIZE (1u << WATCH_HASH_BITS)

/* Events a directory watch also gets for its entries (FS_EVENTS_POSS_ON_CHILD). */
#define ON_CHILD_EVENTS (IN_ACCESS | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | \
			 IN_CLOSE_NOWRITE | IN_OPEN)

unsigned int fsnotify_nr_watches;
static struct list_head watch_hash[WATCH_HASH_SIZE];
static bool watch_hash_ready;
static u32 last_cookie;

static struct list_head *bucket(struct inode *inode)
{
	u64 h = (u64)(uintptr_t)inode;
	unsigned int k;

	if (!watch_hash_ready) {
		for (k = 0; k < WATCH_HASH_SIZE; k++)
			INIT_LIST_HEAD(&watch_hash[k]);
		watch_hash_ready = true;
	}
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ULL;
	return &watch_hash[h >> (64 - WATCH_HASH_BITS)];
}

/* fsnotify_watch_add - see fs/inotify.h. */
void fsnotify_watch_add(struct inotify_watch *w)
{
	list_add_tail(&w->inode_link, bucket(w->inode));
	fsnotify_nr_watches++;
}

/* fsnotify_watch_del - see fs/inotify.h. */
void fsnotify_watch_del(struct inotify_watch *w)
{
	list_del(&w->inode_link);
	fsnotify_nr_watches--;
}

/* fsnotify_watch_find - see fs/inotify.h. */
struct inotify_watch *fsnotify_watch_find(struct inotify_group *g,
					  struct inode *inode)
{
	struct inotify_watch *w;

	list_for_each_entry(w, bucket(inode), inode_link)
		if (w->inode == inode && w->group == g)
			return w;
	return NULL;
}

/* fsnotify_next_cookie - see fs/fsnotify.h. */
u32 fsnotify_next_cookie(void)
{
	if (!++last_cookie)
		++last_cookie;
	return last_cookie;
}

/* Deliver to every watch on @inode (delivery may end a watch). */
static void notify_watches(struct inode *inode, u32 mask, u32 cookie,
			   const char *name)
{
	struct inotify_watch *w, *n;

	list_for_each_entry_safe(w, n, bucket(inode), inode_link)
		if (w->inode == inode)
			inotify_deliver(w, mask, cookie, name);
}

/* __fsnotify_name - see fs/fsnotify.h. */
void __fsnotify_name(struct inode *dir, const char *name, u32 mask,
		     bool isdir, u32 cookie)
{
	notify_watches(dir, mask | (isdir ? IN_ISDIR : 0), cookie, name);
}

/* A live cached entry of @dir for @inode, or NULL. */
static struct dentry *child_for(struct dentry *dir, struct inode *inode)
{
	struct dentry *c;

	list_for_each_entry(c, &dir->children, sibling)
		if (c->inode == inode && !c->dead)
			return c;
	return NULL;
}

/*
 * Without the dentry the operation used, tell each directory watch that
 * has @inode cached as an entry (a setattr through a path or fd reached it
 * by that name).
 */
static void notify_parents_by_search(struct inode *inode, u32 mask)
{
	struct inotify_watch *w, *n;
	struct dentry *c;
	unsigned int k;

	bucket(inode);
	for (k = 0; k < WATCH_HASH_SIZE; k++) {
		list_for_each_entry_safe(w, n, &watch_hash[k], inode_link) {
			if (!w->dentry || !S_ISDIR(w->inode->mode) ||
			    !(w->mask & mask & ON_CHILD_EVENTS))
				continue;
			c = child_for(w->dentry, inode);
			if (c)
				inotify_deliver(w, mask, 0, c->name);
		}
	}
}

/* __fsnotify_inode - see fs/fsnotify.h. */
void __fsnotify_inode(struct inode *inode, struct dentry *d, u32 mask,
		      bool to_parent)
{
	struct dentry *parent;

	if (!inode)
		return;
	/* As Linux reports them, the *_SELF events carry no IN_ISDIR. */
	if (S_ISDIR(inode->mode) && !(mask & IN_MOVE_SELF))
		mask |= IN_ISDIR;
	if (to_parent && (mask & ON_CHILD_EVENTS)) {
		if (!d) {
			notify_parents_by_search(inode, mask);
		} else if (d->parent && d->parent != d && d->parent->inode) {
			parent = d->parent;
			dentry_get(parent);
			notify_watches(parent->inode, mask, 0, d->name);
			dentry_put(parent);
		}
	}
	notify_watches(inode, mask, 0, NULL);
}

/* __fsnotify_gone - see fs/fsnotify.h. */
void __fsnotify_gone(struct inode *inode)
{
	struct inotify_watch *w, *n;

	notify_watches(inode, IN_DELETE_SELF, 0, NULL);
	list_for_each_entry_safe(w, n, bucket(inode), inode_link)
		if (w->inode == inode)
			inotify_watch_destroy(w);
}

/* __fsnotify_file - see fs/fsnotify.h. */
void __fsnotify_file(struct file *f, u32 mask)
{
	if (!f->dentry || !f->inode || (f->flags & O_PATH))
		return;
	if (!mask && !f->notify_opened)
		return;
	if (!mask)
		mask = file_writable(f) ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE;
	__fsnotify_inode(f->inode, f->dentry, mask, true);
}
