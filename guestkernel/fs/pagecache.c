// SPDX-License-Identifier: MIT
/*
 * pagecache.c - file pages shared by read()/write() and MAP_SHARED
 * mappings. The index is two levels: a growable array of leaves of 512
 * slots, each slot a physical address with a dirty bit.
 */
#include <linux/errno.h>

#include "fs/pagecache.h"
#include "fs/vfs_internal.h"
#include "mm/mm.h"

struct page_cache *pagecache_create(struct inode *inode,
				    const struct pc_ops *ops, bool transient)
{
	struct page_cache *pc = kzalloc(sizeof(*pc));

	if (!pc)
		return NULL;
	pc->inode = inode;
	pc->ops = ops;
	pc->transient = transient;
	return pc;
}

/* The slot of @index, or NULL when its leaf is missing and !@alloc (or -ENOMEM). */
static u64 *pc_slot(struct page_cache *pc, u64 index, bool alloc)
{
	u64 li = index / PC_LEAF_SLOTS;

	if (li >= pc->nleaf) {
		u64 n = pc->nleaf ? pc->nleaf : 1;
		u64 **nl;

		if (!alloc)
			return NULL;
		while (n <= li)
			n *= 2;
		nl = krealloc(pc->leaf, n * sizeof(*nl));
		if (!nl)
			return NULL;
		memset(nl + pc->nleaf, 0, (n - pc->nleaf) * sizeof(*nl));
		pc->leaf = nl;
		pc->nleaf = n;
	}
	if (!pc->leaf[li]) {
		if (!alloc)
			return NULL;
		pc->leaf[li] = kzalloc(PC_LEAF_SLOTS * sizeof(u64));
		if (!pc->leaf[li])
			return NULL;
	}
	return &pc->leaf[li][index % PC_LEAF_SLOTS];
}

/* Forget the page in @slot (the caller unmapped it). */
static void pc_drop_slot(struct page_cache *pc, u64 *slot)
{
	if (*slot & PC_DIRTY)
		pc->ndirty--;
	page_put(*slot & ~PC_DIRTY);
	*slot = 0;
	pc->npages--;
	if (pc->ops && pc->ops->charge)
		pc->ops->charge(pc->inode, -1);
}

/* Drop every page at or above @first; the caller unmapped them. */
static void pc_drop_from(struct page_cache *pc, u64 first)
{
	u64 li, j;

	for (li = first / PC_LEAF_SLOTS; li < pc->nleaf; li++) {
		u64 *leaf = pc->leaf[li];
		bool empty = true;

		if (!leaf)
			continue;
		for (j = 0; j < PC_LEAF_SLOTS; j++) {
			if (!leaf[j])
				continue;
			if (li * PC_LEAF_SLOTS + j >= first)
				pc_drop_slot(pc, &leaf[j]);
			else
				empty = false;
		}
		if (empty) {
			kfree(leaf);
			pc->leaf[li] = NULL;
		}
	}
}

void pagecache_destroy(struct page_cache *pc)
{
	if (!pc)
		return;
	pc_drop_from(pc, 0);
	kfree(pc->leaf);
	kfree(pc);
}

int pagecache_insert(struct page_cache *pc, u64 index, paddr_t pa)
{
	u64 *slot = pc_slot(pc, index, true);

	if (!slot)
		return -ENOMEM;
	if (*slot)
		return -EEXIST;
	page_get(pa);
	*slot = pa;
	pc->npages++;
	return 0;
}

struct page_cache *file_pagecache(struct file *f)
{
	if (!f || !f->inode)
		return NULL;
	return f->inode->pcache;
}

loff_t pagecache_file_size(struct page_cache *pc)
{
	return pc->inode->size;
}

paddr_t pagecache_lookup(struct page_cache *pc, u64 index)
{
	u64 *slot = pc_slot(pc, index, false);

	return slot ? (*slot & ~PC_DIRTY) : 0;
}

