// SPDX-License-Identifier: MIT
/*
 * fault.c - demand paging: fill missing pages, break copy-on-write, and
 * re-mirror pages the platform does not have (a new ptrace stub after
 * fork).
 *
 * On ptrace the platform often cannot tell a read from a write fault: it
 * reports access 0 ("unknown"). Then a missing page is mapped with all the
 * VMA allows (it is fresh and private), a COW page is broken, and a page
 * that is mirrored with every permission its VMA grants is a real
 * protection violation.
 */
#include <linux/resource.h>

#include "fs/pagecache.h"
#include "fs/vfs.h"
#include "mm/mm_internal.h"

/* Pages mapped around a fault at most (one platform call). */
#define FAULT_AROUND_PAGES 16
/* How far below a MAP_GROWSDOWN mapping a fault may grow it. */
#define STACK_GROW_MAX (128ULL << 20)

/* Grow a MAP_GROWSDOWN VMA above @addr down to it; the VMA or NULL. */
static struct vma *grow_stack(struct mm *mm, uaddr_t addr)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i = vma_lower_bound(mm, addr);
	struct vma *v;
	uaddr_t start = ALIGN_DOWN(addr, PAGE_SIZE);

	if (i >= s->n)
		return NULL;
	v = s->v[i];
	if (!(v->flags & VMA_GROWSDOWN) || v->start - start > STACK_GROW_MAX)
		return NULL;
	/* Keep one guard page to the mapping below. */
	if (i > 0 && s->v[i - 1]->end + PAGE_SIZE > start)
		return NULL;
	if (start < USER_MMAP_MIN)
		return NULL;
	if (v->end - start > mm_rlimit(mm, RLIMIT_STACK) ||
	    ((mm->total_vm_pages << PAGE_SHIFT) + (v->start - start) >
	     mm_rlimit(mm, RLIMIT_AS)))
		return NULL;
	mm->total_vm_pages += (v->start - start) >> PAGE_SHIFT;
	v->start = start;
	return v;
}

/* Is @access allowed by VMA protection @prot? (x86: write/exec imply read) */
static bool access_ok(int prot, int access)
{
	if (prot == PROT_NONE)
		return false;
	if ((access & PROT_WRITE) && !(prot & PROT_WRITE))
		return false;
	if ((access & PROT_EXEC) && !(prot & PROT_EXEC))
		return false;
	return true;
}

/*
 * Fill @n fresh pages at @pa with the file data of @v for @va. Reading may
 * block (host files), and meanwhile another thread of this mm may map,
 * unmap or fault the same range: returns 1 when the VMA or the PTEs of
 * [va, va + n pages) changed (the caller drops its pages and lets the
 * access fault again), 0 when filled, -EFAULT on a read error.
 */
static int fill_from_file(struct mm *mm, struct vma *v, uaddr_t va,
			  paddr_t pa, unsigned int n)
{
	struct file *file = v->file;
	u64 off = v->off + (va - v->start), len = (u64)n << PAGE_SHIFT;
	uaddr_t a;
	ssize_t r;
	int ret = 0;

	file_get(file);
	r = kernel_read(file, pa_to_va(pa), len, off);
	/* Past EOF reads back as zero: the pages came zeroed. */
	if (r < 0)
		ret = -EFAULT;
	v = vma_find(mm, va);
	if (!v || v->file != file || v->end < va + len ||
	    v->off + (va - v->start) != off)
		ret = 1;
	for (a = va; !ret && a < va + len; a += PAGE_SIZE) {
		u64 *pte = pt_walk(mm, a, false);

		if (!pte || (*pte & PTE_P))
			ret = 1;
	}
	file_put(file);
	return ret;
}

/* Is the PTE of @va missing (no table, or not present)? */
static bool pte_missing(struct mm *mm, uaddr_t va)
{
	u64 *pte = pt_walk(mm, va, false);

	return !pte || !(*pte & PTE_P);
}

/*
 * Map fresh pages at the missing PTE of @page (in VMA @v) and at its
 * missing neighbours in [lo, hi), a range of less than 2 MiB inside @v:
 * one platform call. 0, 1 (the VMA changed while a file was read: the
 * access faults again), -EFAULT or -ENOMEM.
 */
