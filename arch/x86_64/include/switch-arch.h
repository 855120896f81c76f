/* SPDX-License-Identifier: MIT */
/* Kernel-thread context switch (arch/x86_64/switch.S). */
#ifndef ARCH_X86_64_SWITCH_ARCH_H
#define ARCH_X86_64_SWITCH_ARCH_H

#include "klib/types.h"

struct kcontext;

/* arch_switch - save the running kernel thread in @prev and resume @next. */
void arch_switch(struct kcontext *prev, struct kcontext *next);
void arch_thread_start(void);

/*
 * arch_thread_init_stack - prepare a fresh kernel stack ending at @top so
 * that switching to it runs @fn(@arg). Returns the initial stack pointer.
 */
static inline u64 arch_thread_init_stack(void *top, void (*fn)(void *),
					 void *arg)
{
	/* After arch_switch's ret, rsp == top (16-aligned): the call in
	 * arch_thread_start then enters fn with the ABI's alignment. */
	u64 *sp = (u64 *)((u64)top & ~15ULL);

	*--sp = (u64)arch_thread_start;		/* return address of arch_switch */
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (u64)fn;			/* r12 */
	*--sp = (u64)arg;			/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	return (u64)sp;
}

#endif
