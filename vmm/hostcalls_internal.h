/* SPDX-License-Identifier: MIT */
/* Internal state and helpers of the hostcall server (vmm/hostcalls*.c). */
#ifndef VMM_HOSTCALLS_INTERNAL_H
#define VMM_HOSTCALLS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi/hostcall.h"
#include "vmm/hostcalls.h"

/* Largest single read/write/getdents transfer the server accepts. */
#define VMM_HC_MAX_IO (16u << 20)
/* Most pollfds in one HC_POLL. */
#define VMM_HC_MAX_POLL 256

struct vmm_handle {
	int fd;			/* -1: free slot */
	unsigned int flags;	/* VMM_HANDLE_* */
};

struct vmm_hostcalls {
	uint8_t *pmem;
	uint64_t pmem_size;
	struct vmm_handle *handles;
	size_t nhandles;
};

/*
 * hc_mem - pointer into sandbox memory for [pa, pa+len), or NULL when the
 * range is not entirely inside it (overflow-checked). len 0 is valid.
 */
void *hc_mem(struct vmm_hostcalls *hc, uint64_t pa, uint64_t len);
/*
 * hc_path - copy the path at (@pa, @len) out of sandbox memory into @buf
 * (PATH_MAX + 1 bytes), NUL-terminated. 0, -EFAULT, -ENAMETOOLONG, or
 * -EINVAL when it contains a NUL byte.
 */
int hc_path(struct vmm_hostcalls *hc, uint64_t pa, uint64_t len, char *buf);
/*
 * hc_handle - the handle @h when it exists, is not a STDIO handle unless
 * @stdio_ok, and (for @need_dir) is a directory. NULL otherwise.
 */
struct vmm_handle *hc_handle(struct vmm_hostcalls *hc, uint64_t h,
			     bool stdio_ok, bool need_dir);
/* hc_add - store @fd with @flags in a free slot; handle or -errno. */
long hc_add(struct vmm_hostcalls *hc, int fd, unsigned int flags);

/* Families: each returns the result (>= 0) or -errno. */
long hc_fs_call(struct vmm_hostcalls *hc, struct hc_req *r);
long hc_io_call(struct vmm_hostcalls *hc, struct hc_req *r);

#endif
