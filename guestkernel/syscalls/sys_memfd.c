// SPDX-License-Identifier: MIT
/*
 * sys_memfd.c - memfd_create(2) and the sealing commands of fcntl(2).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/memfd.h>

#include "fs/tmpfs.h"
#include "fs/vfs_internal.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Longest memfd name (Linux: NAME_MAX minus "memfd:"). */
#define MEMFD_NAME_MAX 249

#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U
#endif
#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

SYSCALL_DEFINE(memfd_create)
{
	unsigned int flags = (unsigned int)a->a[1];
	char name[MEMFD_NAME_MAX + 1];
	struct file *f;
	long r;
	int fd;

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB |
		      MFD_NOEXEC_SEAL | MFD_EXEC))
		return -EINVAL;
	if ((flags & MFD_NOEXEC_SEAL) && (flags & MFD_EXEC))
		return -EINVAL;
	if (flags & MFD_HUGETLB)
		return -EINVAL;	/* no hugetlbfs */
	r = copy_string_in(t->mm, name, a->a[0], sizeof(name));
	if (r == -ENAMETOOLONG)
		return -EINVAL;
	if (r < 0)
		return r;
	if (flags & MFD_NOEXEC_SEAL)
		flags |= MFD_ALLOW_SEALING;
	r = memfd_file_create(t, name, flags, &f);
	if (r)
		return r;
	fd = fd_install(t, f, 0, flags & MFD_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

long memfd_fcntl(struct file *f, int cmd, u64 arg)
{
	switch (cmd) {
	case F_GET_SEALS:
		return memfd_seals_get(f);
	case F_ADD_SEALS:
		return memfd_seals_add(f, (u32)arg);
	default:
		return -EINVAL;
	}
}
