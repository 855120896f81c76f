// SPDX-License-Identifier: MIT
/*
 * desc.c - the guest's descriptor tables (sentry.elf): GDT with Linux's
 * user selectors, a TSS whose RSP0 is the ring-3 entry stack and whose
 * IST1 serves #DF/NMI/#MC, an IDT pointing at entry.S's vector stubs, the
 * syscall MSRs, and the per-CPU area in GS.
 */
#include <linux/errno.h>

#include "klib/klib.h"
#include "arch/x86_64/include/x86.h"
#include "arch/x86_64/include/spinlock-arch.h"

#define X86_ENTRY_STACK_SIZE 8192
#define X86_IST_STACK_SIZE 8192

struct x86_tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __attribute__((packed));

struct x86_idt_gate {
	u16 off_lo;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off_mid;
	u32 off_hi;
	u32 zero;
} __attribute__((packed));

struct x86_dtr {
	u16 limit;
	u64 base;
} __attribute__((packed));

extern const char x86_vectors[];
void x86_entry_syscall(void);

struct x86_percpu x86_cpus[X86_MAX_CPUS];
unsigned int x86_ncpus = 1;
struct x86_spinlock x86_bkl;

/* What each CPU has of its own: GDT (its TSS descriptor) and TSS. */
struct x86_cpu_tables {
	u64 gdt[10];
	struct x86_tss tss;
} __attribute__((aligned(16)));

static struct x86_cpu_tables x86_boot_tables;
static struct x86_idt_gate x86_idt[256] __attribute__((aligned(16)));
static u8 x86_entry_stack[X86_ENTRY_STACK_SIZE] __attribute__((aligned(16)));
static u8 x86_ist_stack[X86_IST_STACK_SIZE] __attribute__((aligned(16)));
/* FS area of the sentry before any user code: libfdt's stack protector
 * reads its canary at %fs:0x28. */
static u64 x86_boot_fs[8] __attribute__((aligned(64)));

