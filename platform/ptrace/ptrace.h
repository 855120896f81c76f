/* SPDX-License-Identifier: MIT */
/*
 * ptrace.h - the ptrace platform (host side): application code runs in
 * traced stub processes under PTRACE_SYSEMU; the sentry runs in vmm.
 *
 * Every stub starts clean: it holds only the stub code page (which has the
 * `syscall; int3` slot used to inject system calls) and the sandbox memory
 * file at a fixed fd. Address spaces are built with injected mmap calls of
 * that file; the sentry sees a stub as a platform_as.
 *
 * Threads: the stub's main thread is its *service thread*. It never runs
 * application code and stays stopped, so system calls can be injected
 * into the address space at any time, even while every application thread
 * of it runs (no stopping of a running thread, no race with its stops).
 * Each platform_ctx is another host thread of the stub, created by
 * injecting clone(CLONE_VM|CLONE_THREAD|...) into the service thread; it
 * is auto-attached (PTRACE_O_TRACECLONE) and starts in its initial
 * SIGSTOP stop, which is ours to resume with SETREGS + PTRACE_SYSEMU.
 * A destroyed context's thread is parked (kept stopped) for reuse by the
 * next ctx_create of the same stub, or made to exit when enough are
 * parked.
 */
#ifndef PLATFORM_PTRACE_PTRACE_H
#define PLATFORM_PTRACE_PTRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>
#undef PAGE_SHIFT		/* klib/types.h has its own */
#undef PAGE_SIZE
#undef PAGE_MASK

#include "platform/platform.h"

struct vmm_error;
struct vmm_sandbox;

/* Where the stub code lives in every stub (above mm.h's USER_TOP). */
#define PTR_STUB_ADDR	0x7fffff000000ULL
/* Code page + scratch page. */
#define PTR_STUB_SIZE	0x2000ULL
/* Highest user address + 1 on x86-64 (4-level paging). */
#define PTR_TASK_TOP	0x7ffffffff000ULL
/* The fd number of the sandbox memory file in every stub. */
#define PTR_STUB_MEMFD	3

/* Stub code, platform/ptrace/stub_code.S: copied to PTR_STUB_ADDR. */
extern const char ptr_stub_begin[], ptr_stub_syscall[], ptr_stub_end[];

/* At most this many parked threads are kept per stub. */
#define PTR_MAX_PARKED	8

/* One address space = one stub process. */
struct platform_as {
	pid_t pid;			/* tgid = the service thread's tid */
	bool dead;			/* the stub is gone (killed, crashed) */
	struct platform_ctx *threads;	/* every thread of ours but the service one */
	unsigned int nparked;
	struct platform_as *prev, *next;	/* every live stub (ptr_fini) */
};

/* One flow of user execution = one thread of a stub. */
struct platform_ctx {
	struct platform_as *as;		/* NULL once the stub was destroyed */
	pid_t tgid;			/* the stub's pid */
	pid_t pid;			/* this thread's tid */
	bool parked;			/* owned by the as, waiting for reuse */
	struct platform_ctx *as_next;	/* the as's thread list */
	bool running;			/* resumed, stop not yet seen */
	bool dead;
	bool interrupt;			/* a stop signal we sent is pending */
	platform_stopped_fn_t stopped;
	void *cookie;
	struct user_regs_struct regs;	/* regs at the last stop */
	struct trap_info trap;
	struct platform_ctx *hash_next;	/* pid hash of running contexts */
	int bound_cpu;			/* host CPU it is bound to, -1: none */
	bool run_long;			/* its last user run was long */
	bool bound_running;		/* resumed while bound, not stopped */
	unsigned long long resumed_ns;	/* when it was last resumed */
};

/* bound_cpu of a thread whose affinity is not known yet */
#define PTR_CPU_UNKNOWN (-2)

/*
 * ptr_cpu_bind - before resuming @ctx: bind it to this (the sentry's)
 * host CPU unless its last run was long, then it gets every CPU back.
 */
void ptr_cpu_bind(struct platform_ctx *ctx);
/* ptr_cpu_stopped - @ctx stopped: was its user run long? */
void ptr_cpu_stopped(struct platform_ctx *ctx);

/*
 * ptr_init - create the template stub over sandbox memory @memfd. Blocks
 * the host signals the idle loop waits for. Returns 0 or < 0 with @err.
 */
int ptr_init(int memfd, struct vmm_error **err);
/*
 * ptr_stub_seccomp_install - in the template stub, just before it enters
 * the stub code: set no_new_privs and install the stub seccomp filter
 * (stub_seccomp.c). Returns 0 or -errno.
 */
int ptr_stub_seccomp_install(void);
/* ptr_fini - kill and reap every stub (template included). */
void ptr_fini(void);

