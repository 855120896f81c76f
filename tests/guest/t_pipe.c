/* SPDX-License-Identifier: MIT */
/*
 * t_pipe - pipes: basic transfer, a large transfer between processes with
 * a checksum, EOF, O_NONBLOCK/EAGAIN, SIGPIPE and EPIPE, pipe2 flags.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

#define BIG (4u << 20)	/* bytes pushed through a pipe */

static uint32_t mix(uint32_t h, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + (i >> 12));
}

static void test_simple(void)
{
	int fds[2];
	char buf[16] = { 0 };

	if (!ok_sys(pipe(fds), "pipe"))
		return;
	ok(fds[0] >= 0 && fds[1] >= 0 && fds[0] != fds[1], "two distinct fds");
	ok(write(fds[1], "hello", 5) == 5, "write 5 bytes");
	ok(read(fds[0], buf, sizeof(buf)) == 5 && memcmp(buf, "hello", 5) == 0,
	   "read returns what was written");
	ok_errno(write(fds[0], "x", 1), EBADF, "write to the read end is EBADF");
	ok_errno(read(fds[1], buf, 1), EBADF, "read from the write end is EBADF");
	close(fds[1]);
	ok(read(fds[0], buf, sizeof(buf)) == 0, "EOF after the writer closes");
	close(fds[0]);
}

static void test_big(void)
{
	static unsigned char buf[65536 + 123];
	uint32_t h_child = 2166136261u, h = 2166136261u;
	size_t got = 0, i;
	int fds[2], res[2], st = 0;
	pid_t pid;
	ssize_t n;

	if (pipe(fds) < 0 || pipe(res) < 0) {
		ok(0, "pipes for the big transfer");
		return;
	}
	pid = fork();
	if (pid == 0) {
		size_t sent = 0;

		close(fds[0]);
		close(res[0]);
		while (sent < BIG) {
			size_t chunk = sizeof(buf) - (sent % 1000);

			if (chunk > BIG - sent)
				chunk = BIG - sent;
			for (i = 0; i < chunk; i++)
				buf[i] = pattern(sent + i);
			h_child = mix(h_child, buf, chunk);
			if (write(fds[1], buf, chunk) != (ssize_t)chunk)
				_exit(1);
			sent += chunk;
		}
		close(fds[1]);
		write(res[1], &h_child, sizeof(h_child));
		_exit(0);
	}
	close(fds[1]);
	close(res[1]);
	for (;;) {
		n = read(fds[0], buf, 1000 + got % 5000);
		if (n <= 0)
			break;
		for (i = 0; i < (size_t)n; i++)
			if (buf[i] != pattern(got + i))
				break;
		if (i != (size_t)n) {
			diag("mismatch at byte %zu", got + i);
			break;
		}
		h = mix(h, buf, n);
		got += n;
	}
	ok(n == 0 && got == BIG, "read %u bytes then EOF", BIG);
	ok(read(res[0], &h_child, sizeof(h_child)) == sizeof(h_child) &&
	   h_child == h, "checksums agree");
	waitpid(pid, &st, 0);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer exits 0");
	close(fds[0]);
	close(res[0]);
}

static void test_nonblock(void)
{
	static char buf[4096];
	size_t total = 0;
	int fds[2];
	ssize_t n;

	if (!ok_sys(pipe2(fds, O_NONBLOCK | O_CLOEXEC), "pipe2 O_NONBLOCK|O_CLOEXEC"))
		return;
	ok((fcntl(fds[0], F_GETFL) & O_NONBLOCK) != 0, "read end is O_NONBLOCK");
	ok((fcntl(fds[1], F_GETFD) & FD_CLOEXEC) != 0, "write end is FD_CLOEXEC");
	ok_errno(read(fds[0], buf, 1), EAGAIN, "empty nonblocking read is EAGAIN");
	for (;;) {
		n = write(fds[1], buf, sizeof(buf));
		if (n <= 0)
			break;
		total += n;
		if (total > (64u << 20))
			break;
	}
	ok(n == -1 && errno == EAGAIN, "full nonblocking write is EAGAIN");
	ok(total >= 4096 && total <= (64u << 20), "pipe holds at least a page");
	while (read(fds[0], buf, sizeof(buf)) > 0)
		;
	ok(write(fds[1], buf, 1) == 1, "writable again after draining");
	close(fds[0]);
	close(fds[1]);
}

static void test_sigpipe(void)
{
	int fds[2], st = 0;
	pid_t pid;

	if (pipe(fds) < 0) {
		ok(0, "pipe for SIGPIPE");
		return;
	}
	/* No reader anywhere before the child exists: no race with the write. */
	close(fds[0]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(fds[1], "x", 1);
		_exit(0);
	}
	close(fds[1]);
	waitpid(pid, &st, 0);
	if (!ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
		"write without readers kills with SIGPIPE"))
		diag("status 0x%x", st);

	if (pipe(fds) < 0)
		return;
	signal(SIGPIPE, SIG_IGN);
	close(fds[0]);
	ok_errno(write(fds[1], "x", 1), EPIPE, "with SIGPIPE ignored: EPIPE");
	close(fds[1]);
	signal(SIGPIPE, SIG_DFL);
}

static void test_dup_keeps_open(void)
{
	int fds[2], d;
	char c = 0;

	if (pipe(fds) < 0) {
		ok(0, "pipe for dup test");
		return;
	}
	d = dup(fds[1]);
	close(fds[1]);
	ok(write(d, "z", 1) == 1, "a dup of the write end still writes");
	ok(read(fds[0], &c, 1) == 1 && c == 'z', "and the byte arrives");
	close(d);
	ok(read(fds[0], &c, 1) == 0, "EOF once the last writer closes");
	close(fds[0]);
}

int main(void)
{
	test_simple();
	test_big();
	test_nonblock();
	test_sigpipe();
	test_dup_keeps_open();
	return done();
}
