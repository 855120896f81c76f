/* SPDX-License-Identifier: MIT */
/* Loader internals shared by loader.c, elf_map.c and stack.c. */
#ifndef LOADER_LOADER_INTERNAL_H
#define LOADER_LOADER_INTERNAL_H

#include "klib/klib.h"
#include "kernel/cred.h"
#include "loader/elf_parse.h"

struct mm;
struct file;

/* Where static-PIE and PIE executables go, before randomization (as Linux). */
#define LOADER_DYN_BASE 0x555555554000ULL
/* Randomization ranges, in pages. */
#define LOADER_DYN_RND_PAGES (1ULL << 28)	/* 1 TiB */
#define LOADER_STACK_RND_PAGES (1ULL << 22)	/* 16 GiB */
#define LOADER_BRK_RND_PAGES (1ULL << 13)	/* 32 MiB */
/* Default and largest stack VMA. */
#define LOADER_STACK_MAX (8ULL << 20)
/* Smallest stack VMA, whatever RLIMIT_STACK says. */
#define LOADER_STACK_MIN (128ULL << 10)

/*
 * loader_map_elf - map the PT_LOAD segments of @ei from @f into @mm at
 * their addresses plus @bias: file-backed private mappings for the file
 * part, the rest of the last file page zeroed, anonymous memory for the
 * remaining bss. Returns 0 or -errno.
 */
int loader_map_elf(struct mm *mm, struct file *f, const struct elf_info *ei,
		   u64 bias);

/* loader_random - a random u64 from the sentry's CSPRNG. */
u64 loader_random(void);

/* Everything the initial stack describes. */
struct loader_stack {
	char *const *argv;	/* @argc strings */
	size_t argc;
	char *const *envp;	/* @envc strings */
	size_t envc;
	const char *execfn;	/* AT_EXECFN: the path given to execve */
	uaddr_t top;		/* end of the stack VMA */
	uaddr_t bottom;		/* start of the stack VMA */
	u64 phdr, phent, phnum;	/* AT_PHDR, AT_PHENT, AT_PHNUM (biased) */
	u64 base;		/* AT_BASE: interpreter's load address or 0 */
	u64 entry;		/* AT_ENTRY: the program's entry (biased) */
	const struct cred *cred;
};

/*
 * loader_stack_size - bytes the strings and pointers of @ls need on the
 * stack (a slight overestimate).
 */
u64 loader_stack_size(const struct loader_stack *ls);

/*
 * loader_stack_build - write strings, random bytes, platform string,
 * auxv, envp, argv and argc into the stack VMA [@ls->bottom, @ls->top) of
 * @mm (Linux's layout) and record arg/env ranges and start_stack in @mm.
 * Sets *@sp to the address of argc (16-byte aligned). Returns 0 or -errno.
 */
int loader_stack_build(struct mm *mm, const struct loader_stack *ls,
		       uaddr_t *sp);

#endif
