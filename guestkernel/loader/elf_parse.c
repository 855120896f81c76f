// SPDX-License-Identifier: MIT
/* ELF64 header and program header validation (pure, host-testable). */
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/mman.h>

#include "klib/klib.h"
#include "mm/mm.h"
#include "loader/elf_parse.h"

/* Largest address span of a position-independent image (the ET_DYN range). */
#define ELF_DYN_MAX_SPAN (1ULL << 40)

static bool elf_header_ok(const Elf64_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0)
		return false;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return false;
	if (eh->e_phentsize != sizeof(Elf64_Phdr))
		return false;
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_MAX_PHNUM)
		return false;
	return true;
}

u64 elf_phdr_end(const void *buf, size_t len)
{
	Elf64_Ehdr eh;

	if (len < sizeof(eh))
		return 0;
	memcpy(&eh, buf, sizeof(eh));
	if (!elf_header_ok(&eh))
		return 0;
	/* phnum <= ELF_MAX_PHNUM: the product cannot overflow, the sum can. */
	if (eh.e_phoff > ~0ULL - (u64)eh.e_phnum * sizeof(Elf64_Phdr))
		return 0;
	return eh.e_phoff + (u64)eh.e_phnum * sizeof(Elf64_Phdr);
}

static int elf_prot(u32 flags)
{
	int prot = 0;

	if (flags & PF_R)
		prot |= PROT_READ;
	if (flags & PF_W)
		prot |= PROT_WRITE;
	if (flags & PF_X)
		prot |= PROT_EXEC;
	return prot;
}

/* Range [off, off+size) lies within a file of @file_size bytes. */
static bool in_file(u64 off, u64 size, u64 file_size)
{
	return off <= file_size && size <= file_size - off;
}

static int elf_add_load(struct elf_info *out, const Elf64_Phdr *ph,
			u64 file_size)
{
	struct elf_seg *seg;
	u64 align = ph->p_align;

	if (ph->p_filesz > ph->p_memsz)
		return -ENOEXEC;
	if (!in_file(ph->p_offset, ph->p_filesz, file_size))
		return -ENOEXEC;
	/* The mapping's end rounded up to a page must not wrap either. */
	if (ph->p_vaddr > USER_TOP || ph->p_memsz > USER_TOP - ph->p_vaddr)
		return -ENOEXEC;
	/* mmap needs the file offset and the address congruent mod a page. */
	if ((ph->p_vaddr & (PAGE_SIZE - 1)) != (ph->p_offset & (PAGE_SIZE - 1)))
		return -ENOEXEC;
	if (align > 1) {
		if (align & (align - 1))
			return -ENOEXEC;
		if ((ph->p_vaddr - ph->p_offset) & (align - 1))
			return -ENOEXEC;
		if (align > ELF_MAX_ALIGN)
			return -ENOEXEC;
		if (align > out->align)
			out->align = align;
	}
	if (ph->p_memsz == 0)
		return 0;	/* nothing to map */
	if (out->nload == ELF_MAX_LOAD)
		return -ENOEXEC;
	if (out->nload > 0) {
		/* PT_LOADs are sorted by address and must not overlap. */
		const struct elf_seg *prev = &out->load[out->nload - 1];

		if (ph->p_vaddr < prev->vaddr + prev->memsz)
			return -ENOEXEC;
	}
	seg = &out->load[out->nload++];
	seg->vaddr = ph->p_vaddr;
	seg->memsz = ph->p_memsz;
	seg->offset = ph->p_offset;
	seg->filesz = ph->p_filesz;
	seg->prot = elf_prot(ph->p_flags);
	return 0;
}

