// SPDX-License-Identifier: MIT
/*
 * t_cputime.c - CPU time accounting: CPU clocks advance while a thread
 * spins and not while it sleeps, getrusage/times/wait4/proc report it,
 * children's time shows up after wait, ITIMER_VIRTUAL/ITIMER_PROF and
 * POSIX CPU-clock timers fire during a busy loop without system calls.
 *
 * Every check is a lower or upper bound loose enough to hold natively on
 * a loaded machine: spins are bounded by CPU time (with a wall-clock cap),
 * not by wall time.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

#define MS 1000000LL

static int64_t clock_ns(clockid_t c)
{
	struct timespec ts;

	if (clock_gettime(c, &ts))
		return -1;
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int64_t tv_ns(const struct timeval *tv)
{
	return (int64_t)tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL;
}

static volatile sig_atomic_t got_vtalrm, got_prof, got_usr1, got_usr2;
static volatile unsigned long sink;

static void on_signal(int sig)
{
	if (sig == SIGVTALRM)
		got_vtalrm++;
	else if (sig == SIGPROF)
		got_prof++;
	else if (sig == SIGUSR1)
		got_usr1++;
	else if (sig == SIGUSR2)
		got_usr2++;
}

/*
 * Spin in user mode (no system calls inside the loop body) until @clock
 * advanced by @ns, *@flag reached @want, or 3 s of wall time passed.
 * Returns the CPU ns consumed on @clock.
 */
static int64_t spin(clockid_t clock, int64_t ns, volatile sig_atomic_t *flag,
		    int want)
{
	int64_t start = clock_ns(clock), wall = clock_ns(CLOCK_MONOTONIC), now;
	unsigned long i;

	for (;;) {
		for (i = 0; i < 200000; i++)
			sink += i;
		now = clock_ns(clock);
		if (flag && *flag >= want)
			break;
		if (ns && now - start >= ns)
			break;
		if (clock_ns(CLOCK_MONOTONIC) - wall > 3000 * MS)
			break;
	}
	return now - start;
}

static void test_clocks(void)
{
	struct timespec res;
	int64_t t0, t1, p0, p1, used;

	ok(clock_getres(CLOCK_PROCESS_CPUTIME_ID, &res) == 0 &&
	   res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10 * MS,
	   "clock_getres(CLOCK_PROCESS_CPUTIME_ID) is at most 10 ms");
	ok(clock_getres(CLOCK_THREAD_CPUTIME_ID, &res) == 0 &&
	   res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10 * MS,
	   "clock_getres(CLOCK_THREAD_CPUTIME_ID) is at most 10 ms");

	p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	used = spin(CLOCK_THREAD_CPUTIME_ID, 150 * MS, NULL, 0);
	t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	ok(used >= 150 * MS,
	   "CLOCK_THREAD_CPUTIME_ID advances by 150 ms while spinning");
	if (used < 150 * MS)
		diag("advanced %lld ns", (long long)used);
	ok(p1 - p0 >= t1 - t0,
	   "CLOCK_PROCESS_CPUTIME_ID advances at least as much");
	ok(p1 >= t1, "process CPU time >= thread CPU time");

	t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	usleep(100000);
	t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	ok(t1 - t0 < 50 * MS,
	   "CLOCK_THREAD_CPUTIME_ID does not advance while sleeping 100 ms");
	if (t1 - t0 >= 50 * MS)
		diag("advanced %lld ns while sleeping", (long long)(t1 - t0));
}

static void test_reports(void)
{
	struct rusage self, thr;
	struct tms tm;
	clock_t ticks;
	int64_t cpu;
	char buf[1024], *p;
	unsigned long long ut = 0, st = 0;
	char path[64];
	FILE *f;
	int i, k;

	cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	ok(getrusage(RUSAGE_SELF, &self) == 0, "getrusage(RUSAGE_SELF)");
	ok(tv_ns(&self.ru_utime) >= 100 * MS,
	   "after a 150 ms busy loop ru_utime >= 100 ms");
	ok(tv_ns(&self.ru_utime) + tv_ns(&self.ru_stime) <= cpu + 20 * MS &&
	   tv_ns(&self.ru_utime) + tv_ns(&self.ru_stime) >= cpu - 20 * MS,
	   "ru_utime + ru_stime agrees with CLOCK_PROCESS_CPUTIME_ID");
	ok(self.ru_maxrss > 0, "ru_maxrss is set");
	ok(getrusage(RUSAGE_THREAD, &thr) == 0 &&
	   tv_ns(&thr.ru_utime) >= 100 * MS &&
	   tv_ns(&thr.ru_utime) <= tv_ns(&self.ru_utime) + 10 * MS,
	   "RUSAGE_THREAD: the spinning thread's user time");
	ok_errno(getrusage(7, &self), EINVAL, "getrusage(7) is EINVAL");

	ticks = times(&tm);
	ok(ticks != (clock_t)-1 && tm.tms_utime >= 10,
	   "times(): tms_utime >= 10 ticks (100 ms)");
	ok(tm.tms_cutime == 0 && tm.tms_cstime == 0,
	   "times(): no children's time before any wait");

	for (k = 0; k < 2; k++) {
		if (k)
			snprintf(path, sizeof(path), "/proc/self/task/%ld/stat",
				 (long)syscall(SYS_gettid));
		f = fopen(k ? path : "/proc/self/stat", "r");
		ok(f != NULL, "open /proc/self%s/stat", k ? "/task/TID" : "");
		if (!f)
			continue;
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
		p = strrchr(buf, ')');
		/* fields after ") ": state(3) ... utime(14) stime(15) */
		for (i = 3; p && i <= 13; i++)
			p = strchr(p + 1, ' ');
		ok(p && sscanf(p + 1, "%llu %llu", &ut, &st) == 2 &&
		   ut + st >= 10, "... its utime + stime >= 10 ticks");
	}
}

