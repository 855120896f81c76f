/* SPDX-License-Identifier: MIT */
/*
 * t_time - clocks and sleeping: CLOCK_MONOTONIC never goes back, sleeps
 * last at least as long as asked, CLOCK_REALTIME agrees with time() and
 * gettimeofday(), clock_getres, bad arguments.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long mono(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return ns(&t);
}

int main(void)
{
	struct timespec a, b, req, res;
	struct timeval tv;
	long long t0, t1;
	int i, mono_ok = 1;
	time_t now;

	ok_sys(clock_gettime(CLOCK_MONOTONIC, &a), "clock_gettime MONOTONIC");
	ok(a.tv_nsec >= 0 && a.tv_nsec < 1000000000, "tv_nsec in range");
	for (i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		if (ns(&b) < ns(&a))
			mono_ok = 0;
		a = b;
	}
	ok(mono_ok, "CLOCK_MONOTONIC never goes back");
	ok(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b) == 0 && ns(&b) >= ns(&a),
	   "raw clock_gettime syscall agrees");

	t0 = mono();
	req.tv_sec = 0;
	req.tv_nsec = 10 * 1000 * 1000;
	ok_sys(nanosleep(&req, NULL), "nanosleep 10ms");
	t1 = mono();
	if (!ok(t1 - t0 >= 10000000LL, "nanosleep 10ms takes at least 10ms"))
		diag("took %lld ns", t1 - t0);
	ok(t1 - t0 < 5000000000LL, "and less than 5s");

	t0 = mono();
	usleep(20000);
	t1 = mono();
	ok(t1 - t0 >= 20000000LL, "usleep 20ms takes at least 20ms");

	clock_gettime(CLOCK_MONOTONIC, &req);
	req.tv_nsec += 15 * 1000 * 1000;
	if (req.tv_nsec >= 1000000000) {
		req.tv_sec++;
		req.tv_nsec -= 1000000000;
	}
	ok(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &req, NULL) == 0,
	   "clock_nanosleep TIMER_ABSTIME");
	ok(mono() >= ns(&req), "woke at or after the deadline");

	ok_sys(clock_gettime(CLOCK_REALTIME, &a), "clock_gettime REALTIME");
	ok(a.tv_sec > 1577836800, "realtime is after 2020");
	now = time(NULL);
	/* time() reads the coarse clock: up to a tick behind, so it may
	 * still show the previous second right after a.tv_sec began */
	ok(now >= a.tv_sec - 1 && now - a.tv_sec < 5, "time() agrees");
	ok_sys(gettimeofday(&tv, NULL), "gettimeofday");
	ok(tv.tv_sec >= a.tv_sec && tv.tv_sec - a.tv_sec < 5 &&
	   tv.tv_usec >= 0 && tv.tv_usec < 1000000, "gettimeofday agrees");

	ok(clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
	   res.tv_nsec > 0 && res.tv_nsec <= 10000000,
	   "clock_getres MONOTONIC is at most 10ms");
	ok(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a) == 0, "process CPU clock");
	ok(clock_gettime(CLOCK_BOOTTIME, &a) == 0, "CLOCK_BOOTTIME");
	ok_errno(syscall(SYS_clock_gettime, 12345, &a), EINVAL,
		 "bad clock id is EINVAL");
	ok_errno(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8), EFAULT,
		 "bad pointer is EFAULT");
	req.tv_sec = 0;
	req.tv_nsec = 1000000000;
	ok_errno(nanosleep(&req, NULL), EINVAL, "tv_nsec of 1e9 is EINVAL");
	return done();
}
