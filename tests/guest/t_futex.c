/* SPDX-License-Identifier: MIT */
/*
 * t_futex - the futex system call: WAIT/WAKE, value mismatch, relative
 * and absolute timeouts (both clocks), bitsets, REQUEUE/CMP_REQUEUE,
 * WAKE_OP, interruption by a signal, shared futexes across fork,
 * robust mutexes whose owner died, and pthread_join's clear_child_tid.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

static long futex(void *uaddr, int op, uint32_t val, const void *ts_or_val2,
		  void *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, ts_or_val2, uaddr2, val3);
}

static uint32_t f1, f2;

struct waiter {
	uint32_t *addr;
	uint32_t val;
	int op;
	uint32_t bitset;
	atomic_int started;
	long ret;
	int err;
};

static void *wait_thread(void *arg)
{
	struct waiter *w = arg;

	atomic_store(&w->started, 1);
	w->ret = futex(w->addr, w->op, w->val, NULL, NULL, w->bitset);
	w->err = errno;
	return NULL;
}

static void start_waiter(pthread_t *th, struct waiter *w, uint32_t *addr,
			 int op, uint32_t bitset)
{
	w->addr = addr;
	w->val = *addr;
	w->op = op;
	w->bitset = bitset;
	atomic_store(&w->started, 0);
	pthread_create(th, NULL, wait_thread, w);
	while (!atomic_load(&w->started))
		usleep(1000);
	usleep(20000);		/* let it reach the kernel */
}

/* Wake until @n waiters were woken (a waiter may not be asleep yet). */
static long wake_n(uint32_t *addr, int n, int op, uint32_t bitset)
{
	long total = 0;

	for (int i = 0; i < 2000 && total < n; i++) {
		long r = futex(addr, op, n - (int)total, NULL, NULL, bitset);

		if (r > 0)
			total += r;
		else
			usleep(1000);
	}
	return total;
}

