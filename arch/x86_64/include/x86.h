/* SPDX-License-Identifier: MIT */
/*
 * x86.h - guest-side x86-64 definitions for sentry.elf: control-register
 * and MSR numbers, the per-CPU area the entry code uses, and small
 * inline wrappers around privileged instructions. Freestanding.
 */
#ifndef ARCH_X86_64_X86_H
#define ARCH_X86_64_X86_H

/* Selectors of the guest GDT (Linux's user selectors). */
#define X86_SEL_KERNEL_CS	0x08
#define X86_SEL_KERNEL_DS	0x10
#define X86_SEL_USER32_CS	0x23	/* STAR base: sysret SS = +8, CS = +16 */
#define X86_SEL_USER_DS		0x2b
#define X86_SEL_USER_CS		0x33
#define X86_SEL_TSS		0x40

/* Per-CPU area offsets (struct x86_percpu), used by entry.S. */
#define PCPU_SELF		0
#define PCPU_KERNEL_RSP		8	/* sentry rsp inside x86_user_run */
#define PCPU_REGS		16	/* struct user_regs * being run */
#define PCPU_SCRATCH		24
#define PCPU_VECTOR		32	/* vector of the last user trap */
#define PCPU_ERROR		40	/* its error code */
#define PCPU_CR2		48	/* cr2 at the trap */
/* PCPU_CURRENT 56 and PCPU_CPU 64: percpu-arch.h */

/* Most vCPUs the guest supports (the host caps --cpus to it). */
#define X86_MAX_CPUS		64

/* struct user_regs offsets (platform/platform.h), used by entry.S. */
#define UR_R15		0
#define UR_R14		8
#define UR_R13		16
#define UR_R12		24
#define UR_RBP		32
#define UR_RBX		40
#define UR_R11		48
#define UR_R10		56
#define UR_R9		64
#define UR_R8		72
#define UR_RAX		80
#define UR_RCX		88
#define UR_RDX		96
#define UR_RSI		104
#define UR_RDI		112
#define UR_ORIG_RAX	120
#define UR_RIP		128
#define UR_CS		136
#define UR_EFLAGS	144
#define UR_RSP		152
#define UR_SS		160

/* What x86_user_run returns besides an exception/interrupt vector. */
#define X86_TRAP_SYSCALL	0x100

/* MSRs. */
#define MSR_EFER		0xc0000080
#define MSR_STAR		0xc0000081
#define MSR_LSTAR		0xc0000082
#define MSR_CSTAR		0xc0000083
#define MSR_FMASK		0xc0000084
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_KERNEL_GS_BASE	0xc0000102
#define MSR_APIC_BASE		0x1b
#define MSR_X2APIC_EOI		0x80b
#define MSR_X2APIC_SVR		0x80f
#define MSR_X2APIC_LVT_TIMER	0x832
#define MSR_X2APIC_TMICT	0x838
#define MSR_X2APIC_TDCR		0x83e
#define MSR_X2APIC_ICR		0x830
#define MSR_TSC_AUX		0xc0000103

/* RFLAGS bits. */
#define X86_RFLAGS_FIXED	0x2ULL
#define X86_RFLAGS_IF		0x200ULL
/* What user code may set: CF PF AF ZF SF TF DF OF AC ID (and RF). */
#define X86_RFLAGS_USER		0x250dd5ULL
/* Cleared on syscall entry: TF IF DF IOPL NT AC. */
#define X86_RFLAGS_FMASK	0x47700ULL

#include "arch/x86_64/include/percpu-arch.h"

#ifndef __ASSEMBLER__
#include "klib/types.h"

struct user_regs;
struct task;

/* The per-CPU area: GS base while the sentry runs. */
struct x86_percpu {
	struct x86_percpu *self;
	u64 kernel_rsp;
	struct user_regs *regs;
	u64 scratch;
	u64 vector, error, cr2;
	struct task *curr;			/* PCPU_CURRENT: sched.h's current */
	unsigned int cpu;			/* PCPU_CPU */
	/* C-only fields */
	u64 fs_base_loaded, gs_base_loaded;	/* user bases now in the MSRs */
	volatile paddr_t cr3_loaded;		/* read by other CPUs (shootdown) */
	void *fpu_owner;			/* struct platform_ctx with live FPU state */
	/* SMP: written by the owner, read by other CPUs */
	volatile int in_user;			/* between BKL release and trap */
	void *volatile run_ctx;			/* struct platform_ctx it runs */
	volatile int tlb_stale;			/* flush before using user mappings */
	volatile int idle;			/* enum x86_idle_state */
	volatile int started;			/* the AP reached its idle loop */
	u64 idle_deadline;			/* CPU 0's HC_IDLE deadline */
	u8 *entry_stack, *ist_stack;		/* TSS RSP0 / IST1 stacks */
};