int pagecache_get(struct page_cache *pc, u64 index, paddr_t *pa)
{
	u64 *slot = pc_slot(pc, index, true);
	paddr_t page;
	int err;

	if (!slot)
		return -ENOMEM;
	if (*slot) {
		*pa = *slot & ~PC_DIRTY;
		return 0;
	}
	if (pc->ops && pc->ops->charge) {
		err = pc->ops->charge(pc->inode, 1);
		if (err)
			return err;
	}
	page = page_alloc();
	if (!page) {
		err = -ENOMEM;
		goto uncharge;
	}
	if (pc->ops && pc->ops->fill) {
		err = pc->ops->fill(pc->inode, index, page);
		/* The fill may block: the leaf array may have moved. */
		slot = pc_slot(pc, index, true);
		if (!err && !slot)
			err = -ENOMEM;
		if (!err && *slot) {
			/* Someone else brought the page in meanwhile. */
			page_put(page);
			if (pc->ops->charge)
				pc->ops->charge(pc->inode, -1);
			*pa = *slot & ~PC_DIRTY;
			return 0;
		}
		if (err) {
			page_put(page);
			goto uncharge;
		}
	}
	*slot = page;
	pc->npages++;
	*pa = page;
	return 0;
uncharge:
	if (pc->ops && pc->ops->charge)
		pc->ops->charge(pc->inode, -1);
	return err;
}

void pagecache_set_dirty(struct page_cache *pc, u64 index)
{
	u64 *slot;

	if (!pc->ops || !pc->ops->writeback)
		return;
	slot = pc_slot(pc, index, false);
	if (slot && *slot && !(*slot & PC_DIRTY)) {
		*slot |= PC_DIRTY;
		pc->ndirty++;
	}
}

int pagecache_writeback(struct page_cache *pc, u64 first, u64 last)
{
	u64 li, j;
	int ret = 0, err;

	if (!pc || !pc->ndirty || !pc->ops || !pc->ops->writeback)
		return 0;
	for (li = first / PC_LEAF_SLOTS; li < pc->nleaf && pc->ndirty; li++) {
		for (j = 0; j < PC_LEAF_SLOTS; j++) {
			u64 index = li * PC_LEAF_SLOTS + j, *slot;
			loff_t off = (loff_t)(index << PAGE_SHIFT);
			paddr_t pa;
			size_t len;

			if (index < first || index >= last)
				continue;
			slot = pc_slot(pc, index, false);
			if (!slot || !(*slot & PC_DIRTY))
				continue;
			pa = *slot & ~PC_DIRTY;
			/* Write-protect first: a write during the I/O re-dirties. */
			*slot = pa;
			pc->ndirty--;
			mm_pagecache_wrprotect(pc, index, index + 1);
			if (off >= pc->inode->size)
				continue;
			len = min((u64)PAGE_SIZE, (u64)(pc->inode->size - off));
			page_get(pa);
			err = pc->ops->writeback(pc->inode, index, pa, len);
			page_put(pa);
			if (err && !ret)
				ret = err;
		}
	}
	return ret;
}

