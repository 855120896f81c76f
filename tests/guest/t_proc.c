/* SPDX-License-Identifier: MIT */
/*
 * t_proc - /proc as programs use it: self and pid directories (exe,
 * cmdline, stat, status, comm, maps, fd/, fdinfo/, cwd, task/), another
 * process's cmdline, zombies and reaped pids, and the system-wide files
 * (meminfo, cpuinfo, uptime, mounts, sys/kernel/hostname).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

/* Read all of @path into @buf (NUL-terminated); bytes read or -1. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)total < size - 1 &&
	       (n = read(fd, buf + total, size - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = '\0';
	return total;
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/* Is there an entry @name in directory @path? */
static int dir_has(const char *path, const char *name)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, name) == 0)
			found = 1;
	closedir(d);
	return found;
}

static void test_exe(const char *argv0)
{
	char exe[PATH_MAX];
	struct stat a, b;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0)
		exe[n] = '\0';
	ok(n > 0 && exe[0] == '/' && strcmp(base(exe), base(argv0)) == 0,
	   "/proc/self/exe is an absolute path to this program");
	ok(stat("/proc/self/exe", &a) == 0 && stat(argv0, &b) == 0 &&
		   a.st_ino == b.st_ino && a.st_dev == b.st_dev,
	   "/proc/self/exe resolves to the test binary");
}

static void test_cmdline(int argc, char **argv)
{
	char buf[4096], want[4096];
	size_t len = 0;
	ssize_t n = slurp("/proc/self/cmdline", buf, sizeof(buf));
	int i;

	for (i = 0; i < argc; i++) {
		size_t l = strlen(argv[i]) + 1;

		memcpy(want + len, argv[i], l);
		len += l;
	}
	ok(n == (ssize_t)len && memcmp(buf, want, len) == 0,
	   "/proc/self/cmdline is argv");
}

static void test_stat(void)
{
	char buf[4096], *p, *q;
	int pid = -1, ppid = -1, fields = 0;
	char state = 0;

	ok(slurp("/proc/self/stat", buf, sizeof(buf)) > 0, "read /proc/self/stat");
	pid = atoi(buf);
	p = strchr(buf, '(');
	q = strrchr(buf, ')');
	ok(pid == getpid(), "stat field 1 is getpid()");
	ok(p && q && q - p - 1 == 6 && strncmp(p + 1, "t_proc", 6) == 0,
	   "stat field 2 is (t_proc)");
	if (q && sscanf(q + 2, "%c %d", &state, &ppid) == 2) {
		ok(state == 'R', "stat field 3: running");
		ok(ppid == getppid(), "stat field 4 is getppid()");
	} else {
		ok(0, "stat field 3: running");
		ok(0, "stat field 4 is getppid()");
	}
	for (fields = 2, p = q ? q + 1 : buf; p && *p && *p != '\n'; p++)
		if (*p == ' ')
			fields++;
	ok(fields == 52, "stat has 52 fields");
}

static void test_status(void)
{
	char buf[8192], want[128];
	ssize_t n = slurp("/proc/self/status", buf, sizeof(buf));

	ok(n > 0 && strncmp(buf, "Name:\tt_proc\n", 13) == 0,
	   "status starts with Name:");
	snprintf(want, sizeof(want), "\nPid:\t%d\n", getpid());
	ok(n > 0 && strstr(buf, want), "status has Pid:");
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", getppid());
	ok(n > 0 && strstr(buf, want), "status has PPid:");
	snprintf(want, sizeof(want), "\nUid:\t%d\t%d\t%d\t%d\n", getuid(),
		 geteuid(), getuid(), geteuid());
	ok(n > 0 && strstr(buf, want), "status has Uid: with four ids");
	ok(n > 0 && strstr(buf, "\nThreads:\t1\n"), "status has Threads: 1");
	ok(n > 0 && strstr(buf, "\nSigBlk:\t") && strstr(buf, "\nCapEff:\t"),
	   "status has signal and capability masks");
}

static void test_comm(void)
{
	char buf[64], name[17] = "";
	int fd;

	ok(slurp("/proc/self/comm", buf, sizeof(buf)) == 7 &&
		   strcmp(buf, "t_proc\n") == 0,
	   "comm is t_proc");
	fd = open("/proc/self/comm", O_WRONLY);
	ok(fd >= 0 && write(fd, "renamed", 7) == 7, "write comm");
	if (fd >= 0)
		close(fd);
	prctl(PR_GET_NAME, name);
	ok(strcmp(name, "renamed") == 0, "PR_GET_NAME sees the new comm");
	prctl(PR_SET_NAME, "t_proc");
}

