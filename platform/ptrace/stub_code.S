/* SPDX-License-Identifier: MIT */
/*
 * stub_code.S - the code every ptrace stub process runs, copied to
 * PTR_STUB_ADDR (platform/ptrace/ptrace.h). Position independent and
 * stackless: it runs after the stub has unmapped its stack.
 *
 * ptr_stub_begin: entry from the freshly forked template. Unmaps every
 * user mapping below and above the stub pages, then stops with int3 so
 * vmm (its tracer) takes over.
 * ptr_stub_syscall: the injection slot; vmm sets rax/args and rip here,
 * the int3 after the syscall hands control back with the result in rax.
 */
#define STUB_ADDR	0x7fffff000000
#define STUB_END	0x7fffff002000
#define TASK_TOP	0x7ffffffff000
#define NR_munmap	11

	.text
	.globl ptr_stub_begin, ptr_stub_syscall, ptr_stub_end
	.hidden ptr_stub_begin, ptr_stub_syscall, ptr_stub_end
	.balign 16
ptr_stub_begin:
	/* munmap(0, STUB_ADDR) */
	mov	$NR_munmap, %eax
	xor	%edi, %edi
	movabs	$STUB_ADDR, %rsi
	syscall
	/* munmap(STUB_END, TASK_TOP - STUB_END) */
	mov	$NR_munmap, %eax
	movabs	$STUB_END, %rdi
	movabs	$(TASK_TOP - STUB_END), %rsi
	syscall
	/* clean: tell the tracer */
	int3
1:	int3
	jmp	1b

	.balign 16
ptr_stub_syscall:
	syscall
	int3
2:	int3
	jmp	2b
ptr_stub_end:

	.section .note.GNU-stack, "", @progbits
