/* SPDX-License-Identifier: MIT */
/*
 * elf_parse - validation of an ELF64 x86-64 executable's file header and
 * program headers. Pure: works on a byte buffer, touches no kernel state,
 * so it is unit-tested and fuzzed on the host.
 */
#ifndef LOADER_ELF_PARSE_H
#define LOADER_ELF_PARSE_H

#include "klib/types.h"

/* Most program headers accepted (Linux caps the table at 64 KiB). */
#define ELF_MAX_PHNUM 512
/* Most PT_LOAD segments accepted. */
#define ELF_MAX_LOAD 32
/* Longest PT_INTERP path, NUL included. */
#define ELF_INTERP_MAX 4096
/* Largest p_align honoured when choosing a load base (1 GiB). */
#define ELF_MAX_ALIGN (1ULL << 30)

/* One PT_LOAD segment, addresses relative to the file's own vaddrs. */
struct elf_seg {
	u64 vaddr;
	u64 memsz;
	u64 offset;
	u64 filesz;
	int prot;		/* PROT_READ/WRITE/EXEC from p_flags */
};

struct elf_info {
	u16 type;		/* ET_EXEC or ET_DYN */
	u64 entry;		/* e_entry (unbiased) */
	u64 phoff;		/* e_phoff */
	u16 phnum;		/* e_phnum */
	u64 phdr_vaddr;		/* where the phdrs are in memory (unbiased), 0: unknown */
	u64 lo;			/* page-aligned lowest PT_LOAD address */
	u64 hi;			/* page-aligned end of the highest PT_LOAD */
	u64 align;		/* largest PT_LOAD alignment (>= PAGE_SIZE, <= ELF_MAX_ALIGN) */
	bool has_interp;
	u64 interp_offset;	/* PT_INTERP file offset */
	u64 interp_size;	/* PT_INTERP p_filesz, NUL included */
	bool exec_stack;	/* PT_GNU_STACK has PF_X (or no PT_GNU_STACK) */
	int nload;
	struct elf_seg load[ELF_MAX_LOAD];
};

/*
 * elf_phdr_end - how many leading bytes of the file elf_parse needs: the end
 * of the program header table as declared by the header in @buf (@len
 * bytes). Returns that size, or 0 if @buf is not a plausible ELF64 header
 * (too short, wrong magic, table too big).
 */
u64 elf_phdr_end(const void *buf, size_t len);

/*
 * elf_parse - validate the ELF file whose first @len bytes are @buf (they
 * must include the program header table) and whose size is @file_size, and
 * describe it in @out. Checks class, data encoding, machine, type, header
 * sizes, every PT_LOAD's bounds in the file and in memory (below USER_TOP),
 * page congruence of offset and address, ordering and overlap, PT_INTERP's
 * bounds. Returns 0 or -ENOEXEC.
 */
int elf_parse(const void *buf, size_t len, u64 file_size, struct elf_info *out);

/*
 * elf_parse_split - elf_parse for a program header table read separately:
 * @ehdr (@ehdr_len bytes) starts the file, @phdrs (@phdrs_len bytes) holds
 * the e_phnum entries read from e_phoff. Returns 0 or -ENOEXEC.
 */
int elf_parse_split(const void *ehdr, size_t ehdr_len, const void *phdrs,
		    size_t phdrs_len, u64 file_size, struct elf_info *out);

#endif
