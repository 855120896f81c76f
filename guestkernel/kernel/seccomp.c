/* SPDX-License-Identifier: MIT */
/*
 * seccomp enforcement at syscall entry: strict mode's four syscalls, or
 * every stacked filter run over struct seccomp_data with the most
 * restrictive action taken, as Linux does.
 */
#include <linux/errno.h>
#include <linux/audit.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/unistd.h>

#include "kernel/task.h"
#include "kernel/sched_internal.h"
#include "kernel/seccomp_internal.h"

#define MAX_ERRNO 4095

/* The _sigsys member of siginfo's union (x86_64 layout). */
struct sigsys_fields {
	u64 call_addr;
	s32 syscall;
	u32 arch;
};

static void seccomp_data_fill(const struct task *t, struct seccomp_data *sd)
{
	const struct user_regs *r = &t->regs;

	/* The syscall number as the CPU gave it, x32 bit included. */
	sd->nr = (int)r->orig_rax;
	sd->arch = AUDIT_ARCH_X86_64;
	sd->instruction_pointer = r->rip;
	sd->args[0] = r->rdi;
	sd->args[1] = r->rsi;
	sd->args[2] = r->rdx;
	sd->args[3] = r->r10;
	sd->args[4] = r->r8;
	sd->args[5] = r->r9;
}

/*
 * Run every filter, newest first. The lowest action (as a signed 32-bit
 * number: KILL_PROCESS < KILL_THREAD < TRAP < ERRNO < USER_NOTIF < TRACE
 * < LOG < ALLOW) wins; among equal actions the newest filter's result.
 */
static u32 run_filters(const struct task *t, const struct seccomp_data *sd,
		       const struct seccomp_filter **match)
{
	const struct seccomp_filter *f;
	u32 ret = SECCOMP_RET_ALLOW;

	*match = NULL;
	for (f = t->seccomp_filter; f; f = f->prev) {
		u32 cur = seccomp_bpf_run(f->prog, f->len, sd);

		if ((s32)(cur & SECCOMP_RET_ACTION_FULL) <
		    (s32)(ret & SECCOMP_RET_ACTION_FULL)) {
			ret = cur;
			*match = f;
		}
	}
	return ret;
}

static void seccomp_log(const struct task *t, int nr, u32 action)
{
	pr_info("seccomp: pid %d tid %d comm %s syscall %d action 0x%x",
		t->proc->pid, t->tid, t->comm, nr, action);
}

/* The thread dies by @sig; the process too when it is its last thread. */
static void __noreturn seccomp_kill(struct task *t, int sig, bool process)
{
	if (process || t->proc->nr_threads == 1)
		do_exit_group(sig);
	do_exit_thread();
}

/*
 * SIGSYS for SECCOMP_RET_TRAP: forced like a fault (a blocked or ignored
 * SIGSYS is unblocked and reset to the default action, so it kills).
 */
static void seccomp_send_sigsys(struct task *t, const struct seccomp_data *sd,
				u32 data)
{
	struct k_sigaction *ka = &t->proc->sighand->action[SIGSYS - 1];
	struct ksiginfo info = { 0 };
	struct sigsys_fields sys = {
		.call_addr = sd->instruction_pointer,
		.syscall = sd->nr,
		.arch = sd->arch,
	};

	if ((t->sig_blocked & sigbit(SIGSYS)) || ka->handler == (u64)SIG_IGN) {
		t->sig_blocked &= ~sigbit(SIGSYS);
		ka->handler = (u64)SIG_DFL;
	}
	info.si_signo = SIGSYS;
	info.si_errno = (s32)data;
	info.si_code = SYS_SECCOMP;
	memcpy(info.f._raw, &sys, sizeof(sys));
	send_signal_task(t, SIGSYS, &info);
}

/* Strict mode: read, write, exit and rt_sigreturn; anything else is SIGKILL. */
static bool strict_allowed(int nr)
{
	return nr == __NR_read || nr == __NR_write || nr == __NR_exit ||
	       nr == __NR_rt_sigreturn;
}

/* seccomp_syscall_enter - see seccomp.h. */
bool seccomp_syscall_enter(struct task *t, long *ret)
{
	const struct seccomp_filter *match;
	struct seccomp_data sd;
	u32 action, data, r;

	seccomp_data_fill(t, &sd);
	if (t->seccomp_mode == SECCOMP_MODE_STRICT) {
		if (strict_allowed(sd.nr))
			return true;
		seccomp_log(t, sd.nr, SECCOMP_RET_KILL_THREAD);
		seccomp_kill(t, SIGKILL, false);
	}
	if (t->seccomp_mode != SECCOMP_MODE_FILTER)
		return true;

	r = run_filters(t, &sd, &match);
	action = r & SECCOMP_RET_ACTION_FULL;
	data = r & SECCOMP_RET_DATA;
	switch (action) {
	case SECCOMP_RET_ALLOW:
		return true;
	case SECCOMP_RET_LOG:
		seccomp_log(t, sd.nr, action);
		return true;
	case SECCOMP_RET_ERRNO:
		if (match && match->log)
			seccomp_log(t, sd.nr, action);
		*ret = -(long)min(data, (u32)MAX_ERRNO);
		return false;
	case SECCOMP_RET_TRAP:
		if (match && match->log)
			seccomp_log(t, sd.nr, action);
		/* The handler sees the registers as they were: rax = nr. */
		*ret = (long)t->regs.orig_rax;
		seccomp_send_sigsys(t, &sd, data);
		return false;
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		/* No tracer (no ptrace) and no listener here: like Linux then. */
		if (match && match->log)
			seccomp_log(t, sd.nr, action);
		*ret = -ENOSYS;
		return false;
	case SECCOMP_RET_KILL_THREAD:
		seccomp_log(t, sd.nr, action);
		seccomp_kill(t, SIGSYS, false);
	case SECCOMP_RET_KILL_PROCESS:
	default:
		/* Linux treats an unknown action as KILL_PROCESS. */
		seccomp_log(t, sd.nr, action);
		seccomp_kill(t, SIGSYS, true);
	}
}
