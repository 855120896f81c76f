/* SPDX-License-Identifier: MIT */
/*
 * kmalloc.c - the sentry heap.
 *
 * kmalloc_init() gets a dedicated physical range, used through the direct
 * map. Its first pages hold one descriptor per managed page (struct kpage),
 * so no allocation carries a header and every pointer handed to kfree is
 * checked against the descriptors:
 *  - small sizes (16..2048, powers of two) come from 4 KiB slab pages; a
 *    slab's free slots are a bitmap in its descriptor, so a use-after-free
 *    write cannot corrupt the allocator and a double free is seen at once;
 *  - larger sizes are page-aligned runs from an address-ordered first-fit
 *    free list; freeing coalesces with both neighbours.
 * Single CPU / one kernel lock: no locking here.
 */
#include "klib/klib.h"
#include "platform/platform.h"

#define KM_MIN_SHIFT 4				/* 16 bytes */
#define KM_MAX_SHIFT 11				/* 2048 bytes */
#define KM_NCLASSES (KM_MAX_SHIFT - KM_MIN_SHIFT + 1)
#define KM_MAX_SLOTS (PAGE_SIZE >> KM_MIN_SHIFT)	/* 256 */

enum kpage_state {
	KP_UNUSED = 0,		/* never set on a managed page */
	KP_FREE,		/* in a free run */
	KP_LARGE,		/* first page of a large allocation */
	KP_LARGE_TAIL,		/* other pages of a large allocation */
	KP_SMALL,		/* a slab of one size class */
};

/* One per managed page. */
struct kpage {
	u8 state;
	u8 cls;			/* KP_SMALL: size class index */
	u16 nfree;		/* KP_SMALL: free slots */
	u32 npages;		/* KP_FREE head / KP_LARGE: run length; else 0 */
	u32 head;		/* KP_FREE: index of the run's head page */
	u32 pad;
	struct list_head link;	/* KP_FREE head: free list; KP_SMALL: partial list */
	u64 freemap[KM_MAX_SLOTS / 64];	/* KP_SMALL: bit set = slot free */
};

static struct {
	struct kpage *pages;	/* descriptors */
	u32 npages;		/* managed pages */
	paddr_t base;		/* physical address of managed page 0 */
	struct list_head free_runs;	/* KP_FREE heads, by address */
	struct list_head partial[KM_NCLASSES];	/* slabs with free slots */
	u64 heap_pages;
	u64 small_pages;
	u64 live;
	bool ready;
} km;

static inline void *page_va(u32 idx)
{
	return pa_to_va(km.base + ((paddr_t)idx << PAGE_SHIFT));
}

void kmalloc_init(paddr_t start, u64 size)
{
	paddr_t s = PAGE_ALIGN(start);
	paddr_t e = ALIGN_DOWN(start + size, PAGE_SIZE);
	u64 total, meta;
	int i;

	if (km.ready)
		PANIC("kmalloc_init called twice");
	if (e <= s || start + size < start)
		PANIC("kmalloc_init: empty heap [%#llx, +%#llx)",
		      (unsigned long long)start, (unsigned long long)size);
	total = (e - s) >> PAGE_SHIFT;
	if (total > 0xffffffffull)
		total = 0xffffffffull;
	/* Pages for the descriptors of the remaining pages. */
	meta = (total * sizeof(struct kpage) + PAGE_SIZE - 1) / PAGE_SIZE;
	while (meta > 0 && (meta - 1) * PAGE_SIZE >=
	       (total - (meta - 1)) * sizeof(struct kpage))
		meta--;
	if (meta >= total)
		PANIC("kmalloc_init: heap of %llu pages is too small",
		      (unsigned long long)total);

	km.pages = pa_to_va(s);
	km.npages = (u32)(total - meta);
	km.base = s + meta * PAGE_SIZE;
	km.heap_pages = total;
	memset(km.pages, 0, (size_t)km.npages * sizeof(struct kpage));
	INIT_LIST_HEAD(&km.free_runs);
	for (i = 0; i < KM_NCLASSES; i++)
		INIT_LIST_HEAD(&km.partial[i]);

	for (u32 j = 0; j < km.npages; j++) {
		km.pages[j].state = KP_FREE;
		km.pages[j].head = 0;
	}
	km.pages[0].npages = km.npages;
	list_add_tail(&km.pages[0].link, &km.free_runs);
	km.ready = true;
}

