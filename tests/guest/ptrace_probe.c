/* SPDX-License-Identifier: MIT */
/*
 * ptrace_probe - can this host run the ptrace platform at all?
 *
 * Forks a child that asks to be traced and makes one system call under
 * PTRACE_SYSEMU. Exits 0 when that works, 77 (the Automake "skip" status)
 * with the reason on stdout when the host forbids it (no ptrace
 * permission, seccomp, Yama), 1 on unexpected errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef PTRACE_SYSEMU
#define PTRACE_SYSEMU 31
#endif

static int skip(const char *what, int err)
{
	printf("ptrace unavailable: %s: %s\n", what, strerror(err));
	return 77;
}

int main(void)
{
	struct user_regs_struct regs;
	int st, sync[2];
	char c = 0;
	pid_t pid;

	if (pipe(sync) < 0) {
		perror("pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		close(sync[0]);
		c = ptrace(PTRACE_TRACEME, 0, NULL, NULL) == 0 ? 0 : (char)errno;
		if (write(sync[1], &c, 1) != 1 || c)
			_exit(2);
		raise(SIGSTOP);
		syscall(SYS_getppid);
		_exit(0);
	}
	close(sync[1]);
	if (read(sync[0], &c, 1) != 1 || c) {
		waitpid(pid, &st, 0);
		return skip("PTRACE_TRACEME", c ? c : EPERM);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st)) {
		printf("ptrace unavailable: child did not stop\n");
		return 77;
	}
	if (ptrace(PTRACE_SYSEMU, pid, NULL, NULL) < 0) {
		int e = errno;

		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		return skip("PTRACE_SYSEMU", e);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st) ||
	    ptrace(PTRACE_GETREGS, pid, NULL, &regs) < 0 ||
	    regs.orig_rax != SYS_getppid) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
		printf("ptrace unavailable: PTRACE_SYSEMU did not stop at the syscall\n");
		return 77;
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return 0;
}
