// SPDX-License-Identifier: MIT
/*
 * mmap.c - changing an address space: mmap, munmap, mprotect, brk,
 * mremap, MADV_DONTNEED, mincore and mlock accounting.
 */
#include <linux/fcntl.h>
#include <linux/resource.h>

#include "fs/pagecache.h"
#include "fs/vfs.h"
#include "mm/mm_internal.h"

/* Is [addr, addr+len) a valid, non-wrapping user range? */
static bool range_ok(uaddr_t addr, u64 len)
{
	return addr < USER_TOP && len <= USER_TOP - addr;
}

/* Bytes of [start, end) that VMAs cover. */
static u64 mapped_bytes(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;
	u64 n = 0;

	for (i = vma_lower_bound(mm, start); i < s->n && s->v[i]->start < end; i++)
		n += min(s->v[i]->end, end) - max(s->v[i]->start, start);
	return n;
}

/* Would mapping @grow more bytes take @mm over RLIMIT_AS? */
static bool over_as_limit(struct mm *mm, u64 grow)
{
	u64 lim = mm_rlimit(mm, RLIMIT_AS), cur = mm->total_vm_pages << PAGE_SHIFT;

	return cur > lim || grow > lim - cur;
}

/* Is @v a MAP_SHARED mapping of a file with a page cache? */
static bool vma_cached_shared(struct vma *v)
{
	return (v->flags & VMA_SHARED) && v->file && file_pagecache(v->file);
}

/* Split VMAs so that @start and @end are VMA boundaries. 0 or -ENOMEM. */
static int split_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
	int err = vma_split(mm, start);

	return err ? err : vma_split(mm, end);
}

/* Remove every VMA, page and platform mapping in [start, end). 0 or -ENOMEM. */
static int unmap_range(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;
	int err;

	if (vma_range_free(mm, start, end))
		return 0;
	err = split_range(mm, start, end);
	if (err)
		return err;
	i = vma_lower_bound(mm, start);
	while (i < s->n && s->v[i]->start < end) {
		struct vma *v = vma_remove_at(mm, i);

		mm->total_vm_pages -= (v->end - v->start) >> PAGE_SHIFT;
		vma_free(v);
	}
	mm_zap_range(mm, start, end);
	mm_as_unmap(mm, start, end - start);
	return 0;
}

/*
 * Should a new mapping of @len bytes with @vflags, @prot and mmap @flags
 * be populated now? Small private anonymous ones, where the platform asks
 * for it: they are nearly always touched right away, and a fault costs
 * more there than pages that may go unused. Not stacks (they grow down
 * page by page), not MAP_NORESERVE.
 */
static bool populate_small(u64 len, unsigned int vflags, int prot, int flags)
{
	return platform->populate_max && len <= platform->populate_max &&
	       (vflags & VMA_ANON) &&
	       !(vflags & (VMA_SHARED | VMA_GROWSDOWN)) &&
	       prot != PROT_NONE && !(flags & MAP_NORESERVE);
}

long mm_mmap(struct mm *mm, uaddr_t addr, u64 len, int prot, int flags,
	     struct file *file, u64 off)
{
	unsigned int vflags = 0;
	struct vma *v;
	uaddr_t start;
	bool populate;
	int err;

