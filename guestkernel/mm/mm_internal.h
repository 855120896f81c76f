/* SPDX-License-Identifier: MIT */
/*
 * mm_internal.h - what the files of mm/ share: PTE bits, VMAs, page-table
 * walking and the platform mirror helpers. Nothing outside mm/ (and its
 * unit tests) includes this.
 */
#ifndef MM_MM_INTERNAL_H
#define MM_MM_INTERNAL_H

#include <linux/errno.h>
#include <linux/mman.h>

#include "mm/mm.h"

/* x86-64 PTE bits (the real ones) plus software bits 9..11. */
#define PTE_P		(1ULL << 0)	/* present */
#define PTE_RW		(1ULL << 1)	/* writable */
#define PTE_US		(1ULL << 2)	/* user accessible (clear: PROT_NONE) */
#define PTE_COW		(1ULL << 9)	/* soft: copy-on-write, RW is clear */
#define PTE_MIRROR	(1ULL << 10)	/* soft: the platform has this mapping */
#define PTE_NX		(1ULL << 63)	/* no execute */
#define PTE_ADDR	0x000ffffffffff000ULL
/* Flags of a non-leaf entry: everything is decided at the leaf. */
#define PTE_TABLE	(PTE_P | PTE_RW | PTE_US)

/* Number of PML4 entries of the user half (entries 256..511: kernel). */
#define PML4_USER_ENTRIES 256

/* VMA flags (vma->flags). */
#define VMA_SHARED	0x01	/* MAP_SHARED: pages shared across fork */
#define VMA_ANON	0x02	/* no file */
#define VMA_GROWSDOWN	0x04	/* stack: grows down on faults below it */
#define VMA_LOCKED	0x08	/* mlock'ed (accounting only) */
#define VMA_MAYWRITE	0x10	/* shared file mapping may become writable */

/* One mapped range [start, end), page aligned. */
struct vma {
	uaddr_t start, end;
	int prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC */
	unsigned int flags;	/* VMA_* */
	struct file *file;	/* referenced; NULL for anonymous */
	u64 off;		/* file offset of @start (bytes, page aligned) */
	u64 mempolicy;		/* mbind policy, mm/mempolicy.c encoding; 0: default */
};

/* The VMAs of an mm: a sorted array of pointers (binary search). */
struct vma_set {
	struct vma **v;
	unsigned int n, cap;
};

static inline struct vma_set *mm_vmas(struct mm *mm)
{
	return mm->vmas;
}

/* vma.c */
/* vma_set_create - attach an empty VMA set to @mm. 0 or -ENOMEM. */
int vma_set_create(struct mm *mm);
/* vma_set_destroy - free every VMA (dropping file references) and the set. */
void vma_set_destroy(struct mm *mm);
/* vma_new - a kmalloc'ed VMA (takes a new reference on @file). NULL on -ENOMEM. */
struct vma *vma_new(uaddr_t start, uaddr_t end, int prot, unsigned int flags,
		    struct file *file, u64 off);
/* vma_free - drop the file reference and free @v. */
void vma_free(struct vma *v);
/* vma_lower_bound - index of the first VMA with end > @addr (n if none). */
unsigned int vma_lower_bound(struct mm *mm, uaddr_t addr);
/* vma_find - the VMA containing @addr, or NULL. */
struct vma *vma_find(struct mm *mm, uaddr_t addr);
/* vma_split - split the VMA containing @addr at @addr (no-op if @addr is a boundary). 0 or -ENOMEM. */
int vma_split(struct mm *mm, uaddr_t addr);
/* vma_insert - add @v (must not overlap), merging with equal neighbours. 0 or -ENOMEM. */
int vma_insert(struct mm *mm, struct vma *v);
/* vma_remove_at - take the VMA at index @i out of the set and return it. */
struct vma *vma_remove_at(struct mm *mm, unsigned int i);
/* vma_merge_around - merge the VMA at index @i with equal neighbours. */
void vma_merge_around(struct mm *mm, unsigned int i);
/* vma_range_free - true if no VMA intersects [start, end). */
bool vma_range_free(struct mm *mm, uaddr_t start, uaddr_t end);
/* vma_range_mapped - true if VMAs cover [start, end) without holes. */
bool vma_range_mapped(struct mm *mm, uaddr_t start, uaddr_t end);
/*
 * vma_find_gap - highest page-aligned address a with [a, a+len) free and
 * lo <= a, a+len <= hi; 0 when there is none.
 */
uaddr_t vma_find_gap(struct mm *mm, u64 len, uaddr_t lo, uaddr_t hi);

/* pagetable.c */
/* pt_create - allocate the PML4 of @mm (kernel half filled in). 0 or -ENOMEM. */
int pt_create(struct mm *mm);
/* pt_walk - pointer (direct map) to the leaf PTE of @va; NULL if a table is missing and !@alloc or on -ENOMEM. */
u64 *pt_walk(struct mm *mm, uaddr_t va, bool alloc);
/*
 * pt_next - the first present leaf PTE at or above *@va and below @end,
 * skipping missing tables; sets *@va to its address. NULL when none.
 */
u64 *pt_next(struct mm *mm, uaddr_t *va, uaddr_t end);
/* pt_destroy - put every mapped page, free every user table and the PML4. */
void pt_destroy(struct mm *mm);
/* pt_prot - PROT_* of a present leaf PTE. */
int pt_prot(u64 pte);
/* pt_make - a present leaf PTE for @pa with @prot (RW left clear when @cow). */
u64 pt_make(paddr_t pa, int prot, bool cow);

/* fault.c */
/* mm_populate - fault in every page of [start, end) for @access; stops at the first error. */
int mm_populate(struct mm *mm, uaddr_t start, uaddr_t end, int access);
/*
 * mm_populate_fresh - map fresh zero pages at the missing PTEs of page
 * aligned [start, end), less than 2 MiB of one private anonymous VMA, in
 * one platform call (fewer when memory is short). 0 or -errno.
 */
int mm_populate_fresh(struct mm *mm, uaddr_t start, uaddr_t end);

/* mm.c: platform mirror helpers (no-ops without an as). */
/* mm_as_map - as_map on the platform; on success mark the PTEs of the range mirrored. */
int mm_as_map(struct mm *mm, uaddr_t va, paddr_t pa, u64 len, int prot);
/* mm_as_unmap - as_unmap on the platform. */
void mm_as_unmap(struct mm *mm, uaddr_t va, u64 len);
/* mm_zap_range - drop the pages of [start, end) from the tables (no platform call). */
void mm_zap_range(struct mm *mm, uaddr_t start, uaddr_t end);
/* mm_sync_protect - as_protect each mirrored run of [start, end) to its PTE protection. */
void mm_sync_protect(struct mm *mm, uaddr_t start, uaddr_t end);

/* page_alloc.c */
/* page_pa_valid - true if @pa is a page the allocator manages. */
bool page_pa_valid(paddr_t pa);

#endif
