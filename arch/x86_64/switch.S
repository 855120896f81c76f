/* SPDX-License-Identifier: MIT */
/*
 * Kernel-thread context switch for the sentry's green threads. Shared by
 * the in-process (ptrace) and sentry.elf (KVM) builds.
 */
	.text

/*
 * void arch_switch(struct kcontext *prev, struct kcontext *next)
 * Save the callee-saved registers of the running kernel thread on its
 * stack, store its stack pointer in prev->rsp and resume next.
 */
	.globl arch_switch
	.hidden arch_switch
	.type arch_switch, @function
arch_switch:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq (%rsi), %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
	.size arch_switch, . - arch_switch

/*
 * arch_thread_start: first code of a new kernel thread; arch_thread_init
 * left fn in %r12 and its argument in %r13.
 */
	.globl arch_thread_start
	.hidden arch_thread_start
	.type arch_thread_start, @function
arch_thread_start:
	movq %r13, %rdi
	xorl %ebp, %ebp
	call *%r12
	ud2
	.size arch_thread_start, . - arch_thread_start

	.section .note.GNU-stack, "", @progbits
