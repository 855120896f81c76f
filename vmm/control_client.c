/* SPDX-License-Identifier: MIT */
/* control_client.c - the `vmm` command's end of the control channel (see control.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm/control.h"
#include "vmm/control_json.h"
#include "vmm/error.h"

#define VMM_CTL_REPLY_MAX (1024 * 1024)

/* vmm_control_req_new - see control.h. */
struct ctl_req *vmm_control_req_new(unsigned int type)
{
	struct ctl_req *req = calloc(1, sizeof(*req));

	if (!req)
		return NULL;
	req->type = type;
	req->uid = req->gid = (unsigned int)-1;
	req->stdio_handles[0] = req->stdio_handles[1] = req->stdio_handles[2] = -1;
	return req;
}

/* vmm_send_all - send @text with @fds attached to the first chunk. */
static int vmm_send_all(int fd, const char *text, const int *fds, int nfds)
{
	union {
		char buf[CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr align;
	} cm;
	size_t len = strlen(text), off = 0;
	struct msghdr mh;
	struct iovec iov;
	ssize_t n;

	while (off < len) {
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = (char *)text + off;
		iov.iov_len = len - off;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		if (off == 0 && nfds > 0) {
			struct cmsghdr *c;

			memset(cm.buf, 0, sizeof(cm.buf));
			mh.msg_control = cm.buf;
			mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
			c = CMSG_FIRSTHDR(&mh);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(nfds * sizeof(int));
			memcpy(CMSG_DATA(c), fds, nfds * sizeof(int));
		}
		n = sendmsg(fd, &mh, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		off += (size_t)n;
	}
	return 0;
}

/* vmm_control_next - see control.h. */
int vmm_control_next(int conn, int timeout_ms, struct vmm_ctl_reply *out,
		     struct vmm_error **err)
{
	struct pollfd pfd = { .fd = conn, .events = POLLIN };
	size_t len = 0, cap = 4096;
	cleanup_free char *buf = malloc(cap);
	char *nb, c;
	ssize_t n;
	int r;

	if (!buf)
		return vmm_error(err, ENOMEM, "control reply");
	/* byte by byte up to the newline: later replies stay in the socket */
	for (;;) {
		r = poll(&pfd, 1, timeout_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return vmm_error(err, errno, "control socket");
		if (r == 0)
			return vmm_error(err, ETIMEDOUT, "the sandbox does not answer");
		n = recv(conn, &c, 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != ECONNRESET)
			return vmm_error(err, errno, "control socket");
		if (n <= 0)
			return -EPIPE;
		if (c == '\n')
			break;
		if (len + 1 >= cap) {
			if (cap >= VMM_CTL_REPLY_MAX)
				return vmm_error(err, E2BIG, "control reply");
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb)
				return vmm_error(err, ENOMEM, "control reply");
			buf = nb;
		}
		buf[len++] = c;
	}
	buf[len] = '\0';
	if (vmm_ctl_resp_parse(buf, &out->r, &out->memory_bytes) < 0)
		return vmm_error(err, EPROTO, "bad control reply");
	return 0;
}

/* vmm_control_call - see control.h. */
int vmm_control_call(const char *path, const struct ctl_req *req,
		     const int *fds, int nfds, int timeout_ms, int *conn,
		     struct vmm_ctl_reply *out, struct vmm_error **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	cleanup_free char *text = NULL;
	int fd, r;

	if (conn)
		*conn = -1;
	if (strlen(path) >= sizeof(sa.sun_path))
		return vmm_error(err, ENAMETOOLONG, "control socket `%s`", path);
	strcpy(sa.sun_path, path);
	text = vmm_ctl_req_json(req, nfds);
	if (!text)
		return vmm_error(err, ENOMEM, "control request");
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return vmm_error(err, errno, "control socket");
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = errno;
		close(fd);
		if (r == ECONNREFUSED || r == ENOENT)
			return -ECONNREFUSED;
		return vmm_error(err, r, "connect to the sandbox");
	}
	r = vmm_send_all(fd, text, fds, nfds);
	if (r == 0 && shutdown(fd, SHUT_WR) < 0)
		r = -errno;
	if (r < 0) {
		close(fd);
		if (r == -EPIPE || r == -ECONNRESET)
			return -ECONNREFUSED;
		return vmm_error(err, -r, "send to the sandbox");
	}
	if (timeout_ms == 0 && conn) {
		/* the caller reads the reply later (a wait) */
		*conn = fd;
		return 0;
	}
	r = vmm_control_next(fd, timeout_ms, out, err);
	if (r == -EPIPE) {
		close(fd);
		return -ECONNREFUSED;
	}
	if (r < 0 || !conn)
		close(fd);
	else
		*conn = fd;
	return r;
}
