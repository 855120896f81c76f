// SPDX-License-Identifier: MIT
/*
 * selftest.c - a stand-in sentry_main for sentry.elf that tests the KVM
 * platform alone (tests/kvm/kvm-selftest.elf): it builds a tiny address
 * space by hand, runs ring-3 code through the platform ops and checks
 * every kind of trap, FPU and FS-base switching, the clocks and idle.
 * Results are TAP lines sent through platform->log; the exit status is
 * the number of failures.
 */
#include <linux/errno.h>
#include <asm/mman.h>
#include <asm/siginfo.h>
#include <asm/signal.h>

#include "klib/klib.h"
#include "platform/platform.h"
#include "platform/kvm/layout.h"

const struct platform_ops *platform;
static u64 kernel_half[256];
static bool kernel_half_set;
static int failures, testno;
static paddr_t next_page, data_page;

/* mm_set_kernel_pml4 - stands in for mm/pagetable.c's: remember the entries. */
void mm_set_kernel_pml4(const u64 *entries);
void mm_set_kernel_pml4(const u64 *entries)
{
	memcpy(kernel_half, entries, sizeof(kernel_half));
	kernel_half_set = true;
}

static void say(const char *fmt, ...) __printf(1, 2);
static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	platform->log(KLOG_INFO, buf, n);
}

static void check(bool ok, const char *what)
{
	testno++;
	if (!ok)
		failures++;
	say("%s %d - %s", ok ? "ok" : "not ok", testno, what);
}

/* Ring-3 test code: position independent, copied to USER_CODE. */
__asm__(".section .rodata\n"
	".globl u_start, u_getpid, u_loop, u_fault, u_ud2, u_int3, u_div, u_spin, u_fpu, u_fs, u_end\n"
	"u_start:\n"
	"u_getpid: mov $39, %eax\n syscall\n ud2\n"
	"u_loop: mov $1000, %ebx\n"
	"1: mov $39, %eax\n syscall\n cmp $4242, %rax\n jne 2f\n dec %ebx\n jnz 1b\n"
	" mov $60, %eax\n syscall\n"
	"2: ud2\n"
	"u_fault: movq $1, 0x10000\n ud2\n"
	"u_ud2: ud2\n"
	"u_int3: int3\n ud2\n"
	"u_div: xor %ecx, %ecx\n mov $1, %eax\n xor %edx, %edx\n div %ecx\n ud2\n"
	"u_spin: mov $2000000000, %ecx\n3: dec %ecx\n jnz 3b\n mov $39, %eax\n syscall\n ud2\n"
	"u_fpu: movq %rdi, %xmm0\n mov $39, %eax\n syscall\n"
	" movq %xmm0, %rdi\n mov $61, %eax\n syscall\n ud2\n"
	"u_fs: mov %fs:8, %rdi\n mov $39, %eax\n syscall\n ud2\n"
	"u_end:\n"
	".previous\n");
extern const char u_start[], u_getpid[], u_loop[], u_fault[], u_ud2[],
	u_int3[], u_div[], u_spin[], u_fpu[], u_fs[], u_end[];

#define USER_CODE 0x400000ULL
#define USER_DATA 0x600000ULL
#define USER_STACK_TOP 0x800000ULL
#define PTE_P 1ULL
#define PTE_RW 2ULL
#define PTE_US 4ULL
#define PTE_NX (1ULL << 63)

static paddr_t alloc_page(void)
{
	paddr_t pa = next_page;

	next_page += PAGE_SIZE;
	memset(pa_to_va(pa), 0, PAGE_SIZE);
	return pa;
}

static void map_page(paddr_t pml4, u64 va, paddr_t pa, u64 flags)
{
	u64 *t = pa_to_va(pml4);

	for (int level = 3; level > 0; level--) {
		u64 *e = &t[(va >> (12 + 9 * level)) & 511];

		if (!(*e & PTE_P))
			*e = alloc_page() | PTE_P | PTE_RW | PTE_US;
		t = pa_to_va(*e & 0x000ffffffffff000ULL);
	}
	t[(va >> 12) & 511] = pa | flags;
}