	if (!len)
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	len = PAGE_ALIGN(len);
	if (off & (PAGE_SIZE - 1))
		return -EINVAL;
	if (file && off + len < off)
		return -EOVERFLOW;
	if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (!range_ok(addr, len))
			return -ENOMEM;
		if (addr < USER_MMAP_MIN)
			return -EPERM;
		if ((flags & MAP_FIXED_NOREPLACE) &&
		    !vma_range_free(mm, addr, addr + len))
			return -EEXIST;
		start = addr;
	} else {
		uaddr_t hint = ALIGN_DOWN(addr, PAGE_SIZE);
		uaddr_t hi = min(mm->mmap_base, USER_TOP);

		if (hint >= USER_MMAP_MIN && range_ok(hint, len) &&
		    vma_range_free(mm, hint, hint + len))
			start = hint;
		else if (flags & MAP_32BIT)
			start = vma_find_gap(mm, len, 0x40000000ULL, 0x80000000ULL);
		else
			start = vma_find_gap(mm, len, USER_MMAP_MIN, hi);
		if (!start && !(flags & MAP_32BIT))
			start = vma_find_gap(mm, len, hi, USER_TOP);
		if (!start)
			return -ENOMEM;
	}

	if (over_as_limit(mm, len - mapped_bytes(mm, start, start + len)))
		return -ENOMEM;
	if ((flags & MAP_TYPE) != MAP_PRIVATE)
		vflags |= VMA_SHARED;
	if (!file)
		vflags |= VMA_ANON;
	if (flags & MAP_GROWSDOWN)
		vflags |= VMA_GROWSDOWN;
	if ((flags & MAP_LOCKED) || mm->lock_future)
		vflags |= VMA_LOCKED;
	if (file && (file->flags & O_ACCMODE) == O_RDWR)
		vflags |= VMA_MAYWRITE;
	/* A write-sealed memfd never becomes writable through a mapping. */
	if (file && file_pagecache(file) &&
	    (file_pagecache(file)->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		vflags &= ~VMA_MAYWRITE;
	if (!(vflags & VMA_SHARED))
		vflags &= ~VMA_MAYWRITE;
	populate = populate_small(len, vflags, prot, flags);
	v = vma_new(start, start + len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC),
		    vflags, file, file ? off : 0);
	if (!v)
		return -ENOMEM;
	err = unmap_range(mm, start, start + len);
	if (!err)
		err = vma_insert(mm, v);
	if (err) {
		vma_free(v);
		return err;
	}
	mm->total_vm_pages += len >> PAGE_SHIFT;
	if ((flags & (MAP_POPULATE | MAP_LOCKED)) && !(flags & MAP_NONBLOCK) &&
	    prot != PROT_NONE)
		mm_populate(mm, start, start + len,
			    prot & PROT_WRITE ? PROT_WRITE : PROT_READ);
	else if (populate)
		/* best effort: a page that did not come faults in later */
		mm_populate_fresh(mm, start, start + len);
	return (long)start;
}

int mm_munmap(struct mm *mm, uaddr_t addr, u64 len)
{
	if ((addr & (PAGE_SIZE - 1)) || !len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!range_ok(addr, len))
		return -EINVAL;
	return unmap_range(mm, addr, addr + len);
}

/* Rewrite the PTEs of [start, end) for @prot (COW pages stay read-only). */
static void reprotect_ptes(struct mm *mm, uaddr_t start, uaddr_t end, int prot)
{
	uaddr_t va = start;
	u64 *pte;

	while ((pte = pt_next(mm, &va, end))) {
		u64 keep = *pte & PTE_MIRROR;

		*pte = pt_make(*pte & PTE_ADDR, prot, *pte & PTE_COW) | keep;
		va += PAGE_SIZE;
	}
}

/* Pages of shared file mappings in [start, end) just became writable: dirty. */
static void dirty_writable(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;

	for (i = vma_lower_bound(mm, start); i < s->n && s->v[i]->start < end; i++) {
		struct vma *v = s->v[i];
		uaddr_t va = max(v->start, start);
		u64 *pte;

		if (!vma_cached_shared(v))
			continue;
		while ((pte = pt_next(mm, &va, min(v->end, end)))) {
			pagecache_set_dirty(file_pagecache(v->file),
					    (v->off + (va - v->start)) >> PAGE_SHIFT);
			va += PAGE_SIZE;
		}
	}
}

