/* SPDX-License-Identifier: MIT */
/* fs_context: a task's root, working directory and umask. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

/* fs_context_create_root - see vfs.h. */
struct fs_context *fs_context_create_root(void)
{
	struct fs_context *fs;

	if (!root_mount)
		return NULL;
	fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->root.mnt = root_mount;
	fs->root.dentry = root_mount->root;
	path_get(&fs->root);
	fs->cwd = fs->root;
	path_get(&fs->cwd);
	fs->umask = 022;
	return fs;
}

/* fs_context_copy - see vfs.h. */
struct fs_context *fs_context_copy(struct fs_context *fs)
{
	struct fs_context *n = kzalloc(sizeof(*n));

	if (!n)
		return NULL;
	n->refs = 1;
	n->root = fs->root;
	path_get(&n->root);
	n->cwd = fs->cwd;
	path_get(&n->cwd);
	n->umask = fs->umask;
	return n;
}

/* fs_context_get - see vfs.h. */
void fs_context_get(struct fs_context *fs)
{
	fs->refs++;
}

/* fs_context_put - see vfs.h. */
void fs_context_put(struct fs_context *fs)
{
	if (!fs || --fs->refs > 0)
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	kfree(fs);
}

/* fs_context_chdir - see vfs.h. */
int fs_context_chdir(struct task *t, const char *path)
{
	struct path p;
	int ret;

	ret = vfs_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			 &p, NULL, NULL);
	if (ret)
		return ret;
	ret = inode_permission(t, p.dentry->inode, MAY_EXEC);
	if (ret) {
		path_put(&p);
		return ret;
	}
	path_put(&t->fs->cwd);
	t->fs->cwd = p;
	return 0;
}

/* fs_context_set_umask - see vfs.h. */
void fs_context_set_umask(struct fs_context *fs, u32 umask)
{
	fs->umask = umask & 0777;
}
