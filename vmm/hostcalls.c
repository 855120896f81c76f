/* SPDX-License-Identifier: MIT */
/*
 * The hostcall server: handle table, request validation and dispatch.
 * Families live in hostcalls_fs.c (paths, metadata) and hostcalls_io.c
 * (data, poll, terminal ioctls).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmm/error.h"
#include "vmm/hostcalls_internal.h"
#include "vmm/log.h"

/* Most handles the sandbox may hold at once. */
#define VMM_HC_MAX_HANDLES 65536

/* hc_mem - see hostcalls_internal.h. */
void *hc_mem(struct vmm_hostcalls *hc, uint64_t pa, uint64_t len)
{
	if (pa > hc->pmem_size || len > hc->pmem_size - pa)
		return NULL;
	return hc->pmem + pa;
}

/* hc_path - see hostcalls_internal.h. */
int hc_path(struct vmm_hostcalls *hc, uint64_t pa, uint64_t len, char *buf)
{
	const char *src;

	if (len > PATH_MAX)
		return -ENAMETOOLONG;
	src = hc_mem(hc, pa, len);
	if (!src)
		return -EFAULT;
	memcpy(buf, src, len);
	if (memchr(buf, '\0', len))
		return -EINVAL;
	buf[len] = '\0';
	return 0;
}

/* hc_handle - see hostcalls_internal.h. */
struct vmm_handle *hc_handle(struct vmm_hostcalls *hc, uint64_t h,
			     bool stdio_ok, bool need_dir)
{
	struct vmm_handle *vh;

	if (h >= hc->nhandles)
		return NULL;
	vh = &hc->handles[h];
	if (vh->fd < 0)
		return NULL;
	if ((vh->flags & VMM_HANDLE_STDIO) && !stdio_ok)
		return NULL;
	if (need_dir && !(vh->flags & VMM_HANDLE_DIR))
		return NULL;
	return vh;
}

/* hc_add - see hostcalls_internal.h. */
long hc_add(struct vmm_hostcalls *hc, int fd, unsigned int flags)
{
	struct vmm_handle *n;
	size_t i, cap;

	for (i = 0; i < hc->nhandles; i++) {
		if (hc->handles[i].fd < 0) {
			hc->handles[i].fd = fd;
			hc->handles[i].flags = flags;
			return (long)i;
		}
	}
	if (hc->nhandles >= VMM_HC_MAX_HANDLES)
		return -EMFILE;
	cap = hc->nhandles ? hc->nhandles * 2 : 16;
	n = realloc(hc->handles, cap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	for (i = hc->nhandles; i < cap; i++)
		n[i].fd = -1;
	hc->handles = n;
	i = hc->nhandles;
	hc->nhandles = cap;
	hc->handles[i].fd = fd;
	hc->handles[i].flags = flags;
	return (long)i;
}

/* vmm_hostcalls_create - see hostcalls.h. */
int vmm_hostcalls_create(uint8_t *pmem, uint64_t pmem_size,
			 struct vmm_hostcalls **out, struct vmm_error **err)
{
	struct vmm_hostcalls *hc;

	if (!pmem || !pmem_size)
		return vmm_error(err, EINVAL, "hostcall server without memory");
	hc = calloc(1, sizeof(*hc));
	if (!hc)
		return vmm_error(err, ENOMEM, "hostcall server");
	hc->pmem = pmem;
	hc->pmem_size = pmem_size;
	*out = hc;
	return 0;
}

/* vmm_hostcalls_add_handle - see hostcalls.h. */
long vmm_hostcalls_add_handle(struct vmm_hostcalls *hc, int fd,
			      unsigned int flags)
{
	if (fd < 0)
		return -EBADF;
	return hc_add(hc, fd, flags);
}

/*
 * HC_LOG: a0 level, a1 msg pa, a2 len. Control characters are escaped;
 * vmm's log (level filter, --log file, format) takes it, as it takes the
 * in-process sentry's messages on ptrace.
 */
static long hc_log(struct vmm_hostcalls *hc, struct hc_req *r)
{
	const unsigned char *msg;
	char line[1024];
	size_t i, n = 0, len = r->a[2];

	if (len > 4096)
		len = 4096;
	msg = hc_mem(hc, r->a[1], len);
	if (!msg)
		return -EFAULT;
	for (i = 0; i < len && n + 5 < sizeof(line); i++) {
		if (msg[i] >= 0x20 && msg[i] < 0x7f)
			line[n++] = (char)msg[i];
		else
			n += snprintf(line + n, sizeof(line) - n, "\\x%02x", msg[i]);
	}
	vmm_log_write(r->a[0] > VMM_LOG_DEBUG ? VMM_LOG_DEBUG : (int)r->a[0],
		      line, n);
	return 0;
}

/* HC_CLOSE: a0 handle. */
static long hc_close(struct vmm_hostcalls *hc, struct hc_req *r)
{
	struct vmm_handle *vh = hc_handle(hc, r->a[0], true, false);

	if (!vh)
		return -EBADF;
	close(vh->fd);
	vh->fd = -1;
	vh->flags = 0;
	return 0;
}

/* vmm_hostcalls_call - see hostcalls.h. */
long vmm_hostcalls_call(struct vmm_hostcalls *hc, uint64_t req_pa)
{
	struct hc_req *blk, r;
	long ret;

	blk = hc_mem(hc, req_pa, sizeof(*blk));
	if (!blk)
		return -EFAULT;
	memcpy(&r, blk, sizeof(r));
	switch (r.nr) {
	case HC_LOG:
		ret = hc_log(hc, &r);
		break;
	case HC_CLOSE:
		ret = hc_close(hc, &r);
		break;
	case HC_PREAD:
	case HC_PWRITE:
	case HC_POLL:
	case HC_IOCTL:
	case HC_SEEK:
	case HC_FSYNC:
	case HC_FTRUNCATE:
		ret = hc_io_call(hc, &r);
		break;
	case HC_OPENAT:
	case HC_FSTAT:
	case HC_FSTATAT:
	case HC_GETDENTS:
	case HC_READLINKAT:
	case HC_MKDIRAT:
	case HC_UNLINKAT:
	case HC_RENAMEAT:
	case HC_SYMLINKAT:
	case HC_LINKAT:
	case HC_FCHMOD:
	case HC_FCHOWN:
	case HC_UTIMENS:
		ret = hc_fs_call(hc, &r);
		break;
	default:
		ret = -ENOSYS;
		break;
	}
	blk->ret = ret;
	return ret;
}

/* vmm_hostcalls_destroy - see hostcalls.h. */
void vmm_hostcalls_destroy(struct vmm_hostcalls *hc)
{
	size_t i;

	if (!hc)
		return;
	for (i = 0; i < hc->nhandles; i++)
		if (hc->handles[i].fd >= 0)
			close(hc->handles[i].fd);
	free(hc->handles);
	free(hc);
}
