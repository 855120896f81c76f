/* SPDX-License-Identifier: MIT */
/*
 * test_ptrace_platform.c - the ptrace platform without the sentry: a stub
 * runs hand-assembled code mapped with as_map; this test plays the sentry
 * (emulates getpid/exit_group, resolves faults) and measures the cost of
 * one emulated syscall against a minimal PTRACE_SYSEMU tracer.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/ptrace/ptrace.h"
#include "vmm/error.h"
#include "vmm/signals.h"

#define MEM_SIZE (64ULL << 20)
#define CODE_VA 0x400000ULL
#define CODE_PA 0x100000ULL
#define DATA_VA 0x600000ULL
#define DATA_PA 0x200000ULL

static int tap_n, tap_fail;
static u8 *pmem;

static void ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_fail++;
}

/*
 * Code at CODE_VA:
 *  0: mov $39,%eax; syscall; dec %rbx; jne 0      getpid loop, rbx times
 *  c: mov 0x600000,%rax; mov %rax,%rdi            load (faults first)
 * 17: mov $231,%eax; syscall                      exit_group(value)
 * 1e: ud2
 * 40: mov %rax,0x600000; syscall                  store (write fault)
 */
static const u8 code_loop[] = {
	0xb8, 0x27, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x48, 0xff, 0xcb, 0x75, 0xf4,
	0x48, 0x8b, 0x04, 0x25, 0x00, 0x00, 0x60, 0x00, 0x48, 0x89, 0xc7,
	0xb8, 0xe7, 0x00, 0x00, 0x00, 0x0f, 0x05, 0x0f, 0x0b,
};
static const u8 code_store[] = {
	0x48, 0x89, 0x04, 0x25, 0x00, 0x00, 0x60, 0x00, 0x0f, 0x05,
};

static int stopped;

static void on_stopped(void *cookie)
{
	(void)cookie;
	stopped = 1;
}

/* run - one round trip the way the sentry does it; 0 or -errno. */
static int run(struct platform_ctx *ctx, struct user_regs *r, struct trap_info *t)
{
	u64 deadline = ptr_now_ns() + 10000000000ULL;
	int e;

	stopped = 0;
	e = ptr_ctx_run(ctx, r, t);
	if (e != -EINPROGRESS)
		return e;
	while (!stopped && ptr_now_ns() < deadline)
		ptr_idle(deadline);
	if (!stopped)
		return -ETIMEDOUT;
	return ptr_ctx_collect(ctx, r, t);
}

static struct user_regs start_regs(u64 rip)
{
	struct user_regs r;

	memset(&r, 0, sizeof(r));
	r.rip = rip;
	r.eflags = 0x202;
	return r;
}

/* count_entries - entries in directory @path except . and .. (-1 on error). */
static int count_entries(const char *path)
{
	struct dirent *d;
	DIR *dir = opendir(path);
	int n = 0;

	if (!dir)
		return -1;
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* maps_clean - does /proc/@pid/maps hold only the stub pages (+ vsyscall)? */
static int maps_clean(pid_t pid, int *lines)
{
	char path[64], line[512];
	int clean = 1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	*lines = 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo;

		(*lines)++;
		if (sscanf(line, "%llx", &lo) != 1)
			clean = 0;
		else if (lo != PTR_STUB_ADDR && lo != PTR_STUB_ADDR + 4096 &&
			 !strstr(line, "[vsyscall]"))
			clean = 0;
	}
	fclose(f);
	return clean && *lines >= 2;
}

static double now_d(void)
{
	return (double)ptr_now_ns();
}