static u64 uaddr(const char *label)
{
	return USER_CODE + (u64)(label - u_start);
}

static void prep(struct user_regs *r, const char *label)
{
	memset(r, 0, sizeof(*r));
	r->rip = uaddr(label);
	r->rsp = USER_STACK_TOP - 64;
	r->eflags = 0x202;
	r->fs_base = USER_DATA;
}

/* Run until a trap other than a timer tick (which the sentry would just
 * answer by rescheduling). */
static int run(struct platform_ctx *ctx, struct user_regs *r,
	       struct trap_info *t)
{
	int rc, n = 0;

	do
		rc = platform->ctx_run(ctx, r, t);
	while (rc == 0 && t->kind == TRAP_INTERRUPT && ++n < 1000);
	return rc;
}

static int run_at(struct platform_ctx *ctx, struct user_regs *r,
		  struct trap_info *t, const char *label)
{
	prep(r, label);
	return run(ctx, r, t);
}

static void test_traps(struct platform_ctx *ctx)
{
	struct user_regs r;
	struct trap_info t;
	int n = 0, rc;

	rc = run_at(ctx, &r, &t, u_getpid);
	if (t.kind != TRAP_SYSCALL)
		say("# syscall: trap kind %d vector %d signo %d rip %#llx addr %#llx",
		    t.kind, t.vector, t.signo, (unsigned long long)r.rip,
		    (unsigned long long)t.addr);
	check(rc == 0 && t.kind == TRAP_SYSCALL && r.orig_rax == 39 &&
	      r.rip == uaddr(u_getpid) + 7, "syscall traps with nr and rip");

	/* 1000 syscalls answered by "the sentry", then exit */
	run_at(ctx, &r, &t, u_loop);
	while (t.kind == TRAP_SYSCALL && r.orig_rax == 39 && n < 2000) {
		r.rax = 4242;
		n++;
		run(ctx, &r, &t);
	}
	check(t.kind == TRAP_SYSCALL && r.orig_rax == 60 && n == 1000,
	      "1000 syscall round trips, rax and rbx preserved");

	run_at(ctx, &r, &t, u_fault);
	check(t.kind == TRAP_FAULT && t.addr == 0x10000 && t.access == PROT_WRITE,
	      "write to unmapped page: TRAP_FAULT with address and PROT_WRITE");

	r.rip = 0x10000;
	run(ctx, &r, &t);
	check(t.kind == TRAP_FAULT && t.addr == 0x10000 && t.access == PROT_EXEC,
	      "jump to unmapped page: PROT_EXEC fault");

	run_at(ctx, &r, &t, u_ud2);
	check(t.kind == TRAP_EXCEPTION && t.signo == SIGILL && t.si_code == ILL_ILLOPN &&
	      t.addr == uaddr(u_ud2), "ud2: SIGILL ILL_ILLOPN at rip");

	run_at(ctx, &r, &t, u_int3);
	check(t.kind == TRAP_EXCEPTION && t.signo == SIGTRAP && r.rip == uaddr(u_int3) + 1,
	      "int3: SIGTRAP, rip after it");

	run_at(ctx, &r, &t, u_div);
	check(t.kind == TRAP_EXCEPTION && t.signo == SIGFPE && t.si_code == FPE_INTDIV,
	      "div by zero: SIGFPE FPE_INTDIV");

	prep(&r, u_spin);
	rc = platform->ctx_run(ctx, &r, &t);
	if (t.kind == TRAP_INTERRUPT)	/* maybe a tick left pending: once more */
		rc = platform->ctx_run(ctx, &r, &t);
	/* bounded spin (seconds): a lost tick fails the test instead of hanging */
	check(t.kind == TRAP_INTERRUPT, "spinning user code is preempted by the timer");

	r.rip = 0x0000800000000000ULL;
	run(ctx, &r, &t);
	check(t.kind == TRAP_EXCEPTION && t.signo == SIGSEGV,
	      "non-canonical rip: SIGSEGV without entering ring 3");

	*(u64 *)pa_to_va(data_page + 8) = 0x5eed;
	run_at(ctx, &r, &t, u_fs);
	check(t.kind == TRAP_SYSCALL && r.rdi == 0x5eed, "fs_base is loaded for user code");
}

