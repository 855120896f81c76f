/* SPDX-License-Identifier: MIT */
/* t_events: epoll, eventfd, timerfd, signalfd. */
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

static void test_epoll_level_edge(void)
{
	int p[2], ep, n;
	struct epoll_event ev = { 0 }, out[4];
	char buf[8];

	ok(pipe(p) == 0, "pipe");
	ep = epoll_create1(EPOLL_CLOEXEC);
	ok(ep >= 0, "epoll_create1");
	ev.events = EPOLLIN;
	ev.data.u64 = 42;
	ok(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "ctl add level");
	ok_errno(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev), EEXIST, "add twice: EEXIST");
	ok(epoll_wait(ep, out, 4, 0) == 0, "empty pipe: no events");
	ok(write(p[1], "ab", 2) == 2, "write 2");
	n = epoll_wait(ep, out, 4, 1000);
	ok(n == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 42, "level: readable");
	ok(epoll_wait(ep, out, 4, 0) == 1, "level: still readable");
	ev.events = EPOLLIN | EPOLLET;
	ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "mod to edge");
	ok(epoll_wait(ep, out, 4, 100) == 1, "edge: reported once after mod");
	ok(epoll_wait(ep, out, 4, 50) == 0, "edge: not again without new data");
	ok(write(p[1], "c", 1) == 1, "write 1 more");
	ok(epoll_wait(ep, out, 4, 1000) == 1, "edge: new data reported");
	ok(read(p[0], buf, sizeof(buf)) == 3, "drain");
	ev.events = EPOLLIN | EPOLLONESHOT;
	ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "mod to oneshot");
	ok(write(p[1], "d", 1) == 1, "write");
	ok(epoll_wait(ep, out, 4, 1000) == 1, "oneshot: first report");
	ok(epoll_wait(ep, out, 4, 50) == 0, "oneshot: disabled after");
	ok(epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &ev) == 0, "oneshot re-armed");
	ok(epoll_wait(ep, out, 4, 1000) == 1, "oneshot: reported after re-arm");
	ok(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0, "ctl del");
	ok_errno(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT, "del again: ENOENT");
	ok_errno(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev), EINVAL, "add self: EINVAL");
	close(p[1]);
	ev.events = EPOLLIN;
	ok(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "add read end again");
	n = epoll_wait(ep, out, 4, 1000);
	ok(n == 1 && (out[0].events & EPOLLHUP), "writer closed: EPOLLHUP");
	close(p[0]);
	close(ep);
}

static void test_eventfd(void)
{
	int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v = 0;

	ok(fd >= 0, "eventfd semaphore");
	ok(read(fd, &v, 8) == 8 && v == 1, "semaphore read 1");
	ok(read(fd, &v, 8) == 8 && v == 1, "semaphore read 1 again");
	ok(read(fd, &v, 8) == 8 && v == 1, "semaphore read 1 third");
	ok_errno(read(fd, &v, 8), EAGAIN, "semaphore empty: EAGAIN");
	v = 5;
	ok(write(fd, &v, 8) == 8, "write 5");
	close(fd);
	fd = eventfd(0, 0);
	v = 7;
	ok(write(fd, &v, 8) == 8 && write(fd, &v, 8) == 8, "counter adds");
	ok(read(fd, &v, 8) == 8 && v == 14, "counter read 14");
	ok_errno(read(fd, &v, 4), EINVAL, "short read: EINVAL");
	close(fd);
}

static void test_timerfd(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec its = { { 0, 20000000 }, { 0, 20000000 } }, cur;
	uint64_t n = 0;
	struct timespec ts = { 0, 110000000 };

	ok(fd >= 0, "timerfd_create");
	ok(timerfd_settime(fd, 0, &its, NULL) == 0, "settime 20ms periodic");
	nanosleep(&ts, NULL);
	ok(read(fd, &n, 8) == 8 && n >= 4, "periodic expirations counted (>= 4)");
	ok(read(fd, &n, 8) == 8 && n >= 1, "blocking read waits for the next");
	ok(timerfd_gettime(fd, &cur) == 0 && cur.it_interval.tv_nsec == 20000000,
	   "gettime interval");
	memset(&its, 0, sizeof(its));
	ok(timerfd_settime(fd, 0, &its, NULL) == 0, "disarm");
	ok(timerfd_gettime(fd, &cur) == 0 && !cur.it_value.tv_sec &&
	   !cur.it_value.tv_nsec, "disarmed value 0");
	close(fd);
	fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	ok_errno(read(fd, &n, 8), EAGAIN, "unarmed nonblocking: EAGAIN");
	close(fd);
}

static void test_signalfd(void)
{
	sigset_t m;
	struct signalfd_siginfo si;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	int fd, ep;

	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	ok(sigprocmask(SIG_BLOCK, &m, NULL) == 0, "block SIGUSR1");
	fd = signalfd(-1, &m, SFD_NONBLOCK);
	ok(fd >= 0, "signalfd");
	ok_errno(read(fd, &si, sizeof(si)), EAGAIN, "nothing pending: EAGAIN");
	ep = epoll_create1(0);
	ok(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == 0, "epoll on signalfd");
	ok(epoll_wait(ep, &out, 1, 0) == 0, "not ready");
	kill(getpid(), SIGUSR1);
	ok(epoll_wait(ep, &out, 1, 1000) == 1, "ready after kill");
	ok(read(fd, &si, sizeof(si)) == sizeof(si) && si.ssi_signo == SIGUSR1 &&
	   si.ssi_code == SI_USER && si.ssi_pid == (uint32_t)getpid(),
	   "read SIGUSR1 record");
	ok_errno(read(fd, &si, sizeof(si)), EAGAIN, "consumed");
	close(ep);
	close(fd);
	sigprocmask(SIG_UNBLOCK, &m, NULL);
}

int main(void)
{
	test_epoll_level_edge();
	test_eventfd();
	test_timerfd();
	test_signalfd();
	return done();
}
