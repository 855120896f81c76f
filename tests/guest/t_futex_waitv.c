/* SPDX-License-Identifier: MIT */
/*
 * t_futex_waitv - futex_waitv(2): argument checks (flags, count, clock,
 * per-waiter size/flags/reserved/value, alignment, bad pointers), EAGAIN
 * on a changed word, absolute timeouts on both clocks, the index of the
 * futex woken by FUTEX_WAKE (private and shared across fork), and EINTR.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
#define F2_U32 0x02
#define F2_PRIVATE 128

struct waitv {
	uint64_t val;
	uint64_t uaddr;
	uint32_t flags;
	uint32_t reserved;
};

static uint32_t words[4];
static struct waitv wv[129];

static long waitv(struct waitv *w, unsigned int n, unsigned int flags,
		  struct timespec *ts, int clk)
{
	return syscall(SYS_futex_waitv, w, n, flags, ts, clk);
}

static void set(struct waitv *w, uint32_t *addr, uint64_t val, uint32_t flags)
{
	w->val = val;
	w->uaddr = (uintptr_t)addr;
	w->flags = flags;
	w->reserved = 0;
}

/* An absolute timeout @ms from now on @clk. */
static struct timespec in_ms(int clk, long ms)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	ts.tv_nsec += ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return ts;
}

static void test_checks(void)
{
	struct timespec ts = in_ms(CLOCK_MONOTONIC, 10);
	void *hole;

	for (int i = 0; i < 4; i++)
		set(&wv[i], &words[i], 0, F2_U32 | F2_PRIVATE);
	ok_errno(waitv(wv, 1, 1, NULL, 0), EINVAL, "flags are EINVAL");
	ok_errno(waitv(wv, 0, 0, NULL, 0), EINVAL, "no waiters is EINVAL");
	ok_errno(waitv(wv, 129, 0, NULL, 0), EINVAL, "129 waiters is EINVAL");
	ok_errno(waitv(NULL, 1, 0, NULL, 0), EINVAL, "a NULL array is EINVAL");
	ok_errno(waitv(wv, 1, 0, &ts, CLOCK_BOOTTIME), EINVAL,
		 "a timeout on CLOCK_BOOTTIME is EINVAL");
	ok_errno(waitv(wv, 1, 0, (struct timespec *)8, CLOCK_MONOTONIC), EFAULT,
		 "a bad timeout pointer is EFAULT");
	hole = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ok_errno(waitv(hole, 1, 0, NULL, 0), EFAULT,
		 "an unreadable array is EFAULT");

	wv[1].flags = F2_PRIVATE;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EINVAL, "an 8-bit futex is EINVAL");
	wv[1].flags = 0x03 | F2_PRIVATE;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EINVAL, "a 64-bit futex is EINVAL");
	wv[1].flags = F2_U32 | 0x10;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EINVAL, "an unknown flag is EINVAL");
	wv[1].flags = F2_U32;
	wv[1].reserved = 1;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EINVAL,
		 "a nonzero reserved field is EINVAL");
	wv[1].reserved = 0;
	wv[1].val = 1ULL << 32;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EINVAL,
		 "a value wider than 32 bits is EINVAL");
	wv[1].val = 0;
	words[0] = 5;
	wv[1].uaddr = (uintptr_t)words + 2;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EINVAL,
		 "a misaligned futex is EINVAL (before the values)");
	wv[1].uaddr = (uintptr_t)hole;
	words[0] = 0;
	ok_errno(waitv(wv, 2, 0, NULL, 0), EFAULT, "an unmapped futex is EFAULT");
	set(&wv[1], &words[1], 0, F2_U32);
	words[2] = 7;
	ok_errno(waitv(wv, 3, 0, NULL, CLOCK_BOOTTIME), EAGAIN,
		 "a changed word is EAGAIN (clock unchecked without timeout)");
	words[2] = 0;
	munmap(hole, 4096);
}

