// SPDX-License-Identifier: MIT
/*
 * fpu.c - user FPU/SSE/AVX state for sentry.elf: xsave/xrstor when the
 * CPU (and vmm, through CR4.OSXSAVE) allows it, else fxsave/fxrstor. The
 * first 512 bytes of either area are the fxsave layout the sentry's
 * signal frames use.
 */
#include "klib/klib.h"
#include "arch/x86_64/include/x86.h"

#define XCR0_X87 0x1ULL
#define XCR0_SSE 0x2ULL
#define CPUID1_ECX_OSXSAVE (1U << 27)

u32 x86_fpu_size = 512;
static bool x86_use_xsave;
static u64 x86_xcr0;
static u32 x86_mxcsr_mask = 0xffbf;

/* x86_fpu_init - see x86.h. */
u32 x86_fpu_init(void)
{
	u32 a, b, c, d;

	x86_cpuid(1, 0, &a, &b, &c, &d);
	if (c & CPUID1_ECX_OSXSAVE) {
		/* vmm set XCR0 (KVM_SET_XCRS); save every component it enabled */
		__asm__ volatile("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
		x86_xcr0 = ((u64)d << 32) | a;
		if ((x86_xcr0 & (XCR0_X87 | XCR0_SSE)) == (XCR0_X87 | XCR0_SSE)) {
			x86_cpuid(0xd, 0, &a, &b, &c, &d);
			x86_use_xsave = true;
			x86_fpu_size = b;	/* size for the XCR0 in force */
		}
	}
	if (x86_fpu_size < 512)
		x86_fpu_size = 512;
	{
		static u8 probe[512] __attribute__((aligned(64)));
		u32 mask;

		__asm__ volatile("fxsave64 %0" : "=m"(probe));
		mask = *(u32 *)(probe + 28);
		if (mask)
			x86_mxcsr_mask = mask;
	}
	return x86_fpu_size;
}

/* x86_fpu_init_area - see x86.h. */
void x86_fpu_init_area(void *area)
{
	u8 *p = area;

	memset(p, 0, x86_fpu_size);
	*(u16 *)p = 0x37f;			/* FCW: all exceptions masked */
	*(u32 *)(p + 24) = 0x1f80;		/* MXCSR */
	*(u32 *)(p + 28) = 0xffff;		/* MXCSR_MASK (ignored by restore) */
	if (x86_use_xsave)
		*(u64 *)(p + 512) = XCR0_X87 | XCR0_SSE;	/* XSTATE_BV */
}

/* x86_fpu_sanitize - see x86.h. */
void x86_fpu_sanitize(void *area)
{
	u8 *p = area;

	*(u32 *)(p + 24) &= x86_mxcsr_mask;
	if (x86_use_xsave) {
		/* legacy part valid, only enabled components, standard form */
		*(u64 *)(p + 512) = (*(u64 *)(p + 512) | XCR0_X87 | XCR0_SSE) &
				    x86_xcr0;
		memset(p + 520, 0, 56);
	}
}

/* x86_fpu_save - see x86.h. */
void x86_fpu_save(void *area)
{
	if (x86_use_xsave)
		__asm__ volatile("xsave64 (%0)" : : "r"(area), "a"((u32)x86_xcr0),
				 "d"((u32)(x86_xcr0 >> 32)) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

/* x86_fpu_restore - see x86.h. */
void x86_fpu_restore(const void *area)
{
	if (x86_use_xsave)
		__asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"((u32)x86_xcr0),
				 "d"((u32)(x86_xcr0 >> 32)) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

/* x86_fpu_mxcsr - see x86.h. */
u32 x86_fpu_mxcsr(void)
{
	u32 v;

	__asm__ volatile("stmxcsr %0" : "=m"(v));
	return v;
}