/* Mark [idx, idx+n) as one free run headed at idx (head and tail fields). */
static void run_mark_free(u32 idx, u32 n)
{
	km.pages[idx].npages = n;
	km.pages[idx].head = idx;
	km.pages[idx + n - 1].head = idx;
}

/* Take @n contiguous pages, first fit; returns the first index or -1. */
static s64 pages_alloc(u32 n)
{
	struct list_head *pos;

	list_for_each(pos, &km.free_runs) {
		struct kpage *h = container_of(pos, struct kpage, link);
		u32 idx = (u32)(h - km.pages), len = h->npages;
		u32 j;

		if (len < n)
			continue;
		if (len > n) {
			/* The tail of the run stays free, in the same list slot. */
			struct kpage *rest = &km.pages[idx + n];

			rest->npages = 0;
			run_mark_free(idx + n, len - n);
			list_add(&rest->link, &h->link);
		}
		list_del(&h->link);
		for (j = idx; j < idx + n; j++) {
			km.pages[j].state = KP_LARGE_TAIL;
			km.pages[j].npages = 0;
			km.pages[j].head = 0;
		}
		km.pages[idx].state = KP_LARGE;
		km.pages[idx].npages = n;
		return idx;
	}
	return -1;
}

/* Return [idx, idx+n) to the free list, merging with free neighbours. */
static void pages_free(u32 idx, u32 n)
{
	struct list_head *pos, *before;
	u32 j;

	for (j = idx; j < idx + n; j++) {
		km.pages[j].state = KP_FREE;
		km.pages[j].npages = 0;
	}
	/* Right neighbour: a free page after an allocated run heads its run. */
	if (idx + n < km.npages && km.pages[idx + n].state == KP_FREE) {
		struct kpage *r = &km.pages[idx + n];

		if (r->npages == 0 || r->head != idx + n)
			PANIC("kmalloc: free list corrupt at page %u", idx + n);
		n += r->npages;
		r->npages = 0;
		list_del(&r->link);
	}
	/* Left neighbour: the last page of a free run knows its head. */
	if (idx > 0 && km.pages[idx - 1].state == KP_FREE) {
		u32 h = km.pages[idx - 1].head;
		struct kpage *l = &km.pages[h];

		if (h >= idx || l->npages != idx - h)
			PANIC("kmalloc: free list corrupt at page %u", idx - 1);
		l->npages = 0;
		list_del(&l->link);
		n += idx - h;
		idx = h;
	}
	run_mark_free(idx, n);

	/* Keep the list ordered by address (first fit = lowest address). */
	before = &km.free_runs;
	list_for_each(pos, &km.free_runs) {
		if (container_of(pos, struct kpage, link) > &km.pages[idx]) {
			before = pos;
			break;
		}
	}
	list_add_tail(&km.pages[idx].link, before);
}

static int size_class(size_t size)
{
	int c = 0;

	while (((size_t)1 << (c + KM_MIN_SHIFT)) < size)
		c++;
	return c;
}

static void *small_alloc(int c)
{
	u32 slot_size = 1u << (c + KM_MIN_SHIFT);
	u32 nslots = PAGE_SIZE / slot_size;
	struct kpage *p;
	u32 w, slot;

	if (list_empty(&km.partial[c])) {
		s64 idx = pages_alloc(1);
		u32 i;

		if (idx < 0)
			return NULL;
		p = &km.pages[idx];
		p->state = KP_SMALL;
		p->npages = 0;
		p->cls = (u8)c;
		p->nfree = (u16)nslots;
		memset(p->freemap, 0, sizeof(p->freemap));
		for (i = 0; i < nslots; i++)
			p->freemap[i / 64] |= 1ull << (i % 64);
		list_add(&p->link, &km.partial[c]);
		km.small_pages++;
	}
	p = container_of(km.partial[c].next, struct kpage, link);
	for (w = 0; w < ARRAY_SIZE(p->freemap); w++)
		if (p->freemap[w])
			break;
	if (w == ARRAY_SIZE(p->freemap) || p->nfree == 0)
		PANIC("kmalloc: slab %p of class %u has no free slot",
		      (void *)p, slot_size);
	slot = w * 64 + (u32)__builtin_ctzll(p->freemap[w]);
	p->freemap[w] &= ~(1ull << (slot % 64));
	if (--p->nfree == 0)
		list_del_init(&p->link);
	return (u8 *)page_va((u32)(p - km.pages)) + (size_t)slot * slot_size;
}