/* Address spaces (as.c): the platform_ops of the same names. */
int ptr_as_create(paddr_t pgd, struct platform_as **out);
void ptr_as_destroy(struct platform_as *as);
int ptr_as_map(struct platform_as *as, uaddr_t va, paddr_t pa, u64 len,
	       int prot);
int ptr_as_unmap(struct platform_as *as, uaddr_t va, u64 len);
int ptr_as_protect(struct platform_as *as, uaddr_t va, u64 len, int prot);
/* ptr_as_destroy_all - kill every stub still alive (shutdown). */
void ptr_as_destroy_all(void);

/* Contexts (ctx.c): the platform_ops of the same names. */
int ptr_ctx_create(struct platform_as *as, platform_stopped_fn_t stopped,
		   void *cookie, struct platform_ctx **out);
void ptr_ctx_destroy(struct platform_ctx *ctx);
int ptr_ctx_run(struct platform_ctx *ctx, struct user_regs *regs,
		struct trap_info *trap);
int ptr_ctx_collect(struct platform_ctx *ctx, struct user_regs *regs,
		    struct trap_info *trap);

/*
 * FPU state (fpu.c). ptr_fpu_size - bytes of a thread's FPU image: the
 * host's uncompacted xsave image without AMX (CPUID 0xD), or 512 (fxsave)
 * without xsave; never more than PTR_FPU_MAX. ptr_ctx_get_fpu and
 * ptr_ctx_set_fpu - read or write that image of a stopped @ctx; 0 or
 * -errno (-EBUSY while it runs, -ESRCH when dead).
 */
#define PTR_FPU_MAX 16384
size_t ptr_fpu_size(void);
int ptr_ctx_get_fpu(struct platform_ctx *ctx, void *buf);
int ptr_ctx_set_fpu(struct platform_ctx *ctx, const void *buf);
/* ptr_ctx_interrupt - make a running @ctx stop soon with TRAP_INTERRUPT. */
void ptr_ctx_interrupt(struct platform_ctx *ctx);

/* The idle loop (idle.c). */
void ptr_idle(u64 deadline_ns);
void ptr_kick(void);
int ptr_host_signal(void);
u64 ptr_now_ns(void);
u64 ptr_realtime_ns(void);
/* ptr_interrupt_all - interrupt every running context (host signal came). */
void ptr_interrupt_all(void);
/* ptr_running_add/ptr_running_del - the pid -> running ctx table. */
void ptr_running_add(struct platform_ctx *ctx);
void ptr_running_del(struct platform_ctx *ctx);
/* ptr_ctx_stopped - record the wait @status of running @ctx as its trap. */
void ptr_ctx_stopped(struct platform_ctx *ctx, int status);

/* Stubs (stub.c). */
/* ptr_stub_fork - a new clean stub, stopped and traced. Returns pid or -errno. */
pid_t ptr_stub_fork(void);
/* ptr_stub_template_kill - kill and reap the template stub. */
void ptr_stub_template_kill(void);
/* ptr_sanitize_regs - force segment/base values PTRACE_SETREGS accepts. */
void ptr_sanitize_regs(struct user_regs_struct *r);
/*
 * ptr_reap_killed - at shutdown, after every stub got SIGKILL: reap all
 * that is left (bounded; logs a warning if something does not die).
 */
void ptr_reap_killed(void);
/* ptr_stub_kill - SIGKILL stub @pid and reap it (single-threaded stubs). */
void ptr_stub_kill(pid_t pid);
/*
 * ptr_stub_kill_threads - SIGKILL stub @pid and reap its @n extra threads
 * @tids, then the stub itself (a traced leader is reaped last).
 */
void ptr_stub_kill_threads(pid_t pid, const pid_t *tids, unsigned int n);
/*
 * ptr_stub_thread_create - a new thread in stopped stub @pid, in its
 * initial stop. Returns its tid or -errno (-ESRCH: the stub died).
 */
pid_t ptr_stub_thread_create(pid_t pid);
/* ptr_wait - waitpid(@pid, __WALL) retrying on EINTR; 0 or -errno. */
int ptr_wait(pid_t pid, int *status);
/*
 * ptr_stub_syscall_inject - run system call @nr(@args) in stopped stub
 * @pid; the stub's registers are clobbered. Returns the syscall's result
 * (>= 0 or -errno); -ESRCH when the stub died. Sets *@interrupted when a
 * stop signal we sent was consumed on the way (may be NULL).
 */
long ptr_stub_syscall_inject(pid_t pid, long nr, const long args[6],
			     bool *interrupted);

/*
 * ptr_run - boot the sentry on the ptrace platform with boot info @fdt for
 * sandbox @sb; returns when the sandbox shut down, with init's wait status
 * in *@wait_status. Returns 0 or < 0 with @err.
 */
int ptr_run(struct vmm_sandbox *sb, const void *fdt, int *wait_status,
	    struct vmm_error **err);

#endif
