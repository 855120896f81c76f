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
_Static_assert(sizeof(struct user_fpregs_struct) == 512,
	       "fxsave area is 512 bytes");

/* ptr_ctx_create - see platform.h (ctx_create). One context per stub. */
int ptr_ctx_create(struct platform_as *as, platform_stopped_fn_t stopped,
		   void *cookie, struct platform_ctx **out)
{
	struct platform_ctx *ctx;

	if (as->ctx)
		return -ENOSYS;		/* threads: a later step */
	if (as->dead)
		return -ESRCH;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->as = as;
	ctx->pid = as->pid;
	ctx->stopped = stopped;
	ctx->cookie = cookie;
	as->ctx = ctx;
	*out = ctx;
	return 0;
}

/* ptr_ctx_destroy - see platform.h (ctx_destroy). */
void ptr_ctx_destroy(struct platform_ctx *ctx)
{
	if (!ctx)
		return;
	ptr_running_del(ctx);
	if (ctx->as) {
		/* still running: stop it so its address space stays usable */
		if (ctx->running && !ctx->as->dead) {
			ptr_stub_kill(ctx->pid);
			ctx->as->dead = true;
		}
		ctx->as->ctx = NULL;
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

/* ptr_ctx_get_fpu - see platform.h (ctx_get_fpu): fxsave image. */
int ptr_ctx_get_fpu(struct platform_ctx *ctx, void *buf)
{
	if (ctx->dead || ctx->running)
		return ctx->dead ? -ESRCH : -EBUSY;
	if (ptrace(PTRACE_GETFPREGS, ctx->pid, 0, buf) < 0)
		return -errno;
	return 0;
}

/* ptr_ctx_set_fpu - see platform.h (ctx_set_fpu). */
int ptr_ctx_set_fpu(struct platform_ctx *ctx, const void *buf)
{
	if (ctx->dead || ctx->running)
		return ctx->dead ? -ESRCH : -EBUSY;
	if (ptrace(PTRACE_SETFPREGS, ctx->pid, 0, buf) < 0)
		return -errno;
	return 0;
}

/* ptr_ctx_interrupt - see ptrace.h: SIGSTOP makes the tracee stop soon. */
void ptr_ctx_interrupt(struct platform_ctx *ctx)
{
	if (ctx->dead || !ctx->running || ctx->interrupt)
		return;
	ctx->interrupt = true;
	syscall(SYS_tgkill, ctx->pid, ctx->pid, SIGSTOP);
}
