/* SPDX-License-Identifier: MIT */
/*
 * ctx.c - execution contexts of the ptrace platform: run a stub's thread
 * with PTRACE_SYSEMU and turn its next stop into a struct trap_info.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/ptrace/ptrace.h"

_Static_assert(sizeof(struct user_regs) == sizeof(struct user_regs_struct),
	       "struct user_regs must match user_regs_struct");

/* ptr_ctx_unlink - remove @ctx from its stub's thread list. */
static void ptr_ctx_unlink(struct platform_ctx *ctx)
{
	struct platform_ctx **p;

	if (!ctx->as)
		return;
	for (p = &ctx->as->threads; *p; p = &(*p)->as_next) {
		if (*p == ctx) {
			*p = ctx->as_next;
			break;
		}
	}
	ctx->as_next = NULL;
}

/*
 * ptr_ctx_create - see platform.h (ctx_create): reuse a parked thread of
 * the stub, or clone a new one through the service thread.
 */
int ptr_ctx_create(struct platform_as *as, platform_stopped_fn_t stopped,
		   void *cookie, struct platform_ctx **out)
{
	struct platform_ctx *ctx;
	pid_t tid;

	if (as->dead)
		return -ESRCH;
	for (ctx = as->threads; ctx; ctx = ctx->as_next)
		if (ctx->parked)
			break;
	if (ctx) {
		as->nparked--;
	} else {
		ctx = malloc(sizeof(*ctx));
		if (!ctx)
			return -ENOMEM;
		tid = ptr_stub_thread_create(as->pid);
		if (tid < 0) {
			free(ctx);
			if (tid == -ESRCH)
				as->dead = true;
			return tid == -ESRCH ? -EAGAIN : tid;
		}
		memset(ctx, 0, sizeof(*ctx));
		ctx->as = as;
		ctx->tgid = as->pid;
		ctx->pid = tid;
		ctx->bound_cpu = PTR_CPU_UNKNOWN;	/* a thread inherits its creator's */
		ctx->as_next = as->threads;
		as->threads = ctx;
	}
	ctx->parked = false;
	ctx->running = false;
	ctx->interrupt = false;
	ctx->dead = false;
	ctx->stopped = stopped;
	ctx->cookie = cookie;
	memset(&ctx->trap, 0, sizeof(ctx->trap));
	*out = ctx;
	return 0;
}

/* ptr_ctx_reap - wait until thread @tid of a killed stub is gone. */
static void ptr_ctx_reap(pid_t tid)
{
	int status;

	while (ptr_wait(tid, &status) == 0 && !WIFEXITED(status) &&
	       !WIFSIGNALED(status))
		;
}

/* ptr_ctx_halt - bring running @ctx to a stop (any stop); false if it died. */
static bool ptr_ctx_halt(struct platform_ctx *ctx)
{
	int status;

	syscall(SYS_tgkill, ctx->tgid, ctx->pid, SIGSTOP);
	ctx->running = false;
	ptr_cpu_stopped(ctx);
	if (ptr_wait(ctx->pid, &status) < 0 || !WIFSTOPPED(status))
		return false;
	return true;
}

/*
 * ptr_ctx_destroy - see platform.h (ctx_destroy). The thread is parked
 * for the next ctx_create of the stub, or exits when enough are parked;
 * the stub's other threads are not disturbed.
 */
void ptr_ctx_destroy(struct platform_ctx *ctx)
{
	static const long args[6];
	struct platform_as *as;

	if (!ctx)
		return;
	ptr_running_del(ctx);
	as = ctx->as;
	if (!as) {
		free(ctx);		/* the stub is already gone */
		return;
	}
	if (!as->dead && ctx->running && !ptr_ctx_halt(ctx))
		as->dead = true;
	if (!as->dead && !ctx->dead && as->nparked < PTR_MAX_PARKED) {
		ctx->parked = true;
		ctx->stopped = NULL;
		ctx->cookie = NULL;
		as->nparked++;
		return;
	}
	ptr_ctx_unlink(ctx);
	if (!as->dead && !ctx->dead) {
		ptr_stub_syscall_inject(ctx->pid, SYS_exit, args, NULL);
	} else {
		/* the stub is dying: make sure, then reap this thread now (a
		 * traced thread nobody reaps would keep the leader unreapable) */
		kill(ctx->tgid, SIGKILL);
		ptr_ctx_reap(ctx->pid);
	}
	free(ctx);
}

