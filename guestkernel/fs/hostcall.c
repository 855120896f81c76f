/* SPDX-License-Identifier: MIT */
/* The sentry side of hostcalls: a request block in sandbox memory. */
#include "abi/hostcall.h"
#include "kernel/stats.h"
#include "fs/vfs_internal.h"
#include "platform/platform.h"
#include "fs/fs_uapi.h"

/* One request block: hostcalls are synchronous and never yield. */
static struct hc_req *hc_block;

/* hc_dma_alloc - see vfs_internal.h (kmalloc memory lies in pmem). */
void *hc_dma_alloc(size_t size)
{
	return kmalloc(size);
}

/* hc_pa - see vfs_internal.h. */
u64 hc_pa(const void *p)
{
	return va_to_pa(p);
}

/* hostcall - see vfs_internal.h. */
long hostcall(unsigned int nr, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
	      u64 a5)
{
	long ret;

	if (!hc_block) {
		hc_block = kzalloc(sizeof(*hc_block));
		if (!hc_block)
			return -ENOMEM;
	}
	stats_hostcall(nr);
	hc_block->nr = nr;
	hc_block->ret = -ENOSYS;
	hc_block->a[0] = a0;
	hc_block->a[1] = a1;
	hc_block->a[2] = a2;
	hc_block->a[3] = a3;
	hc_block->a[4] = a4;
	hc_block->a[5] = a5;
	ret = platform->hostcall(va_to_pa(hc_block));
	(void)ret;
	return hc_block->ret;
}
