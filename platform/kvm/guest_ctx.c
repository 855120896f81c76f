// SPDX-License-Identifier: MIT
/*
 * guest_ctx.c - address spaces and user contexts of the KVM platform.
 *
 * An address space is the mm's own x86-64 page tables (the sentry edits
 * them; here only the TLB is kept right). A context is ring-3 state: run
 * synchronously by x86_user_run, which comes back on a syscall, exception
 * or timer interrupt without any VM exit. FPU state is switched lazily:
 * the sentry is built with -mgeneral-regs-only, so the user state of the
 * last context run stays live in the FPU until another context runs.
 *
 * SMP: the big kernel lock is released just before ring 3 and taken back
 * right after the trap. A CPU in ring 3 has in_user set; a page-table
 * change of an address space loaded on other CPUs marks them tlb_stale
 * and, if they are in ring 3, interrupts them and waits until they left
 * (TLB shootdown). With several CPUs the FPU state is saved after every
 * trap (a context may resume on another CPU), restores stay lazy.
 */
#include <linux/errno.h>
#include <asm/mman.h>
#include <asm/siginfo.h>
#include <asm/signal.h>

#include "platform/kvm/guest.h"
#include "arch/x86_64/include/x86.h"
#include "arch/x86_64/include/spinlock-arch.h"

/* Ranges up to this many pages are flushed with invlpg, else CR3 reload. */
#define KVM_INVLPG_MAX 32
#define X86_USER_CANONICAL_END 0x800000000000ULL

struct platform_as {
	paddr_t pgd;
};

struct platform_ctx {
	struct platform_as *as;
	void *fpu_mem;		/* kmalloc'ed */
	u8 *fpu;		/* 64-byte aligned inside fpu_mem */
	int fpu_cpu;		/* CPU that last loaded *fpu (-1: none) */
};

/* kvm_as_create - see platform.h (as_create). */
int kvm_as_create(paddr_t pgd, struct platform_as **out)
{
	struct platform_as *as;
	u64 *pml4 = kvm_pa_to_va(pgd);
	const u64 *boot = kvm_pa_to_va(KVM_PML4_PA);

	if (pgd & (PAGE_SIZE - 1) || pgd < kvm_boot_block()->free_start ||
	    pgd + PAGE_SIZE > kvm_boot_block()->mem_size)
		return -EINVAL;
	as = kzalloc(sizeof(*as));
	if (!as)
		return -ENOMEM;
	/* the kernel half: direct map and sentry image, shared by all */
	memcpy(&pml4[256], &boot[256], 256 * sizeof(u64));
	as->pgd = pgd;
	*out = as;
	return 0;
}

/* kvm_as_destroy - see platform.h (as_destroy). */
void kvm_as_destroy(struct platform_as *as)
{
	struct x86_percpu *me = x86_this_cpu();

	/*
	 * Never keep a PML4 that is about to be freed in CR3. Other CPUs
	 * cannot have it loaded: outside the BKL a CPU is idle (boot PML4),
	 * in ring 3 of a live mm, or just trapped from one (a task of a
	 * freed mm runs nowhere); so only this CPU needs the switch.
	 */
	if (me->cr3_loaded == as->pgd) {
		x86_write_cr3(KVM_PML4_PA);
		me->cr3_loaded = KVM_PML4_PA;
	}
	for (unsigned int i = 0; i < x86_ncpus; i++)
		if (&x86_cpus[i] != me && x86_cpus[i].cr3_loaded == as->pgd)
			kvm_crash("address space freed while another CPU uses it");
	kfree(as);
}

/*
 * The other CPUs that have @as loaded flush before they use it again; the
 * ones in ring 3 now are interrupted, and we wait until they left it.
 */
static void kvm_as_shootdown(struct platform_as *as)
{
	struct x86_percpu *me = x86_this_cpu();

	for (unsigned int i = 0; i < x86_ncpus; i++) {
		struct x86_percpu *o = &x86_cpus[i];

		if (o == me || o->cr3_loaded != as->pgd)
			continue;
		o->tlb_stale = 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (!o->in_user)
			continue;
		unsigned int spins = 0;

		x86_apic_send_ipi(i, KVM_IPI_VECTOR);
		while (o->in_user)
			kvm_spin_relax(&spins);
	}
}

