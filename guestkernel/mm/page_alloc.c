// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - the physical page allocator.
 *
 * The range given at boot starts with the allocator's own metadata (one
 * 32-bit reference count per page and a bitmap of free pages), reached
 * through the direct map. Pages below a bump pointer have been handed out
 * at least once; their free ones are tracked in the bitmap, and allocation
 * takes the lowest free page (extending a run as far as it is contiguous).
 * Pages above the bump pointer were never touched, which keeps the sparse
 * memory object small and makes fresh runs physically contiguous.
 */
#include "mm/mm_internal.h"

static paddr_t pa_base;		/* first allocatable page */
static u64 npages;		/* allocatable pages */
static u64 bump;		/* pages [bump, npages) never handed out */
static u64 hint;		/* no free page below this index */
static u64 nfree;
static u32 *refs;		/* per page */
static u64 *freemap;		/* bit set: page (below bump) is free */

void page_alloc_init(paddr_t start, paddr_t end)
{
	u64 total, meta;

	start = PAGE_ALIGN(start);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (end <= start)
		PANIC("page_alloc_init: empty range %lx..%lx",
		      (unsigned long)start, (unsigned long)end);
	total = (end - start) >> PAGE_SHIFT;
	/* Metadata for all pages of the range, carved from its start. */
	meta = PAGE_ALIGN(ALIGN_UP(total * sizeof(u32), 8) + ALIGN_UP(total, 64) / 8);
	if (meta >= end - start)
		PANIC("page_alloc_init: range too small");
	refs = pa_to_va(start);
	freemap = (u64 *)((u8 *)refs + ALIGN_UP(total * sizeof(u32), 8));
	pa_base = start + meta;
	npages = (end - pa_base) >> PAGE_SHIFT;
	memset(freemap, 0, ALIGN_UP(npages, 64) / 8);
	bump = 0;
	hint = 0;
	nfree = npages;
}

static inline bool bit_test(u64 i)
{
	return freemap[i / 64] & (1ULL << (i % 64));
}

static inline void bit_set(u64 i)
{
	freemap[i / 64] |= 1ULL << (i % 64);
}

static inline void bit_clear(u64 i)
{
	freemap[i / 64] &= ~(1ULL << (i % 64));
}

/* Lowest free page index below bump at or above hint, or bump if none. */
static u64 find_free(void)
{
	u64 i = hint;

	while (i < bump) {
		u64 w = freemap[i / 64] >> (i % 64);

		if (w)
			return min(i + __builtin_ctzll(w), bump);
		i = ALIGN_DOWN(i, 64) + 64;
	}
	return bump;
}

paddr_t page_alloc_run(unsigned int n, unsigned int *got)
{
	u64 first, i;
	unsigned int k = 0;

	*got = 0;
	if (!n || !nfree)
		return 0;
	first = find_free();
	hint = first;
	if (first >= npages)
		return 0;
	/* Take free pages below the bump pointer, then fresh ones above it. */
	for (i = first; k < n && i < bump && bit_test(i); i++, k++)
		bit_clear(i);
	if (i == bump)
		for (; k < n && i < npages; i++, k++)
			bump++;
	hint = first + k;
	nfree -= k;
	for (i = first; i < first + k; i++)
		refs[i] = 1;
	memset(pa_to_va(pa_base + (first << PAGE_SHIFT)), 0,
	       (u64)k << PAGE_SHIFT);
	*got = k;
	return pa_base + (first << PAGE_SHIFT);
}

paddr_t page_alloc(void)
{
	unsigned int got;

	return page_alloc_run(1, &got);
}

bool page_pa_valid(paddr_t pa)
{
	return !(pa & (PAGE_SIZE - 1)) && pa >= pa_base &&
	       ((pa - pa_base) >> PAGE_SHIFT) < npages;
}

/* Index of an allocated page; PANIC on anything else (a sentry bug). */
static u64 page_index(paddr_t pa, const char *what)
{
	u64 i;

	if (!page_pa_valid(pa))
		PANIC("%s: bad page %lx", what, (unsigned long)pa);
	i = (pa - pa_base) >> PAGE_SHIFT;
	if (i >= bump || bit_test(i))
		PANIC("%s: free page %lx", what, (unsigned long)pa);
	return i;
}

void page_get(paddr_t pa)
{
	refs[page_index(pa, "page_get")]++;
}

void page_put(paddr_t pa)
{
	u64 i = page_index(pa, "page_put");

	if (--refs[i])
		return;
	bit_set(i);
	nfree++;
	if (i < hint)
		hint = i;
}

int page_refcount(paddr_t pa)
{
	u64 i;

	if (!page_pa_valid(pa))
		return 0;
	i = (pa - pa_base) >> PAGE_SHIFT;
	if (i >= bump || bit_test(i))
		return 0;
	return (int)refs[i];
}

u64 page_free_count(void)
{
	return nfree;
}
