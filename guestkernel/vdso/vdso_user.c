// SPDX-License-Identifier: MIT
/*
 * vdso_user.c - the vDSO's code: runs in the application (ring 3) and
 * reads the TSC and the data page instead of making a system call.
 * Clocks it does not handle, or any clock when the data page says the
 * TSC is not usable, fall back to the real system call. Freestanding,
 * position independent, no relocations: built into vdso.so only.
 */
#include <linux/time.h>
#include <asm/unistd.h>

#include "vdso/vdso_data.h"

struct timezone;
struct getcpu_cache;

/* The data page, one page below the image (vdso.lds). */
extern const struct vdso_data vdso_data_page __attribute__((visibility("hidden")));

#define NSEC_PER_SEC 1000000000ULL

static long vdso_syscall2(long nr, long a0, long a1)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1)
			 : "rcx", "r11", "memory");
	return ret;
}

static long vdso_syscall3(long nr, long a0, long a1, long a2)
{
	long ret;

	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a0), "S"(a1), "d"(a2)
			 : "rcx", "r11", "memory");
	return ret;
}

static unsigned long long vdso_rdtsc(void)
{
	unsigned int lo, hi;

	/* ordered after earlier loads, like Linux's rdtsc_ordered */
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return ((unsigned long long)hi << 32) | lo;
}

static unsigned long long vdso_since_ref(const volatile struct vdso_data *d)
{
	unsigned long long t = vdso_rdtsc(), ref = d->ref_tsc;

	if (t < ref)
		return 0;
	return (unsigned long long)(((unsigned __int128)(t - ref) * d->mult) >> 32);
}

/* The clock's value in ns, or -1 when the vDSO does not handle it. */
static long long vdso_clock_ns(int clk)
{
	const volatile struct vdso_data *d = &vdso_data_page;

	if (d->version != VDSO_DATA_VERSION || !(d->flags & VDSO_F_CLOCKS))
		return -1;
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_TAI:
		return (long long)(d->real_ns + vdso_since_ref(d));
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		return (long long)(d->mono_ns + vdso_since_ref(d));
	default:
		return -1;
	}
}

/*
 * The exported entry points. The object is built with -fvisibility=hidden
 * (nothing else may reach .dynsym); these must be default visibility or
 * the version script's global list finds no symbol to export and glibc's
 * lookup of __vdso_clock_gettime@LINUX_2.6 fails, silently falling back
 * to the system call.
 */
#define VDSO_EXPORT __attribute__((visibility("default")))

VDSO_EXPORT int __vdso_clock_gettime(int clk, struct timespec *ts);
VDSO_EXPORT int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz);
VDSO_EXPORT long __vdso_time(long *t);
VDSO_EXPORT long __vdso_getcpu(unsigned int *cpu, unsigned int *node,
			       struct getcpu_cache *c);
VDSO_EXPORT int __vdso_clock_getres(int clk, struct timespec *res);

/* __vdso_clock_gettime - clock_gettime(2) without a system call. */
int __vdso_clock_gettime(int clk, struct timespec *ts)
{
	long long ns = vdso_clock_ns(clk);

	if (ns < 0)
		return (int)vdso_syscall2(__NR_clock_gettime, clk, (long)ts);
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
	return 0;
}

/* __vdso_gettimeofday - gettimeofday(2); a time zone is left to the kernel. */
int __vdso_gettimeofday(struct timeval *tv, struct timezone *tz)
{
	long long ns;

	if (tz)
		return (int)vdso_syscall2(__NR_gettimeofday, (long)tv, (long)tz);
	ns = vdso_clock_ns(CLOCK_REALTIME);
	if (ns < 0)
		return (int)vdso_syscall2(__NR_gettimeofday, (long)tv, 0);
	if (tv) {
		tv->tv_sec = ns / NSEC_PER_SEC;
		tv->tv_usec = (ns % NSEC_PER_SEC) / 1000;
	}
	return 0;
}

/* __vdso_time - time(2). */
long __vdso_time(long *t)
{
	long long ns = vdso_clock_ns(CLOCK_REALTIME);
	long sec;

	if (ns < 0)
		return vdso_syscall2(__NR_time, (long)t, 0);
	sec = ns / NSEC_PER_SEC;
	if (t)
		*t = sec;
	return sec;
}

/* __vdso_getcpu - getcpu(2): TSC_AUX holds the CPU number (sentry sets it). */
long __vdso_getcpu(unsigned int *cpu, unsigned int *node, struct getcpu_cache *c)
{
	const volatile struct vdso_data *d = &vdso_data_page;
	unsigned int lo, hi, aux;

	if (d->version != VDSO_DATA_VERSION || !(d->flags & VDSO_F_RDTSCP))
		return vdso_syscall3(__NR_getcpu, (long)cpu, (long)node, (long)c);
	__asm__ volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	if (cpu)
		*cpu = aux & 0xfff;
	if (node)
		*node = 0;
	return 0;
}

/* __vdso_clock_getres - clock_getres(2), matching the sentry's answers. */
int __vdso_clock_getres(int clk, struct timespec *res)
{
	const volatile struct vdso_data *d = &vdso_data_page;

	if (vdso_clock_ns(clk) < 0)
		return (int)vdso_syscall2(__NR_clock_getres, clk, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = (clk == CLOCK_REALTIME_COARSE ||
				clk == CLOCK_MONOTONIC_COARSE) ? d->coarse_res_ns : 1;
	}
	return 0;
}

/* The names without the __vdso_ prefix, as Linux's vDSO has them. */
VDSO_EXPORT int clock_gettime(int, struct timespec *)
	__attribute__((weak, alias("__vdso_clock_gettime")));
VDSO_EXPORT int gettimeofday(struct timeval *, struct timezone *)
	__attribute__((weak, alias("__vdso_gettimeofday")));
VDSO_EXPORT long time(long *) __attribute__((weak, alias("__vdso_time")));
VDSO_EXPORT long getcpu(unsigned int *, unsigned int *,
		       struct getcpu_cache *) __attribute__((weak, alias("__vdso_getcpu")));
VDSO_EXPORT int clock_getres(int, struct timespec *)
	__attribute__((weak, alias("__vdso_clock_getres")));
