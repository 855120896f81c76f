/* SPDX-License-Identifier: MIT */
/*
 * t_fifo - mknod/mkfifo: named pipes and how their opens pair (blocking
 * and O_NONBLOCK rules, EOF, EPIPE, data dropped after the last close,
 * an open interrupted by a signal), regular, socket and device nodes,
 * EEXIST/ENOENT/EPERM. Works in $T_TMPDIR (or /tmp).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static char dir[256];

static const char *at(const char *name)
{
	static char buf[2][512];
	static int k;

	k ^= 1;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
	return buf[k];
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void test_create(void)
{
	struct stat st;

	ok_sys(mkfifo(at("f"), 0600), "mkfifo");
	ok(stat(at("f"), &st) == 0 && S_ISFIFO(st.st_mode) &&
		   (st.st_mode & 0777) == 0600 && st.st_size == 0,
	   "stat: a FIFO, mode 0600");
	ok_errno(mkfifo(at("f"), 0600), EEXIST, "mkfifo again: EEXIST");
	ok_errno(mknod(at("nodir/f"), S_IFIFO | 0600, 0), ENOENT,
		 "mknod in a missing directory: ENOENT");
}

static void test_nonblock(void)
{
	char c;
	int r, w;

	r = open(at("f"), O_RDONLY | O_NONBLOCK);
	ok(r >= 0, "O_RDONLY|O_NONBLOCK without a writer opens");
	ok(read(r, &c, 1) == 0, "read with no writer: EOF");
	w = open(at("f"), O_WRONLY | O_NONBLOCK);
	ok(w >= 0, "O_WRONLY|O_NONBLOCK with a reader opens");
	ok_errno(read(r, &c, 1), EAGAIN, "read with a writer, empty: EAGAIN");
	ok(write(w, "z", 1) == 1 && read(r, &c, 1) == 1 && c == 'z',
	   "data through the FIFO");
	close(r);
	ok_errno(write(w, "z", 1), EPIPE, "write with no reader: EPIPE");
	close(w);
	ok_errno(open(at("f"), O_WRONLY | O_NONBLOCK), ENXIO,
		 "O_WRONLY|O_NONBLOCK without a reader: ENXIO");
}

static void test_rdwr(void)
{
	char buf[4] = "";
	int fd, fd2;

	fd = open(at("f"), O_RDWR);
	ok(fd >= 0, "O_RDWR never blocks");
	ok(write(fd, "abc", 3) == 3 && read(fd, buf, 3) == 3 &&
		   !memcmp(buf, "abc", 3),
	   "O_RDWR end reads what it wrote");
	ok(write(fd, "left", 4) == 4, "leave data behind");
	close(fd);
	fd2 = open(at("f"), O_RDWR | O_NONBLOCK);
	ok_errno(read(fd2, buf, 4), EAGAIN,
		 "data is dropped after the last close");
	close(fd2);
}

static void test_pairing(void)
{
	char buf[16] = "";
	int fd, st;
	ssize_t n;
	pid_t pid = fork();

	if (pid == 0) {
		int w = open(at("f"), O_WRONLY);	/* waits for the reader */

		if (w < 0 || write(w, "hello", 5) != 5)
			_exit(1);
		_exit(0);
	}
	fd = open(at("f"), O_RDONLY);	/* waits for the writer */
	ok(fd >= 0, "blocking O_RDONLY pairs with a writer");
	n = read(fd, buf, sizeof(buf));
	ok(n == 5 && !memcmp(buf, "hello", 5), "reader gets the data");
	ok(read(fd, buf, sizeof(buf)) == 0, "EOF once the writer exits");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		   WEXITSTATUS(st) == 0,
	   "writer's open paired and wrote");
	close(fd);

	pid = fork();
	if (pid == 0) {
		int r = open(at("f"), O_RDONLY);
		char c;

		_exit(r >= 0 && read(r, &c, 1) == 1 && c == 'q' ? 0 : 1);
	}
	fd = open(at("f"), O_WRONLY);	/* waits for the reader */
	ok(fd >= 0 && write(fd, "q", 1) == 1, "blocking O_WRONLY pairs with a reader");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		   WEXITSTATUS(st) == 0,
	   "reader's open paired and read");
	close(fd);
}

static void test_interrupt(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value = { .tv_usec = 50000 } };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
	ok_errno(open(at("f"), O_RDONLY), EINTR,
		 "open waiting for a writer: EINTR on a signal");
	signal(SIGALRM, SIG_DFL);
}

static void test_nodes(void)
{
	struct stat st;
	int fd;
	char c;

	ok_sys(mknod(at("reg"), S_IFREG | 0640, 0), "mknod S_IFREG");
	ok(stat(at("reg"), &st) == 0 && S_ISREG(st.st_mode) &&
		   st.st_size == 0 && (st.st_mode & 0777) == 0640,
	   "an empty regular file");
	ok_sys(mknod(at("reg0"), 0600, 0), "mknod with no type");
	ok(stat(at("reg0"), &st) == 0 && S_ISREG(st.st_mode),
	   "no type makes a regular file");
	ok_errno(mknod(at("reg"), S_IFREG | 0600, 0), EEXIST,
		 "mknod over an existing name: EEXIST");
	ok_errno(mknod(at("d"), S_IFDIR | 0700, 0), EPERM,
		 "mknod S_IFDIR: EPERM");
	ok_errno(mknod(at("bad"), 0170000 | 0600, 0), EINVAL,
		 "mknod of an unknown type: EINVAL");
	ok_sys(mknod(at("sock"), S_IFSOCK | 0600, 0), "mknod S_IFSOCK");
	ok(stat(at("sock"), &st) == 0 && S_ISSOCK(st.st_mode),
	   "a socket node");
	ok_errno(open(at("sock"), O_RDONLY), ENXIO, "open of a socket: ENXIO");

	/*
	 * Character devices need CAP_MKNOD (the sandbox may not grant it
	 * where the native run has it): EPERM, or 1:3 acts as /dev/null
	 * (EACCES on a nodev mount). One line either way.
	 */
	if (mknod(at("null"), S_IFCHR | 0666, makedev(1, 3)) != 0) {
		ok(errno == EPERM, "mknod S_IFCHR: EPERM or a working node");
		return;
	}
	fd = open(at("null"), O_RDWR);
	ok(fd < 0 ? errno == EACCES :
		    write(fd, "xyz", 3) == 3 && read(fd, &c, 1) == 0,
	   "mknod S_IFCHR: EPERM or a working node");
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	const char *base = getenv("T_TMPDIR");

	signal(SIGPIPE, SIG_IGN);
	snprintf(dir, sizeof(dir), "%s/t_fifo.XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return done();
	}
	test_create();
	test_nonblock();
	test_rdwr();
	test_pairing();
	test_interrupt();
	test_nodes();
	unlink(at("f"));
	unlink(at("reg"));
	unlink(at("reg0"));
	unlink(at("sock"));
	unlink(at("null"));
	rmdir(dir);
	return done();
}
