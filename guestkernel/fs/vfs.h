/* SPDX-License-Identifier: MIT */
/*
 * vfs - the sentry's virtual file system: inodes, dentries/path walk,
 * mounts, open files, per-task fd tables and fs contexts.
 *
 * This header is the interface the rest of the sentry uses; fs/ owns the
 * details (fs/vfs_internal.h and per-filesystem headers).
 */
#ifndef FS_VFS_H
#define FS_VFS_H

#include "klib/klib.h"

struct task;
struct inode;
struct dentry;
struct file;
struct file_ops;
struct bootinfo;

/* User or kernel buffer for read/write paths. */
struct uio {
	struct mm *mm;		/* NULL: @kbuf is a kernel buffer */
	union {
		uaddr_t ubuf;
		void *kbuf;
	};
	size_t len;
};

/* uio_copy_to - copy @n bytes of @src into the buffer at offset @off. 0 or -EFAULT. */
int uio_copy_to(struct uio *u, size_t off, const void *src, size_t n);
/* uio_copy_from - copy @n bytes at offset @off of the buffer into @dst. 0 or -EFAULT. */
int uio_copy_from(struct uio *u, size_t off, void *dst, size_t n);

struct file {
	int refs;
	const struct file_ops *ops;
	struct inode *inode;
	struct dentry *dentry;	/* may be NULL for anonymous files (pipes) */
	loff_t pos;
	unsigned int flags;	/* O_* status flags */
	void *priv;
	struct mount *mnt;	/* mount @dentry was reached through, or NULL */
	void *epoll;		/* epoll items watching this file (fs/epoll.c) */
	bool notify_opened;	/* fs/fsnotify.h: IN_OPEN told, IN_CLOSE_* will be */
};

/* vfs_init - mount the root and the spec's mounts from boot info. 0 or -errno. */
int vfs_init(const struct bootinfo *bi);

/* fs_context: root and cwd (shared with CLONE_FS), umask. */
struct fs_context;
/* fs_context_create_root - cwd = root = the sandbox root, umask 022. */
struct fs_context *fs_context_create_root(void);
/* fs_context_copy - private copy for fork without CLONE_FS. */
struct fs_context *fs_context_copy(struct fs_context *fs);
/* fs_context_get/put - reference counting. */
void fs_context_get(struct fs_context *fs);
void fs_context_put(struct fs_context *fs);
/* fs_context_chdir - set cwd to a path resolved in @fs (as with chdir). 0 or -errno. */
int fs_context_chdir(struct task *t, const char *path);
/* fs_context_set_umask - set umask (init from the spec). */
void fs_context_set_umask(struct fs_context *fs, u32 umask);

/* fdtable: open files of a task (shared with CLONE_FILES). */
struct fdtable;
/* fdtable_create - empty table. */
struct fdtable *fdtable_create(void);
/* fdtable_copy - duplicate for fork without CLONE_FILES. */
struct fdtable *fdtable_copy(struct fdtable *ft);
/* fdtable_get/put - reference counting; last put closes everything. */
void fdtable_get(struct fdtable *ft);
void fdtable_put(struct fdtable *ft);
/* fdtable_exec - close the O_CLOEXEC descriptors (execve). */
void fdtable_exec(struct fdtable *ft);
/* fdtable_setup_stdio - install the sandbox's stdio as fds 0, 1, 2 (init). 0 or -errno. */
int fdtable_setup_stdio(struct fdtable *ft, const struct bootinfo *bi);

/* fd_get - referenced open file for descriptor @fd of @t, or NULL (file_put it). */
struct file *fd_get(struct task *t, int fd);

/* file_get/file_put - reference counting of open files. */
void file_get(struct file *f);
void file_put(struct file *f);

/*
 * vfs_open - open @path relative to @dirfd (AT_FDCWD) for task @t with
 * O_* @flags and @mode; sets *@out. 0 or -errno.
 */
int vfs_open(struct task *t, int dirfd, const char *path, int flags,
	     u32 mode, struct file **out);
/* vfs_may_exec - 0 if @f is a regular file @t may execute, else -EACCES. */
int vfs_may_exec(struct task *t, struct file *f);
/* kernel_read - read up to @len bytes at @off into kernel @buf; bytes read or -errno. */
ssize_t kernel_read(struct file *f, void *buf, size_t len, loff_t off);
/* file_path - absolute path of @f into @buf (for /proc/self/exe). 0 or -errno. */
int file_path(struct file *f, char *buf, size_t size);

#endif
