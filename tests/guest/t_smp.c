// SPDX-License-Identifier: MIT
/*
 * t_smp.c - several CPUs: the CPU count agrees everywhere a program can
 * read it, getcpu stays in range, threads spinning on a shared counter
 * all make progress, a futex ping-pong between threads works, and a page
 * unmapped or protected by one thread faults in another thread right
 * after the call returns (TLB shootdown).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "gtap.h"

#define SPINNERS_MAX 8
#define PINGPONG_ROUNDS 2000
#define WAIT_SEC 20

static long ncpus;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* "0-3" or "0" (or "0,2-3"): the number of CPUs in a sysfs list. */
static long count_cpulist(const char *s)
{
	long n = 0;

	while (*s && *s != '\n') {
		char *end;
		long a = strtol(s, &end, 10), b = a;

		if (end == s)
			return -1;
		s = end;
		if (*s == '-') {
			b = strtol(s + 1, &end, 10);
			s = end;
		}
		n += b - a + 1;
		if (*s == ',')
			s++;
	}
	return n;
}

/* Lines of @path starting with @prefix (then a digit or a space/tab). */
static long count_lines(const char *path, const char *prefix)
{
	char line[512];
	size_t n = strlen(prefix);
	long c = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, prefix, n) == 0 &&
		    (line[n] == ' ' || line[n] == '\t' ||
		     (line[n] >= '0' && line[n] <= '9')))
			c++;
	fclose(f);
	return c;
}

static void test_count(void)
{
	cpu_set_t set;
	char buf[128] = "";
	long onln = sysconf(_SC_NPROCESSORS_ONLN), sysn;
	FILE *f;
	int aff;

	CPU_ZERO(&set);
	ok(sched_getaffinity(0, sizeof(set), &set) == 0, "sched_getaffinity");
	aff = CPU_COUNT(&set);
	ncpus = aff;
	ok(aff >= 1 && aff == onln, "affinity count == _SC_NPROCESSORS_ONLN");
	/* a bundle may have no /sys: then only /proc is compared */
	f = fopen("/sys/devices/system/cpu/online", "r");
	sysn = aff;
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		sysn = count_cpulist(buf);
	}
	ok(sysn == aff, "/sys/devices/system/cpu/online has the same count");
	if (sysn != aff)
		diag("online '%s' affinity %d", buf, aff);
	ok(count_lines("/proc/cpuinfo", "processor") == aff,
	   "/proc/cpuinfo lists as many processors");
	ok(count_lines("/proc/stat", "cpu") - 1 == aff,
	   "/proc/stat has a cpuN line per CPU");
}

static void test_getcpu(void)
{
	unsigned int cpu = ~0U, node = ~0U;
	int c = sched_getcpu();

	ok(c >= 0 && c < ncpus, "sched_getcpu (vDSO) < CPU count");
	ok(syscall(SYS_getcpu, &cpu, &node, NULL) == 0 && cpu < (unsigned int)ncpus,
	   "getcpu syscall < CPU count");
}

static atomic_long shared_count;
static atomic_int spin_stop;
static atomic_long spin_own[SPINNERS_MAX];

static void *spinner(void *arg)
{
	long i = (long)arg;

	while (!atomic_load(&spin_stop)) {
		atomic_fetch_add(&shared_count, 1);
		atomic_fetch_add(&spin_own[i], 1);
	}
	return NULL;
}

static void test_spinners(void)
{
	pthread_t th[SPINNERS_MAX];
	long n = ncpus + 1, i;
	int all = 0;
	double t0 = now_s();

	if (n > SPINNERS_MAX)
		n = SPINNERS_MAX;
	for (i = 0; i < n; i++)
		pthread_create(&th[i], NULL, spinner, (void *)i);
	while (!all && now_s() - t0 < WAIT_SEC) {
		all = 1;
		for (i = 0; i < n; i++)
			if (atomic_load(&spin_own[i]) < 1000)
				all = 0;
		if (!all)
			sched_yield();
	}
	atomic_store(&spin_stop, 1);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	ok(all, "every spinning thread made progress");
	{
		long sum = 0;

		for (i = 0; i < n; i++)
			sum += atomic_load(&spin_own[i]);
		ok(sum == atomic_load(&shared_count), "shared atomic counter is exact");
	}
}

