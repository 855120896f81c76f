/* SPDX-License-Identifier: MIT */
/*
 * t_exec - execve: the program re-executes itself (argv[0]) with an
 * argument and an environment, and the new image checks argv, envp, the
 * auxiliary vector, /proc/self/exe, close-on-exec and that the pid is
 * kept. Also exec errors (ENOENT, EACCES) and exit statuses of exec'd
 * children.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* The re-executed image: argv = { self, "child", pid, keepfd, cloexecfd }. */
static int child(int argc, char **argv)
{
	char exe[PATH_MAX];
	const unsigned char *rnd;
	ssize_t n;
	int i, zero = 1;

	gtap_prefix = "# child: ";
	ok(argc == 6, "child argc is 6");
	if (argc != 6)
		return done();
	ok(strcmp(argv[1], "child") == 0, "argv[1] passed through");
	ok(strcmp(argv[5], "with space\tand tab") == 0, "argv with blanks intact");
	ok(atol(argv[2]) == getpid(), "exec keeps the pid");
	ok(getenv("T_EXEC") && strcmp(getenv("T_EXEC"), "1") == 0,
	   "envp passed through");
	ok(getenv("T_UID") == NULL, "only the given environment");
	ok(getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ is 4096");
	rnd = (const unsigned char *)getauxval(AT_RANDOM);
	ok(rnd != NULL, "AT_RANDOM is present");
	for (i = 0; rnd && i < 16; i++)
		if (rnd[i])
			zero = 0;
	ok(rnd && !zero, "AT_RANDOM bytes are not all zero");
	ok(getauxval(AT_PHDR) != 0 && getauxval(AT_PHNUM) > 0, "AT_PHDR/AT_PHNUM");
	ok(getauxval(AT_ENTRY) != 0, "AT_ENTRY");
	ok(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid(),
	   "AT_UID/AT_EUID");
	ok(getauxval(AT_EXECFN) != 0 &&
	   strcmp((const char *)getauxval(AT_EXECFN), argv[0]) == 0,
	   "AT_EXECFN is the exec path");
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0)
		exe[n] = '\0';
	if (!ok(n > 0 && strcmp(base(exe), base(argv[0])) == 0,
		"/proc/self/exe names this program"))
		diag("readlink gave %zd", n);
	ok(fcntl(atoi(argv[3]), F_GETFD) == 0, "a plain fd survives exec");
	ok_errno(fcntl(atoi(argv[4]), F_GETFD), EBADF,
		 "an O_CLOEXEC fd is closed by exec");
	return done();
}

static void test_errors(const char *self)
{
	const char *tmp = getenv("T_TMPDIR");
	static char arg0[] = "x";
	char *av[] = { arg0, NULL }, *ev[] = { NULL };
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/t_exec.XXXXXX", tmp ? tmp : "/tmp");

	ok_errno(execve("/nonexistent/prog", av, ev), ENOENT,
		 "exec of a missing file is ENOENT");
	fd = mkstemp(path);
	if (fd >= 0) {
		write(fd, "\177ELF junk", 9);
		fchmod(fd, 0644);
		close(fd);
		ok_errno(execve(path, av, ev), EACCES,
			 "exec of a non-executable file is EACCES");
		chmod(path, 0755);
		errno = 0;
		ok(execve(path, av, ev) == -1 && errno == ENOEXEC,
		   "exec of a broken ELF fails with ENOEXEC");
		unlink(path);
	}
	ok_errno(execve("/tmp", av, ev), EACCES, "exec of a directory is EACCES");
}

static void test_fork_exec(const char *self)
{
	char pidbuf[32], keep[16], cloexec[16];
	static char e1[] = "T_EXEC=1", e2[] = "OTHER=x";
	static char a1[] = "child", a5[] = "with space\tand tab";
	char *ev[] = { e1, e2, NULL };
	int kfd, cfd, st = 0;
	pid_t pid;

	kfd = open("/", O_RDONLY);
	cfd = open("/", O_RDONLY | O_CLOEXEC);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *av[7];

		snprintf(pidbuf, sizeof(pidbuf), "%d", (int)getpid());
		snprintf(keep, sizeof(keep), "%d", kfd);
		snprintf(cloexec, sizeof(cloexec), "%d", cfd);
		av[0] = (char *)self;
		av[1] = a1;
		av[2] = pidbuf;
		av[3] = keep;
		av[4] = cloexec;
		av[5] = a5;
		av[6] = NULL;
		execve(self, av, ev);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	if (!ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
		"re-executed image passed its checks"))
		diag("status 0x%x", st);
	close(kfd);
	close(cfd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return child(argc, argv);
	if (argv[0][0] != '/') {
		ok(0, "started with an absolute argv[0]");
		return done();
	}
	test_fork_exec(argv[0]);
	test_errors(argv[0]);
	return done();
}
