// SPDX-License-Identifier: MIT
/*
 * pagetable.c - x86-64 4-level page tables in sandbox physical memory.
 *
 * Only the user half (PML4 entries 0..255) is managed here. The kernel
 * half (256..511) is copied into every new PML4 from the entries given to
 * mm_set_kernel_pml4() (the KVM platform's shared kernel mappings) and is
 * never touched afterwards.
 */
#include "mm/mm_internal.h"

static u64 kernel_pml4[512 - PML4_USER_ENTRIES];

void mm_set_kernel_pml4(const u64 *entries)
{
	memcpy(kernel_pml4, entries, sizeof(kernel_pml4));
}

static inline u64 *table_va(u64 entry)
{
	return pa_to_va(entry & PTE_ADDR);
}

int pt_create(struct mm *mm)
{
	paddr_t pgd = page_alloc();
	u64 *t;

	if (!pgd)
		return -ENOMEM;
	t = pa_to_va(pgd);
	memcpy(&t[PML4_USER_ENTRIES], kernel_pml4, sizeof(kernel_pml4));
	mm->pgd = pgd;
	return 0;
}

static inline unsigned int pt_index(uaddr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

u64 *pt_walk(struct mm *mm, uaddr_t va, bool alloc)
{
	u64 *t = pa_to_va(mm->pgd);
	int level;

	if (va >= USER_TOP)
		return NULL;
	for (level = 3; level > 0; level--) {
		u64 *e = &t[pt_index(va, level)];

		if (!(*e & PTE_P)) {
			paddr_t pa;

			if (!alloc)
				return NULL;
			pa = page_alloc();
			if (!pa)
				return NULL;
			*e = pa | PTE_TABLE;
		}
		t = table_va(*e);
	}
	return &t[pt_index(va, 0)];
}

u64 *pt_next(struct mm *mm, uaddr_t *vap, uaddr_t end)
{
	uaddr_t va = *vap;

	if (end > USER_TOP)
		end = USER_TOP;
	while (va < end) {
		u64 *t = pa_to_va(mm->pgd);
		int level;

		/* Descend; on a missing table skip the whole range it covers. */
		for (level = 3; level > 0; level--) {
			u64 e = t[pt_index(va, level)];

			if (!(e & PTE_P))
				break;
			t = table_va(e);
		}
		if (level > 0) {
			u64 span = 1ULL << (PAGE_SHIFT + 9 * level);

			va = ALIGN_DOWN(va, span) + span;
			continue;
		}
		/* A leaf table: scan it. */
		do {
			u64 *pte = &t[pt_index(va, 0)];

			if (*pte & PTE_P) {
				*vap = va;
				return pte;
			}
			va += PAGE_SIZE;
		} while (va < end && pt_index(va, 0) != 0);
	}
	*vap = end;
	return NULL;
}

/* Free the table at @entry of @level, putting every page it maps. */
static void free_table(u64 entry, int level)
{
	u64 *t = table_va(entry);
	unsigned int i;

	for (i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P))
			continue;
		if (level > 1)
			free_table(t[i], level - 1);
		else
			page_put(t[i] & PTE_ADDR);
	}
	page_put(entry & PTE_ADDR);
}

void pt_destroy(struct mm *mm)
{
	u64 *pml4;
	unsigned int i;

	if (!mm->pgd)
		return;
	pml4 = pa_to_va(mm->pgd);
	for (i = 0; i < PML4_USER_ENTRIES; i++)
		if (pml4[i] & PTE_P)
			free_table(pml4[i], 3);
	page_put(mm->pgd);
	mm->pgd = 0;
}

int pt_prot(u64 pte)
{
	int prot;

	if (!(pte & PTE_US))
		return PROT_NONE;
	prot = PROT_READ;
	if (pte & PTE_RW)
		prot |= PROT_WRITE;
	if (!(pte & PTE_NX))
		prot |= PROT_EXEC;
	return prot;
}

u64 pt_make(paddr_t pa, int prot, bool cow)
{
	u64 pte = pa | PTE_P;

	if (prot == PROT_NONE)
		return pte | PTE_NX | (cow ? PTE_COW : 0);
	pte |= PTE_US;
	if ((prot & PROT_WRITE) && !cow)
		pte |= PTE_RW;
	if (!(prot & PROT_EXEC))
		pte |= PTE_NX;
	if (cow)
		pte |= PTE_COW;
	return pte;
}
