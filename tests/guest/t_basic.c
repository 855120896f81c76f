/* SPDX-License-Identifier: MIT */
/*
 * t_basic - the simplest system calls: write, getpid, getppid, uname,
 * ids, umask, getcwd, exit status.
 *
 * Expected values the runner passes in the environment: T_UID, T_GID
 * (process user), T_HOSTNAME (uname nodename). Each is checked only when
 * set.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static void check_env_id(const char *name, unsigned long got)
{
	const char *want = getenv(name);

	if (!want)
		return;
	if (!ok(strtoul(want, NULL, 10) == got, "%s matches", name))
		diag("got %lu want %s", got, want);
}

/* A forked child (never a group leader) makes its own session. */
static void test_session(void)
{
	pid_t pid;
	int st = 0;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pid_t me = getpid();
		int bad = 0;

		if (setsid() != me)
			bad |= 1;
		if (getsid(0) != me || getpgrp() != me || getpgid(0) != me)
			bad |= 2;
		if (setsid() != -1 || errno != EPERM)
			bad |= 4;
		if (setpgid(0, 0) != -1 || errno != EPERM)
			bad |= 8;	/* a session leader cannot move */
		_exit(bad);
	}
	waitpid(pid, &st, 0);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		"setsid makes a new session and process group"))
		diag("status 0x%x", st);
}

int main(void)
{
	static const char msg[] = "# hello via write(2)\n";
	struct utsname u;
	const char *host;
	char cwd[4096];
	pid_t pid;

	fflush(stdout);
	ok(write(1, msg, sizeof(msg) - 1) == (ssize_t)(sizeof(msg) - 1),
	   "write to stdout returns its length");
	ok_errno(write(-1, msg, 1), EBADF, "write to fd -1 is EBADF");
	ok_errno(write(987, msg, 1), EBADF, "write to an unopened fd is EBADF");

	pid = getpid();
	ok(pid > 0, "getpid is positive");
	ok(pid == getpid(), "getpid is stable");
	ok(syscall(SYS_getpid) == pid, "raw getpid agrees with libc");
	ok(syscall(SYS_gettid) == pid, "gettid of the main thread is the pid");
	ok(getppid() >= 0, "getppid is not negative");
	ok(getpgrp() >= 0 && getsid(0) >= 0, "getpgrp and getsid work");
	test_session();

	ok_sys(uname(&u), "uname");
	ok(strcmp(u.sysname, "Linux") == 0, "uname sysname is Linux");
	ok(strcmp(u.machine, "x86_64") == 0, "uname machine is x86_64");
	ok(u.release[0] >= '0' && u.release[0] <= '9',
	   "uname release starts with a digit");
	ok(u.version[0] != '\0', "uname version is present");
	ok(u.nodename[0] != '\0', "uname nodename is present");
	host = getenv("T_HOSTNAME");
	if (host && !ok(strcmp(u.nodename, host) == 0, "nodename matches T_HOSTNAME"))
		diag("nodename '%s' want '%s'", u.nodename, host);

	ok(getuid() == geteuid(), "uid == euid");
	ok(getgid() == getegid(), "gid == egid");
	check_env_id("T_UID", getuid());
	check_env_id("T_GID", getgid());

	umask(022);
	ok(umask(077) == 022, "umask returns the previous mask");
	ok(umask(022) == 077, "umask set again");

	ok(getcwd(cwd, sizeof(cwd)) != NULL && cwd[0] == '/',
	   "getcwd is absolute");
	ok_errno(syscall(SYS_getcwd, cwd, 1), ERANGE, "getcwd with size 1 is ERANGE");
	ok_errno(syscall(SYS_uname, (void *)8), EFAULT, "uname of a bad pointer is EFAULT");
	ok_errno(syscall(SYS_write, 1, (void *)8, 4), EFAULT,
		 "write from a bad pointer is EFAULT");
	ok_errno(syscall(100000), ENOSYS, "an unknown syscall is ENOSYS");
	return done();
}
