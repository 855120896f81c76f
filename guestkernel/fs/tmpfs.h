/* SPDX-License-Identifier: MIT */
/*
 * tmpfs.h - what tmpfs offers beyond a mountable filesystem: the files of
 * memfd_create(2) and their seals.
 */
#ifndef FS_TMPFS_H
#define FS_TMPFS_H

#include "klib/klib.h"

struct file;
struct task;

/*
 * memfd_file_create - a new, unlinked, empty tmpfs file opened O_RDWR for
 * @t (@name is informational; MFD_ALLOW_SEALING in @flags allows seals).
 * 0 and the file in *@out, or -errno.
 */
int memfd_file_create(struct task *t, const char *name, unsigned int flags,
		      struct file **out);
/* memfd_seals_get - F_SEAL_* of memfd @f; -EINVAL for other files. */
long memfd_seals_get(struct file *f);
/*
 * memfd_seals_add - add F_SEAL_* @seals to memfd @f. 0, -EINVAL (not a
 * memfd, bad bits), -EPERM (F_SEAL_SEAL set, not writable) or -EBUSY
 * (F_SEAL_WRITE while a writable shared mapping exists).
 */
long memfd_seals_add(struct file *f, u32 seals);
/*
 * memfd_fcntl - F_ADD_SEALS / F_GET_SEALS for fcntl(2) (sys_memfd.c).
 * Result or -errno.
 */
long memfd_fcntl(struct file *f, int cmd, u64 arg);

#endif
