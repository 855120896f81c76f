// SPDX-License-Identifier: MIT
/* Mapping an ELF image's PT_LOAD segments into an address space. */
#include <linux/errno.h>
#include <linux/mman.h>

#include "klib/klib.h"
#include "mm/mm.h"
#include "loader/loader_internal.h"

/* Zero [addr, end-of-page) of a file page past p_filesz (it holds file bytes). */
static int zero_page_tail(struct mm *mm, uaddr_t addr, int prot)
{
	u64 n = PAGE_ALIGN(addr) - addr;
	int ret, ret2;

	if (n == 0)
		return 0;
	if (prot & PROT_WRITE)
		return clear_user(mm, addr, n);
	/* Read-only segment with a bss: open it for writing just for this. */
	ret = mm_mprotect(mm, ALIGN_DOWN(addr, PAGE_SIZE), PAGE_SIZE,
			  prot | PROT_WRITE);
	if (ret)
		return ret;
	ret = clear_user(mm, addr, n);
	ret2 = mm_mprotect(mm, ALIGN_DOWN(addr, PAGE_SIZE), PAGE_SIZE, prot);
	return ret ? ret : ret2;
}

static int map_segment(struct mm *mm, struct file *f, const struct elf_seg *s,
		       u64 bias)
{
	uaddr_t vaddr = s->vaddr + bias;
	uaddr_t start = ALIGN_DOWN(vaddr, PAGE_SIZE);
	uaddr_t file_end = vaddr + s->filesz;
	uaddr_t mem_end = PAGE_ALIGN(vaddr + s->memsz);
	uaddr_t anon_start = start;
	long addr;
	int ret;

	if (s->filesz) {
		anon_start = PAGE_ALIGN(file_end);
		addr = mm_mmap(mm, start, anon_start - start, s->prot,
			       MAP_PRIVATE | MAP_FIXED, f,
			       s->offset - (vaddr - start));
		if (addr < 0)
			return (int)addr;
		if (s->memsz > s->filesz) {
			ret = zero_page_tail(mm, file_end, s->prot);
			if (ret)
				return ret;
		}
	}
	if (mem_end > anon_start) {
		addr = mm_mmap(mm, anon_start, mem_end - anon_start, s->prot,
			       MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, NULL, 0);
		if (addr < 0)
			return (int)addr;
	}
	return 0;
}

int loader_map_elf(struct mm *mm, struct file *f, const struct elf_info *ei,
		   u64 bias)
{
	int i, ret;

	for (i = 0; i < ei->nload; i++) {
		ret = map_segment(mm, f, &ei->load[i], bias);
		if (ret)
			return ret;
	}
	return 0;
}