static void test_fd(const char *tmp)
{
	char path[PATH_MAX], link[PATH_MAX], real[PATH_MAX], fdp[64], buf[64];
	int fd, fd2, pfd[2];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/t_proc.XXXXXX", tmp);
	fd = mkstemp(path);
	if (!ok_sys(fd, "create a temporary file"))
		return;
	ok(write(fd, "hello", 5) == 5, "write it");
	snprintf(fdp, sizeof(fdp), "%d", fd);
	ok(dir_has("/proc/self/fd", "0") && dir_has("/proc/self/fd", "1") &&
		   dir_has("/proc/self/fd", "2"),
	   "/proc/self/fd lists 0 1 2");
	ok(dir_has("/proc/self/fd", fdp), "/proc/self/fd lists the new fd");
	snprintf(fdp, sizeof(fdp), "/proc/self/fd/%d", fd);
	n = readlink(fdp, link, sizeof(link) - 1);
	if (n > 0)
		link[n] = '\0';
	ok(n > 0 && realpath(path, real) && strcmp(link, real) == 0,
	   "readlink fd/N is the file's path");
	fd2 = open(fdp, O_RDONLY);
	n = fd2 >= 0 ? read(fd2, buf, sizeof(buf)) : -1;
	ok(n == 5 && memcmp(buf, "hello", 5) == 0,
	   "opening fd/N reopens the file from its start");
	if (fd2 >= 0)
		close(fd2);
	snprintf(fdp, sizeof(fdp), "/proc/self/fdinfo/%d", fd);
	ok(slurp(fdp, buf, sizeof(buf)) > 0 && strncmp(buf, "pos:\t5\n", 7) == 0,
	   "fdinfo shows the offset");
	unlink(path);
	close(fd);

	if (!ok_sys(pipe(pfd), "pipe"))
		return;
	snprintf(fdp, sizeof(fdp), "/proc/self/fd/%d", pfd[0]);
	n = readlink(fdp, link, sizeof(link) - 1);
	if (n > 0)
		link[n] = '\0';
	ok(n > 6 && strncmp(link, "pipe:[", 6) == 0, "a pipe reads as pipe:[ino]");
	ok(write(pfd[1], "via", 3) == 3, "write to the pipe");
	fd2 = open(fdp, O_RDONLY);
	n = fd2 >= 0 ? read(fd2, buf, sizeof(buf)) : -1;
	ok(n == 3 && memcmp(buf, "via", 3) == 0, "opening a pipe's fd/N reads it");
	if (fd2 >= 0)
		close(fd2);
	close(pfd[0]);
	close(pfd[1]);
}

static void test_maps(const char *argv0)
{
	static char buf[65536];
	char exe[PATH_MAX], *line;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	int stack = 0, bin = 0;

	if (n > 0)
		exe[n] = '\0';
	ok(slurp("/proc/self/maps", buf, sizeof(buf)) > 0, "read maps");
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		size_t l = strlen(line);

		if (l >= 7 && strcmp(line + l - 7, "[stack]") == 0)
			stack = 1;
		if (n > 0 && l > (size_t)n && strcmp(line + l - n, exe) == 0 &&
		    strchr(line, 'x'))
			bin = 1;
	}
	ok(stack, "maps has [stack]");
	ok(bin, "maps has the program's code");
}

static void test_dirs(void)
{
	char self[32], cwd[PATH_MAX], link[PATH_MAX];
	ssize_t n;

	snprintf(self, sizeof(self), "%d", getpid());
	ok(dir_has("/proc", self) && dir_has("/proc", "self"),
	   "/proc lists this pid and self");
	ok(dir_has("/proc/self/task", self), "task/ lists the main thread");
	n = readlink("/proc/self/cwd", link, sizeof(link) - 1);
	if (n > 0)
		link[n] = '\0';
	ok(n > 0 && getcwd(cwd, sizeof(cwd)) && strcmp(cwd, link) == 0,
	   "cwd link is getcwd()");
	n = readlink("/proc/self", link, sizeof(link) - 1);
	if (n > 0)
		link[n] = '\0';
	ok(n > 0 && strcmp(link, self) == 0, "/proc/self names this pid");
}