static void kvm_as_flush(struct platform_as *as, uaddr_t va, u64 len)
{
	struct x86_percpu *me = x86_this_cpu();
	u64 n = (len + PAGE_SIZE - 1) >> PAGE_SHIFT;

	if (x86_ncpus > 1)
		kvm_as_shootdown(as);
	if (me->cr3_loaded != as->pgd)
		return;		/* loading its CR3 later flushes anyway */
	if (n > KVM_INVLPG_MAX) {
		x86_write_cr3(as->pgd);	/* kernel mappings are global */
		return;
	}
	for (u64 i = 0; i < n; i++)
		x86_invlpg(va + i * PAGE_SIZE);
}

/* kvm_as_map - see platform.h (as_map): the tables are already updated. */
int kvm_as_map(struct platform_as *as, uaddr_t va, paddr_t pa, u64 len,
	       int prot)
{
	kvm_as_flush(as, va, len);
	return 0;
}

/* kvm_as_unmap - see platform.h (as_unmap). */
int kvm_as_unmap(struct platform_as *as, uaddr_t va, u64 len)
{
	kvm_as_flush(as, va, len);
	return 0;
}

/* kvm_as_protect - see platform.h (as_protect). */
int kvm_as_protect(struct platform_as *as, uaddr_t va, u64 len, int prot)
{
	kvm_as_flush(as, va, len);
	return 0;
}

/* kvm_ctx_create - see platform.h (ctx_create); runs are synchronous. */
int kvm_ctx_create(struct platform_as *as, platform_stopped_fn_t stopped,
		   void *cookie, struct platform_ctx **out)
{
	struct platform_ctx *ctx = kzalloc(sizeof(*ctx));

	if (!ctx)
		return -ENOMEM;
	ctx->fpu_mem = kmalloc(x86_fpu_size + 64);
	if (!ctx->fpu_mem) {
		kfree(ctx);
		return -ENOMEM;
	}
	ctx->fpu = (u8 *)ALIGN_UP((u64)ctx->fpu_mem, 64);
	ctx->fpu_cpu = -1;
	x86_fpu_init_area(ctx->fpu);
	ctx->as = as;
	*out = ctx;
	return 0;
}

/* kvm_ctx_destroy - see platform.h (ctx_destroy). */
void kvm_ctx_destroy(struct platform_ctx *ctx)
{
	if (!ctx)
		return;
	for (unsigned int i = 0; i < x86_ncpus; i++)
		if (x86_cpus[i].fpu_owner == ctx)
			x86_cpus[i].fpu_owner = NULL;
	kfree(ctx->fpu_mem);
	kfree(ctx);
}

/* Make ctx->fpu current (with several CPUs it always is: eager saves). */
static void fpu_sync(struct platform_ctx *ctx)
{
	struct x86_percpu *c = x86_this_cpu();

	if (x86_ncpus == 1 && c->fpu_owner == ctx)
		x86_fpu_save(ctx->fpu);
}

/*
 * kvm_ctx_get_fpu - see platform.h: the whole xsave image (x86_fpu_size
 * bytes, standard format; the fxsave layout without xsave).
 */
int kvm_ctx_get_fpu(struct platform_ctx *ctx, void *buf)
{
	fpu_sync(ctx);
	memcpy(buf, ctx->fpu, x86_fpu_size);
	return 0;
}

/* kvm_ctx_set_fpu - see platform.h: replace the image (sanitized). */
int kvm_ctx_set_fpu(struct platform_ctx *ctx, const void *buf)
{
	fpu_sync(ctx);
	memcpy(ctx->fpu, buf, x86_fpu_size);
	x86_fpu_sanitize(ctx->fpu);
	ctx->fpu_cpu = -1;		/* reload on the next run, on any CPU */
	if (x86_this_cpu()->fpu_owner == ctx)
		x86_this_cpu()->fpu_owner = NULL;
	return 0;
}

