/* SPDX-License-Identifier: MIT */
/*
 * entry.S - ring 3 entry and exit for sentry.elf (KVM platform).
 *
 * The model is synchronous: x86_user_run(regs) saves the sentry's
 * callee-saved registers and stack pointer in the per-CPU area (GS base),
 * loads the user registers and enters ring 3. A syscall, exception or
 * interrupt in ring 3 comes back through entry_syscall / the IDT stubs,
 * which store the user registers into *regs and "return" from
 * x86_user_run on the sentry's stack with X86_TRAP_SYSCALL or the vector.
 * The sentry always runs with interrupts disabled; only ring 3 has IF set.
 */
#include "arch/x86_64/include/x86.h"

	.text

/* u64 x86_user_run(struct user_regs *regs) */
	.globl x86_user_run
	.type x86_user_run, @function
x86_user_run:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %gs:PCPU_KERNEL_RSP
	movq %rdi, %gs:PCPU_REGS
	/* sysretq clobbers rcx/r11: usable when they hold rip/rflags */
	movq UR_RCX(%rdi), %rax
	cmpq UR_RIP(%rdi), %rax
	jne .Luser_iret
	movq UR_R11(%rdi), %rax
	cmpq UR_EFLAGS(%rdi), %rax
	jne .Luser_iret
	movq UR_R15(%rdi), %r15
	movq UR_R14(%rdi), %r14
	movq UR_R13(%rdi), %r13
	movq UR_R12(%rdi), %r12
	movq UR_RBP(%rdi), %rbp
	movq UR_RBX(%rdi), %rbx
	movq UR_R10(%rdi), %r10
	movq UR_R9(%rdi), %r9
	movq UR_R8(%rdi), %r8
	movq UR_RAX(%rdi), %rax
	movq UR_RDX(%rdi), %rdx
	movq UR_RSI(%rdi), %rsi
	movq UR_RIP(%rdi), %rcx
	movq UR_EFLAGS(%rdi), %r11
	movq UR_RSP(%rdi), %rsp
	movq UR_RDI(%rdi), %rdi
	swapgs
	sysretq

.Luser_iret:
	pushq $X86_SEL_USER_DS
	pushq UR_RSP(%rdi)
	pushq UR_EFLAGS(%rdi)
	pushq $X86_SEL_USER_CS
	pushq UR_RIP(%rdi)
	movq UR_R15(%rdi), %r15
	movq UR_R14(%rdi), %r14
	movq UR_R13(%rdi), %r13
	movq UR_R12(%rdi), %r12
	movq UR_RBP(%rdi), %rbp
	movq UR_RBX(%rdi), %rbx
	movq UR_R11(%rdi), %r11
	movq UR_R10(%rdi), %r10
	movq UR_R9(%rdi), %r9
	movq UR_R8(%rdi), %r8
	movq UR_RAX(%rdi), %rax
	movq UR_RCX(%rdi), %rcx
	movq UR_RDX(%rdi), %rdx
	movq UR_RSI(%rdi), %rsi
	movq UR_RDI(%rdi), %rdi
	swapgs
	iretq
	.size x86_user_run, . - x86_user_run

/* Back on the sentry stack of x86_user_run with %rax = trap code. */
x86_user_return:
	movq %gs:PCPU_KERNEL_RSP, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/* Store the GPRs that both exit paths save (not rax, rcx, r11, rdi). */
.macro SAVE_COMMON
	movq %r15, UR_R15(%rdi)
	movq %r14, UR_R14(%rdi)
	movq %r13, UR_R13(%rdi)
	movq %r12, UR_R12(%rdi)
	movq %rbp, UR_RBP(%rdi)
	movq %rbx, UR_RBX(%rdi)
	movq %r10, UR_R10(%rdi)
	movq %r9, UR_R9(%rdi)
	movq %r8, UR_R8(%rdi)
	movq %rdx, UR_RDX(%rdi)
	movq %rsi, UR_RSI(%rdi)
.endm

