// SPDX-License-Identifier: MIT
/*
 * t_mqueue.c - POSIX message queues: mq_open flags, names and attribute
 * limits, priorities, EMSGSIZE/EAGAIN/ETIMEDOUT, blocking send and
 * receive across processes, poll, mq_getsetattr, mq_notify with
 * SIGEV_SIGNAL and SIGEV_NONE (EBUSY, one-shot), SIGEV_THREAD's
 * descriptor checks, the status line read(2) returns, mq_unlink.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gtap.h"

#define QA "/t_mqueue_a"
#define QB "/t_mqueue_b"

static struct timespec in_ms(long ms)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += ms * 1000000;
	ts.tv_sec += ts.tv_nsec / 1000000000;
	ts.tv_nsec %= 1000000000;
	return ts;
}

static void test_open(void)
{
	struct mq_attr at = { .mq_maxmsg = 4, .mq_msgsize = 64 }, got;
	char longname[300];
	struct stat st;
	mqd_t q;

	mq_unlink(QA);
	mq_unlink(QB);
	umask(022);
	ok_errno(mq_open(QA, O_RDWR), ENOENT, "open of a missing queue is ENOENT");
	q = mq_open(QA, O_RDWR | O_CREAT | O_EXCL, 0660, &at);
	ok(q >= 0, "mq_open O_CREAT|O_EXCL");
	ok_errno(mq_open(QA, O_RDWR | O_CREAT | O_EXCL, 0600, &at), EEXIST,
		 "O_EXCL on an existing queue is EEXIST");
	ok_errno(mq_open(QA, 3), EINVAL, "access mode 3 on an existing queue is EINVAL");
	ok(mq_getattr(q, &got) == 0 && got.mq_maxmsg == 4 && got.mq_msgsize == 64 &&
	   got.mq_curmsgs == 0 && got.mq_flags == 0, "mq_getattr: the creation attributes");
	ok(fstat(q, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0640,
	   "fstat: a regular file with the mode less the umask");
	at.mq_maxmsg = 0;
	ok_errno(mq_open(QB, O_RDWR | O_CREAT, 0600, &at), EINVAL, "mq_maxmsg 0 is EINVAL");
	at.mq_maxmsg = 4;
	at.mq_msgsize = -1;
	ok_errno(mq_open(QB, O_RDWR | O_CREAT, 0600, &at), EINVAL, "negative mq_msgsize is EINVAL");
	at.mq_msgsize = 64;
	at.mq_maxmsg = 1000000;
	ok_errno(mq_open(QB, O_RDWR | O_CREAT, 0600, &at), EINVAL,
		 "mq_maxmsg above the hard limit is EINVAL");
	ok_errno(mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL), EACCES,
		 "a name with a slash is EACCES");
	memset(longname, 'x', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	ok_errno(mq_open(longname, O_RDWR | O_CREAT, 0600, NULL), ENAMETOOLONG,
		 "a name over NAME_MAX is ENAMETOOLONG");
	mqd_t d = mq_open(QB, O_RDWR | O_CREAT, 0600, NULL);
	ok(d >= 0 && mq_getattr(d, &got) == 0 && got.mq_maxmsg == 10 &&
	   got.mq_msgsize == 8192, "NULL attributes: the defaults 10 x 8192");
	mq_close(d);
	ok(mq_unlink(QB) == 0, "mq_unlink");
	ok_errno(mq_unlink(QB), ENOENT, "mq_unlink twice is ENOENT");
	mq_close(q);
}

static void test_messages(void)
{
	struct mq_attr got, nat = { 0 };
	char buf[64], big[65] = { 0 };
	unsigned int prio;
	struct timespec ts;
	ssize_t n;
	mqd_t q, ro, wo;
	int ok_order = 1;

	q = mq_open(QA, O_RDWR);
	ok(mq_send(q, "one", 3, 1) == 0 && mq_send(q, "five-a", 6, 5) == 0 &&
	   mq_send(q, "five-b", 6, 5) == 0 && mq_send(q, "zero", 4, 0) == 0,
	   "four sends");
	ok(mq_getattr(q, &got) == 0 && got.mq_curmsgs == 4, "mq_curmsgs 4");
	n = read(q, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	ok(strcmp(buf, "QSIZE:19         NOTIFY:0     SIGNO:0     NOTIFY_PID:0     \n") == 0,
	   "read(2) of a queue: the status line");
	mq_setattr(q, &(struct mq_attr){ .mq_flags = O_NONBLOCK }, NULL);
	ok_errno(mq_send(q, "x", 1, 0), EAGAIN, "full queue, O_NONBLOCK: EAGAIN");
	mq_setattr(q, &nat, NULL);
	ts = in_ms(30);
	ok_errno(mq_timedsend(q, "x", 1, 0, &ts), ETIMEDOUT, "full queue: timed send times out");
	ts.tv_nsec = 1000000000;
	ok_errno(mq_timedsend(q, "x", 1, 0, &ts), EINVAL, "tv_nsec out of range is EINVAL");
	ok_errno(mq_send(q, big, 65, 0), EMSGSIZE, "a message over mq_msgsize is EMSGSIZE");
	ok_errno(mq_send(q, "x", 1, 32768), EINVAL, "priority MQ_PRIO_MAX is EINVAL");
	ok_errno(mq_receive(q, buf, 63, NULL), EMSGSIZE, "a buffer under mq_msgsize is EMSGSIZE");

	n = mq_receive(q, buf, sizeof(buf), &prio);
	ok_order &= n == 6 && prio == 5 && !memcmp(buf, "five-a", 6);
	n = mq_receive(q, buf, sizeof(buf), &prio);
	ok_order &= n == 6 && prio == 5 && !memcmp(buf, "five-b", 6);
	n = mq_receive(q, buf, sizeof(buf), &prio);
	ok_order &= n == 3 && prio == 1 && !memcmp(buf, "one", 3);
	n = mq_receive(q, buf, sizeof(buf), &prio);
	ok_order &= n == 4 && prio == 0 && !memcmp(buf, "zero", 4);
	ok(ok_order, "highest priority first, FIFO within a priority");
	ts = in_ms(30);
	ok_errno(mq_timedreceive(q, buf, sizeof(buf), NULL, &ts), ETIMEDOUT,
		 "empty queue: timed receive times out");
	ok(mq_send(q, "", 0, 0) == 0 && mq_receive(q, buf, sizeof(buf), &prio) == 0,
	   "an empty message");

	ro = mq_open(QA, O_RDONLY | O_NONBLOCK);
	wo = mq_open(QA, O_WRONLY);
	ok(mq_getattr(ro, &got) == 0 && got.mq_flags == O_NONBLOCK, "O_NONBLOCK shows in mq_flags");
	ok_errno(mq_receive(ro, buf, sizeof(buf), NULL), EAGAIN, "empty queue, O_NONBLOCK: EAGAIN");
	ok_errno(mq_send(ro, "x", 1, 0), EBADF, "send on a read-only descriptor is EBADF");
	ok_errno(mq_receive(wo, buf, sizeof(buf), NULL), EBADF,
		 "receive on a write-only descriptor is EBADF");
	ok_errno(mq_send(1, "x", 1, 0), EBADF, "send on a non-queue descriptor is EBADF");
	ok_errno(syscall(SYS_mq_getsetattr, q, &(struct mq_attr){ .mq_flags = 1 }, NULL),
		 EINVAL, "mq_getsetattr with flags other than O_NONBLOCK is EINVAL");
	mq_close(ro);
	mq_close(wo);
	mq_close(q);
}

static void test_blocking(void)
{
	struct pollfd pfd;
	unsigned int prio;
	char buf[64];
	int st;
	pid_t pid;
	mqd_t q = mq_open(QA, O_RDWR);

	pfd.fd = q;
	pfd.events = POLLIN | POLLOUT;
	ok(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLOUT, "poll: empty queue is writable only");
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		mq_send(q, "late", 4, 3);
		_exit(0);
	}
	ok(mq_receive(q, buf, sizeof(buf), &prio) == 4 && prio == 3 &&
	   !memcmp(buf, "late", 4), "blocking receive wakes on another process's send");
	waitpid(pid, &st, 0);

	for (int i = 0; i < 4; i++)
		mq_send(q, "fill", 4, 0);
	pfd.events = POLLIN | POLLOUT;
	ok(poll(&pfd, 1, 0) == 1 && pfd.revents == POLLIN, "poll: full queue is readable only");
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		mq_receive(q, buf, sizeof(buf), NULL);
		_exit(0);
	}
	ok(mq_send(q, "more", 4, 0) == 0, "blocking send wakes when a receiver makes room");
	waitpid(pid, &st, 0);
	while (mq_getattr(q, &(struct mq_attr){ 0 }) == 0) {
		struct mq_attr at;

		mq_getattr(q, &at);
		if (!at.mq_curmsgs)
			break;
		mq_receive(q, buf, sizeof(buf), NULL);
	}
	mq_close(q);
}

static void test_notify(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1,
				.sigev_value.sival_int = 42 };
	struct timespec zero = { 0, 0 };
	char cookie[32] = { 0 }, buf[128];
	int st, pfd[2], sv[2];
	siginfo_t si;
	sigset_t set;
	ssize_t n;
	pid_t pid;
	mqd_t q = mq_open(QA, O_RDWR);

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ok(mq_notify(q, &sev) == 0, "mq_notify SIGEV_SIGNAL");
	n = read(q, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	ok(strncmp(buf, "QSIZE:0          NOTIFY:0     SIGNO:10    NOTIFY_PID:", 52) == 0,
	   "the status line shows the registration");
	ok_errno(mq_notify(q, &sev), EBUSY, "a second registration is EBUSY");
	pid = fork();
	if (pid == 0)
		_exit(mq_notify(q, &sev) == -1 && errno == EBUSY ? 0 : 1);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "another process gets EBUSY too");
	mq_send(q, "a", 1, 0);
	ok(sigtimedwait(&set, &si, &zero) == SIGUSR1 && si.si_code == SI_MESGQ &&
	   si.si_value.sival_int == 42 && si.si_pid == getpid(),
	   "a message in an empty queue signals: SI_MESGQ, sigev_value, sender pid");
	mq_receive(q, buf, sizeof(buf), NULL);
	mq_send(q, "b", 1, 0);
	ok_errno(sigtimedwait(&set, &si, &zero), EAGAIN, "the registration was one-shot");
	mq_receive(q, buf, sizeof(buf), NULL);

	ok(mq_notify(q, &sev) == 0 && mq_notify(q, NULL) == 0 && mq_notify(q, &sev) == 0,
	   "mq_notify(NULL) removes the registration");
	mq_notify(q, NULL);
	sev.sigev_notify = SIGEV_NONE;
	ok(mq_notify(q, &sev) == 0, "SIGEV_NONE registers");
	mq_send(q, "c", 1, 0);
	ok_errno(sigtimedwait(&set, &si, &zero), EAGAIN, "SIGEV_NONE sends no signal");
	sev.sigev_notify = SIGEV_SIGNAL;
	ok(mq_notify(q, &sev) == 0, "and it was used up by the message");
	mq_notify(q, NULL);
	mq_receive(q, buf, sizeof(buf), NULL);

	sev.sigev_notify = 99;
	ok_errno(mq_notify(q, &sev), EINVAL, "an unknown sigev_notify is EINVAL");
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = 100;
	ok_errno(mq_notify(q, &sev), EINVAL, "an invalid signal is EINVAL");
	sev.sigev_notify = SIGEV_THREAD;
	sev.sigev_value.sival_ptr = cookie;
	pipe(pfd);
	sev.sigev_signo = pfd[0];
	ok_errno(syscall(SYS_mq_notify, q, &sev), ENOTSOCK,
		 "raw SIGEV_THREAD with a pipe is ENOTSOCK");
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	sev.sigev_signo = sv[0];
	ok_errno(syscall(SYS_mq_notify, q, &sev), EINVAL,
		 "raw SIGEV_THREAD with a non-netlink socket is EINVAL");
	sev.sigev_signo = 999;
	ok_errno(syscall(SYS_mq_notify, q, &sev), EBADF,
		 "raw SIGEV_THREAD with a bad descriptor is EBADF");
	close(pfd[0]);
	close(pfd[1]);
	close(sv[0]);
	close(sv[1]);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	mq_close(q);
}

static void test_unlink(void)
{
	char buf[64];
	mqd_t q = mq_open(QA, O_RDWR);

	ok(mq_unlink(QA) == 0, "unlink while open");
	ok_errno(mq_open(QA, O_RDWR), ENOENT, "the name is gone");
	ok(mq_send(q, "kept", 4, 0) == 0 && mq_receive(q, buf, sizeof(buf), NULL) == 4,
	   "the open descriptor still works");
	mq_close(q);
}

int main(void)
{
	test_open();
	test_messages();
	test_blocking();
	test_notify();
	test_unlink();
	return done();
}
