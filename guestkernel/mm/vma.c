// SPDX-License-Identifier: MIT
/*
 * vma.c - the sorted set of mapped ranges of an address space.
 *
 * A sorted array of VMA pointers: lookups are binary searches, inserts and
 * removals move pointers (cheap for the thousands of VMAs a big program
 * has). VMAs never overlap; adjacent equal ones are merged.
 */
#include "fs/pagecache.h"
#include "fs/vfs.h"
#include "mm/mm_internal.h"

int vma_set_create(struct mm *mm)
{
	struct vma_set *s = kzalloc(sizeof(*s));

	if (!s)
		return -ENOMEM;
	mm->vmas = s;
	return 0;
}

void vma_set_destroy(struct mm *mm)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		vma_free(s->v[i]);
	kfree(s->v);
	kfree(s);
	mm->vmas = NULL;
}

struct vma *vma_new(uaddr_t start, uaddr_t end, int prot, unsigned int flags,
		    struct file *file, u64 off)
{
	struct vma *v = kmalloc(sizeof(*v));

	if (!v)
		return NULL;
	v->start = start;
	v->end = end;
	v->prot = prot;
	v->flags = flags;
	v->file = file;
	v->off = off;
	v->mempolicy = 0;
	if (file) {
		file_get(file);
		if (flags & VMA_SHARED)
			pagecache_map_get(file, flags & VMA_MAYWRITE);
	}
	return v;
}

void vma_free(struct vma *v)
{
	if (v->file && (v->flags & VMA_SHARED))
		pagecache_map_put(v->file, v->flags & VMA_MAYWRITE);
	if (v->file)
		file_put(v->file);
	kfree(v);
}

unsigned int vma_lower_bound(struct mm *mm, uaddr_t addr)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int lo = 0, hi = s->n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (s->v[mid]->end > addr)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

struct vma *vma_find(struct mm *mm, uaddr_t addr)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i = vma_lower_bound(mm, addr);

	if (i < s->n && s->v[i]->start <= addr)
		return s->v[i];
	return NULL;
}

static int set_reserve(struct vma_set *s, unsigned int more)
{
	struct vma **nv;
	unsigned int cap;

	if (s->n + more <= s->cap)
		return 0;
	cap = s->cap ? s->cap * 2 : 16;
	while (cap < s->n + more)
		cap *= 2;
	nv = krealloc(s->v, cap * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	s->v = nv;
	s->cap = cap;
	return 0;
}

/* Put @v at index @i (space reserved by the caller). */
static void set_insert_at(struct vma_set *s, unsigned int i, struct vma *v)
{
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i] = v;
	s->n++;
}

struct vma *vma_remove_at(struct mm *mm, unsigned int i)
{
	struct vma_set *s = mm_vmas(mm);
	struct vma *v = s->v[i];

	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
	s->n--;
	return v;
}

int vma_split(struct mm *mm, uaddr_t addr)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i = vma_lower_bound(mm, addr);
	struct vma *v, *hi;

	if (i >= s->n || s->v[i]->start >= addr)
		return 0;
	v = s->v[i];
	if (set_reserve(s, 1))
		return -ENOMEM;
	hi = vma_new(addr, v->end, v->prot, v->flags, v->file,
		     v->file ? v->off + (addr - v->start) : 0);
	if (!hi)
		return -ENOMEM;
	hi->mempolicy = v->mempolicy;
	v->end = addr;
	set_insert_at(s, i + 1, hi);
	return 0;
}

/* Can @b (right after @a) be merged into @a? */
static bool mergeable(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->flags != b->flags ||
	    a->file != b->file || a->mempolicy != b->mempolicy)
		return false;
	return !a->file || a->off + (a->end - a->start) == b->off;
}

void vma_merge_around(struct mm *mm, unsigned int i)
{
	struct vma_set *s = mm_vmas(mm);

	if (i + 1 < s->n && mergeable(s->v[i], s->v[i + 1])) {
		s->v[i]->end = s->v[i + 1]->end;
		vma_free(vma_remove_at(mm, i + 1));
	}
	if (i > 0 && mergeable(s->v[i - 1], s->v[i])) {
		s->v[i - 1]->end = s->v[i]->end;
		vma_free(vma_remove_at(mm, i));
	}
}

int vma_insert(struct mm *mm, struct vma *v)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;

	if (set_reserve(s, 1))
		return -ENOMEM;
	i = vma_lower_bound(mm, v->start);
	BUG_ON(i < s->n && s->v[i]->start < v->end);
	set_insert_at(s, i, v);
	vma_merge_around(mm, i);
	return 0;
}

bool vma_range_free(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i = vma_lower_bound(mm, start);

	return i >= s->n || s->v[i]->start >= end;
}

bool vma_range_mapped(struct mm *mm, uaddr_t start, uaddr_t end)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i = vma_lower_bound(mm, start);
	uaddr_t at = start;

	for (; i < s->n && at < end; i++) {
		if (s->v[i]->start > at)
			return false;
		at = s->v[i]->end;
	}
	return at >= end;
}

uaddr_t vma_find_gap(struct mm *mm, u64 len, uaddr_t lo, uaddr_t hi)
{
	struct vma_set *s = mm_vmas(mm);
	unsigned int i;
	uaddr_t top = hi;

	if (len > hi || hi - len < lo)
		return 0;
	/* Walk down from the first VMA that ends above @hi. */
	i = vma_lower_bound(mm, hi);
	if (i < s->n && s->v[i]->start < hi)
		top = s->v[i]->start;
	for (;;) {
		uaddr_t bottom = lo;

		if (i > 0 && s->v[i - 1]->end > lo)
			bottom = s->v[i - 1]->end;
		if (top >= bottom + len && top - len >= lo)
			return top - len;
		if (i == 0 || bottom <= lo)
			return 0;
		i--;
		top = s->v[i]->start;
	}
}
