/* SPDX-License-Identifier: MIT */
/*
 * Directory reading shared by getdents64 and the old getdents: both walk
 * the directory with the file's iterate op and differ only in the record
 * layout their emit callback builds.
 */
#ifndef SYSCALLS_GETDENTS_H
#define SYSCALLS_GETDENTS_H

#include "fs/vfs_internal.h"

struct getdents_ctx {
	struct dir_ctx ctx;		/* ctx.emit builds one record */
	struct task *t;
	uaddr_t buf;
	size_t len, used;
	int err;
};

/*
 * getdents_put - append the @reclen-byte record @rec to the user buffer.
 * Returns false (stop iterating) when it does not fit (-EINVAL if it is
 * the first) or the copy faults (-EFAULT), with g->err set.
 */
bool getdents_put(struct getdents_ctx *g, const void *rec, size_t reclen);

/*
 * getdents_run - read directory @fd of @t into the buffer of @g with its
 * emit callback, advancing the file position. Returns the bytes written,
 * or -errno (-EBADF, -ENOTDIR, -EINVAL, -EFAULT, the iterator's error).
 */
long getdents_run(struct task *t, int fd, struct getdents_ctx *g);

#endif
