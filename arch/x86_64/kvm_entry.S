/* SPDX-License-Identifier: MIT */
/*
 * sentry_entry - first instruction of sentry.elf in the VM. vmm enters in
 * 64-bit mode with paging on, %rdi = physical address of the FDT and
 * %rsp on a boot stack. Hands over to sentry_kvm_start (platform/kvm).
 */
	.section .text.entry, "ax"
	.globl sentry_entry
	.type sentry_entry, @function
sentry_entry:
	cld
	xor %ebp, %ebp
	andq $-16, %rsp
	call sentry_kvm_start
1:	hlt
	jmp 1b
	.size sentry_entry, . - sentry_entry
	.section .note.GNU-stack, "", @progbits
