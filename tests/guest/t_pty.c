/* SPDX-License-Identifier: MIT */
/* t_pty: /dev/ptmx and /dev/pts/N with the line discipline. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "gtap.h"

static volatile sig_atomic_t got_int;

static void on_int(int sig)
{
	(void)sig;
	got_int = 1;
}

/* Read what is available on @fd within a short wait. */
static ssize_t read_some(int fd, char *buf, size_t len)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 2000) != 1)
		return -1;
	return read(fd, buf, len);
}

int main(void)
{
	char name[64], buf[64];
	int m, s, ptn = -1, unlock = 0, st;
	struct termios tio;
	struct winsize ws = { 24, 80, 0, 0 }, ws2;
	ssize_t n;
	pid_t pid;
	int sync[2];

	m = posix_openpt(O_RDWR | O_NOCTTY);
	ok(m >= 0, "open /dev/ptmx");
	ok(ioctl(m, TIOCGPTN, &ptn) == 0 && ptn >= 0, "TIOCGPTN");
	ok(ioctl(m, TIOCSPTLCK, &unlock) == 0, "unlock");
	snprintf(name, sizeof(name), "/dev/pts/%d", ptn);
	s = open(name, O_RDWR | O_NOCTTY);
	ok(s >= 0, "open slave");
	ok(isatty(s), "slave is a tty");
	ok(tcgetattr(s, &tio) == 0 && (tio.c_lflag & ICANON) && (tio.c_lflag & ECHO),
	   "default termios canonical with echo");

	ok(write(m, "hello\n", 6) == 6, "write line to master");
	n = read_some(s, buf, sizeof(buf));
	ok(n == 6 && !memcmp(buf, "hello\n", 6), "slave reads the line");
	n = read_some(m, buf, sizeof(buf));
	ok(n == 7 && !memcmp(buf, "hello\r\n", 7), "master reads the echo (ONLCR)");

	ok(write(m, "ab\177c\n", 5) == 5, "line with erase");
	n = read_some(s, buf, sizeof(buf));
	ok(n == 3 && !memcmp(buf, "ac\n", 3), "erase edited the line");
	read_some(m, buf, sizeof(buf));

	ok(write(m, "xy\004", 3) == 3, "EOF char ends a line");
	n = read_some(s, buf, sizeof(buf));
	ok(n == 2 && !memcmp(buf, "xy", 2), "line without delimiter");
	read_some(m, buf, sizeof(buf));

	ok(write(s, "out\n", 4) == 4, "slave writes");
	n = read_some(m, buf, sizeof(buf));
	ok(n == 5 && !memcmp(buf, "out\r\n", 5), "master reads output with CRLF");

	cfmakeraw(&tio);
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	ok(tcsetattr(s, TCSANOW, &tio) == 0, "raw mode");
	ok(write(m, "q\r", 2) == 2, "write raw bytes");
	n = read_some(s, buf, sizeof(buf));
	ok(n == 2 && buf[0] == 'q' && buf[1] == '\r', "raw read, no ICRNL");
	ok(ioctl(s, TIOCSWINSZ, &ws) == 0 && ioctl(m, TIOCGWINSZ, &ws2) == 0 &&
	   ws2.ws_row == 24 && ws2.ws_col == 80, "window size");
	close(s);
	close(m);

	/* ^C: a child session leader with the pty as controlling terminal. */
	m = posix_openpt(O_RDWR | O_NOCTTY);
	ioctl(m, TIOCGPTN, &ptn);
	ioctl(m, TIOCSPTLCK, &unlock);
	snprintf(name, sizeof(name), "/dev/pts/%d", ptn);
	ok(pipe(sync) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { 0 };

		sa.sa_handler = on_int;
		sigaction(SIGINT, &sa, NULL);
		setsid();
		s = open(name, O_RDWR);
		if (s < 0 || ioctl(s, TIOCSCTTY, 0) < 0)
			_exit(2);
		if (tcgetpgrp(s) != getpgrp())
			_exit(3);
		write(sync[1], "r", 1);
		while (!got_int)
			pause();
		_exit(0);
	}
	ok(read(sync[0], buf, 1) == 1, "child has the pty as ctty");
	ok(write(m, "\003", 1) == 1, "write ^C");
	ok(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	   "^C sent SIGINT to the foreground group");
	n = read_some(m, buf, sizeof(buf));
	ok(n >= 2 && !memcmp(buf, "^C", 2), "^C echoed");
	close(m);
	return done();
}
