/* SPDX-License-Identifier: MIT */
/*
 * t_jobctl - job control: stop signals stop a process, SIGCONT resumes
 * it, and wait4/waitid report both; SIGKILL ends a stopped process; stop
 * signals to an orphaned process group are discarded.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static volatile sig_atomic_t got_chld;

static void on_chld(int sig)
{
	(void)sig;
	got_chld++;
}

static pid_t spawn_sleeper(void)
{
	pid_t p = fork();

	if (p == 0) {
		for (int i = 0; i < 200; i++)
			usleep(10000);
		_exit(5);
	}
	setpgid(p, p);
	return p;
}

int main(void)
{
	/* SA_RESTART: a SIGCHLD must not interrupt the waits under test. */
	struct sigaction sa = { .sa_handler = on_chld, .sa_flags = SA_RESTART };
	siginfo_t si;
	pid_t p, r;
	int st = 0;

	sigaction(SIGCHLD, &sa, NULL);

	p = spawn_sleeper();
	ok(kill(p, SIGTSTP) == 0, "kill SIGTSTP");
	r = waitpid(p, &st, WUNTRACED);
	ok(r == p && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP,
	   "wait4 WUNTRACED reports the stop by SIGTSTP");
	ok(waitpid(p, &st, WUNTRACED | WNOHANG) == 0,
	   "a stop is reported once");
	ok(kill(p, SIGCONT) == 0, "kill SIGCONT");
	r = waitpid(p, &st, WCONTINUED);
	ok(r == p && WIFCONTINUED(st), "wait4 WCONTINUED reports the continue");

	ok(kill(p, SIGSTOP) == 0, "kill SIGSTOP");
	memset(&si, 0, sizeof(si));
	ok(waitid(P_PID, p, &si, WSTOPPED | WNOWAIT) == 0 &&
	   si.si_code == CLD_STOPPED && si.si_status == SIGSTOP,
	   "waitid WSTOPPED|WNOWAIT sees CLD_STOPPED/SIGSTOP");
	memset(&si, 0, sizeof(si));
	ok(waitid(P_PID, p, &si, WSTOPPED) == 0 && si.si_code == CLD_STOPPED,
	   "WNOWAIT left the stop to report again");
	ok(got_chld > 0, "the parent got SIGCHLD for the stops");
	ok(kill(p, SIGKILL) == 0, "kill SIGKILL of a stopped process");
	r = waitpid(p, &st, 0);
	ok(r == p && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	   "the stopped process died of SIGKILL");

	/* SA_NOCLDSTOP: no SIGCHLD for stops, the stop is still waitable. */
	sa.sa_flags = SA_NOCLDSTOP | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);
	got_chld = 0;
	p = spawn_sleeper();
	kill(p, SIGTTIN);
	r = waitpid(p, &st, WUNTRACED);
	ok(r == p && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN,
	   "SIGTTIN stops too");
	ok(got_chld == 0, "SA_NOCLDSTOP: no SIGCHLD for a stop");
	kill(p, SIGCONT);
	r = waitpid(p, &st, 0);
	ok(r == p && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	   "the continued process runs to its exit");

	/*
	 * Orphaned process group: SIGTSTP is discarded, so the grandchild
	 * goes on and writes to the pipe after raise().
	 */
	int pfd[2];
	char c = 0;
	struct pollfd pf;

	if (pipe(pfd) < 0)
		return 1;
	p = fork();
	if (p == 0) {
		pid_t g;

		/* A session of its own: whoever adopts the grandchild (init
		 * or a subreaper) is then outside it, natively and in vmm. */
		setsid();
		g = fork();
		if (g == 0) {
			close(pfd[0]);
			setpgid(0, 0);
			usleep(100000);	/* parent is gone: group is orphaned */
			raise(SIGTSTP);
			(void)!write(pfd[1], "x", 1);
			_exit(0);
		}
		_exit(0);
	}
	close(pfd[1]);
	waitpid(p, &st, 0);
	pf.fd = pfd[0];
	pf.events = POLLIN;
	ok(poll(&pf, 1, 5000) == 1 && read(pfd[0], &c, 1) == 1 && c == 'x',
	   "SIGTSTP to an orphaned process group is discarded");
	return done();
}