static double elapsed_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) + (t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_basic(void)
{
	struct timespec rel = { 0, 50000000 }, t0, abs;
	pthread_t th;
	struct waiter w;

	f1 = 1;
	ok_errno(futex(&f1, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0), EAGAIN,
		 "WAIT with a different value is EAGAIN");
	ok(futex(&f1, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0) == 0,
	   "WAKE with no waiter wakes 0");
	ok_errno(futex((char *)&f1 + 1, FUTEX_WAIT, 1, NULL, NULL, 0), EINVAL,
		 "an unaligned futex is EINVAL");
	ok_errno(futex((void *)8, FUTEX_WAIT, 1, NULL, NULL, 0), EFAULT,
		 "a bad address is EFAULT");
	ok_errno(futex(&f1, 99, 1, NULL, NULL, 0), ENOSYS,
		 "an unknown op is ENOSYS");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok_errno(futex(&f1, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), ETIMEDOUT,
		 "WAIT with a relative timeout times out");
	ok(elapsed_since(&t0) >= 0.045, "after the timeout elapsed");

	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok_errno(futex(&f1, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL,
		       FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
		 "WAIT_BITSET with an absolute monotonic deadline times out");
	ok(elapsed_since(&t0) >= 0.025, "at the deadline");

	clock_gettime(CLOCK_REALTIME, &abs);
	abs.tv_nsec += 30000000;
	if (abs.tv_nsec >= 1000000000) {
		abs.tv_sec++;
		abs.tv_nsec -= 1000000000;
	}
	ok_errno(futex(&f1, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1,
		       &abs, NULL, FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
		 "WAIT_BITSET with a CLOCK_REALTIME deadline times out");
	abs.tv_sec = 1;
	abs.tv_nsec = 0;
	ok_errno(futex(&f1, FUTEX_WAIT_BITSET_PRIVATE, 1, &abs, NULL,
		       FUTEX_BITSET_MATCH_ANY), ETIMEDOUT,
		 "a deadline in the past times out at once");
	rel.tv_nsec = 1000000000;
	ok_errno(futex(&f1, FUTEX_WAIT_PRIVATE, 1, &rel, NULL, 0), EINVAL,
		 "a bad timespec is EINVAL");

	start_waiter(&th, &w, &f1, FUTEX_WAIT_PRIVATE, 0);
	ok(wake_n(&f1, 1, FUTEX_WAKE_PRIVATE, 0) == 1, "WAKE wakes the waiter");
	pthread_join(th, NULL);
	ok(w.ret == 0, "and its WAIT returns 0");

	/* bitsets */
	start_waiter(&th, &w, &f1, FUTEX_WAIT_BITSET_PRIVATE, 0x1);
	ok(futex(&f1, FUTEX_WAKE_BITSET_PRIVATE, 1, NULL, NULL, 0x2) == 0,
	   "WAKE_BITSET with a disjoint bitset wakes nobody");
	ok(wake_n(&f1, 1, FUTEX_WAKE_BITSET_PRIVATE, 0x3) == 1,
	   "WAKE_BITSET with an overlapping bitset wakes it");
	pthread_join(th, NULL);
	ok_errno(futex(&f1, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0), EINVAL,
		 "WAIT_BITSET with an empty bitset is EINVAL");
}

static void test_requeue(void)
{
	pthread_t th[3];
	struct waiter w[3];

	f1 = 0;
	f2 = 0;
	for (int i = 0; i < 3; i++)
		start_waiter(&th[i], &w[i], &f1, FUTEX_WAIT_PRIVATE, 0);
	ok_errno(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1L, &f2, 5),
		 EAGAIN, "CMP_REQUEUE with a stale value is EAGAIN");
	ok(futex(&f1, FUTEX_CMP_REQUEUE_PRIVATE, 1, (void *)1L, &f2, 0) == 2,
	   "CMP_REQUEUE wakes 1 and requeues 1 (returns 2)");
	ok(futex(&f1, FUTEX_REQUEUE_PRIVATE, 0, (void *)8L, &f2, 0) == 1,
	   "REQUEUE moves the last waiter");
	ok(futex(&f1, FUTEX_WAKE_PRIVATE, 8, NULL, NULL, 0) == 0,
	   "nobody is left on the first futex");
	ok(wake_n(&f2, 2, FUTEX_WAKE_PRIVATE, 0) == 2,
	   "both requeued waiters are woken on the second");
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	ok(w[0].ret == 0 && w[1].ret == 0 && w[2].ret == 0, "all waits returned 0");
}

static void test_wake_op(void)
{
	pthread_t th[2];
	struct waiter w[2];
	/* *f2 = 1 (SET); wake f2's waiters if the old value was 0 */
	uint32_t op = FUTEX_OP(FUTEX_OP_SET, 1, FUTEX_OP_CMP_EQ, 0);

	f1 = 0;
	f2 = 0;
	start_waiter(&th[0], &w[0], &f1, FUTEX_WAIT_PRIVATE, 0);
	start_waiter(&th[1], &w[1], &f2, FUTEX_WAIT_PRIVATE, 0);
	ok(futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &f2, op) == 2,
	   "WAKE_OP wakes on both futexes when the comparison holds");
	ok(f2 == 1, "and applied the operation");
	for (int i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	op = FUTEX_OP(FUTEX_OP_ADD, 4, FUTEX_OP_CMP_EQ, 0);
	ok(futex(&f1, FUTEX_WAKE_OP_PRIVATE, 1, (void *)1L, &f2, op) == 0 &&
	   f2 == 5, "WAKE_OP ADD: no waiter, value updated");
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void test_eintr(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	struct timespec rel = { 10, 0 };
	pthread_t th;
	struct waiter w;

	sigaction(SIGUSR1, &sa, NULL);
	f1 = 0;
	w.addr = &f1;
	start_waiter(&th, &w, &f1, FUTEX_WAIT_PRIVATE, 0);
	pthread_kill(th, SIGUSR1);
	pthread_join(th, NULL);
	ok(w.ret == -1 && w.err == EINTR, "a signal interrupts WAIT with EINTR");
	(void)rel;
}

static void test_shared(void)
{
	uint32_t *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pid_t pid;
	int st = -1;
	long woken;

	if (!ok(shared != MAP_FAILED, "a shared page"))
		return;
	shared[0] = 0;
	shared[1] = 0;
	pid = fork();
	if (pid == 0) {
		struct timespec rel = { 10, 0 };

		__atomic_store_n(&shared[1], 1, __ATOMIC_SEQ_CST);
		_exit(futex(&shared[0], FUTEX_WAIT, 0, &rel, NULL, 0) == 0 ? 0 : 1);
	}
	while (!__atomic_load_n(&shared[1], __ATOMIC_SEQ_CST))
		usleep(1000);
	woken = wake_n(&shared[0], 1, FUTEX_WAKE, 0);
	waitpid(pid, &st, 0);
	ok(woken == 1 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a shared futex wakes a waiter in another process");
	munmap(shared, 4096);
}

static pthread_mutex_t robust;

static void *die_holding(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&robust);
	return NULL;		/* exits without unlocking */
}

static void test_robust(void)
{
	pthread_mutexattr_t a;
	pthread_t th;
	int r;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&th, NULL, die_holding, NULL);
	pthread_join(th, NULL);
	r = pthread_mutex_lock(&robust);
	ok(r == EOWNERDEAD, "a robust mutex whose owner died: EOWNERDEAD");
	if (r == EOWNERDEAD)
		pthread_mutex_consistent(&robust);
	ok(pthread_mutex_unlock(&robust) == 0, "made consistent and unlocked");
}

static void *slow(void *arg)
{
	usleep(30000);
	return arg;
}

static void test_join(void)
{
	pthread_t th;
	void *r = NULL;

	/* pthread_join sleeps on the tid word until clear_child_tid wakes it */
	pthread_create(&th, NULL, slow, (void *)77);
	ok(pthread_join(th, &r) == 0 && r == (void *)77,
	   "pthread_join wakes at the thread's exit");
}

int main(void)
{
	test_basic();
	test_requeue();
	test_wake_op();
	test_eintr();
	test_shared();
	test_robust();
	test_join();
	return done();
}