static void test_itimers(void)
{
	struct itimerval it = { { 0, 0 }, { 0, 50000 } }, cur;
	int64_t used;

	signal(SIGVTALRM, on_signal);
	signal(SIGPROF, on_signal);

	ok(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0,
	   "setitimer(ITIMER_VIRTUAL, 50 ms)");
	ok(getitimer(ITIMER_VIRTUAL, &cur) == 0 && cur.it_value.tv_sec == 0 &&
	   cur.it_value.tv_usec > 0 && cur.it_value.tv_usec <= 60000,
	   "getitimer(ITIMER_VIRTUAL) counts down from 50 ms (+ a tick)");
	used = spin(CLOCK_PROCESS_CPUTIME_ID, 0, &got_vtalrm, 1);
	ok(got_vtalrm == 1, "ITIMER_VIRTUAL fires during a busy loop");
	/* Linux charges the itimer by ticks: loaded hosts see it early */
	ok(used >= 30 * MS, "... not long before the process used 50 ms");
	ok(getitimer(ITIMER_VIRTUAL, &cur) == 0 && !cur.it_value.tv_sec &&
	   !cur.it_value.tv_usec, "a one-shot ITIMER_VIRTUAL is disarmed after");

	it.it_value.tv_usec = 20000;
	ok(setitimer(ITIMER_VIRTUAL, &it, NULL) == 0,
	   "setitimer(ITIMER_VIRTUAL, 20 ms)");
	usleep(100000);
	ok(got_vtalrm == 1, "ITIMER_VIRTUAL does not fire while sleeping");
	ok(getitimer(ITIMER_VIRTUAL, &cur) == 0 && cur.it_value.tv_usec > 0,
	   "... and is still armed");
	it.it_value.tv_usec = 0;
	setitimer(ITIMER_VIRTUAL, &it, NULL);

	it.it_interval.tv_usec = 10000;
	it.it_value.tv_usec = 10000;
	ok(setitimer(ITIMER_PROF, &it, NULL) == 0,
	   "setitimer(ITIMER_PROF, every 10 ms)");
	spin(CLOCK_PROCESS_CPUTIME_ID, 0, &got_prof, 3);
	ok(got_prof >= 3, "a periodic ITIMER_PROF fires repeatedly");
	ok(getitimer(ITIMER_PROF, &cur) == 0 &&
	   cur.it_interval.tv_usec == 10000, "getitimer shows its interval");
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_PROF, &it, &cur);
	ok(cur.it_interval.tv_usec == 10000,
	   "setitimer returns the old ITIMER_PROF");
	ok_errno(setitimer(5, &it, NULL), EINVAL, "setitimer(5) is EINVAL");
}

static void test_posix_timer(clockid_t clock, const char *name, int sig,
			     volatile sig_atomic_t *flag)
{
	struct sigevent sev;
	struct itimerspec its = { { 0, 0 }, { 0, 30 * MS } }, cur;
	timer_t id;
	int64_t used, t0;

	memset(&sev, 0, sizeof(sev));
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = sig;
	signal(sig, on_signal);
	if (!ok(timer_create(clock, &sev, &id) == 0, "timer_create(%s)", name))
		return;
	/* CPU time counts from the arming, not from the busy loop: on a slow
	 * host printing the next lines takes a few ms of it already */
	t0 = clock_ns(clock);
	ok(timer_settime(id, 0, &its, NULL) == 0, "timer_settime 30 ms of %s",
	   name);
	ok(timer_gettime(id, &cur) == 0 && cur.it_value.tv_sec == 0 &&
	   cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 30 * MS,
	   "timer_gettime counts down from 30 ms");
	spin(clock, 0, flag, 1);
	used = clock_ns(clock) - t0;
	ok(*flag == 1, "the %s timer fires during a busy loop", name);
	ok(used >= 25 * MS, "... after ~30 ms of CPU time");
	ok(timer_delete(id) == 0, "timer_delete");
}