/* What an idle CPU waits in (x86_percpu.idle). */
enum x86_idle_state {
	X86_IDLE_NO,		/* running */
	X86_IDLE_HALT,		/* sti; hlt: wake with an IPI */
	X86_IDLE_HOST,		/* CPU 0 in HC_IDLE: wake with HC_KICK */
};

/* The per-CPU areas, indexed by CPU number; x86_cpus[0] is the boot CPU. */
extern struct x86_percpu x86_cpus[X86_MAX_CPUS];
/* Number of CPUs brought up (1 until the APs start). */
extern unsigned int x86_ncpus;

/* x86_this_cpu - the per-CPU area of the CPU running this code (GS base). */
static inline struct x86_percpu *x86_this_cpu(void)
{
	struct x86_percpu *c;

	/* volatile: a kernel thread may resume on another CPU after a switch */
	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

_Static_assert(__builtin_offsetof(struct x86_percpu, curr) == PCPU_CURRENT,
	       "PCPU_CURRENT");
_Static_assert(__builtin_offsetof(struct x86_percpu, cpu) == PCPU_CPU,
	       "PCPU_CPU");

static inline u64 x86_rdmsr(u32 msr)
{
	u32 lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void x86_wrmsr(u32 msr, u64 v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))
			 : "memory");
}

static inline u64 x86_rdtsc(void)
{
	u32 lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void x86_cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	__asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(sub));
}

static inline u64 x86_read_cr2(void)
{
	u64 v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 x86_read_cr3(void)
{
	u64 v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void x86_write_cr3(u64 v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64 x86_read_cr4(void)
{
	u64 v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void x86_invlpg(u64 va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void x86_outl(u16 port, u32 v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port) : "memory");
}

/* x86_user_run - enter ring 3 with @regs until a trap (entry.S); returns
 * X86_TRAP_SYSCALL or the vector, with @regs updated. */
u64 x86_user_run(struct user_regs *regs);

/* x86_desc_init - load the GDT, TSS, IDT and the syscall MSRs of the boot CPU (desc.c). */
void x86_desc_init(void);
/*
 * x86_desc_init_cpu - the same for CPU @cpu (its own GDT and TSS, the
 * shared IDT), GS base = x86_cpus[cpu]. Returns 0 or -ENOMEM.
 */
int x86_desc_init_cpu(unsigned int cpu);

/* x86_fpu_init - enable x87/SSE/AVX state, return the xsave size (fpu.c). */
u32 x86_fpu_init(void);
/* x86_fpu_save/restore - xsave/xrstor (or fxsave/fxrstor) of a 64-byte aligned area. */
void x86_fpu_save(void *area);
void x86_fpu_restore(const void *area);
/* x86_fpu_init_area - fill @area (x86_fpu_size bytes) with the initial state. */
void x86_fpu_init_area(void *area);
extern u32 x86_fpu_size;
/* x86_fpu_sanitize - make a caller-written fxsave image safe to restore. */
void x86_fpu_sanitize(void *area);
/* x86_fpu_mxcsr - the live MXCSR (for #XM decoding). */
u32 x86_fpu_mxcsr(void);

/* x86_apic_timer_init - start the periodic x2APIC timer (apic.c). */
void x86_apic_timer_init(u64 period_ns);
/* x86_apic_eoi - acknowledge the interrupt being handled. */
void x86_apic_eoi(void);
/* x86_apic_send_ipi - fixed interrupt @vector to the CPU with x2APIC id @cpu. */
void x86_apic_send_ipi(unsigned int cpu, u8 vector);

/*
 * x86_kernel_trap - an exception in ring 0: a sentry bug. Logs and stops
 * the sandbox (traps.c; provided by the platform glue).
 */
struct x86_trap_frame {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u64 vector, error, rip, cs, rflags, rsp, ss;
};
void x86_kernel_trap(struct x86_trap_frame *f) __noreturn;
#endif

#endif