/* kvm_ctx_collect - runs never complete asynchronously on KVM. */
int kvm_ctx_collect(struct platform_ctx *ctx, struct user_regs *regs,
		    struct trap_info *trap)
{
	return -EINVAL;
}

static void trap_exception(struct trap_info *trap, int vector, int signo,
			   int code, u64 addr)
{
	trap->kind = TRAP_EXCEPTION;
	trap->vector = vector;
	trap->signo = signo;
	trap->si_code = code;
	trap->addr = addr;
}

static int simd_code(void)
{
	u32 mxcsr = x86_fpu_mxcsr();
	u32 raised = mxcsr & 0x3f & ~((mxcsr >> 7) & 0x3f);

	if (raised & 0x01)
		return FPE_FLTINV;
	if (raised & 0x04)
		return FPE_FLTDIV;
	if (raised & 0x08)
		return FPE_FLTOVF;
	if (raised & 0x10)
		return FPE_FLTUND;
	if (raised & 0x20)
		return FPE_FLTRES;
	return FPE_FLTUNK;
}

static int x87_code(void)
{
	u16 sw, cw;
	u16 raised;

	__asm__ volatile("fnstsw %0" : "=m"(sw));
	__asm__ volatile("fnstcw %0" : "=m"(cw));
	raised = sw & 0x3f & ~(cw & 0x3f);
	if (raised & 0x01)
		return (sw & 0x40) ? FPE_FLTSUB : FPE_FLTINV;
	if (raised & 0x04)
		return FPE_FLTDIV;
	if (raised & 0x08)
		return FPE_FLTOVF;
	if (raised & 0x10)
		return FPE_FLTUND;
	if (raised & 0x20)
		return FPE_FLTRES;
	return FPE_FLTUNK;
}

/* Turn what x86_user_run returned into @trap. */
static void trap_decode(u64 code, const struct user_regs *regs,
			struct trap_info *trap)
{
	struct x86_percpu *c = x86_this_cpu();
	u64 err = c->error;

	trap->addr = 0;
	trap->access = 0;
	trap->signo = 0;
	trap->si_code = 0;
	trap->vector = -1;
	if (code == X86_TRAP_SYSCALL) {
		trap->kind = TRAP_SYSCALL;
		return;
	}
	switch (code) {
	case 14:	/* #PF */
		trap->kind = TRAP_FAULT;
		trap->vector = 14;
		trap->addr = c->cr2;
		if (err & 0x10)
			trap->access = PROT_EXEC;
		else if (err & 0x2)
			trap->access = PROT_WRITE;
		else
			trap->access = PROT_READ;
		return;
	case 0:		/* #DE */
		trap_exception(trap, 0, SIGFPE, FPE_INTDIV, regs->rip);
		return;
	case 1:		/* #DB */
		trap_exception(trap, 1, SIGTRAP, TRAP_TRACE, regs->rip);
		return;
	case 3:		/* #BP: int3, rip is after it */
		trap_exception(trap, 3, SIGTRAP, SI_KERNEL, 0);
		return;
	case 6:		/* #UD */
		trap_exception(trap, 6, SIGILL, ILL_ILLOPN, regs->rip);
		return;
	case 16:	/* #MF */
		trap_exception(trap, 16, SIGFPE, x87_code(), regs->rip);
		return;
	case 19:	/* #XM */
		trap_exception(trap, 19, SIGFPE, simd_code(), regs->rip);
		return;
	case 17:	/* #AC */
		trap_exception(trap, 17, SIGBUS, BUS_ADRALN, 0);
		return;
	case 11:	/* #NP */
	case 12:	/* #SS */
		trap_exception(trap, (int)code, SIGBUS, SI_KERNEL, 0);
		return;
	case 4:		/* #OF */
	case 5:		/* #BR */
	case 7:		/* #NM */
	case 10:	/* #TS */
	case 13:	/* #GP */
		trap_exception(trap, (int)code, SIGSEGV, SI_KERNEL, 0);
		return;
	case 2:		/* NMI */
	case 8:		/* #DF */
	case 18:	/* #MC */
		kvm_crash("fatal NMI/#DF/#MC while user code ran");
	default:
		break;
	}
	if (code < 32) {
		trap_exception(trap, (int)code, SIGSEGV, SI_KERNEL, 0);
		return;
	}
	if (code != KVM_SPURIOUS_VECTOR)
		x86_apic_eoi();		/* the tick or an IPI */
	trap->kind = TRAP_INTERRUPT;
	trap->vector = (int)code;
}