void *kmalloc(size_t size)
{
	void *r;

	if (unlikely(!km.ready))
		PANIC("kmalloc before kmalloc_init");
	if (size <= (1u << KM_MAX_SHIFT)) {
		r = small_alloc(size_class(size ? size : 1));
	} else {
		u64 n = ((u64)size + PAGE_SIZE - 1) >> PAGE_SHIFT;
		s64 idx;

		if (size > (u64)km.npages << PAGE_SHIFT)
			return NULL;
		idx = pages_alloc((u32)n);
		r = idx < 0 ? NULL : page_va((u32)idx);
	}
	if (r)
		km.live++;
	return r;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

/*
 * Find the descriptor of allocation @ptr; PANIC on a pointer kmalloc did not
 * hand out (or already took back). Returns its usable size.
 */
static size_t lookup(const void *ptr, struct kpage **pp, u32 *slotp)
{
	paddr_t pa = va_to_pa(ptr);
	struct kpage *p;
	u64 idx, off;

	if (pa < km.base || pa >= km.base + ((u64)km.npages << PAGE_SHIFT))
		PANIC("kfree: %p is not in the sentry heap", ptr);
	idx = (pa - km.base) >> PAGE_SHIFT;
	off = pa & (PAGE_SIZE - 1);
	p = &km.pages[idx];
	*pp = p;
	switch (p->state) {
	case KP_SMALL: {
		u32 slot_size = 1u << (p->cls + KM_MIN_SHIFT);
		u32 slot = (u32)(off / slot_size);

		if (off % slot_size)
			PANIC("kfree: %p is inside a %u-byte object", ptr,
			      slot_size);
		if (p->freemap[slot / 64] & (1ull << (slot % 64)))
			PANIC("kfree: double free of %p", ptr);
		*slotp = slot;
		return slot_size;
	}
	case KP_LARGE:
		if (off)
			PANIC("kfree: %p is inside a large object", ptr);
		return (size_t)p->npages << PAGE_SHIFT;
	case KP_FREE:
		PANIC("kfree: double free of %p", ptr);
	default:
		PANIC("kfree: %p is not the start of an allocation", ptr);
	}
}

void kfree(void *ptr)
{
	struct kpage *p;
	u32 slot = 0;

	if (!ptr)
		return;
	lookup(ptr, &p, &slot);
	km.live--;
	if (p->state == KP_LARGE) {
		pages_free((u32)(p - km.pages), p->npages);
		return;
	}
	/* Small: mark the slot free; give an empty slab back unless it is the only one. */
	p->freemap[slot / 64] |= 1ull << (slot % 64);
	if (p->nfree++ == 0)
		list_add(&p->link, &km.partial[p->cls]);
	if (p->nfree == PAGE_SIZE >> (p->cls + KM_MIN_SHIFT) &&
	    !(km.partial[p->cls].next == &p->link &&
	      km.partial[p->cls].prev == &p->link)) {
		list_del(&p->link);
		km.small_pages--;
		pages_free((u32)(p - km.pages), 1);
	}
}

void *krealloc(void *ptr, size_t size)
{
	struct kpage *p;
	size_t old;
	u32 slot;
	void *n;

	if (!ptr)
		return kmalloc(size);
	if (!size) {
		kfree(ptr);
		return NULL;
	}
	old = lookup(ptr, &p, &slot);
	/* Keep the block when it fits and is not more than twice too big. */
	if (size <= old && (old <= (1u << KM_MIN_SHIFT) || size > old / 2))
		return ptr;
	n = kmalloc(size);
	if (!n)
		return NULL;
	memcpy(n, ptr, size < old ? size : old);
	kfree(ptr);
	return n;
}

void kmalloc_get_stats(struct kmalloc_stats *st)
{
	struct list_head *pos;

	memset(st, 0, sizeof(*st));
	st->heap_pages = km.heap_pages;
	st->small_pages = km.small_pages;
	st->live_allocs = km.live;
	if (!km.ready)
		return;
	list_for_each(pos, &km.free_runs) {
		struct kpage *h = container_of(pos, struct kpage, link);

		st->free_pages += h->npages;
		if (h->npages > st->largest_free_pages)
			st->largest_free_pages = h->npages;
	}
}
