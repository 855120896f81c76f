// SPDX-License-Identifier: MIT
/*
 * mm.c - address spaces: create, fork (copy-on-write), destroy, and the
 * platform mirror of the page tables.
 */
#include "fs/pagecache.h"
#include "mm/mm_internal.h"

/* Default top of the mmap area: below the stack region under USER_TOP. */
#define MMAP_BASE_GAP (256ULL << 20)

/* Every live mm: the page cache finds the mappings of an inode here. */
static LIST_HEAD(all_mms);

int mm_as_map(struct mm *mm, uaddr_t va, paddr_t pa, u64 len, int prot)
{
	uaddr_t a;
	int err = 0;

	if (mm->as && platform->as_map)
		err = platform->as_map(mm->as, va, pa, len, prot);
	if (err)
		return err;
	for (a = va; a < va + len; a += PAGE_SIZE) {
		u64 *pte = pt_walk(mm, a, false);

		if (pte && (*pte & PTE_P))
			*pte |= PTE_MIRROR;
	}
	return 0;
}

void mm_as_unmap(struct mm *mm, uaddr_t va, u64 len)
{
	if (mm->as && platform->as_unmap && len)
		platform->as_unmap(mm->as, va, len);
}

void mm_zap_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
	uaddr_t va = start;
	u64 *pte;

	while ((pte = pt_next(mm, &va, end))) {
		page_put(*pte & PTE_ADDR);
		*pte = 0;
		mm->rss_pages--;
		va += PAGE_SIZE;
	}
}

void mm_sync_protect(struct mm *mm, uaddr_t start, uaddr_t end)
{
	uaddr_t va = start, run = 0, run_end = 0;
	int run_prot = 0;
	u64 *pte;

	if (!mm->as || !platform->as_protect)
		return;
	for (;;) {
		pte = pt_next(mm, &va, end);
		if (pte && !(*pte & PTE_MIRROR)) {
			va += PAGE_SIZE;
			continue;
		}
		/* Extend the current run, or flush it. */
		if (pte && run_end == va && pt_prot(*pte) == run_prot) {
			run_end += PAGE_SIZE;
			va += PAGE_SIZE;
			continue;
		}
		if (run_end > run)
			platform->as_protect(mm->as, run, run_end - run, run_prot);
		if (!pte)
			return;
		run = va;
		run_end = va + PAGE_SIZE;
		run_prot = pt_prot(*pte);
		va += PAGE_SIZE;
	}
}

/* An mm with tables and a VMA set but no platform address space. */
static struct mm *mm_alloc(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));

	if (!mm)
		return NULL;
	mm->refs = 1;
	INIT_LIST_HEAD(&mm->all_link);
	if (pt_create(mm))
		goto fail;
	if (vma_set_create(mm))
		goto fail;
	mm->mmap_base = USER_TOP - MMAP_BASE_GAP;
	list_add(&mm->all_link, &all_mms);
	return mm;
fail:
	pt_destroy(mm);
	kfree(mm);
	return NULL;
}

/* Attach the platform's mirror of @mm. 0 or -errno. */
static int mm_attach_as(struct mm *mm)
{
	if (!platform->as_create)
		return 0;
	return platform->as_create(mm->pgd, &mm->as);
}

struct mm *mm_create(void)
{
	struct mm *mm = mm_alloc();

	if (!mm)
		return NULL;
	if (mm_attach_as(mm)) {
		mm_put(mm);
		return NULL;
	}
	return mm;
}

void mm_get(struct mm *mm)
{
	mm->refs++;
}

void mm_put(struct mm *mm)
{
	if (!mm || --mm->refs > 0)
		return;
	if (mm->aio && aio_mm_exit)
		aio_mm_exit(mm);
	if (mm->as && platform->as_destroy)
		platform->as_destroy(mm->as);
	mm->as = NULL;
	list_del_init(&mm->all_link);
	pt_destroy(mm);
	vma_set_destroy(mm);
	kfree(mm);
}

/*
 * Share the pages of @v from @parent into @child: shared VMAs share pages
 * as they are, private ones become copy-on-write in both.
 */
static int fork_vma(struct mm *parent, struct mm *child, struct vma *v)
{
	uaddr_t va = v->start;
	u64 *pte;

	while ((pte = pt_next(parent, &va, v->end))) {
		u64 *cpte = pt_walk(child, va, true);

		if (!cpte)
			return -ENOMEM;
		if (!(v->flags & VMA_SHARED) && !(*pte & PTE_COW))
			*pte = (*pte & ~PTE_RW) | PTE_COW;
		page_get(*pte & PTE_ADDR);
		*cpte = *pte & ~PTE_MIRROR;
		child->rss_pages++;
		va += PAGE_SIZE;
	}
	return 0;
}

