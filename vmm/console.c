/* SPDX-License-Identifier: MIT */
/* console.c - pty pairs and the console socket (see console.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "vmm/console.h"
#include "vmm/error.h"

/* vmm_console_open - see console.h. */
int vmm_console_open(int *master, int *slave, struct vmm_error **err)
{
	char name[128];
	int m, s;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return vmm_error(err, errno, "open a pty");
	if (grantpt(m) < 0 || unlockpt(m) < 0 ||
	    ptsname_r(m, name, sizeof(name)) != 0) {
		int e = errno;

		close(m);
		return vmm_error(err, e, "set up the pty");
	}
	s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0) {
		int e = errno;

		close(m);
		return vmm_error(err, e, "open `%s`", name);
	}
	*master = m;
	*slave = s;
	return 0;
}

/* vmm_console_send - see console.h. */
int vmm_console_send(const char *path, int master, struct vmm_error **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct msghdr mh = { 0 };
	struct cmsghdr *c;
	struct iovec iov;
	char name[128];
	int fd, r = 0;

	if (strlen(path) >= sizeof(sa.sun_path))
		return vmm_error(err, ENAMETOOLONG, "console socket `%s`", path);
	strcpy(sa.sun_path, path);
	if (ptsname_r(master, name, sizeof(name)) != 0)
		strcpy(name, "/dev/ptmx");
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vmm_error(err, errno, "console socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = vmm_error(err, errno, "connect to the console socket `%s`", path);
		goto out;
	}
	iov.iov_base = name;
	iov.iov_len = strlen(name);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	memset(cm.buf, 0, sizeof(cm.buf));
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof(cm.buf);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &master, sizeof(int));
	if (sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
		r = vmm_error(err, errno, "send the pty to the console socket");
out:
	close(fd);
	return r;
}

/* vmm_copy - move what is readable on @from to @to; false at EOF/error. */
static bool vmm_copy(int from, int to)
{
	char buf[4096];
	ssize_t n, w, off = 0;

	n = read(from, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	while (off < n) {
		w = write(to, buf + off, (size_t)(n - off));
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		off += w;
	}
	return true;
}

/* vmm_console_proxy - see console.h. */
int vmm_console_proxy(int master, int stop_fd, int extra_fd,
		      void (*on_extra)(void *arg), void *arg)
{
	struct pollfd p[4];
	struct termios saved, raw;
	bool tty = tcgetattr(0, &saved) == 0, in_open = true;

	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	for (;;) {
		p[0] = (struct pollfd){ .fd = master, .events = POLLIN };
		p[1] = (struct pollfd){ .fd = in_open ? 0 : -1, .events = POLLIN };
		p[2] = (struct pollfd){ .fd = stop_fd, .events = POLLIN };
		p[3] = (struct pollfd){ .fd = extra_fd, .events = POLLIN };
		if (poll(p, 4, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
			if (!vmm_copy(master, 1))
				break;
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR))
			in_open = vmm_copy(0, master);
		if (p[3].revents && on_extra)
			on_extra(arg);
		if (p[2].revents) {
			/* drain what the process wrote last */
			while (poll(p, 1, 50) > 0 && (p[0].revents & POLLIN) &&
			       vmm_copy(master, 1))
				;
			break;
		}
	}
	if (tty)
		tcsetattr(0, TCSANOW, &saved);
	return 0;
}