int mm_mprotect(struct mm *mm, uaddr_t addr, u64 len, int prot)
{
	struct vma_set *s = mm_vmas(mm);
	uaddr_t end;
	unsigned int i;
	int err;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM |
		     PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	if (!range_ok(addr, len))
		return -ENOMEM;
	end = addr + len;
	if (prot & PROT_GROWSDOWN) {
		/* Extend down to the start of a growsdown VMA. */
		struct vma *v = vma_find(mm, addr);

		if (!v || !(v->flags & VMA_GROWSDOWN))
			return -EINVAL;
		addr = v->start;
	}
	if (prot & PROT_GROWSUP)
		return -EINVAL;
	prot &= PROT_READ | PROT_WRITE | PROT_EXEC;
	if (!vma_range_mapped(mm, addr, end))
		return -ENOMEM;
	/* A shared file mapping of a read-only file cannot become writable. */
	for (i = vma_lower_bound(mm, addr); i < s->n && s->v[i]->start < end; i++)
		if ((prot & PROT_WRITE) && s->v[i]->file &&
		    (s->v[i]->flags & VMA_SHARED) &&
		    !(s->v[i]->flags & VMA_MAYWRITE))
			return -EACCES;
	err = split_range(mm, addr, end);
	if (err)
		return err;
	for (i = vma_lower_bound(mm, addr); i < s->n && s->v[i]->start < end; i++)
		s->v[i]->prot = prot;
	/* Merge the changed VMAs with each other and with their neighbours. */
	i = vma_lower_bound(mm, addr);
	if (i > 0)
		i--;
	while (i < s->n && s->v[i]->start <= end) {
		unsigned int n = s->n;

		vma_merge_around(mm, i);
		if (s->n == n)
			i++;
		else if (i > 0)
			i--;
	}
	reprotect_ptes(mm, addr, end, prot);
	mm_sync_protect(mm, addr, end);
	if (prot & PROT_WRITE)
		dirty_writable(mm, addr, end);
	return 0;
}

uaddr_t mm_brk(struct mm *mm, uaddr_t brk)
{
	uaddr_t old_end = PAGE_ALIGN(mm->brk), new_end = PAGE_ALIGN(brk);
	long r;

	if (!mm->brk_start || brk < mm->brk_start || brk >= USER_TOP)
		return mm->brk;
	if (new_end > old_end) {
		if (!vma_range_free(mm, old_end, new_end))
			return mm->brk;
		if (new_end - PAGE_ALIGN(mm->brk_start) >
		    mm_rlimit(mm, RLIMIT_DATA))
			return mm->brk;
		r = mm_mmap(mm, old_end, new_end - old_end,
			    PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, NULL, 0);
		if (r < 0)
			return mm->brk;
	} else if (new_end < old_end) {
		if (unmap_range(mm, new_end, old_end))
			return mm->brk;
	}
	mm->brk = brk;
	return brk;
}

/* Move the pages of [old, old+len) to @new (both page aligned, disjoint). */
static int move_ptes(struct mm *mm, uaddr_t old, uaddr_t new, u64 len)
{
	uaddr_t va = old;
	u64 *pte;

	while ((pte = pt_next(mm, &va, old + len))) {
		u64 *npte = pt_walk(mm, new + (va - old), true);

		if (!npte)
			return -ENOMEM;
		*npte = *pte & ~PTE_MIRROR;
		*pte = 0;
		va += PAGE_SIZE;
	}
	return 0;
}

/*
 * mremap with old_len 0: a second mapping of the same pages of a shared
 * file mapping (both see the page cache), @new_len bytes long.
 */
static long dup_shared(struct mm *mm, uaddr_t old, u64 new_len, int flags,
		       uaddr_t new_addr)
{
	struct vma *v = vma_find(mm, old);
	int mflags = MAP_SHARED;

	if (!v || !vma_cached_shared(v))
		return -EINVAL;
	if (!(flags & MREMAP_MAYMOVE) || (flags & MREMAP_DONTUNMAP))
		return -EINVAL;
	if (flags & MREMAP_FIXED)
		mflags |= MAP_FIXED;
	else
		new_addr = 0;
	return mm_mmap(mm, new_addr, new_len, v->prot, mflags, v->file,
		       v->off + (old - v->start));
}