/* syscall from ring 3 (MSR_LSTAR): rcx = user rip, r11 = user rflags. */
	.globl x86_entry_syscall
	.type x86_entry_syscall, @function
x86_entry_syscall:
	swapgs
	movq %rdi, %gs:PCPU_SCRATCH
	movq %gs:PCPU_REGS, %rdi
	SAVE_COMMON
	movq %rax, UR_RAX(%rdi)
	movq %rax, UR_ORIG_RAX(%rdi)
	movq %rcx, UR_RCX(%rdi)
	movq %rcx, UR_RIP(%rdi)
	movq %r11, UR_R11(%rdi)
	movq %r11, UR_EFLAGS(%rdi)
	movq %rsp, UR_RSP(%rdi)
	movq $X86_SEL_USER_CS, UR_CS(%rdi)
	movq $X86_SEL_USER_DS, UR_SS(%rdi)
	movq %gs:PCPU_SCRATCH, %rax
	movq %rax, UR_RDI(%rdi)
	movl $X86_TRAP_SYSCALL, %eax
	jmp x86_user_return
	.size x86_entry_syscall, . - x86_entry_syscall

/*
 * Common exception/interrupt path. Stack: vector, error code, then the
 * CPU's frame (rip, cs, rflags, rsp, ss).
 */
x86_exc_common:
	testb $3, 24(%rsp)
	jz x86_exc_kernel
	swapgs
	movq %rdi, %gs:PCPU_SCRATCH
	movq %gs:PCPU_REGS, %rdi
	SAVE_COMMON
	movq %rax, UR_RAX(%rdi)
	movq %rcx, UR_RCX(%rdi)
	movq %r11, UR_R11(%rdi)
	movq $-1, UR_ORIG_RAX(%rdi)
	movq %gs:PCPU_SCRATCH, %rax
	movq %rax, UR_RDI(%rdi)
	movq 16(%rsp), %rax
	movq %rax, UR_RIP(%rdi)
	movq 24(%rsp), %rax
	movq %rax, UR_CS(%rdi)
	movq 32(%rsp), %rax
	movq %rax, UR_EFLAGS(%rdi)
	movq 40(%rsp), %rax
	movq %rax, UR_RSP(%rdi)
	movq 48(%rsp), %rax
	movq %rax, UR_SS(%rdi)
	movq 8(%rsp), %rax
	movq %rax, %gs:PCPU_ERROR
	movq %cr2, %rax
	movq %rax, %gs:PCPU_CR2
	movq 0(%rsp), %rax
	movq %rax, %gs:PCPU_VECTOR
	jmp x86_user_return

/*
 * From ring 0. An interrupt (vector >= 32) can only come in an idle CPU's
 * `sti; hlt` (the timer tick or a wake-up IPI): acknowledge it and go
 * back; the idle loop looks for work again.
 */
x86_exc_kernel:
	cmpq $32, 0(%rsp)
	jb x86_exc_fatal
	pushq %rax
	pushq %rcx
	pushq %rdx
	movl $MSR_X2APIC_EOI, %ecx
	xorl %eax, %eax
	xorl %edx, %edx
	wrmsr
	popq %rdx
	popq %rcx
	popq %rax
	addq $16, %rsp
	iretq

/* An exception in ring 0: a sentry bug. Build an x86_trap_frame. */
x86_exc_fatal:
	pushq %rdi
	pushq %rsi
	pushq %rdx
	pushq %rcx
	pushq %rax
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, %rdi
	andq $-16, %rsp
	call x86_kernel_trap
1:	hlt
	jmp 1b

/* 256 vector stubs, 16 bytes apart (desc.c computes their addresses). */
	.p2align 4
	.globl x86_vectors
x86_vectors:
	vec = 0
	.rept 256
	.p2align 4
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	pushq $vec
	.else
	pushq $0
	pushq $vec
	.endif
	jmp x86_exc_common
	vec = vec + 1
	.endr

	.section .note.GNU-stack, "", @progbits
