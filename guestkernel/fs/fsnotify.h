/* SPDX-License-Identifier: MIT */
/*
 * fsnotify - file-system change notification hooks (fs/fsnotify.c) and
 * the inotify back end that consumes them (fs/inotify.c).
 *
 * The VFS calls one fsnotify_*() hook where an operation has completed.
 * Each hook is an inline test of fsnotify_nr_watches, so it costs one
 * load and a branch while nobody watches anything. Masks are the IN_*
 * bits of <linux/inotify.h> (the same values as Linux's FS_*).
 */
#ifndef FS_FSNOTIFY_H
#define FS_FSNOTIFY_H

#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include <linux/inotify.h>

/* Number of live inotify watches in the sandbox: hooks return at once when 0. */
extern unsigned int fsnotify_nr_watches;

/*
 * __fsnotify_inode - event @mask on @inode itself (IN_ISDIR added for a
 * directory). Its parent directory's watches are told too when @d (the
 * dentry the operation used; may be NULL) names it; with @d NULL, and
 * @to_parent set, a cached dentry of @inode below a watched directory is
 * searched instead.
 */
void __fsnotify_inode(struct inode *inode, struct dentry *d, u32 mask,
		      bool to_parent);
/* __fsnotify_name - directory event @mask about entry @name of @dir (IN_CREATE...). */
void __fsnotify_name(struct inode *dir, const char *name, u32 mask,
		     bool isdir, u32 cookie);
/* __fsnotify_gone - @inode lost its last link: IN_DELETE_SELF, then its watches end. */
void __fsnotify_gone(struct inode *inode);
/* fsnotify_next_cookie - a fresh non-zero cookie that pairs IN_MOVED_FROM/TO. */
u32 fsnotify_next_cookie(void);
/* __fsnotify_file - @f was opened/read/written/closed (@mask) through its dentry. */
void __fsnotify_file(struct file *f, u32 mask);

/* fsnotify_create - @child was created as @name in @dir (creat, mkdir, mknod, symlink). */
static inline void fsnotify_create(struct inode *dir, const char *name,
				   struct inode *child)
{
	if (fsnotify_nr_watches)
		__fsnotify_name(dir, name, IN_CREATE,
				child && S_ISDIR(child->mode), 0);
}

/* fsnotify_link - hard link @name in @dir to @inode: its link count grew. */
static inline void fsnotify_link(struct inode *dir, const char *name,
				 struct inode *inode)
{
	if (fsnotify_nr_watches) {
		__fsnotify_inode(inode, NULL, IN_ATTRIB, false);
		__fsnotify_name(dir, name, IN_CREATE, false, 0);
	}
}

/*
 * fsnotify_remove - @name (inode @victim) was removed from @dir by unlink
 * (@isdir false: the link count changed) or rmdir.
 */
static inline void fsnotify_remove(struct inode *dir, const char *name,
				   struct inode *victim, bool isdir)
{
	if (!fsnotify_nr_watches)
		return;
	if (!isdir)
		__fsnotify_inode(victim, NULL, IN_ATTRIB, false);
	if (isdir || !victim->nlink)
		__fsnotify_gone(victim);
	__fsnotify_name(dir, name, IN_DELETE, isdir, 0);
}

/*
 * fsnotify_move - @moved went from @oname in @odir to @nname in @ndir,
 * replacing @target (NULL: none; a directory target is removed).
 */
static inline void fsnotify_move(struct inode *odir, const char *oname,
				 struct inode *ndir, const char *nname,
				 struct inode *moved, struct inode *target)
{
	bool isdir;
	u32 cookie;

	if (!fsnotify_nr_watches)
		return;
	isdir = S_ISDIR(moved->mode);
	cookie = fsnotify_next_cookie();
	__fsnotify_name(odir, oname, IN_MOVED_FROM, isdir, cookie);
	__fsnotify_name(ndir, nname, IN_MOVED_TO, isdir, cookie);
	if (target)
		__fsnotify_inode(target, NULL, IN_ATTRIB, false);
	__fsnotify_inode(moved, NULL, IN_MOVE_SELF, false);
	if (target && (!target->nlink || S_ISDIR(target->mode)))
		__fsnotify_gone(target);
}

/*
 * fsnotify_change - attributes ATTR_* @valid of @inode changed (setattr):
 * mode/owner/both times give IN_ATTRIB, size or mtime alone IN_MODIFY,
 * atime alone IN_ACCESS, as Linux's fsnotify_change().
 */
static inline void fsnotify_change(struct inode *inode, unsigned int valid)
{
	u32 mask = 0;

	if (!fsnotify_nr_watches)
		return;
	if (valid & (ATTR_MODE | ATTR_UID | ATTR_GID))
		mask |= IN_ATTRIB;
	if (valid & ATTR_SIZE)
		mask |= IN_MODIFY;
	if ((valid & (ATTR_ATIME | ATTR_MTIME)) == (ATTR_ATIME | ATTR_MTIME))
		mask |= IN_ATTRIB;
	else if (valid & ATTR_ATIME)
		mask |= IN_ACCESS;
	else if (valid & ATTR_MTIME)
		mask |= IN_MODIFY;
	if (mask)
		__fsnotify_inode(inode, NULL, mask, true);
}

/* fsnotify_attrib - @inode's extended attributes or similar metadata changed. */
static inline void fsnotify_attrib(struct inode *inode)
{
	if (fsnotify_nr_watches)
		__fsnotify_inode(inode, NULL, IN_ATTRIB, true);
}

/* fsnotify_open - @f was opened (not O_PATH). */
static inline void fsnotify_open(struct file *f)
{
	if (fsnotify_nr_watches)
		__fsnotify_file(f, IN_OPEN);
}

/* fsnotify_access - data was read from @f. */
static inline void fsnotify_access(struct file *f)
{
	if (fsnotify_nr_watches)
		__fsnotify_file(f, IN_ACCESS);
}

/* fsnotify_modify - data was written to @f. */
static inline void fsnotify_modify(struct file *f)
{
	if (fsnotify_nr_watches)
		__fsnotify_file(f, IN_MODIFY);
}

/* fsnotify_close - last reference of @f went (IN_CLOSE_WRITE or _NOWRITE). */
static inline void fsnotify_close(struct file *f)
{
	if (fsnotify_nr_watches)
		__fsnotify_file(f, 0);
}

#endif