static void test_timeouts(void)
{
	struct timespec ts = in_ms(CLOCK_MONOTONIC, 20);

	ok_errno(waitv(wv, 4, 0, &ts, CLOCK_MONOTONIC), ETIMEDOUT,
		 "an absolute CLOCK_MONOTONIC timeout expires");
	ts = in_ms(CLOCK_REALTIME, 20);
	ok_errno(waitv(wv, 4, 0, &ts, CLOCK_REALTIME), ETIMEDOUT,
		 "an absolute CLOCK_REALTIME timeout expires");
	ts.tv_sec = 0;
	ts.tv_nsec = 0;
	ok_errno(waitv(wv, 4, 0, &ts, CLOCK_MONOTONIC), ETIMEDOUT,
		 "a timeout in the past expires at once");
	ts.tv_sec = -1;
	ok_errno(waitv(wv, 4, 0, &ts, CLOCK_MONOTONIC), EINVAL,
		 "a negative timeout is EINVAL");
	ts.tv_sec = 0;
	ts.tv_nsec = 1000000000;
	ok_errno(waitv(wv, 4, 0, &ts, CLOCK_MONOTONIC), EINVAL,
		 "a timeout with tv_nsec out of range is EINVAL");
	wv[0].flags = F2_U32 | F2_PRIVATE | 0x04 | 0x08;
	ts.tv_nsec = 0;
	ok_errno(waitv(wv, 4, 0, &ts, CLOCK_MONOTONIC), ETIMEDOUT,
		 "FUTEX2_NUMA and FUTEX2_MPOL are accepted");
	wv[0].flags = F2_U32 | F2_PRIVATE;
	for (int i = 0; i < 128; i++)
		set(&wv[i], &words[i % 4], 0, F2_U32 | F2_PRIVATE);
	ts = in_ms(CLOCK_MONOTONIC, 5);
	ok_errno(waitv(wv, 128, 0, &ts, CLOCK_MONOTONIC), ETIMEDOUT,
		 "128 waiters are accepted");
}

static volatile long thread_ret = -2;

static void *waiter(void *arg)
{
	(void)arg;
	thread_ret = waitv(wv, 4, 0, NULL, 0);
	return NULL;
}

static long wake(uint32_t *addr, int private)
{
	return syscall(SYS_futex, addr,
		       FUTEX_WAKE | (private ? FUTEX_PRIVATE_FLAG : 0), 1,
		       NULL, NULL, 0);
}

static void test_wake_thread(void)
{
	pthread_t th;
	long n = 0;

	for (int i = 0; i < 4; i++)
		set(&wv[i], &words[i], 0, F2_U32 | F2_PRIVATE);
	pthread_create(&th, NULL, waiter, NULL);
	for (int i = 0; i < 2000 && n == 0; i++) {
		usleep(1000);
		n = wake(&words[2], 1);
	}
	pthread_join(th, NULL);
	ok(n == 1 && thread_ret == 2,
	   "FUTEX_WAKE of the third futex returns index 2");
}

static void test_wake_shared(void)
{
	uint32_t *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	struct waitv w[2];
	long n = 0;
	int st = -1;
	pid_t pid;

	sh[0] = sh[1] = 0;
	set(&w[0], &sh[0], 0, F2_U32);
	set(&w[1], &sh[1], 0, F2_U32);
	pid = fork();
	if (pid == 0)
		_exit((int)waitv(w, 2, 0, NULL, 0) + 10);
	for (int i = 0; i < 2000 && n == 0; i++) {
		usleep(1000);
		n = wake(&sh[1], 0);
	}
	waitpid(pid, &st, 0);
	ok(n == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 11,
	   "a shared futex woken by another process returns its index");
	munmap(sh, 4096);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_eintr(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 20000 } };

	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	set(&wv[0], &words[0], 0, F2_U32 | F2_PRIVATE);
	ok_errno(waitv(wv, 1, 0, NULL, 0), EINTR,
		 "a handled signal interrupts the wait with EINTR");
}

int main(void)
{
	test_checks();
	test_timeouts();
	test_wake_thread();
	test_wake_shared();
	test_eintr();
	return done();
}