long mm_mremap(struct mm *mm, uaddr_t old, u64 old_len, u64 new_len,
	       int flags, uaddr_t new_addr)
{
	struct vma *v, *nv;
	uaddr_t new;
	int err;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) &&
	    !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((old & (PAGE_SIZE - 1)) || !new_len || new_len > USER_TOP ||
	    old_len > USER_TOP)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!old_len)
		return dup_shared(mm, old, new_len, flags, new_addr);
	if ((flags & MREMAP_DONTUNMAP) && old_len != new_len)
		return -EINVAL;
	if (!range_ok(old, old_len))
		return -EFAULT;
	v = vma_find(mm, old);
	if (!v || old + old_len > v->end)
		return -EFAULT;
	if (new_len > old_len && over_as_limit(mm, new_len - old_len))
		return -ENOMEM;
	if ((flags & MREMAP_DONTUNMAP) && (v->flags & VMA_SHARED))
		return -EINVAL;

	if (!(flags & MREMAP_FIXED)) {
		if (new_len <= old_len && !(flags & MREMAP_DONTUNMAP)) {
			err = unmap_range(mm, old + new_len, old + old_len);
			return err ? err : (long)old;
		}
		/* Grow in place when the VMA ends here and the space above is free. */
		if (!(flags & MREMAP_DONTUNMAP) && old + old_len == v->end &&
		    range_ok(old, new_len) &&
		    vma_range_free(mm, v->end, old + new_len)) {
			unsigned int i = vma_lower_bound(mm, old);

			mm->total_vm_pages += (new_len - old_len) >> PAGE_SHIFT;
			v->end = old + new_len;
			vma_merge_around(mm, i);
			return (long)old;
		}
		if (!(flags & MREMAP_MAYMOVE))
			return -ENOMEM;
		new = vma_find_gap(mm, new_len, USER_MMAP_MIN,
				   min(mm->mmap_base, USER_TOP));
		if (!new)
			new = vma_find_gap(mm, new_len, mm->mmap_base, USER_TOP);
		if (!new)
			return -ENOMEM;
	} else {
		new = new_addr;
		if ((new & (PAGE_SIZE - 1)) || !range_ok(new, new_len) ||
		    new < USER_MMAP_MIN)
			return -EINVAL;
		if (new < old + old_len && old < new + new_len)
			return -EINVAL;
		err = unmap_range(mm, new, new + new_len);
		if (err)
			return err;
		/* The unmap may have split or freed our VMA: look it up again. */
		v = vma_find(mm, old);
		if (!v || old + old_len > v->end)
			return -EFAULT;
	}

	/* Move: a new VMA at @new, the pages follow, the old range goes. */
	if (new_len < old_len) {
		err = unmap_range(mm, old + new_len, old + old_len);
		if (err)
			return err;
		old_len = new_len;
		v = vma_find(mm, old);
	}
	nv = vma_new(new, new + new_len, v->prot, v->flags, v->file,
		     v->file ? v->off + (old - v->start) : 0);
	if (!nv)
		return -ENOMEM;
	err = vma_insert(mm, nv);
	if (err) {
		vma_free(nv);
		return err;
	}
	mm->total_vm_pages += new_len >> PAGE_SHIFT;
	err = move_ptes(mm, old, new, old_len);
	if (err)
		return err;
	mm_as_unmap(mm, old, old_len);
	if (!(flags & MREMAP_DONTUNMAP))
		unmap_range(mm, old, old + old_len);
	return (long)new;
}

