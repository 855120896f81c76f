/* SPDX-License-Identifier: MIT */
/* Anonymous inodes for files with no name: eventfd, epoll, timerfd, signalfd. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"

static u64 anon_ino = 1;

/* anon_file_create - see vfs_internal.h. */
struct file *anon_file_create(const struct file_ops *ops, void *priv,
			      unsigned int flags)
{
	struct inode *i = inode_alloc(NULL, 0600);
	struct file *f;

	if (!i)
		return NULL;
	i->ino = anon_ino++;
	i->dev = MKDEV(0, 0xd);
	f = file_alloc(i, ops, flags);
	if (!f) {
		inode_put(i);
		return NULL;
	}
	f->priv = priv;
	return f;
}
