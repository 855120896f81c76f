// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the loader's parsers: elf_parse, elf_parse_split and
 * shebang_parse. With -DFUZZ_LIBFUZZER it is a libFuzzer target; otherwise
 * main() replays the files named on the command line, or (make check) a few
 * seeds plus deterministic random mutations of /bin/busybox's first 4 KiB,
 * and prints TAP.
 */
#include "tests/unit/shim.h"

#include <errno.h>
#include <time.h>
#include <linux/elf.h>

#include "loader/elf_parse.h"
#include "loader/shebang.h"
#include "mm/mm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What any accepted image must satisfy; abort() otherwise. */
static void check_info(const struct elf_info *ei, u64 file_size)
{
	int i;

	if (ei->nload < 1 || ei->nload > ELF_MAX_LOAD || ei->hi > USER_TOP ||
	    ei->lo >= ei->hi || ei->entry < ei->lo || ei->entry >= ei->hi ||
	    (ei->type != ET_EXEC && ei->type != ET_DYN))
		abort();
	if (ei->type == ET_EXEC && ei->lo < USER_MMAP_MIN)
		abort();
	for (i = 0; i < ei->nload; i++) {
		const struct elf_seg *s = &ei->load[i];

		if (s->filesz > s->memsz || s->offset > file_size ||
		    s->filesz > file_size - s->offset ||
		    s->vaddr + s->memsz > ei->hi || s->vaddr < ei->lo ||
		    ((s->vaddr ^ s->offset) & (PAGE_SIZE - 1)))
			abort();
		if (i && s->vaddr < ei->load[i - 1].vaddr + ei->load[i - 1].memsz)
			abort();
	}
	if (ei->has_interp && (ei->interp_size > ELF_INTERP_MAX ||
			       ei->interp_offset > file_size ||
			       ei->interp_size > file_size - ei->interp_offset))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_info ei;
	struct shebang sb;
	int r;

	/* As a complete file, and as the head of a file of unknown size. */
	r = elf_parse(data, size, size, &ei);
	if (r == 0)
		check_info(&ei, size);
	else if (r != -ENOEXEC)
		abort();
	r = elf_parse(data, size, ~0ULL, &ei);
	if (r == 0)
		check_info(&ei, ~0ULL);
	else if (r != -ENOEXEC)
		abort();
	if (size > sizeof(Elf64_Ehdr)) {
		r = elf_parse_split(data, sizeof(Elf64_Ehdr),
				    data + sizeof(Elf64_Ehdr),
				    size - sizeof(Elf64_Ehdr), ~0ULL, &ei);
		if (r == 0)
			check_info(&ei, ~0ULL);
		else if (r != -ENOEXEC)
			abort();
	}
	r = shebang_parse(data, size, &sb);
	if (r == 0) {
		if (!sb.interp[0] || strlen(sb.interp) >= SHEBANG_BUF_SIZE ||
		    strlen(sb.arg) >= SHEBANG_BUF_SIZE ||
		    (sb.has_arg && !sb.arg[0]))
			abort();
	} else if (r != -ENOEXEC) {
		abort();
	}
	return 0;
}

#ifndef FUZZ_LIBFUZZER
#define FUZZ_ITERATIONS 200000
#define FUZZ_HEAD 4096

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* A small valid static executable image: header, PT_LOAD, PT_INTERP. */
static size_t seed_elf(u8 *buf, size_t cap)
{
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph[2] = { 0 };

	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	eh.e_type = ET_DYN;
	eh.e_machine = EM_X86_64;
	eh.e_entry = 0x100;
	eh.e_phoff = sizeof(eh);
	eh.e_phentsize = sizeof(Elf64_Phdr);
	eh.e_phnum = 2;
	ph[0].p_type = PT_LOAD;
	ph[0].p_flags = PF_R | PF_X;
	ph[0].p_filesz = cap;
	ph[0].p_memsz = cap + 0x2000;
	ph[0].p_align = 0x1000;
	ph[1].p_type = PT_INTERP;
	ph[1].p_offset = 0x200;
	ph[1].p_filesz = 8;
	memset(buf, 0, cap);
	memcpy(buf, &eh, sizeof(eh));
	memcpy(buf + sizeof(eh), ph, sizeof(ph));
	memcpy(buf + 0x200, "/ld.so", 7);
	return cap;
}

/* Change @buf in a few random places, biased towards the headers. */
static size_t mutate(u8 *buf, size_t len)
{
	static const u64 interesting[] = {
		0, 1, 0x7f, 0x80, 0xff, 0x1000, 0xffff, 0x7fffffff,
		0xffffffff, USER_TOP, USER_TOP - 0x1000, ~0ULL, ~0ULL - 0xfff,
	};
	int n = 1 + (int)(rng() % 8), i;

	for (i = 0; i < n; i++) {
		size_t span = rng() % 4 ? min(len, (size_t)1024) : len;
		size_t off = rng() % span;
		u64 v;

		switch (rng() % 4) {
		case 0:
			buf[off] ^= (u8)(1u << (rng() % 8));
			break;
		case 1:
			buf[off] = (u8)rng();
			break;
		default:
			v = interesting[rng() % ARRAY_SIZE(interesting)];
			off &= ~(size_t)7;
			memcpy(buf + off, &v, min((size_t)8, len - off));
			break;
		}
	}
	if (rng() % 16 == 0)
		len = rng() % (len + 1);
	return len;
}

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	static u8 buf[1 << 20];
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const scripts[] = {
		"#!/bin/sh\n", "#! /usr/bin/env  python3 -u \n", "#!\n",
		"#!/bin/sh\0x", "#!a b c d\te\n",
	};
	static u8 base[FUZZ_HEAD], work[FUZZ_HEAD];
	struct timespec t0, t1;
	size_t base_len, len, i;
	FILE *f;
	int k;

	if (argc > 1) {
		for (k = 1; k < argc; k++)
			if (replay_file(argv[k]))
				fprintf(stderr, "cannot read %s\n", argv[k]);
		return 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);

	for (i = 0; i < ARRAY_SIZE(scripts); i++)
		LLVMFuzzerTestOneInput((const u8 *)scripts[i],
				       strlen(scripts[i]) + 2);
	base_len = seed_elf(base, sizeof(base));
	LLVMFuzzerTestOneInput(base, base_len);
	printf("ok 1 - seeds\n");

	for (i = 0; i < FUZZ_ITERATIONS / 2; i++) {
		memcpy(work, base, base_len);
		len = mutate(work, base_len);
		LLVMFuzzerTestOneInput(work, len);
	}
	printf("ok 2 - %d mutations of a crafted image\n", FUZZ_ITERATIONS / 2);

	f = fopen("/bin/busybox", "rb");
	if (!f) {
		printf("ok 3 # SKIP no /bin/busybox\n");
	} else {
		base_len = fread(base, 1, sizeof(base), f);
		fclose(f);
		for (i = 0; i < FUZZ_ITERATIONS / 2; i++) {
			memcpy(work, base, base_len);
			len = mutate(work, base_len);
			LLVMFuzzerTestOneInput(work, len);
		}
		printf("ok 3 - %d mutations of busybox's first %zu bytes\n",
		       FUZZ_ITERATIONS / 2, base_len);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("# %.2f s\n", (double)(t1.tv_sec - t0.tv_sec) +
				  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	printf("1..3\n");
	return 0;
}
#endif