/* Another process: its cmdline, then zombie and reaped states. */
static void test_child(const char *argv0)
{
	char path[64], buf[256];
	int pfd[2], st;
	pid_t pid;
	ssize_t n;

	if (!ok_sys(pipe(pfd), "pipe for the child"))
		return;
	pid = fork();
	if (pid == 0) {
		close(pfd[1]);
		dup2(pfd[0], 0);
		execl(argv0, "t_proc", "waiter", "two words", (char *)NULL);
		_exit(127);
	}
	close(pfd[0]);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	/* Wait for the exec to have happened. */
	for (int i = 0; i < 2000; i++) {
		n = slurp(path, buf, sizeof(buf));
		if (n > 0 && strcmp(buf + strlen(buf) + 1, "waiter") == 0)
			break;
		usleep(1000);
	}
	ok(n == 24 && memcmp(buf, "t_proc\0waiter\0two words", 24) == 0,
	   "another process's cmdline");
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (int i = 0; i < 2000; i++) {
		n = slurp(path, buf, sizeof(buf));
		if (n > 0 && strstr(buf, "(t_proc) S "))
			break;
		usleep(1000);
	}
	ok(n > 0 && strstr(buf, "(t_proc) S "), "a blocked child is sleeping");
	close(pfd[1]);
	/* The child exits when stdin closes: a zombie until waited for. */
	for (int i = 0; i < 2000; i++) {
		n = slurp(path, buf, sizeof(buf));
		if (n > 0 && strstr(buf, ") Z "))
			break;
		usleep(1000);
	}
	ok(n > 0 && strstr(buf, ") Z "), "an exited child is a zombie");
	waitpid(pid, &st, 0);
	snprintf(path, sizeof(path), "/proc/%d", pid);
	ok(access(path, F_OK) == -1 && errno == ENOENT,
	   "a reaped child's directory is gone");
}

/* oom_score_adj is kept per process and inherited by fork. */
static void test_oom_score_adj(void)
{
	char buf[32];
	int fd = open("/proc/self/oom_score_adj", O_WRONLY), st = -1;
	pid_t pid;

	ok(fd >= 0 && write(fd, "100\n", 4) == 4, "raise oom_score_adj");
	if (fd >= 0)
		close(fd);
	pid = fork();
	if (pid == 0)
		_exit(slurp("/proc/self/oom_score_adj", buf, sizeof(buf)) > 0 &&
		      strcmp(buf, "100\n") == 0 ? 0 : 1);
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "a forked child inherits oom_score_adj");
}

static void test_system(void)
{
	static char buf[65536];
	struct utsname u;
	double up = 0, idle = 0, later = 0;

	ok(slurp("/proc/meminfo", buf, sizeof(buf)) > 0 &&
		   strncmp(buf, "MemTotal:", 9) == 0,
	   "meminfo starts with MemTotal");
	ok(slurp("/proc/cpuinfo", buf, sizeof(buf)) > 0 &&
		   strncmp(buf, "processor\t: 0\n", 14) == 0,
	   "cpuinfo has processor 0");
	ok(slurp("/proc/uptime", buf, sizeof(buf)) > 0 &&
		   sscanf(buf, "%lf %lf", &up, &idle) == 2 && up >= 0 &&
		   idle >= 0,
	   "uptime has two numbers");
	usleep(30000);
	ok(slurp("/proc/uptime", buf, sizeof(buf)) > 0 &&
		   sscanf(buf, "%lf", &later) == 1 && later > up,
	   "uptime advances");
	ok(slurp("/proc/self/mounts", buf, sizeof(buf)) > 0 &&
		   strstr(buf, " /proc proc "),
	   "mounts lists /proc");
	ok(uname(&u) == 0 &&
		   slurp("/proc/sys/kernel/hostname", buf, sizeof(buf)) > 0 &&
		   strlen(buf) == strlen(u.nodename) + 1 &&
		   strncmp(buf, u.nodename, strlen(u.nodename)) == 0,
	   "sys/kernel/hostname is the nodename");
	ok(slurp("/proc/sys/kernel/random/boot_id", buf, sizeof(buf)) == 37,
	   "boot_id is a uuid");
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("T_TMPDIR");
	char c;

	if (argc > 1 && strcmp(argv[1], "waiter") == 0) {
		/* Block until the parent closes the pipe, then exit. */
		while (read(0, &c, 1) > 0)
			;
		return 0;
	}
	test_exe(argv[0]);
	test_cmdline(argc, argv);
	test_stat();
	test_status();
	test_comm();
	test_fd(tmp ? tmp : "/tmp");
	test_maps(argv[0]);
	test_dirs();
	test_child(argv[0]);
	test_oom_score_adj();
	test_system();
	return done();
}
