/* SPDX-License-Identifier: MIT */
/*
 * stub_seccomp.c - the seccomp filter of the ptrace stubs.
 *
 * Installed by the template stub right before it jumps into the stub code
 * (platform/ptrace/stub.c) and inherited by every stub and stub thread
 * cloned from it. Programs run under PTRACE_SYSEMU: their system calls
 * stop at entry and are skipped before seccomp runs, so the filter only
 * ever sees what really executes on the host:
 *
 *  - the calls vmm injects at ptr_stub_syscall and the two munmap calls
 *    of ptr_stub_begin: mmap, munmap, mprotect, clone (new stubs and stub
 *    threads), exit (a stub thread ends) and exit_group, allowed only
 *    when the instruction pointer lies in the stub code page;
 *  - the kernel's vsyscall emulation (gettimeofday, time, getcpu from the
 *    vsyscall page), which seccomp sees but ptrace does not: allowed, so
 *    old binaries behave as before.
 *
 * Anything else (another syscall, a syscall from outside the code page,
 * a 32-bit or x32 entry) kills the whole stub process. The filter costs
 * nothing per emulated program syscall, since those never reach it.
 * The policy is written as classic BPF by hand: libseccomp cannot match
 * on the instruction pointer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "platform/ptrace/ptrace.h"

/* The page the stub code runs from, and the kernel's vsyscall page. */
#define STUB_CODE_START		PTR_STUB_ADDR
#define STUB_CODE_END		(PTR_STUB_ADDR + 0x1000ULL)
#define VSYSCALL_ADDR		0xffffffffff600000ULL
#define VSYSCALL_END		(VSYSCALL_ADDR + 0x1000ULL)

#define SD_OFF(field)		offsetof(struct seccomp_data, field)
#define SD_IP_LO		SD_OFF(instruction_pointer)
#define SD_IP_HI		(SD_OFF(instruction_pointer) + 4)
#define LO32(x)			((uint32_t)((x) & 0xffffffffULL))
#define HI32(x)			((uint32_t)((x) >> 32))

#define LD(off)			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(v)			BPF_STMT(BPF_RET | BPF_K, (v))
/* if A == k: skip t instructions, else skip f */
#define JEQ(k, t, f)		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f)		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))

/*
 * Both windows lie inside one 4 GiB-aligned block (same high word, low
 * words without carry), which the range checks below rely on.
 */
_Static_assert(HI32(STUB_CODE_START) == HI32(STUB_CODE_END - 1) &&
	       LO32(STUB_CODE_START) < LO32(STUB_CODE_END - 1),
	       "stub code page crosses a 4 GiB boundary");
_Static_assert(HI32(VSYSCALL_ADDR) == HI32(VSYSCALL_END - 1) &&
	       LO32(VSYSCALL_ADDR) < LO32(VSYSCALL_END - 1),
	       "vsyscall page crosses a 4 GiB boundary");

static const struct sock_filter ptr_stub_filter[] = {
	/* 0: native x86_64 entries only (no int 0x80, no x32) */
	LD(SD_OFF(arch)),
	JEQ(AUDIT_ARCH_X86_64, 1, 0),
	RET(SECCOMP_RET_KILL_PROCESS),
	LD(SD_OFF(nr)),
	JGE(0x40000000u, 0, 1),			/* __X32_SYSCALL_BIT */
	RET(SECCOMP_RET_KILL_PROCESS),
	/* 6: which page is the caller in? */
	LD(SD_IP_HI),
	JEQ(HI32(STUB_CODE_START), 2, 0),
	JEQ(HI32(VSYSCALL_ADDR), 12, 0),
	RET(SECCOMP_RET_KILL_PROCESS),
	/* 10: stub page: rip within [start, end), injected calls only */
	LD(SD_IP_LO),
	JGE(LO32(STUB_CODE_START), 0, 7),
	JGE(LO32(STUB_CODE_END), 6, 0),
	LD(SD_OFF(nr)),
	JEQ(__NR_mmap, 5, 0),
	JEQ(__NR_munmap, 4, 0),
	JEQ(__NR_mprotect, 3, 0),
	JEQ(__NR_clone, 2, 0),
	JEQ(__NR_exit, 1, 0),
	/* 19: */
	RET(SECCOMP_RET_KILL_PROCESS),
	RET(SECCOMP_RET_ALLOW),
	/* 21: vsyscall page: rip within [start, end), emulated calls only */
	LD(SD_IP_LO),
	JGE(LO32(VSYSCALL_ADDR), 0, 5),
	JGE(LO32(VSYSCALL_END), 4, 0),
	LD(SD_OFF(nr)),
	JEQ(__NR_gettimeofday, 3, 0),
	JEQ(__NR_time, 2, 0),
	JEQ(__NR_getcpu, 1, 0),
	/* 28: */
	RET(SECCOMP_RET_KILL_PROCESS),
	RET(SECCOMP_RET_ALLOW),
};

/*
 * The jump offsets above are counted by hand against the indices in the
 * comments: check the length so an edit that shifts them fails to
 * compile instead of opening a hole.
 */
_Static_assert(sizeof(ptr_stub_filter) / sizeof(ptr_stub_filter[0]) == 30,
	       "ptr_stub_filter layout changed: recount its jumps");

/* ptr_stub_seccomp_install - see ptrace.h. */
int ptr_stub_seccomp_install(void)
{
	struct sock_fprog prog = {
		.len = sizeof(ptr_stub_filter) / sizeof(ptr_stub_filter[0]),
		.filter = (struct sock_filter *)ptr_stub_filter,
	};

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0)
		return -errno;
	return 0;
}