/* AT_PHDR without PT_PHDR: the PT_LOAD whose file part covers the table. */
static u64 elf_find_phdr(const struct elf_info *out)
{
	u64 size = (u64)out->phnum * sizeof(Elf64_Phdr);
	int i;

	for (i = 0; i < out->nload; i++) {
		const struct elf_seg *s = &out->load[i];

		if (out->phoff >= s->offset &&
		    out->phoff - s->offset <= s->filesz &&
		    size <= s->filesz - (out->phoff - s->offset))
			return s->vaddr + (out->phoff - s->offset);
	}
	return 0;
}

int elf_parse_split(const void *ehdr, size_t ehdr_len, const void *phdrs,
		    size_t phdrs_len, u64 file_size, struct elf_info *out)
{
	const u8 *p = phdrs;
	Elf64_Ehdr eh;
	u64 end;
	bool has_phdr = false;
	int i, ret;

	memset(out, 0, sizeof(*out));
	end = elf_phdr_end(ehdr, ehdr_len);
	if (end == 0 || end > file_size)
		return -ENOEXEC;
	memcpy(&eh, ehdr, sizeof(eh));
	if (phdrs_len < (u64)eh.e_phnum * sizeof(Elf64_Phdr))
		return -ENOEXEC;
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return -ENOEXEC;
	if (eh.e_machine != EM_X86_64)
		return -ENOEXEC;

	out->type = eh.e_type;
	out->entry = eh.e_entry;
	out->phoff = eh.e_phoff;
	out->phnum = eh.e_phnum;
	out->align = PAGE_SIZE;

	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, p + (u64)i * sizeof(ph), sizeof(ph));
		switch (ph.p_type) {
		case PT_LOAD:
			ret = elf_add_load(out, &ph, file_size);
			if (ret)
				return ret;
			break;
		case PT_INTERP:
			if (out->has_interp)
				return -ENOEXEC;
			if (ph.p_filesz < 2 || ph.p_filesz > ELF_INTERP_MAX ||
			    !in_file(ph.p_offset, ph.p_filesz, file_size))
				return -ENOEXEC;
			out->has_interp = true;
			out->interp_offset = ph.p_offset;
			out->interp_size = ph.p_filesz;
			break;
		case PT_PHDR:
			if (has_phdr || ph.p_vaddr >= USER_TOP)
				return -ENOEXEC;
			has_phdr = true;
			out->phdr_vaddr = ph.p_vaddr;
			break;
		case PT_GNU_STACK:
			out->exec_stack = !!(ph.p_flags & PF_X);
			break;
		default:
			break;
		}
	}
	if (out->nload == 0)
		return -ENOEXEC;

	out->lo = ALIGN_DOWN(out->load[0].vaddr, PAGE_SIZE);
	out->hi = PAGE_ALIGN(out->load[out->nload - 1].vaddr +
			     out->load[out->nload - 1].memsz);
	if (out->hi > USER_TOP)
		return -ENOEXEC;
	if (out->type == ET_EXEC) {
		if (out->lo < USER_MMAP_MIN)
			return -ENOEXEC;
	} else if (out->hi - out->lo > ELF_DYN_MAX_SPAN) {
		return -ENOEXEC;
	}
	/* The entry point must lie inside the image. */
	if (out->entry < out->lo || out->entry >= out->hi)
		return -ENOEXEC;
	if (!has_phdr)
		out->phdr_vaddr = elf_find_phdr(out);
	else if (out->phdr_vaddr < out->lo || out->phdr_vaddr >= out->hi)
		return -ENOEXEC;
	return 0;
}

int elf_parse(const void *buf, size_t len, u64 file_size, struct elf_info *out)
{
	u64 end = elf_phdr_end(buf, len);
	u64 phoff;

	if (end == 0 || end > len || len > file_size) {
		memset(out, 0, sizeof(*out));
		return -ENOEXEC;
	}
	memcpy(&phoff, (const u8 *)buf + offsetof(Elf64_Ehdr, e_phoff),
	       sizeof(phoff));
	return elf_parse_split(buf, len, (const u8 *)buf + phoff, len - phoff,
			       file_size, out);
}
