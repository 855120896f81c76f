// SPDX-License-Identifier: MIT
/*
 * t_avx.c - the full AVX state (all 16 ymm registers, upper halves
 * included) of a process survives what the kernel does around it: a
 * context switch to another process that clobbers its own ymm registers
 * (sched_yield), fork (the child starts with the parent's registers) and
 * a signal handler that clobbers them (the signal frame saves and
 * restores them). Skipped where the CPU or OS has no AVX.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define NREGS 16
#define REGBYTES (NREGS * 32)

#define YMM_LOAD(n) "vmovdqu " #n "*32(%[in]), %%ymm" #n "\n\t"
#define YMM_STORE(n) "vmovdqu %%ymm" #n ", " #n "*32(%[out])\n\t"
#define YMM_ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) \
	M(8) M(9) M(10) M(11) M(12) M(13) M(14) M(15)
#define YMM_CLOBBERS "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", \
	"xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"

/*
 * Load ymm0-15 from @in, make system call @nr(@a0, @a1) with nothing
 * else touching them, store them to @out. Returns the call's result.
 */
static long ymm_syscall(const uint8_t *in, uint8_t *out, long nr, long a0, long a1)
{
	long ret;

	__asm__ volatile(YMM_ALL(YMM_LOAD) "syscall\n\t" YMM_ALL(YMM_STORE)
			 : "=a"(ret)
			 : "a"(nr), "D"(a0), "S"(a1), [in] "r"(in), [out] "r"(out)
			 : "rcx", "r11", "memory", YMM_CLOBBERS);
	return ret;
}

static void ymm_set_all(const uint8_t *in)
{
	__asm__ volatile(YMM_ALL(YMM_LOAD) : : [in] "r"(in) : "memory", YMM_CLOBBERS);
}

static int have_avx(void)
{
	unsigned int a, b, c, d, lo, hi;

	if (!__get_cpuid(1, &a, &b, &c, &d))
		return 0;
	if (!(c & bit_AVX) || !(c & bit_OSXSAVE))
		return 0;
	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

static uint8_t pattern[REGBYTES] __attribute__((aligned(32)));
static uint8_t junk[REGBYTES] __attribute__((aligned(32)));
static uint8_t got[REGBYTES] __attribute__((aligned(32)));

static void on_usr1(int sig)
{
	(void)sig;
	ymm_set_all(junk);	/* the handler's own use of the registers */
}

/* The clobbering process: its ymm registers hold junk across yields. */
static void clobber_loop(int rounds)
{
	static uint8_t mine[REGBYTES] __attribute__((aligned(32)));

	for (int i = 0; i < rounds; i++)
		ymm_syscall(junk, mine, SYS_sched_yield, 0, 0);
	_exit(memcmp(mine, junk, REGBYTES) == 0 ? 0 : 1);
}

int main(void)
{
	int status = 0, kept = 1;
	pid_t pid;
	long r;

	if (!have_avx()) {
		ok(1, "# SKIP no AVX on this CPU/OS");
		return done();
	}
	for (int i = 0; i < REGBYTES; i++) {
		pattern[i] = (uint8_t)(i * 7 + 1);
		junk[i] = (uint8_t)(0xa5 ^ i);
	}

	/* context switches against a process that clobbers its registers */
	pid = fork();
	if (pid == 0)
		clobber_loop(200);
	for (int i = 0; i < 200; i++) {
		memset(got, 0, sizeof(got));
		ymm_syscall(pattern, got, SYS_sched_yield, 0, 0);
		if (memcmp(got, pattern, REGBYTES))
			kept = 0;
	}
	ok(kept, "ymm0-15 kept across sched_yield");
	ok(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "the clobbering process kept its own ymm values");

	/* fork: the child's registers are the parent's */
	memset(got, 0, sizeof(got));
	r = ymm_syscall(pattern, got, SYS_fork, 0, 0);
	if (r == 0)
		_exit(memcmp(got, pattern, REGBYTES) == 0 ? 0 : 1);
	ok(r > 0 && memcmp(got, pattern, REGBYTES) == 0, "ymm0-15 kept across fork in the parent");
	ok(r > 0 && waitpid((pid_t)r, &status, 0) == r && WIFEXITED(status) &&
	   WEXITSTATUS(status) == 0, "the fork child starts with the parent's ymm0-15");

	/* a signal handler that clobbers them */
	signal(SIGUSR1, on_usr1);
	memset(got, 0, sizeof(got));
	ymm_syscall(pattern, got, SYS_kill, getpid(), SIGUSR1);
	ok(memcmp(got, pattern, REGBYTES) == 0,
	   "ymm0-15 restored after a signal handler clobbered them");
	return done();
}