/* floor_ns - ns per syscall of the minimal tracer (ptrace_floor.c's loop). */
static double floor_ns(long n)
{
	struct user_regs_struct r;
	long k = 0;
	double t0;
	int st;
	pid_t c = fork();

	if (c == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		for (long i = 0; i < n; i++)
			syscall(SYS_getpid);
		syscall(SYS_exit_group, 0);
	}
	/* SIGCHLD is blocked here: waitpid still works */
	waitpid(c, &st, 0);
	ptrace(PTRACE_SETOPTIONS, c, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL);
	t0 = now_d();
	for (;;) {
		ptrace(PTRACE_SYSEMU, c, 0, 0);
		if (waitpid(c, &st, __WALL) < 0 || WIFEXITED(st))
			break;
		ptrace(PTRACE_GETREGS, c, 0, &r);
		if (r.orig_rax == SYS_exit_group) {
			kill(c, SIGKILL);
			waitpid(c, &st, 0);
			break;
		}
		r.rax = r.orig_rax == SYS_getpid ? 1 : -38;
		ptrace(PTRACE_SETREGS, c, 0, &r);
		k++;
	}
	/* drop the SIGCHLDs this generated */
	while (sigtimedwait(vmm_signals_set(), NULL, &(struct timespec){0}) > 0)
		;
	return k ? (now_d() - t0) / k : 0;
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 5000;
	struct vmm_error *err = NULL;

	/* The platform blocks SIGTERM, so timeout(1) cannot end a hang. */
	alarm(180);
	struct platform_as *as, *as2;
	struct platform_ctx *ctx, *ctx2;
	struct user_regs r;
	struct trap_info t;
	static u8 fpu[PTR_FPU_MAX], fpu2[PTR_FPU_MAX];
	char path[64];
	long count = 0;
	double t0, per, fl;
	int memfd, e, lines = 0;
	pid_t pid;

	printf("1..26\n");
	if (vmm_signals_setup() < 0)
		return 1;
	memfd = memfd_create("vmm-pmem", MFD_CLOEXEC);
	if (memfd < 0 || ftruncate(memfd, MEM_SIZE) < 0)
		return 1;
	pmem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
	if (pmem == MAP_FAILED)
		return 1;
	memcpy(pmem + CODE_PA, code_loop, sizeof(code_loop));
	memcpy(pmem + CODE_PA + 0x40, code_store, sizeof(code_store));
	memcpy(pmem + CODE_PA + 0x80, "\xeb\xfe", 2);	/* jmp . */
	*(u64 *)(pmem + DATA_PA) = 0x1234;

	e = ptr_init(memfd, &err);
	ok(e == 0, "template stub created%s%s", err ? ": " : "", err ? err->msg : "");
	if (e < 0)
		return 1;

	e = ptr_as_create(0, &as);
	ok(e == 0 && as->pid > 0, "as_create forks a stub (pid %d)", e ? -1 : as->pid);
	if (e < 0)
		return 1;
	e = maps_clean(as->pid, &lines);
	ok(e, "new stub maps only its stub pages (%d lines)", lines);
	snprintf(path, sizeof(path), "/proc/%d/fd", as->pid);
	ok(count_entries(path) == 1, "new stub holds only the memory fd");

	e = ptr_as_map(as, CODE_VA, CODE_PA, 4096, PROT_READ | PROT_EXEC);
	ok(e == 0, "as_map code page (%d)", e);
	ok(ptr_as_map(as, CODE_VA + 1, CODE_PA, 4096, PROT_READ) == -EINVAL,
	   "as_map rejects an unaligned address");
	ok(ptr_as_map(as, PTR_STUB_ADDR, CODE_PA, 4096, PROT_READ) == -EINVAL,
	   "as_map rejects the stub's range");
	e = ptr_ctx_create(as, on_stopped, NULL, &ctx);
	ok(e == 0, "ctx_create");
	/* a second ctx is another thread of the same stub: same mappings */
	e = ptr_ctx_create(as, on_stopped, NULL, &ctx2);
	ok(e == 0 && ctx2->pid != ctx->pid && ctx2->tgid == as->pid,
	   "a second ctx on one as is another thread of the stub");
	if (e == 0) {
		r = start_regs(CODE_VA);
		r.rbx = 1;
		e = run(ctx2, &r, &t);
		ok(e == 0 && t.kind == TRAP_SYSCALL && r.orig_rax == SYS_getpid,
		   "the second ctx runs the same code page");
		ptr_ctx_destroy(ctx2);
	}

	/* getpid loop: every syscall comes back as TRAP_SYSCALL */
	r = start_regs(CODE_VA);
	r.rbx = iters;
	t0 = now_d();
	for (;;) {
		e = run(ctx, &r, &t);
		if (e < 0 || t.kind != TRAP_SYSCALL || r.orig_rax != SYS_getpid)
			break;
		count++;
		r.rax = 4242;
	}
	per = count ? (now_d() - t0) / count : 0;
	ok(count == iters, "%ld getpid syscalls emulated (%.0f ns each)", count, per);
	ok(e == 0 && t.kind == TRAP_FAULT && t.addr == DATA_VA && t.access == 0,
	   "unmapped load: TRAP_FAULT at %#llx access %d", (unsigned long long)t.addr,
	   t.access);
	e = ptr_as_map(as, DATA_VA, DATA_PA, 4096, PROT_READ);
	e = e ?: run(ctx, &r, &t);
	ok(e == 0 && t.kind == TRAP_SYSCALL && r.orig_rax == SYS_exit_group &&
	   r.rdi == 0x1234, "after as_map the load sees physical memory (%#llx)",
	   (unsigned long long)r.rdi);
	e = run(ctx, &r, &t);
	ok(e == 0 && t.kind == TRAP_EXCEPTION && t.signo == SIGILL,
	   "ud2: TRAP_EXCEPTION SIGILL (signo %d)", t.signo);

	/* store to a read-only page, then as_protect */
	r = start_regs(CODE_VA + 0x40);
	r.rax = 0x5678;
	e = run(ctx, &r, &t);
	ok(e == 0 && t.kind == TRAP_FAULT && t.addr == DATA_VA &&
	   t.access == PROT_WRITE, "store to read-only: TRAP_FAULT write");
	e = ptr_as_protect(as, DATA_VA - 0x10000, 0x20000, PROT_READ | PROT_WRITE);
	e = e ?: run(ctx, &r, &t);
	ok(e == 0 && t.kind == TRAP_SYSCALL &&
	   *(volatile u64 *)(pmem + DATA_PA) == 0x5678,
	   "as_protect over holes, then the store reaches the memory file");

	/* FPU state round trip */
	e = ptr_ctx_get_fpu(ctx, fpu);
	memset(fpu + 160, 0xa5, 16);		/* xmm0 */
	e = e ?: ptr_ctx_set_fpu(ctx, fpu);
	e = e ?: ptr_ctx_get_fpu(ctx, fpu2);
	ok(e == 0 && memcmp(fpu2 + 160, fpu + 160, 16) == 0,
	   "FPU get/set round trip");
	if (e || memcmp(fpu2 + 160, fpu + 160, 16))
		printf("# error %d, xmm0 byte read back 0x%02x\n", e, fpu2[160]);

	/* a host signal interrupts user code that never traps */
	r = start_regs(CODE_VA + 0x80);
	stopped = 0;
	e = ptr_ctx_run(ctx, &r, &t);
	kill(getpid(), SIGINT);
	ptr_idle(ptr_now_ns() + 5000000000ULL);
	ok(ptr_host_signal() == SIGINT && ptr_host_signal() == 0,
	   "SIGINT to the host is handed out once by host_signal");
	while (!stopped && e == -EINPROGRESS)
		ptr_idle(ptr_now_ns() + 5000000000ULL);
	e = ptr_ctx_collect(ctx, &r, &t);
	ok(e == 0 && t.kind == TRAP_INTERRUPT && r.rip == CODE_VA + 0x80,
	   "the spinning context stops with TRAP_INTERRUPT");
	/* a pending interrupt does not disturb the next injected syscall */
	ptr_ctx_interrupt(ctx);
	ok(ptr_as_map(as, DATA_VA, DATA_PA, 4096, PROT_READ | PROT_WRITE) == 0,
	   "as_map works right after an interrupt request");

	/* a second address space is separate */
	e = ptr_as_create(0, &as2);
	e = e ?: ptr_ctx_create(as2, on_stopped, NULL, &ctx2);
	r = start_regs(CODE_VA);
	e = e ?: run(ctx2, &r, &t);
	ok(e == 0 && t.kind == TRAP_FAULT && t.addr == CODE_VA && t.access == PROT_EXEC,
	   "second stub has nothing mapped: exec fault at %#llx",
	   (unsigned long long)t.addr);

	/* unmap: the code page is gone */
	e = ptr_as_unmap(as, CODE_VA, 4096);
	r = start_regs(CODE_VA);
	e = e ?: run(ctx, &r, &t);
	ok(e == 0 && t.kind == TRAP_FAULT && t.addr == CODE_VA, "as_unmap removes the mapping");

	/* a stub killed behind our back: ctx dead, as_map -ESRCH */
	kill(as2->pid, SIGKILL);
	r = start_regs(CODE_VA);
	e = run(ctx2, &r, &t);
	ok(e == -ESRCH, "killed stub: ctx_collect/ctx_run -ESRCH (%d)", e);
	ok(ptr_as_map(as2, CODE_VA, CODE_PA, 4096, PROT_READ) == -ESRCH,
	   "killed stub: as_map -ESRCH");
	ptr_ctx_destroy(ctx2);
	ptr_as_destroy(as2);

	/* shutdown leaves nothing behind */
	pid = as->pid;
	ptr_ctx_destroy(ctx);
	ptr_fini();
	ok(kill(pid, 0) < 0 && errno == ESRCH, "ptr_fini killed and reaped every stub");
	ok(waitpid(-1, NULL, __WALL | WNOHANG) < 0 && errno == ECHILD, "no child left");

	fl = floor_ns(iters);
	printf("# per syscall: platform %.0f ns, minimal tracer %.0f ns, ratio %.2f\n",
	       per, fl, fl > 0 ? per / fl : 0);
	return tap_fail ? 1 : 0;
}