struct spinner {
	int64_t used;
	clockid_t clock;
	int clock_ok;
};

static void *spinner_main(void *arg)
{
	struct spinner *s = arg;

	s->clock_ok = pthread_getcpuclockid(pthread_self(), &s->clock) == 0;
	s->used = spin(CLOCK_THREAD_CPUTIME_ID, 100 * MS, NULL, 0);
	return NULL;
}

static void test_threads(void)
{
	struct spinner s = { 0, 0, 0 };
	pthread_t th;
	clockid_t mine;
	int64_t t0, t1, p0, p1;
	struct timespec ts;

	t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	ok(pthread_create(&th, NULL, spinner_main, &s) == 0, "pthread_create");
	ts.tv_sec = 0;
	ts.tv_nsec = 30 * MS;
	ok(clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &ts, NULL) == 0 &&
	   clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p0 >= 30 * MS,
	   "clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 30 ms) while a thread spins");
	pthread_join(th, NULL);
	t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	ok(s.used >= 100 * MS, "a second thread spins 100 ms of its own CPU time");
	ok(p1 - p0 >= 100 * MS,
	   "the process CPU clock counts the other thread's time");
	ok(t1 - t0 < 50 * MS,
	   "the joining thread's CPU clock does not count it");
	ok(s.clock_ok && clock_gettime(s.clock, &ts) == -1 && errno == EINVAL,
	   "an exited thread's CPU clock is EINVAL");
	ok(pthread_getcpuclockid(pthread_self(), &mine) == 0 &&
	   clock_gettime(mine, &ts) == 0, "pthread_getcpuclockid(self) reads");
}

static void test_children(void)
{
	struct rusage before, after, wru;
	struct tms tm;
	clockid_t cc;
	struct timespec ts;
	int pfd[2], st;
	pid_t pid;
	char c;

	getrusage(RUSAGE_CHILDREN, &before);
	ok(pipe(pfd) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		close(pfd[0]);
		spin(CLOCK_PROCESS_CPUTIME_ID, 120 * MS, NULL, 0);
		write(pfd[1], "x", 1);
		pause();
		_exit(0);
	}
	close(pfd[1]);
	ok(read(pfd[0], &c, 1) == 1, "child spun 120 ms");
	ok(clock_getcpuclockid(pid, &cc) == 0 && clock_gettime(cc, &ts) == 0 &&
	   ts.tv_sec * 1000000000LL + ts.tv_nsec >= 100 * MS,
	   "the child's CPU clock (clock_getcpuclockid) shows its time");
	getrusage(RUSAGE_CHILDREN, &after);
	ok(tv_ns(&after.ru_utime) == tv_ns(&before.ru_utime),
	   "RUSAGE_CHILDREN does not count a child not yet waited for");
	kill(pid, SIGKILL);
	ok(wait4(pid, &st, 0, &wru) == pid && WIFSIGNALED(st),
	   "wait4 reaps the child");
	ok(tv_ns(&wru.ru_utime) >= 80 * MS, "wait4's rusage has its user time");
	getrusage(RUSAGE_CHILDREN, &after);
	ok(tv_ns(&after.ru_utime) - tv_ns(&before.ru_utime) >= 80 * MS,
	   "child's times show up in RUSAGE_CHILDREN after wait");
	ok(after.ru_maxrss > 0, "RUSAGE_CHILDREN ru_maxrss is set");
	ok(times(&tm) != (clock_t)-1 && tm.tms_cutime >= 8,
	   "times(): tms_cutime has the child's time");
	ok(clock_gettime(cc, &ts) == -1 && errno == EINVAL,
	   "a reaped child's CPU clock is EINVAL");
	close(pfd[0]);
}

static void test_bad_clocks(void)
{
	struct timespec ts;
	/* (~pid) << 3 | 3: a clock fd, not a CPU clock */
	clockid_t fdclock = (clockid_t)((~0u << 3) | 3);

	ok(clock_gettime(fdclock, &ts) == -1 && errno == EINVAL,
	   "clock id of kind 3 with pid 0 is EINVAL");
	ts.tv_sec = 0;
	ts.tv_nsec = 1000;
	ok_errno(syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &ts,
			 NULL), EOPNOTSUPP,
		 "clock_nanosleep(CLOCK_THREAD_CPUTIME_ID) is EOPNOTSUPP");
	ok_errno(syscall(SYS_clock_nanosleep, (clockid_t)((~0u << 3) | 6), 0,
			 &ts, NULL), EINVAL,
		 "clock_nanosleep on the own thread's dynamic clock is EINVAL");
}

int main(void)
{
	test_clocks();
	test_reports();
	test_itimers();
	test_posix_timer(CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID",
			 SIGUSR1, &got_usr1);
	test_posix_timer(CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID",
			 SIGUSR2, &got_usr2);
	test_threads();
	test_children();
	test_bad_clocks();
	return done();
}
