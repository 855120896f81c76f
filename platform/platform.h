/* SPDX-License-Identifier: MIT */
/*
 * platform.h - everything the sentry may ask of the platform it runs on.
 *
 * The sentry never knows whether it is on KVM or ptrace except through this
 * ops table. Two opaque objects: a platform_as is one application address
 * space (KVM: guest page tables; ptrace: a stub process), a platform_ctx is
 * one flow of user execution in an address space (KVM: a task's ring-3
 * state; ptrace: a stub thread).
 */
#ifndef PLATFORM_PLATFORM_H
#define PLATFORM_PLATFORM_H

#include "klib/types.h"

/* Register file of user code: same layout as Linux's struct user_regs_struct. */
struct user_regs {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi, orig_rax;
	u64 rip, cs, eflags, rsp, ss;
	u64 fs_base, gs_base;
	u64 ds, es, fs, gs;
};

enum trap_kind {
	TRAP_SYSCALL = 1,	/* syscall instruction; nr in orig_rax (and rax) */
	TRAP_FAULT,		/* page fault at addr, access PROT_READ/WRITE/EXEC */
	TRAP_EXCEPTION,		/* other CPU exception: signo/si_code to deliver */
	TRAP_INTERRUPT,		/* preempted (timer or host event); just reschedule */
};

struct trap_info {
	enum trap_kind kind;
	u64 addr;		/* FAULT: faulting address; EXCEPTION: si_addr */
	int access;		/* FAULT: PROT_READ, PROT_WRITE or PROT_EXEC */
	int signo;		/* EXCEPTION: SIGILL, SIGFPE, SIGTRAP, SIGBUS, SIGSEGV */
	int si_code;		/* EXCEPTION: e.g. FPE_INTDIV, ILL_ILLOPN */
	int vector;		/* EXCEPTION: x86 vector when known, else -1 */
};

struct platform_as;
struct platform_ctx;
struct ctl_req;
struct ctl_resp;

/* Called by the platform (from idle) when an asynchronous ctx_run finished. */
typedef void (*platform_stopped_fn_t)(void *cookie);

struct platform_ops {
	const char *name;

	/* as_create - new empty address space whose page-table root is @pgd (physical). */
	int (*as_create)(paddr_t pgd, struct platform_as **out);
	/* as_destroy - drop an address space and every mapping in it. */
	void (*as_destroy)(struct platform_as *as);
	/*
	 * as_map - make [va, va+len) map physical [pa, pa+len) with @prot
	 * (PROT_READ|PROT_WRITE|PROT_EXEC); replaces what was there. The
	 * sentry's page tables are already updated when this is called.
	 * KVM: only TLB maintenance; ptrace: mmap of the memory file in the stub.
	 */
	int (*as_map)(struct platform_as *as, uaddr_t va, paddr_t pa, u64 len,
		      int prot);
	/* as_unmap - remove mappings in [va, va+len). */
	int (*as_unmap)(struct platform_as *as, uaddr_t va, u64 len);
	/* as_protect - change protection of already-mapped [va, va+len). */
	int (*as_protect)(struct platform_as *as, uaddr_t va, u64 len, int prot);

	/*
	 * ctx_create - a user execution context in @as. @stopped(@cookie) is
	 * called when an asynchronous run of it stops.
	 */
	int (*ctx_create)(struct platform_as *as, platform_stopped_fn_t stopped,
			  void *cookie, struct platform_ctx **out);
	/* ctx_destroy - release a context (the task exited or exec'd). */
	void (*ctx_destroy)(struct platform_ctx *ctx);
	/*
	 * ctx_run - run user code with @regs until it traps. Returns 0 with
	 * @regs and @trap updated when the trap happened synchronously, or
	 * -EINPROGRESS when the platform will call the stopped callback later
	 * (then the sentry calls ctx_collect). Other -errno: the context is dead.
	 */
	int (*ctx_run)(struct platform_ctx *ctx, struct user_regs *regs,
		       struct trap_info *trap);
	/* ctx_collect - after the stopped callback: read back regs and trap. */
	int (*ctx_collect)(struct platform_ctx *ctx, struct user_regs *regs,
			   struct trap_info *trap);
	/*
	 * ctx_interrupt - make a context that is running user code (async
	 * ctx_run in flight) stop soon with TRAP_INTERRUPT, so a signal can
	 * be delivered. May be NULL.
	 */
	void (*ctx_interrupt)(struct platform_ctx *ctx);
	/* ctx_get_fpu/ctx_set_fpu - FPU/SSE/AVX state as fpu_size bytes (fork, signals). */
	int (*ctx_get_fpu)(struct platform_ctx *ctx, void *buf);
	int (*ctx_set_fpu)(struct platform_ctx *ctx, const void *buf);
	size_t fpu_size;

