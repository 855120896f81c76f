/* SPDX-License-Identifier: MIT */
/*
 * inotify internals: watches (one per inotify instance and inode, found by
 * inode in fs/fsnotify.c's table) and the instances' event queues
 * (fs/inotify.c). The system calls are in syscalls/sys_inotify.c.
 */
#ifndef FS_INOTIFY_H
#define FS_INOTIFY_H

#include "fs/fsnotify.h"

/* Linux's defaults for /proc/sys/fs/inotify/ (per user there, per sandbox here). */
#define INOTIFY_MAX_QUEUED_EVENTS 16384
#define INOTIFY_MAX_INSTANCES 128
#define INOTIFY_MAX_WATCHES 65536

struct inotify_group;

struct inotify_watch {
	struct list_head inode_link;	/* fsnotify's table, by inode */
	struct list_head group_link;	/* the instance's watches */
	struct inotify_group *group;
	struct inode *inode;		/* referenced */
	struct dentry *dentry;		/* referenced: where its children are cached */
	int wd;
	u32 mask;			/* IN_* events and IN_ONESHOT/IN_EXCL_UNLINK */
};

/* fsnotify_watch_add - make @w (inode and dentry referenced by the caller) findable. */
void fsnotify_watch_add(struct inotify_watch *w);
/* fsnotify_watch_del - forget @w in the inode table. */
void fsnotify_watch_del(struct inotify_watch *w);
/* fsnotify_watch_find - @g's watch on @inode, or NULL. */
struct inotify_watch *fsnotify_watch_find(struct inotify_group *g,
					  struct inode *inode);

/*
 * inotify_deliver - queue event @mask (with @cookie and entry @name, NULL
 * for none) for watch @w if its mask wants it; IN_ONESHOT watches end
 * after one event. May free @w.
 */
void inotify_deliver(struct inotify_watch *w, u32 mask, u32 cookie,
		     const char *name);
/* inotify_watch_destroy - end @w: queue IN_IGNORED, drop it and its references. */
void inotify_watch_destroy(struct inotify_watch *w);

/* inotify_create - a new inotify instance as an open file with O_* @flags. 0 or -errno. */
int inotify_create(unsigned int flags, struct file **out);
/* inotify_group_of - the instance behind @f, or NULL when @f is no inotify file. */
struct inotify_group *inotify_group_of(struct file *f);
/*
 * inotify_add - add or update @g's watch on the inode of @p with IN_* @mask
 * (IN_MASK_ADD/IN_MASK_CREATE honoured). The watch descriptor or -errno.
 */
int inotify_add(struct inotify_group *g, struct path *p, u32 mask);
/* inotify_rm - remove watch @wd of @g (IN_IGNORED follows). 0 or -EINVAL. */
int inotify_rm(struct inotify_group *g, int wd);

#endif
