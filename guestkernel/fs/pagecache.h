/* SPDX-License-Identifier: MIT */
/*
 * pagecache.h - file data in physical pages, keyed by inode and page index.
 *
 * read()/write() of a filesystem that has a page cache and the page-fault
 * path of MAP_SHARED file mappings use the same pages, so the two views are
 * coherent. tmpfs keeps its file data only here; hostfs fills pages from
 * the host while the file has shared mappings and writes dirty pages back.
 *
 * Each cached page holds one reference of its own (page_get/page_put);
 * page tables that map it hold theirs. When the cache drops a page that
 * may be mapped, every mm that maps the inode is updated (mm_pagecache_*).
 */
#ifndef FS_PAGECACHE_H
#define FS_PAGECACHE_H

#include "klib/klib.h"

struct inode;
struct file;
struct uio;

/* What a filesystem provides to its page cache (every hook optional). */
struct pc_ops {
	/* fill - read page @index of @inode into zeroed @pa. 0 or -errno. */
	int (*fill)(struct inode *inode, u64 index, paddr_t pa);
	/* writeback - write @len bytes of page @index from @pa. 0 or -errno. */
	int (*writeback)(struct inode *inode, u64 index, paddr_t pa,
			 size_t len);
	/* charge - account @delta pages (< 0 when freed); -ENOSPC refuses. */
	int (*charge)(struct inode *inode, long delta);
	/* map - @f (of @inode) gets a MAP_SHARED mapping. */
	void (*map)(struct inode *inode, struct file *f);
	/* dropped - the cache emptied itself after its last shared mapping. */
	void (*dropped)(struct inode *inode);
};

/* Number of page slots in one leaf of the index. */
#define PC_LEAF_SLOTS 512
/* Low bit of a slot: the page is dirty (newer than the backing store). */
#define PC_DIRTY 1ULL

struct page_cache {
	struct inode *inode;
	const struct pc_ops *ops;
	u64 **leaf;		/* leaf[i][j]: page i*512+j (pa | PC_DIRTY) or 0 */
	u64 nleaf;
	u64 npages, ndirty;
	int shared_maps;	/* MAP_SHARED VMAs of this inode, all mms */
	int writable_maps;	/* of those, the ones that may become writable */
	bool transient;		/* drop every page when shared_maps reaches 0 */
	u32 seals;		/* F_SEAL_* (memfd) */
};

/*
 * pagecache_create - an empty cache for @inode with @ops; @transient: pages
 * live only while the inode has shared mappings (hostfs). NULL on -ENOMEM.
 */
struct page_cache *pagecache_create(struct inode *inode,
				    const struct pc_ops *ops, bool transient);
/* pagecache_destroy - drop every page (no writeback) and free @pc (NULL ok). */
void pagecache_destroy(struct page_cache *pc);
/* file_pagecache - the page cache of @f's inode, or NULL when it has none. */
struct page_cache *file_pagecache(struct file *f);

/* pagecache_file_size - current size in bytes of @pc's file. */
loff_t pagecache_file_size(struct page_cache *pc);

/* pagecache_lookup - the page at @index (no reference taken), or 0. */
paddr_t pagecache_lookup(struct page_cache *pc, u64 index);
/*
 * pagecache_get - the page at @index, created (charged, filled) if missing;
 * *@pa gets it, without a new reference. May block (fill). 0 or -errno.
 */
int pagecache_get(struct page_cache *pc, u64 index, paddr_t *pa);
/*
 * pagecache_insert - put existing page @pa at empty slot @index (taking a
 * reference of its own; nothing charged): a page can sit at several
 * indices, e.g. io_uring's rings at both ring offsets. 0, -EEXIST, -ENOMEM.
 */
int pagecache_insert(struct page_cache *pc, u64 index, paddr_t pa);
/* pagecache_set_dirty - mark page @index dirty (no-op without writeback). */
void pagecache_set_dirty(struct page_cache *pc, u64 index);
/*
 * pagecache_writeback - write the dirty pages of [first, last) back and
 * write-protect them in every mapping (the next write marks them dirty
 * again). 0 or the first -errno.
 */
int pagecache_writeback(struct page_cache *pc, u64 first, u64 last);
/*
 * pagecache_truncate - the file is now @size bytes: zero the tail of the
 * last partial page, drop the pages after it (unmapping them everywhere).
 */
void pagecache_truncate(struct page_cache *pc, loff_t size);

/*
 * pagecache_punch - bytes [start, end) read as zero again: zero the parts
 * of partial pages there, drop (unmapping them everywhere, uncharging)
 * the whole pages.
 */
void pagecache_punch(struct page_cache *pc, loff_t start, loff_t end);

/*
 * pagecache_read - copy file bytes [pos, pos+n) into @u at 0. Missing pages
 * read as zero unless @fill (then they are brought in). Bytes or -errno.
 */
ssize_t pagecache_read(struct page_cache *pc, struct uio *u, loff_t pos,
		       size_t n, bool fill);
/*
 * pagecache_write - copy @n bytes of @u into the file at @pos, creating
 * pages; marks them dirty. Bytes copied (short on -ENOSPC) or -errno.
 */
ssize_t pagecache_write(struct page_cache *pc, struct uio *u, loff_t pos,
			size_t n);
/*
 * pagecache_update - after a write that went to the backing store, copy
 * bytes [pos, pos+n) of @u into the pages already cached (no new pages).
 */
void pagecache_update(struct page_cache *pc, struct uio *u, loff_t pos,
		      size_t n);

/* pagecache_map_get/put - a MAP_SHARED VMA of @f starts/stops (@maywrite). */
void pagecache_map_get(struct file *f, bool maywrite);
void pagecache_map_put(struct file *f, bool maywrite);

/* mm side (mm/mm.c): update every mm mapping pages [first, last) of @pc. */
/* mm_pagecache_zap - unmap those pages from every shared mapping. */
void mm_pagecache_zap(struct page_cache *pc, u64 first, u64 last);
/* mm_pagecache_wrprotect - make those pages read-only in every mapping. */
void mm_pagecache_wrprotect(struct page_cache *pc, u64 first, u64 last);

#endif
