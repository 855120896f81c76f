/* SPDX-License-Identifier: MIT */
/* t_timer: alarm, setitimer, timer_create. */
#include <signal.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

static volatile sig_atomic_t alrm, rt_hits, rt_code, rt_val;

static void on_alrm(int sig)
{
	(void)sig;
	alrm++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	rt_hits++;
	rt_code = si->si_code;
	rt_val = si->si_value.sival_int;
}

int main(void)
{
	struct sigaction sa = { 0 };
	struct itimerval itv = { { 0, 20000 }, { 0, 20000 } }, cur;
	struct sigevent sev = { 0 };
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } }, gts;
	timer_t tid;

	sa.sa_handler = on_alrm;
	sigaction(SIGALRM, &sa, NULL);
	ok(alarm(1) == 0, "alarm: no previous");
	ok(alarm(1) == 1, "alarm: previous remaining 1s");
	pause();
	ok(alrm == 1, "pause returns after SIGALRM");

	alrm = 0;
	ok(setitimer(ITIMER_REAL, &itv, NULL) == 0, "setitimer 20ms periodic");
	while (alrm < 3)
		pause();
	ok(alrm >= 3, "periodic SIGALRM three times");
	ok(getitimer(ITIMER_REAL, &cur) == 0 && cur.it_interval.tv_usec == 20000,
	   "getitimer interval");
	memset(&itv, 0, sizeof(itv));
	ok(setitimer(ITIMER_REAL, &itv, &cur) == 0 && cur.it_interval.tv_usec == 20000,
	   "disarm returns old value");
	ok(getitimer(ITIMER_REAL, &cur) == 0 && !cur.it_value.tv_sec &&
	   !cur.it_value.tv_usec, "disarmed");
	ok_errno(setitimer(7, &itv, NULL), EINVAL, "bad which: EINVAL");

	sa.sa_handler = NULL;
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN, &sa, NULL);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGRTMIN;
	sev.sigev_value.sival_int = 77;
	ok(timer_create(CLOCK_MONOTONIC, &sev, &tid) == 0, "timer_create");
	ok(timer_settime(tid, 0, &its, NULL) == 0, "timer_settime 30ms");
	ok(timer_gettime(tid, &gts) == 0 && gts.it_value.tv_nsec > 0, "armed");
	while (!rt_hits)
		pause();
	ok(rt_hits == 1 && rt_code == SI_TIMER && rt_val == 77,
	   "SIGEV_SIGNAL delivered with SI_TIMER and value");
	ok(timer_getoverrun(tid) == 0, "no overrun");
	ok(timer_delete(tid) == 0, "timer_delete");
	ok_errno(timer_delete(tid), EINVAL, "deleted: EINVAL");
	ok_errno(timer_create(12345, &sev, &tid), EINVAL, "bad clock: EINVAL");
	return done();
}
