/* SPDX-License-Identifier: MIT */
/* openat2: open with a versioned struct open_how and RESOLVE_* walk limits. */
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"
#include <linux/openat2.h>

#define OPEN_HOW_SIZE_VER0 24
#define OPEN_HOW_MAX_SIZE 4096

/* The open(2) flags openat2 accepts (Linux's VALID_OPEN_FLAGS). */
#define OPENAT2_VALID_FLAGS                                                   \
	(O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | \
	 O_APPEND | O_NONBLOCK | __O_SYNC | O_DSYNC | FASYNC | O_DIRECT |      \
	 O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC |      \
	 O_PATH | __O_TMPFILE)
#define OPENAT2_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)
#define OPENAT2_VALID_RESOLVE                                                 \
	(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS |       \
	 RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED)

/*
 * Copy a struct of @usize user bytes into @dst (@ksize bytes) the way
 * Linux's copy_struct_from_user does: a shorter struct is zero-extended,
 * a longer one must have only zeros past @ksize (-E2BIG otherwise).
 */
static int copy_struct_in(struct task *t, void *dst, size_t ksize,
			  uaddr_t src, size_t usize)
{
	u8 tail[64];
	size_t off, n;

	memset(dst, 0, ksize);
	if (copy_in(t->mm, dst, src, min(ksize, usize)))
		return -EFAULT;
	for (off = ksize; off < usize; off += n) {
		n = min(usize - off, sizeof(tail));
		if (copy_in(t->mm, tail, src + off, n))
			return -EFAULT;
		while (n--)
			if (tail[n])
				return -E2BIG;
		n = min(usize - off, sizeof(tail));
	}
	return 0;
}

/* Validate @how as Linux's build_open_flags; LOOKUP_* limits into *@lflags. */
static int open_how_check(const struct open_how *how, unsigned int *lflags)
{
	u64 flags = how->flags;

	if (flags & ~(u64)OPENAT2_VALID_FLAGS)
		return -EINVAL;
	if (how->resolve & ~(u64)OPENAT2_VALID_RESOLVE)
		return -EINVAL;
	if ((how->resolve & RESOLVE_BENEATH) && (how->resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if ((flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE) {
		if (how->mode & ~(u64)07777)
			return -EINVAL;
	} else if (how->mode) {
		return -EINVAL;
	}
	if ((flags & O_PATH) && (flags & ~(u64)OPENAT2_PATH_FLAGS))
		return -EINVAL;
	*lflags = 0;
	if (how->resolve & RESOLVE_NO_XDEV)
		*lflags |= LOOKUP_NO_XDEV;
	if (how->resolve & RESOLVE_NO_MAGICLINKS)
		*lflags |= LOOKUP_NO_MAGICLINKS;
	if (how->resolve & RESOLVE_NO_SYMLINKS)
		*lflags |= LOOKUP_NO_SYMLINKS;
	if (how->resolve & RESOLVE_BENEATH)
		*lflags |= LOOKUP_BENEATH;
	if (how->resolve & RESOLVE_IN_ROOT)
		*lflags |= LOOKUP_IN_ROOT;
	if (how->resolve & RESOLVE_CACHED) {
		/* Creating or truncating can never be done from the cache alone. */
		if (flags & (O_TRUNC | O_CREAT | __O_TMPFILE))
			return -EAGAIN;
		*lflags |= LOOKUP_CACHED;
	}
	return 0;
}

SYSCALL_DEFINE(openat2)
{
	int dirfd = (int)a->a[0];
	size_t usize = a->a[3];
	unsigned int lflags;
	struct open_how how;
	struct file *f;
	char *path;
	long r;

	if (usize < OPEN_HOW_SIZE_VER0)
		return -EINVAL;
	if (usize > OPEN_HOW_MAX_SIZE)
		return -E2BIG;
	r = copy_struct_in(t, &how, sizeof(how), a->a[2], usize);
	if (r)
		return r;
	r = open_how_check(&how, &lflags);
	if (r)
		return r;
	r = user_path(t, a->a[1], &path);
	if (r)
		return r;
	r = vfs_open_lookup(t, dirfd, path, (int)how.flags, (u32)how.mode,
			    lflags, &f);
	kfree(path);
	if (r)
		return r;
	r = fd_install(t, f, 0, how.flags & O_CLOEXEC);
	if (r < 0)
		file_put(f);
	return r;
}