static int map_missing_run(struct mm *mm, struct vma *v, uaddr_t page,
			   uaddr_t lo, uaddr_t hi)
{
	uaddr_t rs = page, re = page + PAGE_SIZE, va;
	unsigned int want, got, i;
	paddr_t pa;
	int err;

	while (rs > lo && pte_missing(mm, rs - PAGE_SIZE))
		rs -= PAGE_SIZE;
	while (re < hi && pte_missing(mm, re))
		re += PAGE_SIZE;
	want = (re - rs) >> PAGE_SHIFT;
	pa = page_alloc_run(want, &got);
	if (!pa)
		return -ENOMEM;
	if (got < want) {
		/* Keep the faulting page inside the shorter run. */
		rs = min(page, re - ((uaddr_t)got << PAGE_SHIFT));
		re = rs + ((uaddr_t)got << PAGE_SHIFT);
	}
	/* The run spans at most two leaf tables: those of its ends. */
	if (!pt_walk(mm, rs, true) || !pt_walk(mm, re - PAGE_SIZE, true)) {
		err = -ENOMEM;
		goto drop;
	}
	if (v->file) {
		err = fill_from_file(mm, v, rs, pa, got);
		if (err)
			goto drop;
		v = vma_find(mm, rs);
	}
	for (va = rs, i = 0; va < re; va += PAGE_SIZE, i++)
		*pt_walk(mm, va, false) = pt_make(pa + ((u64)i << PAGE_SHIFT),
						  v->prot, false);
	mm->rss_pages += got;
	return mm_as_map(mm, rs, pa, re - rs, v->prot);
drop:
	for (i = 0; i < got; i++)
		page_put(pa + ((u64)i << PAGE_SHIFT));
	return err;
}

/*
 * Map fresh pages at the missing PTE of @addr, with the missing
 * neighbours in its fault-around window: FAULT_AROUND_PAGES pages aligned
 * to the VMA's start, so a small mapping is filled by its first fault
 * whatever its address (one platform call, one host round trip on
 * ptrace).
 */
static int fault_missing(struct mm *mm, struct vma *v, uaddr_t addr)
{
	uaddr_t page = ALIGN_DOWN(addr, PAGE_SIZE);
	uaddr_t win = FAULT_AROUND_PAGES * PAGE_SIZE;
	uaddr_t lo = v->start + ALIGN_DOWN(page - v->start, win);
	int err = map_missing_run(mm, v, page, lo, min(v->end, lo + win));

	return err > 0 ? 0 : err;
}

/*
 * Map the page-cache page behind @addr of shared file VMA @v: the same
 * physical page that read()/write() use. Writable only for a write (or an
 * unknown) access, which marks the page dirty; a read maps it read-only
 * so that the first write faults again and is seen.
 */
static int fault_shared_file(struct mm *mm, struct vma *v, uaddr_t addr,
			     int access)
{
	struct page_cache *pc = file_pagecache(v->file);
	struct file *file = v->file;
	uaddr_t page = ALIGN_DOWN(addr, PAGE_SIZE);
	u64 off = v->off + (page - v->start), index = off >> PAGE_SHIFT;
	int prot = v->prot, err;
	paddr_t pa;
	u64 *pte;

	/* Past the end of the file: SIGBUS on Linux, a fault here. */
	if ((loff_t)off >= pagecache_file_size(pc))
		return -EFAULT;
	file_get(file);
	err = pagecache_get(pc, index, &pa);
	/* The fill may have blocked: is this still the same mapping? */
	if (!err && (vma_find(mm, addr) != v || v->file != file ||
		     v->off + (page - v->start) != off))
		err = 1;
	file_put(file);
	if (err)
		return err < 0 ? err : 0;
	pte = pt_walk(mm, page, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_P)
		return 0;	/* another thread mapped it meanwhile */
	if ((prot & PROT_WRITE) && access && !(access & PROT_WRITE))
		prot &= ~PROT_WRITE;
	if (prot & PROT_WRITE)
		pagecache_set_dirty(pc, index);
	page_get(pa);
	*pte = pt_make(pa, prot, false);
	mm->rss_pages++;
	return mm_as_map(mm, page, pa, PAGE_SIZE, prot);
}

