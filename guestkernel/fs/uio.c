/* SPDX-License-Identifier: MIT */
/* uio: one interface over user and kernel buffers. */
#include "fs/vfs.h"
#include "fs/fs_uapi.h"
#include "mm/mm.h"
#include "fs/vfs_internal.h"
#include "kernel/task.h"

/* uio_copy_to - see vfs.h. */
int uio_copy_to(struct uio *u, size_t off, const void *src, size_t n)
{
	if (off > u->len || n > u->len - off)
		return -EFAULT;
	if (!n)
		return 0;
	if (!u->mm) {
		memcpy((u8 *)u->kbuf + off, src, n);
		return 0;
	}
	return copy_out(u->mm, u->ubuf + off, src, n);
}

/* uio_copy_from - see vfs.h. */
int uio_copy_from(struct uio *u, size_t off, void *dst, size_t n)
{
	if (off > u->len || n > u->len - off)
		return -EFAULT;
	if (!n)
		return 0;
	if (!u->mm) {
		memcpy(dst, (const u8 *)u->kbuf + off, n);
		return 0;
	}
	return copy_in(u->mm, dst, u->ubuf + off, n);
}

/* user_path - see vfs_internal.h. */
int user_path(struct task *t, uaddr_t upath, char **out)
{
	char *buf = kmalloc(4097);
	long n;

	if (!buf)
		return -ENOMEM;
	n = copy_string_in(t->mm, buf, upath, 4097);
	if (n < 0) {
		kfree(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}