void pagecache_truncate(struct page_cache *pc, loff_t size)
{
	u64 keep = PAGE_ALIGN((u64)size) >> PAGE_SHIFT;
	paddr_t pa;

	if (!pc)
		return;
	if (size & (PAGE_SIZE - 1)) {
		pa = pagecache_lookup(pc, (u64)size >> PAGE_SHIFT);
		if (pa)
			memset((u8 *)pa_to_va(pa) + (size & (PAGE_SIZE - 1)), 0,
			       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
	}
	if (!pc->npages)
		return;
	mm_pagecache_zap(pc, keep, ~0ULL);
	pc_drop_from(pc, keep);
}

/* Zero bytes [from, to) of page @index if it is cached. */
static void pc_zero_part(struct page_cache *pc, u64 index, size_t from,
			 size_t to)
{
	paddr_t pa = pagecache_lookup(pc, index);

	if (pa && from < to) {
		memset((u8 *)pa_to_va(pa) + from, 0, to - from);
		pagecache_set_dirty(pc, index);
	}
}

void pagecache_punch(struct page_cache *pc, loff_t start, loff_t end)
{
	u64 first = PAGE_ALIGN((u64)start) >> PAGE_SHIFT;
	u64 last = (u64)end >> PAGE_SHIFT, index;

	if (!pc || start >= end)
		return;
	if (first > last) {
		/* Inside one page. */
		pc_zero_part(pc, (u64)start >> PAGE_SHIFT,
			     start & (PAGE_SIZE - 1), end & (PAGE_SIZE - 1));
		return;
	}
	if (start & (PAGE_SIZE - 1))
		pc_zero_part(pc, (u64)start >> PAGE_SHIFT,
			     start & (PAGE_SIZE - 1), PAGE_SIZE);
	if (end & (PAGE_SIZE - 1))
		pc_zero_part(pc, last, 0, end & (PAGE_SIZE - 1));
	if (first >= last || !pc->npages)
		return;
	mm_pagecache_zap(pc, first, last);
	for (index = first; index < last && pc->npages; index++) {
		u64 *slot = pc_slot(pc, index, false);

		if (!slot) {
			/* No leaf: skip to the next one. */
			index |= PC_LEAF_SLOTS - 1;
			continue;
		}
		if (*slot)
			pc_drop_slot(pc, slot);
	}
}

ssize_t pagecache_read(struct page_cache *pc, struct uio *u, loff_t pos,
		       size_t n, bool fill)
{
	static const u8 zeros[256];
	size_t done = 0;
	int err = 0;

	while (done < n) {
		u64 p = (u64)pos + done, index = p >> PAGE_SHIFT;
		size_t in = p & (PAGE_SIZE - 1);
		size_t chunk = min((size_t)(PAGE_SIZE - in), n - done);
		paddr_t pa = 0;

		if (fill)
			err = pagecache_get(pc, index, &pa);
		else
			pa = pagecache_lookup(pc, index);
		if (err)
			break;
		if (pa) {
			err = uio_copy_to(u, done, (u8 *)pa_to_va(pa) + in,
					  chunk);
		} else {
			size_t z;

			for (z = 0; z < chunk && !err; z += sizeof(zeros))
				err = uio_copy_to(u, done + z, zeros,
						  min(sizeof(zeros), chunk - z));
		}
		if (err)
			break;
		done += chunk;
	}
	return done ? (ssize_t)done : err;
}

ssize_t pagecache_write(struct page_cache *pc, struct uio *u, loff_t pos,
			size_t n)
{
	size_t done = 0;
	int err = 0;

	while (done < n) {
		u64 p = (u64)pos + done, index = p >> PAGE_SHIFT;
		size_t in = p & (PAGE_SIZE - 1);
		size_t chunk = min((size_t)(PAGE_SIZE - in), n - done);
		paddr_t pa;

		err = pagecache_get(pc, index, &pa);
		if (err)
			break;
		err = uio_copy_from(u, done, (u8 *)pa_to_va(pa) + in, chunk);
		if (err)
			break;
		pagecache_set_dirty(pc, index);
		done += chunk;
	}
	return done ? (ssize_t)done : err;
}

void pagecache_update(struct page_cache *pc, struct uio *u, loff_t pos,
		      size_t n)
{
	size_t done = 0;

	if (!pc || !pc->npages)
		return;
	while (done < n) {
		u64 p = (u64)pos + done, index = p >> PAGE_SHIFT;
		size_t in = p & (PAGE_SIZE - 1);
		size_t chunk = min((size_t)(PAGE_SIZE - in), n - done);
		paddr_t pa = pagecache_lookup(pc, index);

		if (pa)
			uio_copy_from(u, done, (u8 *)pa_to_va(pa) + in, chunk);
		done += chunk;
	}
}

void pagecache_map_get(struct file *f, bool maywrite)
{
	struct page_cache *pc = file_pagecache(f);

	if (!pc)
		return;
	pc->shared_maps++;
	if (maywrite)
		pc->writable_maps++;
	if (pc->ops && pc->ops->map)
		pc->ops->map(pc->inode, f);
}

void pagecache_map_put(struct file *f, bool maywrite)
{
	struct page_cache *pc = file_pagecache(f);

	if (!pc)
		return;
	pc->shared_maps--;
	if (maywrite)
		pc->writable_maps--;
	if (pc->shared_maps > 0 || !pc->transient)
		return;
	/* Last shared mapping of a host file: write back, then let go. */
	pagecache_writeback(pc, 0, ~0ULL);
	pc_drop_from(pc, 0);
	if (pc->ops && pc->ops->dropped)
		pc->ops->dropped(pc->inode);
}