static bool canonical_user(u64 a)
{
	return a < X86_USER_CANONICAL_END;
}

/* kvm_tlb_check - flush this CPU's TLB if another CPU changed a loaded table. */
static void kvm_tlb_check(struct x86_percpu *c)
{
	if (!c->tlb_stale)
		return;
	c->tlb_stale = 0;
	x86_write_cr3(x86_read_cr3());	/* kernel mappings are global */
}

/* kvm_ctx_interrupt - see platform.h (ctx_interrupt): IPI the CPU running @ctx in ring 3. */
void kvm_ctx_interrupt(struct platform_ctx *ctx)
{
	struct x86_percpu *me = x86_this_cpu();

	for (unsigned int i = 0; i < x86_ncpus; i++) {
		struct x86_percpu *o = &x86_cpus[i];

		if (o != me && o->in_user && o->run_ctx == ctx)
			x86_apic_send_ipi(i, KVM_IPI_VECTOR);
	}
}

/*
 * kvm_ctx_run - see platform.h (ctx_run): synchronous. Enters ring 3 and
 * returns 0 when user code trapped, with @regs and @trap filled in.
 */
int kvm_ctx_run(struct platform_ctx *ctx, struct user_regs *regs,
		struct trap_info *trap)
{
	struct x86_percpu *c = x86_this_cpu();
	bool smp = x86_ncpus > 1;
	u64 code;

	regs->cs = X86_SEL_USER_CS;
	regs->ss = X86_SEL_USER_DS;
	regs->eflags = (regs->eflags & X86_RFLAGS_USER) | X86_RFLAGS_IF |
		       X86_RFLAGS_FIXED;
	/* iretq/sysretq to a non-canonical rip would fault in ring 0 */
	if (!canonical_user(regs->rip) || !canonical_user(regs->fs_base) ||
	    !canonical_user(regs->gs_base)) {
		trap_exception(trap, 13, SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	if (c->cr3_loaded != ctx->as->pgd) {
		c->tlb_stale = 0;
		x86_write_cr3(ctx->as->pgd);
		c->cr3_loaded = ctx->as->pgd;
	}
	kvm_tlb_check(c);
	if (c->fs_base_loaded != regs->fs_base) {
		x86_wrmsr(MSR_FS_BASE, regs->fs_base);
		c->fs_base_loaded = regs->fs_base;
	}
	if (c->gs_base_loaded != regs->gs_base) {
		x86_wrmsr(MSR_KERNEL_GS_BASE, regs->gs_base);
		c->gs_base_loaded = regs->gs_base;
	}
	if (c->fpu_owner != ctx || ctx->fpu_cpu != (int)c->cpu) {
		/* with several CPUs the owner's state was saved at its trap */
		if (c->fpu_owner && !smp)
			x86_fpu_save(((struct platform_ctx *)c->fpu_owner)->fpu);
		x86_fpu_restore(ctx->fpu);
		c->fpu_owner = ctx;
		ctx->fpu_cpu = (int)c->cpu;
	}
	c->run_ctx = ctx;
	c->in_user = 1;
	x86_spin_unlock(&x86_bkl);
	code = x86_user_run(regs);
	c->in_user = 0;
	if (smp)
		x86_fpu_save(ctx->fpu);
	kvm_bkl_lock();
	c->run_ctx = NULL;
	kvm_tlb_check(c);
	trap_decode(code, regs, trap);
	return 0;
}