/* A write to a read-only page of shared file VMA @v: dirty it, make it RW. */
static int dirty_shared_file(struct mm *mm, struct vma *v, uaddr_t page,
			     u64 *pte)
{
	struct page_cache *pc = file_pagecache(v->file);

	pagecache_set_dirty(pc, (v->off + (page - v->start)) >> PAGE_SHIFT);
	*pte = pt_make(*pte & PTE_ADDR, v->prot, false) | (*pte & PTE_MIRROR);
	return mm_as_map(mm, page, *pte & PTE_ADDR, PAGE_SIZE, v->prot);
}

/* Is @v a MAP_SHARED mapping of a file with a page cache? */
static bool vma_cached_shared(struct vma *v)
{
	return (v->flags & VMA_SHARED) && v->file && file_pagecache(v->file);
}

/* Give the COW page at @pte (for @va in @v) a private writable copy. */
static int break_cow(struct mm *mm, struct vma *v, uaddr_t va, u64 *pte)
{
	paddr_t old = *pte & PTE_ADDR, pa = old;

	if (page_refcount(old) > 1) {
		pa = page_alloc();
		if (!pa)
			return -ENOMEM;
		memcpy(pa_to_va(pa), pa_to_va(old), PAGE_SIZE);
		page_put(old);
	}
	*pte = pt_make(pa, v->prot, false);
	return mm_as_map(mm, va, pa, PAGE_SIZE, v->prot);
}

int mm_fault(struct mm *mm, uaddr_t addr, int access)
{
	uaddr_t page = ALIGN_DOWN(addr, PAGE_SIZE);
	struct vma *v;
	u64 *pte;
	int err;

	if (addr >= USER_TOP)
		return -EFAULT;
	v = vma_find(mm, addr);
	if (!v)
		v = grow_stack(mm, addr);
	if (!v)
		return -EFAULT;
	if (!access_ok(v->prot, access))
		return -EACCES;
	pte = pt_walk(mm, page, false);
	if ((!pte || !(*pte & PTE_P)) && vma_cached_shared(v)) {
		err = fault_shared_file(mm, v, addr, access);
		return err == -ENOMEM ? err : (err ? -EFAULT : 0);
	}
	if (!pte || !(*pte & PTE_P)) {
		err = fault_missing(mm, v, addr);
		return err == -ENOMEM ? err : (err ? -EFAULT : 0);
	}
	if ((*pte & PTE_COW) && (v->prot & PROT_WRITE) &&
	    (access == 0 || (access & PROT_WRITE))) {
		err = break_cow(mm, v, page, pte);
		return err == -ENOMEM ? err : (err ? -EFAULT : 0);
	}
	if (vma_cached_shared(v) && (v->prot & PROT_WRITE) &&
	    !(*pte & PTE_RW) && (access == 0 || (access & PROT_WRITE))) {
		err = dirty_shared_file(mm, v, page, pte);
		return err ? -EFAULT : 0;
	}
	if (!access_ok(pt_prot(*pte), access ? access : v->prot)) {
		/* Tables disagree with the VMA (e.g. COW page, read access). */
		if (!(*pte & PTE_COW))
			*pte = pt_make(*pte & PTE_ADDR, v->prot, false);
		else if (access == 0 || !access_ok(pt_prot(*pte), access))
			return -EACCES;
	} else if (access == 0 && (*pte & PTE_MIRROR)) {
		/* Mirrored with everything the VMA allows: a real violation. */
		return -EACCES;
	}
	/* The platform lost the mapping (or a spurious fault): mirror it again. */
	if (mm_as_map(mm, page, *pte & PTE_ADDR, PAGE_SIZE, pt_prot(*pte)))
		return -EFAULT;
	return 0;
}

int mm_populate_fresh(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma *v = vma_find(mm, start);

	if (!v || v->file || (v->flags & VMA_SHARED) || v->end < end ||
	    end - start > (2ULL << 20) - PAGE_SIZE)
		return -EINVAL;
	if (!pte_missing(mm, start))
		return 0;
	return map_missing_run(mm, v, start, start, end);
}

int mm_populate(struct mm *mm, uaddr_t start, uaddr_t end, int access)
{
	uaddr_t va;
	int err;

	for (va = ALIGN_DOWN(start, PAGE_SIZE); va < end; va += PAGE_SIZE) {
		u64 *pte = pt_walk(mm, va, false);

		if (pte && (*pte & PTE_P) &&
		    (!(access & PROT_WRITE) || (*pte & PTE_RW)))
			continue;
		err = mm_fault(mm, va, access);
		if (err)
			return err;
	}
	return 0;
}
