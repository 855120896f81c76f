/* SPDX-License-Identifier: MIT */
/*
 * x86-64 rt_sigframe: what a signal handler finds on its stack and what
 * rt_sigreturn reads back. Layout as in Linux's UAPI <asm/sigcontext.h>
 * and <asm/ucontext.h>.
 */
#include <linux/errno.h>
#include <asm/signal.h>
#include <linux/signal.h>

#include "kernel/task.h"
#include "kernel/signal_internal.h"
#include "mm/mm.h"

struct frame_sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;
	u64 reserved1[8];
};

struct frame_ucontext {
	u64 uc_flags;
	u64 uc_link;
	u64 ss_sp;
	s32 ss_flags;
	s32 ss_pad;
	u64 ss_size;
	struct frame_sigcontext mc;
	u64 uc_sigmask;
};

struct rt_sigframe {
	u64 pretcode;
	struct frame_ucontext uc;
	struct ksiginfo info;
};

#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define FXSAVE_SIZE 512
#define RED_ZONE 128

_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(struct frame_sigcontext) == 256, "sigcontext layout");

static bool on_sigstack(struct task *t, u64 sp)
{
	return t->sas_size && sp > t->sas_sp && sp - t->sas_sp <= t->sas_size;
}

/* signal_setup_frame - see signal_internal.h. */
int signal_setup_frame(struct task *t, int sig, struct k_sigaction *ka,
		       const struct ksiginfo *info)
{
	struct user_regs *r = &t->regs;
	struct rt_sigframe f;
	u64 sp = r->rsp, fp_addr = 0, frame;
	u8 fpu[FXSAVE_SIZE] __attribute__((aligned(64)));
	bool have_fpu = false;

	if ((ka->flags & SA_ONSTACK) && t->sas_size && !on_sigstack(t, sp))
		sp = t->sas_sp + t->sas_size;
	else
		sp -= RED_ZONE;

	if (platform->ctx_get_fpu && platform->fpu_size == FXSAVE_SIZE &&
	    platform->ctx_get_fpu(t->ctx, fpu) == 0) {
		sp = ALIGN_DOWN(sp - FXSAVE_SIZE, 64);
		fp_addr = sp;
		have_fpu = true;
	}
	frame = ALIGN_DOWN(sp - sizeof(f), 16) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	f.uc.ss_sp = t->sas_sp;
	f.uc.ss_size = t->sas_size;
	f.uc.ss_flags = !t->sas_size ? SS_DISABLE :
			on_sigstack(t, r->rsp) ? SS_ONSTACK : 0;
	f.uc.mc.r8 = r->r8;
	f.uc.mc.r9 = r->r9;
	f.uc.mc.r10 = r->r10;
	f.uc.mc.r11 = r->r11;
	f.uc.mc.r12 = r->r12;
	f.uc.mc.r13 = r->r13;
	f.uc.mc.r14 = r->r14;
	f.uc.mc.r15 = r->r15;
	f.uc.mc.rdi = r->rdi;
	f.uc.mc.rsi = r->rsi;
	f.uc.mc.rbp = r->rbp;
	f.uc.mc.rbx = r->rbx;
	f.uc.mc.rdx = r->rdx;
	f.uc.mc.rax = r->rax;
	f.uc.mc.rcx = r->rcx;
	f.uc.mc.rsp = r->rsp;
	f.uc.mc.rip = r->rip;
	f.uc.mc.eflags = r->eflags;
	f.uc.mc.cs = (u16)r->cs;
	f.uc.mc.ss = (u16)r->ss;
	f.uc.mc.fpstate = fp_addr;
	if (sig == SIGSEGV || sig == SIGBUS)
		f.uc.mc.cr2 = info->f.fault.addr;
	f.uc.uc_sigmask = t->restore_sigmask ? t->saved_sigmask : t->sig_blocked;
	f.uc.mc.oldmask = f.uc.uc_sigmask;
	f.info = *info;

	if (have_fpu && copy_out(t->mm, fp_addr, fpu, FXSAVE_SIZE) < 0)
		return -EFAULT;
	if (copy_out(t->mm, frame, &f, sizeof(f)) < 0)
		return -EFAULT;

	t->restore_sigmask = false;
	t->sig_blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		t->sig_blocked |= sigbit(sig);
	t->sig_blocked &= ~(sigbit(SIGKILL) | sigbit(SIGSTOP));

	r->rsp = frame;
	r->rip = ka->handler;
	r->rdi = sig;
	r->rsi = frame + offsetof(struct rt_sigframe, info);
	r->rdx = frame + offsetof(struct rt_sigframe, uc);
	r->rax = 0;
	r->eflags &= ~(0x100ULL | 0x400ULL);	/* TF, DF */
	return 0;
}

/* signal_restore_frame - see signal_internal.h. */
int signal_restore_frame(struct task *t)
{
	struct user_regs *r = &t->regs;
	struct rt_sigframe f;
	u64 frame = r->rsp - 8;
	u8 fpu[FXSAVE_SIZE] __attribute__((aligned(64)));

	if (copy_in(t->mm, &f, frame, sizeof(f)) < 0)
		return -EFAULT;
	r->r8 = f.uc.mc.r8;
	r->r9 = f.uc.mc.r9;
	r->r10 = f.uc.mc.r10;
	r->r11 = f.uc.mc.r11;
	r->r12 = f.uc.mc.r12;
	r->r13 = f.uc.mc.r13;
	r->r14 = f.uc.mc.r14;
	r->r15 = f.uc.mc.r15;
	r->rdi = f.uc.mc.rdi;
	r->rsi = f.uc.mc.rsi;
	r->rbp = f.uc.mc.rbp;
	r->rbx = f.uc.mc.rbx;
	r->rdx = f.uc.mc.rdx;
	r->rax = f.uc.mc.rax;
	r->rcx = f.uc.mc.rcx;
	r->rsp = f.uc.mc.rsp;
	r->rip = f.uc.mc.rip;
	/* User may change only the arithmetic/control flags. */
	r->eflags = (r->eflags & ~0x40dd5ULL) | (f.uc.mc.eflags & 0x40dd5ULL);
	r->orig_rax = (u64)-1;
	t->sig_blocked = f.uc.uc_sigmask & ~(sigbit(SIGKILL) | sigbit(SIGSTOP));
	if (f.uc.mc.fpstate && platform->ctx_set_fpu &&
	    platform->fpu_size == FXSAVE_SIZE) {
		if (copy_in(t->mm, fpu, f.uc.mc.fpstate, FXSAVE_SIZE) < 0)
			return -EFAULT;
		/* Keep MXCSR valid: reserved bits must be zero. */
		*(u32 *)(fpu + 24) &= 0xffff;
		platform->ctx_set_fpu(t->ctx, fpu);
	}
	return 0;
}
