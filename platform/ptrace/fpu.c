/* SPDX-License-Identifier: MIT */
/*
 * fpu.c - the FPU/SSE/AVX state of a stub thread: the whole xsave image
 * (PTRACE_GETREGSET/SETREGSET NT_X86_XSTATE, Linux's standard uncompacted
 * user layout) when the host has xsave, else the 512-byte fxsave image
 * (PTRACE_GETFPREGS). Only fork and signal delivery read it, so the cost
 * of a system call does not change with its size.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include "platform/ptrace/ptrace.h"

#define FXSAVE_BYTES 512
/* legacy area + xsave header: the smallest xsave image */
#define XSAVE_MIN_BYTES 576
/* AMX tile config and data: only for processes that asked (arch_prctl) */
#define XFEATURE_MASK_AMX ((1ULL << 17) | (1ULL << 18))

/* bytes the sentry sees; bytes of the kernel's NT_X86_XSTATE regset */
static uint32_t ptr_fpu_bytes, ptr_kernel_bytes;

/* The host's XCR0, or 0 when the OS has not enabled xsave. */
static uint64_t host_xcr0(void)
{
	unsigned int a, b, c, d;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return ((uint64_t)d << 32) | a;
}

/*
 * Size of the uncompacted xsave image for the features in @xcr0: the end
 * of the furthest enabled component (CPUID 0xD, sub-leaf i: EAX size, EBX
 * offset), as Linux sizes its default user xstate buffer.
 */
static uint32_t xsave_bytes(uint64_t xcr0)
{
	uint32_t end = XSAVE_MIN_BYTES;
	unsigned int a, b, c, d;

	for (unsigned int i = 2; i < 63; i++) {
		if (!(xcr0 & (1ULL << i)))
			continue;
		__cpuid_count(0xd, i, a, b, c, d);
		if (a && b + a > end)
			end = b + a;
	}
	return end;
}

/* ptr_fpu_size - see ptrace.h. */
size_t ptr_fpu_size(void)
{
	uint64_t xcr0;
	uint32_t n, k;

	if (ptr_fpu_bytes)
		return ptr_fpu_bytes;
	ptr_fpu_bytes = FXSAVE_BYTES;
	xcr0 = host_xcr0();
	if (!(xcr0 & 0x2))	/* no SSE in XCR0: fxsave only */
		return ptr_fpu_bytes;
	/*
	 * The kernel's regset covers every user feature in XCR0 (AMX too,
	 * though a process only uses it after arch_prctl); SETREGSET takes
	 * only that whole size. The sentry gets the image without AMX, like
	 * Linux's signal frames, so frames stay small.
	 */
	k = xsave_bytes(xcr0);
	n = xsave_bytes(xcr0 & ~XFEATURE_MASK_AMX);
	if (k <= PTR_FPU_MAX) {
		ptr_kernel_bytes = k;
		ptr_fpu_bytes = n;
	}
	return ptr_fpu_bytes;
}

/* Read the kernel's whole xsave image of @ctx into @img (ptr_kernel_bytes). */
static int xstate_get(struct platform_ctx *ctx, void *img)
{
	struct iovec iov = { .iov_base = img, .iov_len = ptr_kernel_bytes };

	if (ptrace(PTRACE_GETREGSET, ctx->pid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	/* a shorter image: the rest is in its initial state */
	if (iov.iov_len < ptr_kernel_bytes)
		memset((char *)img + iov.iov_len, 0, ptr_kernel_bytes - iov.iov_len);
	return 0;
}

/* ptr_ctx_get_fpu - see platform.h (ctx_get_fpu): ptr_fpu_size() bytes. */
int ptr_ctx_get_fpu(struct platform_ctx *ctx, void *buf)
{
	size_t n = ptr_fpu_size();
	char *img;
	int r;

	if (ctx->dead || ctx->running)
		return ctx->dead ? -ESRCH : -EBUSY;
	if (n == FXSAVE_BYTES)
		return ptrace(PTRACE_GETFPREGS, ctx->pid, 0, buf) < 0 ? -errno : 0;
	if (n == ptr_kernel_bytes)
		return xstate_get(ctx, buf);
	img = malloc(ptr_kernel_bytes);
	if (!img)
		return -ENOMEM;
	r = xstate_get(ctx, img);
	if (r == 0)
		memcpy(buf, img, n);
	free(img);
	return r;
}

/* x87, SSE and AVX bits of XCR0: the components the sentry's image holds. */
static uint64_t ptr_xcr0_user(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return lo & 0x7;
}

/* ptr_ctx_set_fpu - see platform.h (ctx_set_fpu): ptr_fpu_size() bytes. */
int ptr_ctx_set_fpu(struct platform_ctx *ctx, const void *buf)
{
	size_t n = ptr_fpu_size();
	struct iovec iov;
	uint64_t bv;
	char *img;
	int r = 0;

	if (ctx->dead || ctx->running)
		return ctx->dead ? -ESRCH : -EBUSY;
	if (n == FXSAVE_BYTES)
		return ptrace(PTRACE_SETFPREGS, ctx->pid, 0, buf) < 0 ? -errno : 0;
	img = malloc(ptr_kernel_bytes);
	if (!img)
		return -ENOMEM;
	/* keep the components the sentry does not see (AMX) */
	if (n != ptr_kernel_bytes)
		r = xstate_get(ctx, img);
	if (r == 0) {
		memcpy(img, buf, n);
		/*
		 * The image's x87/SSE/AVX areas are what the sentry wants
		 * loaded. A component in its init state when it was read has
		 * its XSTATE_BV bit clear, and the kernel would then load init
		 * values instead of what was written there since: mark them.
		 */
		memcpy(&bv, img + FXSAVE_BYTES, sizeof(bv));
		bv |= ptr_xcr0_user();
		memcpy(img + FXSAVE_BYTES, &bv, sizeof(bv));
		iov.iov_base = img;
		iov.iov_len = ptr_kernel_bytes;
		if (ptrace(PTRACE_SETREGSET, ctx->pid, NT_X86_XSTATE, &iov) < 0)
			r = -errno;
	}
	free(img);
	return r;
}
