/* SPDX-License-Identifier: MIT */
/*
 * x86-64 rt_sigframe: what a signal handler finds on its stack and what
 * rt_sigreturn reads back. Layout as in Linux's UAPI <asm/sigcontext.h>
 * and <asm/ucontext.h>.
 */
#include <linux/errno.h>
#include <asm/signal.h>
#include <linux/signal.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

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
/* The xsave header's XSTATE_BV and the fxsave bytes software may use. */
#define XSTATE_BV_OFF 512
#define FPX_SW_OFF 464
#define XFEATURES_FP_SSE 0x3ULL

_Static_assert(sizeof(struct ksiginfo) == 128, "siginfo is 128 bytes");
_Static_assert(sizeof(struct frame_sigcontext) == 256, "sigcontext layout");

/* Bytes of FPU state in a frame: the platform's image (fxsave or xsave). */
static u32 frame_fpu_size(void)
{
	if (!platform->ctx_get_fpu || !platform->ctx_set_fpu ||
	    platform->fpu_size < FXSAVE_SIZE)
		return 0;
	return platform->fpu_size;
}

/*
 * An xsave image goes out as Linux writes it: the fxsave part's software
 * bytes say how big the area is, and FP_XSTATE_MAGIC2 follows it.
 */
static void fpu_mark_xstate(u8 *fpu, u32 size)
{
	struct _fpx_sw_bytes sw;

	memset(&sw, 0, sizeof(sw));
	sw.magic1 = FP_XSTATE_MAGIC1;
	sw.extended_size = size + FP_XSTATE_MAGIC2_SIZE;
	sw.xfeatures = *(u64 *)(fpu + XSTATE_BV_OFF) | XFEATURES_FP_SSE;
	sw.xstate_size = size;
	memcpy(fpu + FPX_SW_OFF, &sw, sizeof(sw));
}

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
	u32 fpu_size = frame_fpu_size(), magic2 = FP_XSTATE_MAGIC2;
	u8 *fpu = fpu_size ? kmalloc(fpu_size) : NULL;
	bool have_fpu = false;
	int ret = -EFAULT;

	if ((ka->flags & SA_ONSTACK) && t->sas_size && !on_sigstack(t, sp))
		sp = t->sas_sp + t->sas_size;
	else
		sp -= RED_ZONE;

	if (fpu && platform->ctx_get_fpu(t->ctx, fpu) == 0) {
		if (fpu_size > FXSAVE_SIZE) {
			fpu_mark_xstate(fpu, fpu_size);
			sp -= FP_XSTATE_MAGIC2_SIZE;
		}
		sp = ALIGN_DOWN(sp - fpu_size, 64);
		fp_addr = sp;
		have_fpu = true;
	}
	frame = ALIGN_DOWN(sp - sizeof(f), 16) - 8;

	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	if (have_fpu && fpu_size > FXSAVE_SIZE)
		f.uc.uc_flags |= UC_FP_XSTATE;
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

	if (have_fpu && (copy_out(t->mm, fp_addr, fpu, fpu_size) < 0 ||
			 (fpu_size > FXSAVE_SIZE &&
			  copy_out(t->mm, fp_addr + fpu_size, &magic2, sizeof(magic2)) < 0)))
		goto out;
	if (copy_out(t->mm, frame, &f, sizeof(f)) < 0)
		goto out;
	ret = 0;

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
out:
	kfree(fpu);
	return ret;
}

/*
 * Read the FPU state at user @fp into @fpu (@size bytes, the platform's
 * current image on entry). The xsave part beyond fxsave is taken only
 * when both magics and the size match; else the extended state goes back
 * to its initial values, as on Linux for a legacy frame.
 */
static int fpu_restore_image(struct task *t, u64 fp, u8 *fpu, u32 size)
{
	struct _fpx_sw_bytes sw;
	u32 magic2 = 0;

	if (copy_in(t->mm, fpu, fp, FXSAVE_SIZE) < 0)
		return -EFAULT;
	/* Keep MXCSR valid: reserved bits must be zero. */
	*(u32 *)(fpu + 24) &= 0xffff;
	if (size == FXSAVE_SIZE)
		return 0;
	memcpy(&sw, fpu + FPX_SW_OFF, sizeof(sw));
	if (sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size == size &&
	    sw.extended_size == size + FP_XSTATE_MAGIC2_SIZE &&
	    copy_in(t->mm, &magic2, fp + size, sizeof(magic2)) == 0 &&
	    magic2 == FP_XSTATE_MAGIC2)
		return copy_in(t->mm, fpu + FXSAVE_SIZE, fp + FXSAVE_SIZE,
			       size - FXSAVE_SIZE) < 0 ? -EFAULT : 0;
	*(u64 *)(fpu + XSTATE_BV_OFF) &= XFEATURES_FP_SSE;
	return 0;
}

/* signal_restore_frame - see signal_internal.h. */
int signal_restore_frame(struct task *t)
{
	struct user_regs *r = &t->regs;
	struct rt_sigframe f;
	u64 frame = r->rsp - 8;
	u32 fpu_size = frame_fpu_size();

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
	if (f.uc.mc.fpstate && fpu_size) {
		u8 *fpu = kmalloc(fpu_size);
		int ret;

		if (!fpu)
			return -ENOMEM;
		ret = platform->ctx_get_fpu(t->ctx, fpu);
		if (ret == 0)
			ret = fpu_restore_image(t, f.uc.mc.fpstate, fpu, fpu_size);
		if (ret == 0)
			platform->ctx_set_fpu(t->ctx, fpu);
		kfree(fpu);
		return ret;
	}
	return 0;
}