static atomic_int pp_word;

static long futex(atomic_int *w, int op, int val)
{
	return syscall(SYS_futex, w, op, val, NULL, NULL, 0);
}

/* Wait until the word is @want, then set it to @next and wake the other. */
static void pp_step(int want, int next)
{
	int v;

	while ((v = atomic_load(&pp_word)) != want)
		futex(&pp_word, FUTEX_WAIT_PRIVATE, v);
	atomic_store(&pp_word, next);
	futex(&pp_word, FUTEX_WAKE_PRIVATE, 1);
}

static void *ponger(void *arg)
{
	(void)arg;
	for (int i = 0; i < PINGPONG_ROUNDS; i++)
		pp_step(1, 2);
	return NULL;
}

static void test_pingpong(void)
{
	pthread_t th;
	int i;

	atomic_store(&pp_word, 0);
	pthread_create(&th, NULL, ponger, NULL);
	for (i = 0; i < PINGPONG_ROUNDS; i++) {
		atomic_store(&pp_word, 1);
		futex(&pp_word, FUTEX_WAKE_PRIVATE, 1);
		{
			int v;

			while ((v = atomic_load(&pp_word)) != 2)
				futex(&pp_word, FUTEX_WAIT_PRIVATE, v);
		}
	}
	pthread_join(th, NULL);
	ok(i == PINGPONG_ROUNDS && atomic_load(&pp_word) == 2,
	   "futex ping-pong between two threads, %d rounds", PINGPONG_ROUNDS);
}

/* TLB shootdown: a toucher thread uses a page while the main thread takes it away. */
static volatile char *victim;
static atomic_int gone;		/* set once munmap/mprotect returned */
static atomic_int touching;	/* the toucher has used the page */
static atomic_int stale_use;	/* used the page after `gone` was seen */
static atomic_int faulted;
static int touch_write;
static __thread sigjmp_buf touch_jmp;

static void on_segv(int sig)
{
	(void)sig;
	atomic_store(&faulted, 1);
	siglongjmp(touch_jmp, 1);
}

static void *toucher(void *arg)
{
	double t0 = now_s();

	(void)arg;
	if (sigsetjmp(touch_jmp, 1))
		return NULL;
	while (now_s() - t0 < WAIT_SEC) {
		int seen = atomic_load(&gone);

		if (touch_write)
			victim[64] = 1;
		else
			(void)victim[64];
		if (seen)
			atomic_store(&stale_use, 1);
		atomic_store(&touching, 1);
	}
	return NULL;
}

static void test_shootdown(const char *what, int write, int use_munmap)
{
	struct sigaction sa;
	pthread_t th;
	double t0;
	int r;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_segv;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGSEGV, &sa, NULL);
	victim = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (victim == MAP_FAILED) {
		ok(0, "%s: mmap", what);
		return;
	}
	victim[64] = 1;
	atomic_store(&gone, 0);
	atomic_store(&touching, 0);
	atomic_store(&stale_use, 0);
	atomic_store(&faulted, 0);
	touch_write = write;
	pthread_create(&th, NULL, toucher, NULL);
	t0 = now_s();
	while (!atomic_load(&touching) && now_s() - t0 < WAIT_SEC)
		sched_yield();
	/* let it run on its CPU with the page in its TLB for a moment */
	for (int i = 0; i < 1000; i++)
		atomic_load(&touching);
	if (use_munmap)
		r = munmap((void *)victim, 4096);
	else
		r = mprotect((void *)victim, 4096, write ? PROT_READ : PROT_NONE);
	atomic_store(&gone, 1);
	pthread_join(th, NULL);
	ok(r == 0 && atomic_load(&faulted) && !atomic_load(&stale_use),
	   "%s: the other thread faults right after it returns", what);
	if (!use_munmap)
		munmap((void *)victim, 4096);
	signal(SIGSEGV, SIG_DFL);
}

int main(void)
{
	test_count();
	test_getcpu();
	test_spinners();
	test_pingpong();
	test_shootdown("munmap", 0, 1);
	test_shootdown("mprotect PROT_NONE", 0, 0);
	test_shootdown("mprotect PROT_READ vs writes", 1, 0);
	return done();
}
