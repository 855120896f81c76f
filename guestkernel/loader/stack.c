// SPDX-License-Identifier: MIT
/* The initial user stack: strings, AT_RANDOM, auxv, envp, argv, argc. */
#include <linux/auxvec.h>
#include <linux/errno.h>

#include "klib/klib.h"
#include "mm/mm.h"
#include "loader/loader_internal.h"
#include "vdso/vdso.h"

#define LOADER_PLATFORM "x86_64"
#define LOADER_CLKTCK 100
/* Auxiliary vector entries written, AT_NULL included. */
#define LOADER_AUXV_MAX 24
/* Signal frame beyond the FPU state: ucontext, siginfo, alignment. */
#define LOADER_SIGFRAME_EXTRA 1024
#define LOADER_MINSIGSTKSZ_DEFAULT 2048

/* AT_HWCAP on x86: EDX of CPUID leaf 1. */
static u64 loader_hwcap(void)
{
	u32 a = 1, b, c = 0, d;

	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d;
}

/* AT_MINSIGSTKSZ: the platform's FPU state plus the rest of a signal frame. */
static u64 loader_minsigstksz(void)
{
	if (!platform || platform->fpu_size == 0)
		return LOADER_MINSIGSTKSZ_DEFAULT;
	return ALIGN_UP((u64)platform->fpu_size + LOADER_SIGFRAME_EXTRA, 16);
}

static u64 strings_size(char *const *v, size_t n)
{
	u64 total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += kstrlen(v[i]) + 1;
	return total;
}

u64 loader_stack_size(const struct loader_stack *ls)
{
	u64 size;

	size = strings_size(ls->argv, ls->argc) + strings_size(ls->envp, ls->envc);
	size += kstrlen(ls->execfn) + 1 + sizeof(u64);
	size += sizeof(LOADER_PLATFORM) + 16 + 64;	/* + alignment slack */
	size += (1 + ls->argc + 1 + ls->envc + 1 + 2 * LOADER_AUXV_MAX) *
		sizeof(u64);
	return size;
}

/* Copy @n strings to ascending addresses from @p; their addresses go to @ptrs. */
static int put_strings(struct mm *mm, uaddr_t p, char *const *v, size_t n,
		       u64 *ptrs)
{
	size_t i;
	int ret;

	for (i = 0; i < n; i++) {
		size_t len = kstrlen(v[i]) + 1;

		ret = copy_out(mm, p, v[i], len);
		if (ret)
			return ret;
		ptrs[i] = p;
		p += len;
	}
	return 0;
}

int loader_stack_build(struct mm *mm, const struct loader_stack *ls,
		       uaddr_t *sp)
{
	u64 argsz = strings_size(ls->argv, ls->argc);
	u64 envsz = strings_size(ls->envp, ls->envc);
	size_t fnlen = kstrlen(ls->execfn) + 1;
	size_t nwords, i;
	uaddr_t p, execfn, platform_str, random_addr, vdso = 0;
	u8 rnd[16];
	u64 *w, *auxv;
	int ret;

	if (loader_stack_size(ls) > ls->top - ls->bottom)
		return -E2BIG;

	/* Top down: 8 zero bytes, execfn, envp strings, argv strings. */
	p = ls->top - sizeof(u64);
	ret = clear_user(mm, p, sizeof(u64));
	if (ret)
		return ret;
	p -= fnlen;
	execfn = p;
	ret = copy_out(mm, execfn, ls->execfn, fnlen);
	if (ret)
		return ret;
	p -= envsz;
	mm->env_start = p;
	mm->env_end = p + envsz;
	p -= argsz;
	mm->arg_start = p;
	mm->arg_end = p + argsz;

	/* Pointer block: argc, argv[], NULL, envp[], NULL, auxv pairs. */
	nwords = 1 + ls->argc + 1 + ls->envc + 1 + 2 * LOADER_AUXV_MAX;
	w = kzalloc(nwords * sizeof(u64));
	if (!w)
		return -ENOMEM;
	w[0] = ls->argc;
	ret = put_strings(mm, mm->arg_start, ls->argv, ls->argc, &w[1]);
	if (ret)
		goto out;
	ret = put_strings(mm, mm->env_start, ls->envp, ls->envc,
			  &w[1 + ls->argc + 1]);
	if (ret)
		goto out;

	/* Platform string and AT_RANDOM bytes below the strings. */
	p = ALIGN_DOWN(p, 16);
	p -= ALIGN_UP(sizeof(LOADER_PLATFORM), 16);
	platform_str = p;
	ret = copy_out(mm, platform_str, LOADER_PLATFORM, sizeof(LOADER_PLATFORM));
	if (ret)
		goto out;
	p -= sizeof(rnd);
	random_addr = p;
	get_random_bytes(rnd, sizeof(rnd));
	ret = copy_out(mm, random_addr, rnd, sizeof(rnd));
	if (ret)
		goto out;

	auxv = &w[1 + ls->argc + 1 + ls->envc + 1];
	i = 0;
#define AUX(type, val) do { auxv[i++] = (type); auxv[i++] = (val); } while (0)
	AUX(AT_MINSIGSTKSZ, loader_minsigstksz());
	AUX(AT_HWCAP, loader_hwcap());
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, LOADER_CLKTCK);
	AUX(AT_PHDR, ls->phdr);
	AUX(AT_PHENT, ls->phent);
	AUX(AT_PHNUM, ls->phnum);
	AUX(AT_BASE, ls->base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, ls->entry);
	AUX(AT_UID, ls->cred ? ls->cred->uid : 0);
	AUX(AT_EUID, ls->cred ? ls->cred->euid : 0);
	AUX(AT_GID, ls->cred ? ls->cred->gid : 0);
	AUX(AT_EGID, ls->cred ? ls->cred->egid : 0);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, random_addr);
	AUX(AT_HWCAP2, 0);
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform_str);
	if (vdso_map)
		vdso = vdso_map(mm);
	if (vdso)
		AUX(AT_SYSINFO_EHDR, vdso);
	AUX(AT_NULL, 0);
#undef AUX
	/* Unused auxv slots stay out of the copy. */
	nwords = 1 + ls->argc + 1 + ls->envc + 1 + i;

	p = ALIGN_DOWN(p - nwords * sizeof(u64), 16);
	if (p < ls->bottom) {
		ret = -E2BIG;
		goto out;
	}
	ret = copy_out(mm, p, w, nwords * sizeof(u64));
	if (ret)
		goto out;
	mm->start_stack = p;
	*sp = p;
out:
	kfree(w);
	return ret;
}