static void gdt_init(struct x86_cpu_tables *t)
{
	u64 base = (u64)&t->tss, limit = sizeof(t->tss) - 1;
	u64 *gdt = t->gdt;

	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffULL;	/* 0x08 kernel code, 64-bit */
	gdt[2] = 0x00cf92000000ffffULL;	/* 0x10 kernel data */
	gdt[3] = 0;
	/* 0x23 (STAR's sysret base) stays null: no 32-bit user code */
	gdt[4] = 0;
	gdt[5] = 0x00cff2000000ffffULL;	/* 0x2b user data */
	gdt[6] = 0x00affa000000ffffULL;	/* 0x33 user code, 64-bit */
	gdt[7] = 0;
	/* 0x40: available 64-bit TSS, 16 bytes */
	gdt[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		 (0x89ULL << 40) | (((limit >> 16) & 0xf) << 48) |
		 (((base >> 24) & 0xff) << 56);
	gdt[9] = base >> 32;
}

static void idt_set(unsigned int vec, int ist, int dpl)
{
	u64 off = (u64)x86_vectors + vec * 16;
	struct x86_idt_gate *g = &x86_idt[vec];

	g->off_lo = off & 0xffff;
	g->sel = X86_SEL_KERNEL_CS;
	g->ist = ist;
	g->type = 0x8e | (dpl << 5);	/* present interrupt gate */
	g->off_mid = (off >> 16) & 0xffff;
	g->off_hi = off >> 32;
	g->zero = 0;
}

static void idt_init(void)
{
	for (unsigned int v = 0; v < 256; v++)
		idt_set(v, 0, 0);
	/* int3 and into are allowed from ring 3 */
	idt_set(3, 0, 3);
	idt_set(4, 0, 3);
	/* NMI, #DF, #MC on their own stack */
	idt_set(2, 1, 0);
	idt_set(8, 1, 0);
	idt_set(18, 1, 0);
}

static void load_tables(struct x86_cpu_tables *t)
{
	struct x86_dtr gdtr = { sizeof(t->gdt) - 1, (u64)t->gdt };
	struct x86_dtr idtr = { sizeof(x86_idt) - 1, (u64)x86_idt };
	u64 tmp;

	__asm__ volatile("lgdt %0" : : "m"(gdtr) : "memory");
	/* reload CS with a far return, then the data segments */
	__asm__ volatile("leaq 1f(%%rip), %0\n\t"
			 "pushq %1\n\t"
			 "pushq %0\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movl %2, %k0\n\t"
			 "movl %k0, %%ds\n\t"
			 "movl %k0, %%es\n\t"
			 "movl %k0, %%ss\n\t"
			 "xorl %k0, %k0\n\t"
			 "movl %k0, %%fs\n\t"
			 "movl %k0, %%gs"
			 : "=&r"(tmp)
			 : "i"((u64)X86_SEL_KERNEL_CS), "i"(X86_SEL_KERNEL_DS)
			 : "memory");
	__asm__ volatile("ltr %w0" : : "r"(X86_SEL_TSS));
	__asm__ volatile("lidt %0" : : "m"(idtr) : "memory");
}

/*
 * Per-CPU part: TSS stacks, GDT, segment and GS base, syscall MSRs. The
 * IDT is shared and already built.
 */
static void cpu_init(struct x86_percpu *c, unsigned int cpu,
		     struct x86_cpu_tables *t, u8 *entry_stack, u8 *ist_stack)
{
	t->tss.rsp[0] = (u64)(entry_stack + X86_ENTRY_STACK_SIZE);
	t->tss.ist[0] = (u64)(ist_stack + X86_IST_STACK_SIZE);
	t->tss.iomap_base = sizeof(t->tss);
	gdt_init(t);
	load_tables(t);

	c->self = c;
	c->cpu = cpu;
	c->entry_stack = entry_stack;
	c->ist_stack = ist_stack;
	x86_wrmsr(MSR_FS_BASE, (u64)x86_boot_fs);
	x86_wrmsr(MSR_GS_BASE, (u64)c);
	x86_wrmsr(MSR_KERNEL_GS_BASE, 0);
	c->fs_base_loaded = (u64)x86_boot_fs;
	c->gs_base_loaded = 0;
	c->cr3_loaded = x86_read_cr3();

	/* syscall: kernel CS/SS from 0x08; sysret: SS 0x2b, CS 0x33 */
	x86_wrmsr(MSR_STAR, ((u64)X86_SEL_USER32_CS << 48) |
				    ((u64)X86_SEL_KERNEL_CS << 32));
	x86_wrmsr(MSR_LSTAR, (u64)x86_entry_syscall);
	x86_wrmsr(MSR_CSTAR, (u64)x86_entry_syscall);
	x86_wrmsr(MSR_FMASK, X86_RFLAGS_FMASK);
	x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | 1);	/* SCE */
}

/* x86_desc_init - see x86.h. */
void x86_desc_init(void)
{
	idt_init();
	x86_boot_fs[5] = 0x5e17c0de5e17c0deULL ^ x86_rdtsc();
	cpu_init(&x86_cpus[0], 0, &x86_boot_tables, x86_entry_stack,
		 x86_ist_stack);
}

/* x86_desc_init_cpu - see x86.h. */
int x86_desc_init_cpu(unsigned int cpu)
{
	u8 *mem = kzalloc(sizeof(struct x86_cpu_tables) + 16 +
			  X86_ENTRY_STACK_SIZE + X86_IST_STACK_SIZE);
	struct x86_cpu_tables *t;
	u8 *stacks;

	if (!mem)
		return -ENOMEM;	/* the tables live until the sandbox ends */
	t = (struct x86_cpu_tables *)ALIGN_UP((u64)mem, 16);
	stacks = (u8 *)(t + 1);
	cpu_init(&x86_cpus[cpu], cpu, t, stacks,
		 stacks + X86_ENTRY_STACK_SIZE);
	return 0;
}