/* ptr_ctx_run - see platform.h (ctx_run): SETREGS + PTRACE_SYSEMU. */
int ptr_ctx_run(struct platform_ctx *ctx, struct user_regs *regs,
		struct trap_info *trap)
{
	if (ctx->dead || !ctx->as || ctx->as->dead)
		return -ESRCH;
	if (ctx->running)
		return -EBUSY;
	memcpy(&ctx->regs, regs, sizeof(ctx->regs));
	ptr_sanitize_regs(&ctx->regs);
	ptr_cpu_bind(ctx);
	if (ptrace(PTRACE_SETREGS, ctx->pid, 0, &ctx->regs) < 0 ||
	    ptrace(PTRACE_SYSEMU, ctx->pid, 0, 0) < 0) {
		int e = errno;

		if (e == ESRCH) {
			ctx->dead = true;
			ctx->as->dead = true;
		}
		return -e;
	}
	ctx->running = true;
	ptr_running_add(ctx);
	return -EINPROGRESS;
}

/* ptr_fault_access - PROT_* of a SIGSEGV: exec if it hit rip, else from si_code. */
static int ptr_fault_access(const siginfo_t *si, const struct user_regs_struct *r)
{
	u64 addr = (u64)si->si_addr;

	if (addr == r->rip || (addr > r->rip && addr - r->rip < 16 &&
			       !(addr & (PAGE_SIZE - 1))))
		return PROT_EXEC;
	if (si->si_code == SEGV_ACCERR)
		return PROT_WRITE;
	return 0;		/* SEGV_MAPERR: the sentry's mm works it out */
}

/* ptr_vector - x86 exception vector of a synchronous signal, or -1. */
static int ptr_vector(const siginfo_t *si)
{
	switch (si->si_signo) {
	case SIGFPE:
		return si->si_code == FPE_INTDIV || si->si_code == FPE_INTOVF ?
			0 : 16;
	case SIGILL:
		return 6;
	case SIGTRAP:
		return si->si_code == TRAP_TRACE ? 1 : 3;
	case SIGBUS:
		return si->si_code == BUS_ADRALN ? 17 : -1;
	case SIGSEGV:
		return si->si_code == SI_KERNEL ? 13 : 14;
	}
	return -1;
}

/* ptr_ctx_stopped - see ptrace.h. */
void ptr_ctx_stopped(struct platform_ctx *ctx, int status)
{
	struct trap_info *t = &ctx->trap;
	siginfo_t si;
	int sig;

	ctx->running = false;
	ptr_cpu_stopped(ctx);
	memset(t, 0, sizeof(*t));
	t->vector = -1;
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		ctx->dead = true;
		if (ctx->as)
			ctx->as->dead = true;
		return;
	}
	if (ptrace(PTRACE_GETREGS, ctx->pid, 0, &ctx->regs) < 0) {
		ctx->dead = true;
		return;
	}
	sig = WSTOPSIG(status);
	if (sig == (SIGTRAP | 0x80)) {
		/* PTRACE_SYSEMU entry: rax holds -ENOSYS, orig_rax the nr */
		t->kind = TRAP_SYSCALL;
		ctx->regs.rax = ctx->regs.orig_rax;
		return;
	}
	t->kind = TRAP_INTERRUPT;
	if (sig == SIGSTOP)
		ctx->interrupt = false;
	if ((status >> 16) != 0 || sig == SIGSTOP)
		return;		/* our interrupt, or a ptrace event */
	if (sig != SIGSEGV && sig != SIGBUS && sig != SIGFPE && sig != SIGILL &&
	    sig != SIGTRAP)
		return;		/* asynchronous host signal: swallowed */
	if (ptrace(PTRACE_GETSIGINFO, ctx->pid, 0, &si) < 0) {
		ctx->dead = true;
		return;
	}
	if (si.si_code == SI_USER || si.si_code == SI_TKILL ||
	    si.si_code == SI_QUEUE)
		return;		/* sent by someone on the host: not a trap */
	t->addr = (u64)si.si_addr;
	if (sig == SIGSEGV && si.si_code != SI_KERNEL) {
		t->kind = TRAP_FAULT;
		t->access = ptr_fault_access(&si, &ctx->regs);
		return;
	}
	t->kind = TRAP_EXCEPTION;
	t->signo = sig;
	t->si_code = si.si_code;
	t->vector = ptr_vector(&si);
}

/* ptr_ctx_collect - see platform.h (ctx_collect). */
int ptr_ctx_collect(struct platform_ctx *ctx, struct user_regs *regs,
		    struct trap_info *trap)
{
	if (ctx->dead)
		return -ESRCH;
	if (ctx->running)
		return -EBUSY;
	memcpy(regs, &ctx->regs, sizeof(*regs));
	*trap = ctx->trap;
	return 0;
}

/* ptr_ctx_interrupt - see ptrace.h: SIGSTOP makes the tracee stop soon. */
void ptr_ctx_interrupt(struct platform_ctx *ctx)
{
	if (ctx->dead || !ctx->running || ctx->interrupt)
		return;
	ctx->interrupt = true;
	syscall(SYS_tgkill, ctx->tgid, ctx->pid, SIGSTOP);
}
