/* SPDX-License-Identifier: MIT */
/*
 * test_seccomp_policy.c - vmm's seccomp allowlist (vmm/seccomp_policy.c)
 * in a child process: the calls vmm makes after setup still work, and
 * the ones it must never make kill the process with SIGSYS. TAP output.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>

#include "vmm/error.h"
#include "vmm/security.h"

static int n, failed;
static int fd[2];		/* a pipe made before any filter */

/* What a child does after the filter is loaded; returns its exit status. */
typedef int (*probe_fn_t)(void);

static int p_allowed(void)
{
	struct termios t;
	char buf[8];
	void *m;

	if (write(fd[1], "x", 1) != 1 || read(fd[0], buf, 1) != 1)
		return 1;
	/* a terminal request on a pipe: allowed, fails with ENOTTY */
	if (ioctl(fd[0], TCGETS, &t) == 0 || errno != ENOTTY)
		return 2;
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m, 4096, PROT_READ) < 0 || munmap(m, 4096) < 0)
		return 3;
	if (getpid() <= 0 || fcntl(fd[0], F_GETFL) < 0)
		return 4;
	return 0;
}

static int p_socket(void) { return socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 0 : 1; }
static int p_fork(void) { return fork() >= 0 ? 0 : 1; }
static int p_exec(void)
{
	static char name[] = "true";
	char *argv[] = { name, NULL };

	execv("/bin/true", argv);
	return 1;
}
static int p_tiocsti(void) { char c = 'x'; return ioctl(0, TIOCSTI, &c) ? 1 : 0; }
static int p_mmap_exec(void)
{
	return mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
		    -1, 0) == MAP_FAILED;
}
static int p_ptrace_me(void) { return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) ? 1 : 0; }
static int p_fcntl_lock(void)
{
	struct flock fl = { .l_type = F_WRLCK };

	return fcntl(0, F_SETLK, &fl) ? 1 : 0;
}

/* check - run @fn under the policy; ok if it ends as @want_sig says. */
static void check(const char *what, probe_fn_t fn, int want_sig)
{
	struct vmm_error *err = NULL;
	int status = 0, good;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
		    vmm_seccomp_policy_load("kill", 0, &err) < 0)
			_exit(100);
		_exit(fn());
	}
	waitpid(pid, &status, 0);
	if (want_sig)
		good = WIFSIGNALED(status) && WTERMSIG(status) == SIGSYS;
	else
		good = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (!good)
		failed = 1;
	printf("%sok %d - %s (wait status %#x)\n", good ? "" : "not ", ++n, what,
	       status);
}

int main(void)
{
	if (pipe(fd) < 0) {
		perror("pipe");
		return 1;
	}
	check("pipe I/O, a terminal ioctl, mmap/mprotect/munmap, fcntl", p_allowed, 0);
	check("socket() kills", p_socket, 1);
	check("fork() kills", p_fork, 1);
	check("execve() kills", p_exec, 1);
	check("ioctl(TIOCSTI) kills", p_tiocsti, 1);
	check("mmap with PROT_EXEC kills", p_mmap_exec, 1);
	check("prctl() kills", p_ptrace_me, 1);
	check("fcntl(F_SETLK) kills", p_fcntl_lock, 1);
	printf("1..%d\n", n);
	return failed;
}
