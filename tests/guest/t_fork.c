/* SPDX-License-Identifier: MIT */
/*
 * t_fork - fork, exit statuses through wait4/waitpid, death by signal,
 * many children, WNOHANG, ECHILD, and orphans reparented to a reaper.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define NCHILD 50

static void test_exit_status(void)
{
	struct rusage ru;
	pid_t pid, w;
	int st = 0;

	pid = fork();
	if (pid == 0)
		_exit(42);
	ok(pid > 0, "fork returns the child pid in the parent");
	w = wait4(pid, &st, 0, &ru);
	ok(w == pid, "wait4 returns the child");
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 42, "child exit status 42");
}

static void test_child_sees_itself(void)
{
	pid_t parent = getpid(), pid;
	int st = 0;

	pid = fork();
	if (pid == 0)
		_exit(getppid() == parent && getpid() != parent ? 0 : 1);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "child has a new pid and the parent as ppid");
}

static void test_killed(void)
{
	pid_t pid;
	int st = 0;

	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	ok(kill(pid, SIGTERM) == 0, "kill SIGTERM");
	ok(waitpid(pid, &st, 0) == pid, "waitpid after SIGTERM");
	if (!ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
		"child killed by SIGTERM"))
		diag("status 0x%x", st);

	pid = fork();
	if (pid == 0) {
		raise(SIGKILL);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child raised SIGKILL");
}

static void test_many(void)
{
	pid_t pids[NCHILD];
	int i, good = 1, seen = 0;

	for (i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(i);
		if (pids[i] < 0)
			good = 0;
	}
	ok(good, "%d forks succeed", NCHILD);
	for (i = 0; i < NCHILD; i++) {
		int st = 0;
		pid_t w = waitpid(-1, &st, 0);
		int j;

		for (j = 0; j < NCHILD; j++) {
			if (pids[j] == w) {
				if (!WIFEXITED(st) || WEXITSTATUS(st) != j)
					good = 0;
				seen++;
				pids[j] = 0;
			}
		}
	}
	ok(good && seen == NCHILD, "each of %d children reaped with its status",
	   NCHILD);
	ok_errno(waitpid(-1, NULL, 0), ECHILD, "no children left: ECHILD");
}

static void test_wnohang(void)
{
	int fds[2], st = 0;
	pid_t pid;
	char c;

	if (pipe(fds) < 0) {
		ok(0, "pipe for WNOHANG test");
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		read(fds[0], &c, 1);
		_exit(3);
	}
	close(fds[0]);
	ok(waitpid(pid, &st, WNOHANG) == 0, "WNOHANG on a running child is 0");
	write(fds[1], "x", 1);
	close(fds[1]);
	ok(waitpid(pid, &st, 0) == pid && WEXITSTATUS(st) == 3,
	   "child exits after being released");
}

static void test_orphan(void)
{
	pid_t self = getpid(), mid, w;
	int fds[2], st = 0, r;
	char c = 0;

	/* Become the reaper of orphaned descendants (pid 1 is one anyway). */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	if (pipe(fds) < 0) {
		ok(0, "pipe for orphan test");
		return;
	}
	mid = fork();
	if (mid == 0) {
		pid_t gc = fork();

		if (gc == 0) {
			int i;

			close(fds[0]);
			/* wait until the middle process has gone */
			for (i = 0; i < 2000 && getppid() != self; i++)
				usleep(1000);
			c = getppid() == self ? 'y' : 'n';
			write(fds[1], &c, 1);
			_exit(5);
		}
		_exit(gc > 0 ? 0 : 1);
	}
	close(fds[1]);
	w = waitpid(mid, &st, 0);
	ok(w == mid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "middle process exits");
	r = read(fds[0], &c, 1);
	ok(r == 1 && c == 'y', "orphan is reparented to the reaper");
	close(fds[0]);
	w = waitpid(-1, &st, 0);
	ok(w > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	   "reaper reaps the orphan");
}

int main(void)
{
	test_exit_status();
	test_child_sees_itself();
	test_killed();
	test_many();
	test_wnohang();
	test_orphan();
	return done();
}