int mm_dontneed(struct mm *mm, uaddr_t addr, u64 len)
{
	struct vma_set *s = mm_vmas(mm);
	uaddr_t end;
	unsigned int i;

	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!range_ok(addr, len))
		return -EINVAL;
	end = addr + len;
	if (!vma_range_mapped(mm, addr, end))
		return -ENOMEM;
	for (i = vma_lower_bound(mm, addr); i < s->n && s->v[i]->start < end; i++) {
		struct vma *v = s->v[i];
		uaddr_t a = max(v->start, addr), b = min(v->end, end);

		/* Shared anonymous pages live only in the tables: keep them. */
		if ((v->flags & VMA_SHARED) && !vma_cached_shared(v))
			continue;
		/* Shared file pages refault from the page cache. */
		if (v->flags & VMA_LOCKED)
			return -EINVAL;
		mm_zap_range(mm, a, b);
		mm_as_unmap(mm, a, b - a);
	}
	return 0;
}

bool mm_range_mapped(struct mm *mm, uaddr_t addr, u64 len)
{
	if (!range_ok(addr, len))
		return false;
	return vma_range_mapped(mm, ALIGN_DOWN(addr, PAGE_SIZE),
				PAGE_ALIGN(addr + len));
}

void mm_mincore(struct mm *mm, uaddr_t addr, u64 npages, u8 *vec)
{
	u64 i;

	for (i = 0; i < npages; i++) {
		u64 *pte = pt_walk(mm, addr + (i << PAGE_SHIFT), false);

		uaddr_t va = addr + (i << PAGE_SHIFT);
		struct vma *v;

		vec[i] = pte && (*pte & PTE_P);
		/* A shared file page is resident when it is cached. */
		if (!vec[i] && (v = vma_find(mm, va)) && vma_cached_shared(v))
			vec[i] = pagecache_lookup(file_pagecache(v->file),
				(v->off + (va - v->start)) >> PAGE_SHIFT) != 0;
	}
}

int mm_msync(struct mm *mm, uaddr_t addr, u64 len)
{
	struct vma_set *s = mm_vmas(mm);
	uaddr_t end;
	unsigned int i;
	int err, ret = 0;

	if (!range_ok(addr, len))
		return -ENOMEM;
	end = PAGE_ALIGN(addr + len);
	if (!vma_range_mapped(mm, addr, end))
		return -ENOMEM;
	for (i = vma_lower_bound(mm, addr); i < s->n && s->v[i]->start < end; i++) {
		struct vma *v = s->v[i];
		uaddr_t a = max(v->start, addr), b = min(v->end, end);
		u64 first = (v->off + (a - v->start)) >> PAGE_SHIFT;

		if (!vma_cached_shared(v))
			continue;
		/* Write-back may block: @v is not used after it. */
		err = pagecache_writeback(file_pagecache(v->file), first,
					  first + ((b - a) >> PAGE_SHIFT));
		if (err && !ret)
			ret = -EIO;
		s = mm_vmas(mm);
	}
	return ret;
}

int mm_mlock(struct mm *mm, uaddr_t addr, u64 len, bool lock)
{
	struct vma_set *s = mm_vmas(mm);
	uaddr_t start = ALIGN_DOWN(addr, PAGE_SIZE), end;
	unsigned int i;
	int err;

	if (!range_ok(addr, len))
		return -ENOMEM;
	end = PAGE_ALIGN(addr + len);
	if (start == end)
		return 0;
	if (!vma_range_mapped(mm, start, end))
		return -ENOMEM;
	err = split_range(mm, start, end);
	if (err)
		return err;
	for (i = vma_lower_bound(mm, start); i < s->n && s->v[i]->start < end; i++) {
		if (lock)
			s->v[i]->flags |= VMA_LOCKED;
		else
			s->v[i]->flags &= ~VMA_LOCKED;
	}
	return 0;
}

void mm_mlock_all(struct mm *mm, bool lock)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		if (lock)
			s->v[i]->flags |= VMA_LOCKED;
		else
			s->v[i]->flags &= ~VMA_LOCKED;
	}
}

u64 mm_locked_pages(struct mm *mm)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;
	u64 n = 0;

	for (i = 0; i < s->n; i++)
		if (s->v[i]->flags & VMA_LOCKED)
			n += (s->v[i]->end - s->v[i]->start) >> PAGE_SHIFT;
	return n;
}
