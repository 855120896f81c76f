/* SPDX-License-Identifier: MIT */
/* Inodes, superblocks and permission checks. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

static u64 next_dev = 1;

/* vfs_now - see vfs_internal.h. */
struct kts vfs_now(void)
{
	u64 ns = platform->realtime_ns();
	struct kts t = { (s64)(ns / 1000000000ull), (s64)(ns % 1000000000ull) };

	return t;
}

/* super_alloc - see vfs_internal.h. */
struct super *super_alloc(const char *type, u32 magic,
			  const struct super_ops *ops)
{
	struct super *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->type = type;
	sb->magic = magic;
	sb->ops = ops;
	sb->dev = MKDEV(0, next_dev);
	next_dev++;
	sb->next_ino = 1;
	INIT_LIST_HEAD(&sb->inodes);
	return sb;
}

/* inode_alloc - see vfs_internal.h. */
struct inode *inode_alloc(struct super *sb, u32 mode)
{
	struct inode *i = kzalloc(sizeof(*i));

	if (!i)
		return NULL;
	i->refs = 1;
	i->sb = sb;
	i->dev = sb ? sb->dev : 0;
	i->ino = sb ? sb->next_ino++ : 0;
	i->mode = mode;
	i->nlink = 1;
	i->atime = i->mtime = i->ctime = vfs_now();
	INIT_LIST_HEAD(&i->sb_link);
	return i;
}

/* inode_get - take a reference. */
void inode_get(struct inode *i)
{
	i->refs++;
}

/* inode_put - drop a reference; the last one evicts the inode. */
void inode_put(struct inode *i)
{
	if (!i || --i->refs > 0)
		return;
	list_del_init(&i->sb_link);
	if (i->sb && i->sb->ops && i->sb->ops->evict)
		i->sb->ops->evict(i);
	kfree(i);
}

/* capable - see vfs_internal.h. */
bool capable(struct task *t, int cap)
{
	return (t->proc->cred.cap_effective >> cap) & 1;
}

static bool in_group(const struct cred *c, u32 gid)
{
	u32 k;

	if (c->fsgid == gid)
		return true;
	for (k = 0; k < c->ngroups && k < CRED_NGROUPS_MAX; k++)
		if (c->groups[k] == gid)
			return true;
	return false;
}

/* inode_is_owner - see vfs_internal.h. */
bool inode_is_owner(struct task *t, struct inode *i)
{
	return t->proc->cred.fsuid == i->uid || capable(t, CAP_FOWNER);
}

/* inode_permission - see vfs_internal.h. Follows Linux's generic rules. */
int inode_permission(struct task *t, struct inode *i, int mask)
{
	const struct cred *c = &t->proc->cred;
	u32 bits;

	if (c->fsuid == i->uid)
		bits = (i->mode >> 6) & 7;
	else if (in_group(c, i->gid))
		bits = (i->mode >> 3) & 7;
	else
		bits = i->mode & 7;
	if (!(mask & ~bits))
		return 0;
	if (capable(t, CAP_DAC_OVERRIDE)) {
		if (!(mask & MAY_EXEC) || S_ISDIR(i->mode) || (i->mode & 0111))
			return 0;
	}
	if (capable(t, CAP_DAC_READ_SEARCH)) {
		if (mask == MAY_READ ||
		    (S_ISDIR(i->mode) && !(mask & MAY_WRITE)))
			return 0;
	}
	return -EACCES;
}