struct mm *mm_fork(struct mm *parent)
{
	struct vma_set *ps = mm_vmas(parent);
	struct mm *child = mm_alloc();
	unsigned int i;

	if (!child)
		return NULL;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->mmap_base = parent->mmap_base;
	child->start_stack = parent->start_stack;
	child->arg_start = parent->arg_start;
	child->arg_end = parent->arg_end;
	child->env_start = parent->env_start;
	child->env_end = parent->env_end;
	child->total_vm_pages = parent->total_vm_pages;
	child->lock_future = parent->lock_future;
	memcpy(child->exe_path, parent->exe_path, sizeof(child->exe_path));

	for (i = 0; i < ps->n; i++) {
		struct vma *pv = ps->v[i];
		struct vma *cv = vma_new(pv->start, pv->end, pv->prot, pv->flags,
					 pv->file, pv->off);

		if (cv)
			cv->mempolicy = pv->mempolicy;
		if (!cv || vma_insert(child, cv)) {
			if (cv)
				vma_free(cv);
			goto fail;
		}
		if (fork_vma(parent, child, pv))
			goto fail;
	}
	/* The parent now faults on writes to its private pages, too. */
	for (i = 0; i < ps->n; i++)
		if (!(ps->v[i]->flags & VMA_SHARED) &&
		    (ps->v[i]->prot & PROT_WRITE))
			mm_sync_protect(parent, ps->v[i]->start, ps->v[i]->end);
	if (mm_attach_as(child))
		goto fail;
	return child;
fail:
	/* Pages already made COW in the parent stay correct (COW with one user is fine). */
	for (i = 0; i < ps->n; i++)
		if (!(ps->v[i]->flags & VMA_SHARED) &&
		    (ps->v[i]->prot & PROT_WRITE))
			mm_sync_protect(parent, ps->v[i]->start, ps->v[i]->end);
	mm_put(child);
	return NULL;
}

/*
 * The part [*a, *b) of shared VMA @v that maps pages [first, last) of @pc;
 * false when @v does not map @pc or misses the range.
 */
static bool vma_pc_range(struct vma *v, struct page_cache *pc, u64 first,
			 u64 last, uaddr_t *a, uaddr_t *b)
{
	u64 vfirst, vlast;

	if (!(v->flags & VMA_SHARED) || !v->file ||
	    file_pagecache(v->file) != pc)
		return false;
	vfirst = v->off >> PAGE_SHIFT;
	vlast = vfirst + ((v->end - v->start) >> PAGE_SHIFT);
	first = max(first, vfirst);
	last = min(last, vlast);
	if (first >= last)
		return false;
	*a = v->start + ((first - vfirst) << PAGE_SHIFT);
	*b = v->start + ((last - vfirst) << PAGE_SHIFT);
	return true;
}

void mm_pagecache_zap(struct page_cache *pc, u64 first, u64 last)
{
	struct mm *mm;
	unsigned int i;
	uaddr_t a, b;

	list_for_each_entry(mm, &all_mms, all_link) {
		struct vma_set *s = mm_vmas(mm);

		for (i = 0; s && i < s->n; i++) {
			if (!vma_pc_range(s->v[i], pc, first, last, &a, &b))
				continue;
			mm_zap_range(mm, a, b);
			mm_as_unmap(mm, a, b - a);
		}
	}
}

void mm_pagecache_wrprotect(struct page_cache *pc, u64 first, u64 last)
{
	struct mm *mm;
	unsigned int i;
	uaddr_t a, b;

	list_for_each_entry(mm, &all_mms, all_link) {
		struct vma_set *s = mm_vmas(mm);

		for (i = 0; s && i < s->n; i++) {
			uaddr_t va;
			u64 *pte;
			bool changed = false;

			if (!vma_pc_range(s->v[i], pc, first, last, &a, &b))
				continue;
			for (va = a; (pte = pt_next(mm, &va, b)); va += PAGE_SIZE) {
				if (*pte & PTE_RW) {
					*pte &= ~PTE_RW;
					changed = true;
				}
			}
			if (changed)
				mm_sync_protect(mm, a, b);
		}
	}
}