static void test_fpu(struct platform_as *as, struct platform_ctx *a)
{
	struct platform_ctx *b;
	struct user_regs ra, rb;
	struct trap_info ta, tb;
	/* ctx_get_fpu writes platform->fpu_size bytes (the xsave area) */
	u8 *fpu = kmalloc(platform->fpu_size);
	u64 x;

	if (!fpu) {
		check(0, "ctx_get_fpu sees user xmm0 (no memory)");
		return;
	}
	prep(&ra, u_fpu);
	ra.rdi = 0x1122334455667788ULL;
	run(a, &ra, &ta);
	platform->ctx_get_fpu(a, fpu);
	memcpy(&x, fpu + 160, 8);
	check(ta.kind == TRAP_SYSCALL && x == 0x1122334455667788ULL,
	      "ctx_get_fpu sees user xmm0");
	x = 0xcafef00dULL;
	memcpy(fpu + 160, &x, 8);
	platform->ctx_set_fpu(a, fpu);

	/* another context clobbers xmm0 in between */
	if (platform->ctx_create(as, NULL, NULL, &b) == 0) {
		prep(&rb, u_fpu);
		rb.rdi = 0x9999;
		run(b, &rb, &tb);
		platform->ctx_destroy(b);
	}
	run(a, &ra, &ta);
	check(ta.kind == TRAP_SYSCALL && ra.orig_rax == 61 && ra.rdi == 0xcafef00dULL,
	      "ctx_set_fpu value survives another context's FPU use");
	kfree(fpu);
}

/* sentry_main - the self-test (see the file comment). */
void sentry_main(const void *fdt, const struct platform_ops *ops)
{
	struct platform_as *as;
	struct platform_ctx *ctx;
	paddr_t pml4;
	u64 t0, t1;
	size_t code = (size_t)(u_end - u_start);

	platform = ops;
	say("selftest: hello from ring 0 on %s", ops->name);
	check(ops->pmem_base == (u8 *)KVM_DMAP_BASE && ops->pmem_size >= KVM_MEM_MIN &&
	      ops->pmem_free_start > KVM_KERNEL_PA, "platform memory description");
	check(kernel_half_set && kernel_half[KVM_DMAP_PML4_INDEX - 256] &&
	      kernel_half[KVM_KERN_PML4_INDEX - 256], "kernel half handed to mm");
	check(fdt && *(const u32 *)fdt == 0xedfe0dd0, "FDT mapped (magic)");

	kmalloc_init(ops->pmem_free_start, 4ULL << 20);
	next_page = ops->pmem_free_start + (4ULL << 20);

	pml4 = alloc_page();
	{
		paddr_t c = alloc_page(), s = alloc_page(), d = alloc_page();

		memcpy(pa_to_va(c), u_start, code);
		map_page(pml4, USER_CODE, c, PTE_P | PTE_US);
		map_page(pml4, USER_STACK_TOP - PAGE_SIZE, s, PTE_P | PTE_RW | PTE_US | PTE_NX);
		map_page(pml4, USER_DATA, d, PTE_P | PTE_RW | PTE_US | PTE_NX);
		data_page = d;
	}
	check(ops->as_create(pml4, &as) == 0 && ops->ctx_create(as, NULL, NULL, &ctx) == 0,
	      "as_create and ctx_create");
	test_traps(ctx);
	test_fpu(as, ctx);
	ops->ctx_destroy(ctx);
	ops->as_destroy(as);

	t0 = ops->now_ns();
	ops->idle(t0 + 20000000ULL);
	t1 = ops->now_ns();
	check(t1 >= t0 + 20000000ULL && t1 < t0 + 5000000000ULL,
	      "idle(now + 20 ms) sleeps about that long");
	check(ops->realtime_ns() > 1600000000ULL * 1000000000ULL,
	      "realtime clock is after 2020");
	say("1..%d", testno);
	ops->shutdown(failures << 8);
}
