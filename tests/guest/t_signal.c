/* SPDX-License-Identifier: MIT */
/*
 * t_signal - signals: default actions (terminate, ignore), sigaction
 * handlers with siginfo, sigprocmask blocking and sigpending, SIGCHLD on
 * child exit, handler masks, signals interrupting a blocking read (EINTR
 * and SA_RESTART), sigsuspend, SIG_IGN inherited across fork.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static volatile sig_atomic_t usr1_count, usr2_count, chld_count;
static volatile int last_signo, last_code, last_pid_ok;
static volatile int usr2_blocked_in_usr1;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	sigset_t cur;

	usr1_count++;
	last_signo = si->si_signo;
	last_code = si->si_code;
	last_pid_ok = si->si_pid == getpid();
	sigprocmask(SIG_BLOCK, NULL, &cur);
	usr2_blocked_in_usr1 = sigismember(&cur, SIGUSR2) &&
			       sigismember(&cur, SIGUSR1);
}

static void on_usr2(int sig)
{
	usr2_count++;
}

static void on_chld(int sig)
{
	chld_count++;
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

static void test_default_actions(void)
{
	int st = 0;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "SIGTERM to self terminates");

	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGURG);	/* default: ignore */
		kill(getpid(), SIGWINCH);
		_exit(7);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	   "SIGURG and SIGWINCH are ignored by default");

	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		kill(getpid(), SIGTERM);
		_exit(8);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 8, "SIG_IGN ignores SIGTERM");

	pid = fork();
	if (pid == 0) {
		volatile int *np = NULL;

		signal(SIGSEGV, SIG_DFL);
		*np = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	   "a NULL write dies of SIGSEGV");
}

static void test_handler(void)
{
	struct sigaction sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_usr1;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	ok_sys(sigaction(SIGUSR1, &sa, NULL), "sigaction SIGUSR1");
	ok(sigaction(SIGUSR1, NULL, &old) == 0 && (old.sa_flags & SA_SIGINFO) &&
	   sigismember(&old.sa_mask, SIGUSR2), "sigaction reads it back");
	ok_sys(kill(getpid(), SIGUSR1), "kill self SIGUSR1");
	ok(usr1_count == 1, "handler ran once");
	ok(last_signo == SIGUSR1 && last_code == SI_USER && last_pid_ok,
	   "siginfo: signo, SI_USER, sender pid");
	ok(usr2_blocked_in_usr1, "sa_mask and the signal itself are blocked in the handler");
	ok_sys(raise(SIGUSR1), "raise SIGUSR1");
	ok(usr1_count == 2, "handler ran again");
	ok_errno(sigaction(SIGKILL, &sa, NULL), EINVAL, "SIGKILL cannot be caught");
	ok_errno(kill(getpid(), 65), EINVAL, "signal 65 is EINVAL");
	ok(kill(getpid(), 0) == 0, "kill with signal 0 probes");
}

static void test_mask(void)
{
	sigset_t set, old, pend;

	set_handler(SIGUSR2, on_usr2, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	ok_sys(sigprocmask(SIG_BLOCK, &set, &old), "block SIGUSR2");
	kill(getpid(), SIGUSR2);
	kill(getpid(), SIGUSR2);
	ok(usr2_count == 0, "blocked signal is not delivered");
	ok(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR2),
	   "it is pending");
	ok_sys(sigprocmask(SIG_SETMASK, &old, NULL), "unblock");
	ok(usr2_count == 1, "delivered once on unblock (standard signals merge)");
	sigpending(&pend);
	ok(!sigismember(&pend, SIGUSR2), "no longer pending");

	sigfillset(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	sigprocmask(SIG_BLOCK, NULL, &set);
	ok(!sigismember(&set, SIGKILL) && !sigismember(&set, SIGSTOP),
	   "SIGKILL and SIGSTOP cannot be blocked");
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void test_sigchld(void)
{
	sigset_t set, old;
	int st = 0;
	pid_t pid;

	set_handler(SIGCHLD, on_chld, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	pid = fork();
	if (pid == 0)
		_exit(0);
	/* wait for it with SIGCHLD blocked, then let it in */
	sigsuspend(&old);
	ok(chld_count == 1, "SIGCHLD arrives (sigsuspend returns)");
	sigprocmask(SIG_SETMASK, &old, NULL);
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st), "child reaped");
	set_handler(SIGCHLD, SIG_DFL, 0);
}

static void test_eintr(void)
{
	int fds[2], st = 0, r, e;
	char c;
	pid_t pid;

	if (pipe(fds) < 0) {
		ok(0, "pipe for EINTR");
		return;
	}
	set_handler(SIGUSR2, on_usr2, 0);
	usr2_count = 0;
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	r = read(fds[0], &c, 1);
	e = errno;
	ok(r == -1 && e == EINTR && usr2_count == 1,
	   "a handler interrupts a blocking read with EINTR");
	waitpid(pid, &st, 0);

	set_handler(SIGUSR2, on_usr2, SA_RESTART);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		kill(getppid(), SIGUSR2);
		usleep(50000);
		write(fds[1], "r", 1);
		_exit(0);
	}
	r = read(fds[0], &c, 1);
	ok(r == 1 && c == 'r' && usr2_count == 2,
	   "SA_RESTART restarts the read");
	waitpid(pid, &st, 0);
	close(fds[0]);
	close(fds[1]);
}

static void test_inherit(void)
{
	int st = 0;
	pid_t pid;

	signal(SIGUSR1, SIG_IGN);
	pid = fork();
	if (pid == 0) {
		kill(getpid(), SIGUSR1);
		_exit(9);
	}
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 9, "SIG_IGN is inherited by fork");
	signal(SIGUSR1, SIG_DFL);

	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGUSR1);
	waitpid(pid, &st, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1,
	   "SIGUSR1 default action terminates a paused child");
	ok(syscall(SYS_tgkill, getpid(), getpid(), 0) == 0, "tgkill probe");
}

int main(void)
{
	test_default_actions();
	test_handler();
	test_mask();
	test_sigchld();
	test_eintr();
	test_inherit();
	return done();
}
