// SPDX-License-Identifier: MIT
/*
 * sys_mm.c - memory system calls: mmap, munmap, mprotect, brk, madvise,
 * mremap, msync (writes shared file pages back), mincore and the mlock
 * family (accounting only: the sentry never pages out).
 */
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>

#include "fs/pagecache.h"
#include "fs/vfs.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/*
 * fd_get - the open file of descriptor @fd of @t, referenced (file_put it),
 * or NULL. Provided by fs/ (fd table); weak until it lands so that the
 * sentry links without it (file mappings then fail with -EBADF).
 */
struct file *fd_get(struct task *t, int fd) __attribute__((weak));

/* Flags mmap knows: MAP_SHARED_VALIDATE rejects any other with -EOPNOTSUPP. */
#define MMAP_KNOWN_FLAGS (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_32BIT | \
	MAP_GROWSDOWN | MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | \
	MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | \
	MAP_HUGETLB | MAP_SYNC | MAP_FIXED_NOREPLACE | MAP_UNINITIALIZED | \
	((unsigned int)MAP_HUGE_MASK << MAP_HUGE_SHIFT))

SYSCALL_DEFINE(mmap)
{
	uaddr_t addr = a->a[0];
	u64 len = a->a[1], off = a->a[5];
	int prot = (int)a->a[2], flags = (int)a->a[3], fd = (int)a->a[4];
	struct file *file = NULL;
	long r;

	switch (flags & MAP_TYPE) {
	case MAP_PRIVATE:
	case MAP_SHARED:
		break;
	case MAP_SHARED_VALIDATE:
		if ((unsigned int)flags & ~(unsigned int)MMAP_KNOWN_FLAGS)
			return -EOPNOTSUPP;
		break;
	default:
		return -EINVAL;
	}
	/* MAP_SYNC is only valid (and unsupported: no DAX) with SHARED_VALIDATE. */
	if ((flags & MAP_TYPE) == MAP_SHARED_VALIDATE && (flags & MAP_SYNC))
		return -EOPNOTSUPP;
	if (flags & MAP_HUGETLB)
		return -EINVAL;	/* no hugetlbfs */
	if (!len)
		return -EINVAL;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;

	if (!(flags & MAP_ANONYMOUS)) {
		if (!fd_get)
			return -EBADF;
		file = fd_get(t, fd);
		if (!file)
			return -EBADF;
		if ((file->flags & O_ACCMODE) == O_WRONLY ||
		    ((flags & MAP_TYPE) != MAP_PRIVATE &&
		     (prot & PROT_WRITE) &&
		     (file->flags & O_ACCMODE) != O_RDWR)) {
			file_put(file);
			return -EACCES;
		}
		if (file->flags & O_PATH) {
			file_put(file);
			return -EBADF;
		}
		/* A write-sealed memfd refuses new shared writable mappings. */
		if ((flags & MAP_TYPE) != MAP_PRIVATE && (prot & PROT_WRITE) &&
		    file_pagecache(file) &&
		    (file_pagecache(file)->seals &
		     (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))) {
			file_put(file);
			return -EPERM;
		}
	} else {
		off = 0;
	}
	r = mm_mmap(t->mm, addr, len, prot, flags, file, off);
	if (file)
		file_put(file);	/* the VMA holds its own reference */
	return r;
}

SYSCALL_DEFINE(munmap)
{
	return mm_munmap(t->mm, a->a[0], a->a[1]);
}

SYSCALL_DEFINE(mprotect)
{
	return mm_mprotect(t->mm, a->a[0], a->a[1], (int)a->a[2]);
}

SYSCALL_DEFINE(pkey_mprotect)
{
	u64 start = a->a[0], len = PAGE_ALIGN(a->a[1]);

	/*
	 * No PKU: as Linux there, no key is allocated (not even 0), so only
	 * -1 works; the range is checked first (a zero length succeeds).
	 */
	if ((int)a->a[3] != -1) {
		if (start & (PAGE_SIZE - 1))
			return -EINVAL;
		if (!a->a[1])
			return 0;
		return start + len <= start ? -ENOMEM : -EINVAL;
	}
	return mm_mprotect(t->mm, a->a[0], a->a[1], (int)a->a[2]);
}

SYSCALL_DEFINE(brk)
{
	return (long)mm_brk(t->mm, a->a[0]);
}

SYSCALL_DEFINE(mremap)
{
	return mm_mremap(t->mm, a->a[0], a->a[1], a->a[2], (int)a->a[3],
			 a->a[4]);
}

SYSCALL_DEFINE(madvise)
{
	uaddr_t addr = a->a[0];
	u64 len = a->a[1];
	int advice = (int)a->a[2];

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len > USER_TOP || addr >= USER_TOP)
		return -EINVAL;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		if (!len)
			return 0;
		return mm_dontneed(t->mm, addr, len);
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		/* Hints (and fork flags) the sentry does not act on yet. */
		if (len && !mm_range_mapped(t->mm, addr, len))
			return -ENOMEM;
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL_DEFINE(msync)
{
	uaddr_t addr = a->a[0];
	u64 len = a->a[1];
	int flags = (int)a->a[2];

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_SYNC | MS_INVALIDATE))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (!len)
		return 0;
	if (flags & (MS_SYNC | MS_ASYNC))
		return mm_msync(t->mm, addr, len);
	if (!mm_range_mapped(t->mm, addr, len))
		return -ENOMEM;
	return 0;
}

SYSCALL_DEFINE(mincore)
{
	uaddr_t addr = a->a[0], vec = a->a[2];
	u64 len = a->a[1], npages, done = 0;
	u8 buf[256];
	int err;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len > USER_TOP || addr >= USER_TOP)
		return -ENOMEM;
	npages = PAGE_ALIGN(len) >> PAGE_SHIFT;
	if (!mm_range_mapped(t->mm, addr, len))
		return -ENOMEM;
	while (done < npages) {
		u64 n = min(npages - done, (u64)sizeof(buf));

		mm_mincore(t->mm, addr + (done << PAGE_SHIFT), n, buf);
		err = copy_out(t->mm, vec + done, buf, n);
		if (err)
			return err;
		done += n;
	}
	return 0;
}

/* Common checks of mlock/munlock: a mapped range. */
static long mlock_range(struct task *t, uaddr_t addr, u64 len, bool lock)
{
	return mm_mlock(t->mm, addr, len, lock);
}

SYSCALL_DEFINE(mlock)
{
	return mlock_range(t, a->a[0], a->a[1], true);
}

SYSCALL_DEFINE(mlock2)
{
	if (a->a[2] & ~(u64)MLOCK_ONFAULT)
		return -EINVAL;
	return mlock_range(t, a->a[0], a->a[1], true);
}

SYSCALL_DEFINE(munlock)
{
	return mlock_range(t, a->a[0], a->a[1], false);
}

SYSCALL_DEFINE(mlockall)
{
	int flags = (int)a->a[0];

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)))
		return -EINVAL;
	if (flags == MCL_ONFAULT)
		return -EINVAL;
	if (flags & MCL_CURRENT)
		mm_mlock_all(t->mm, true);
	if (flags & MCL_FUTURE)
		t->mm->lock_future = true;
	return 0;
}

SYSCALL_DEFINE(munlockall)
{
	mm_mlock_all(t->mm, false);
	t->mm->lock_future = false;
	return 0;
}