	/*
	 * idle - nothing is runnable: wait for a context to stop, a host event,
	 * a host signal, or until @deadline_ns (monotonic; 0 = no deadline).
	 */
	void (*idle)(u64 deadline_ns);
	/* kick - make a concurrent idle() return early (SMP/host events). */
	void (*kick)(void);
	/* host_signal - a signal sent to vmm that the sandbox's init must get, or 0. */
	int (*host_signal)(void);
	/*
	 * control_poll - the next request of the runtime's control channel
	 * (include/abi/control.h), copied into @req. Returns 1 with *@req
	 * filled, 0 when none is waiting, or -errno. Called by the idle
	 * thread; the platform's idle() returns when a request arrives.
	 * May be NULL (no control channel).
	 */
	int (*control_poll)(struct ctl_req *req);
	/*
	 * control_reply - answer the request named by @cookie with @resp;
	 * the connection stays open while resp->more is set.
	 */
	void (*control_reply)(u64 cookie, const struct ctl_resp *resp);

	/* now_ns - CLOCK_MONOTONIC in ns; realtime_ns - CLOCK_REALTIME in ns. */
	u64 (*now_ns)(void);
	u64 (*realtime_ns)(void);
	/*
	 * user_cpu_exclusive - a CPU runs one task's user code at a time and
	 * tasks see the CPU they run on (KVM). Restartable sequences rely on
	 * it; on ptrace, stubs run side by side, all calling themselves CPU 0.
	 */
	bool user_cpu_exclusive;
	/*
	 * steal_ns - optional: how long this CPU was ready but its host
	 * thread did not run (KVM steal time), in ns since boot; CPU time
	 * accounting leaves it out.
	 */
	u64 (*steal_ns)(void);

	/* hostcall - perform the request block at physical @req_pa (include/abi/hostcall.h). */
	long (*hostcall)(paddr_t req_pa);
	/* log - write one log line (no trailing newline needed). */
	void (*log)(int level, const char *msg, size_t len);
	/* shutdown - the sandbox is finished with @status (wait status of init). */
	void (*shutdown)(int status) __noreturn;

	/*
	 * populate_max - private anonymous mappings of at most this many
	 * bytes get their pages when they are made, in one as_map, instead
	 * of on first touch: where a fault costs a host round trip (ptrace)
	 * that saves one. 0 (KVM): on demand only.
	 */
	u64 populate_max;

	/* The direct map: physical address pa is at pmem_base + pa. */
	u8 *pmem_base;
	u64 pmem_size;
	/* First physical address the sentry may allocate (below: boot data). */
	u64 pmem_free_start;
};

/* The platform the sentry was started on; set once by sentry_main(). */
extern const struct platform_ops *platform;

/* pa_to_va - direct-map address of physical @pa. */
static inline void *pa_to_va(paddr_t pa)
{
	return platform->pmem_base + pa;
}

/* va_to_pa - physical address of direct-map pointer @p. */
static inline paddr_t va_to_pa(const void *p)
{
	return (paddr_t)((const u8 *)p - platform->pmem_base);
}

/*
 * sentry_main - start the sentry: parse the boot info FDT at @fdt, start
 * init, run the scheduler. Does not return (ends with platform->shutdown).
 */
void sentry_main(const void *fdt, const struct platform_ops *ops) __noreturn;

#endif
