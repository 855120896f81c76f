/* SPDX-License-Identifier: MIT */
/* Program loader: ELF (static, static-PIE), #! scripts, initial stack. */
#ifndef LOADER_LOADER_H
#define LOADER_LOADER_H

#include "klib/klib.h"
#include "platform/platform.h"

struct mm;
struct task;

#define LOADER_MAX_ARGS 4096
#define LOADER_MAX_STRINGS (2 * 1024 * 1024)

struct loader_args {
	const char *path;		/* as given to execve */
	char **argv;			/* kmalloc'ed, NULL-terminated */
	char **envp;			/* kmalloc'ed, NULL-terminated */
	u64 stack_limit;		/* RLIMIT_STACK soft limit in bytes */
};

/*
 * loader_load - load the program @la->path (resolved against @t's fs
 * context) into the empty @mm: follow #! (at most 4 levels, rewriting argv),
 * map the ELF segments, set brk, build the stack with argv/envp/auxv, and
 * fill @regs (rip, rsp, everything else zero). @t is the task that execs
 * (for credentials and cwd); @t->mm is not touched.
 * Returns 0 or -errno (-ENOENT, -EACCES, -ENOEXEC, -E2BIG, -ENOMEM, -ELOOP).
 */
int loader_load(struct task *t, struct loader_args *la, struct mm *mm,
		struct user_regs *regs);

#endif
