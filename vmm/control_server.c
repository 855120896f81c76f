/* SPDX-License-Identifier: MIT */
/*
 * control_server.c - the sandbox process's end of the control channel
 * (see control.h). The listening socket is nonblocking and raises SIGIO,
 * which the platform's idle loop waits for; the sentry's idle thread
 * then takes requests with vmm_control_poll. Each accepted connection is
 * read whole (bounded by a timeout) before its request is handed over.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "vmm/control.h"
#include "vmm/control_json.h"
#include "vmm/error.h"
#include "vmm/hostcalls.h"
#include "vmm/log.h"
#include "vmm/sandbox.h"

#define VMM_CTL_REQ_MAX (256 * 1024)
#define VMM_CTL_IO_TIMEOUT_S 2

enum vmm_conn_kind {
	VMM_CONN_REQ,		/* handed to the sentry, reply due */
	VMM_CONN_EXEC,		/* exec'd process running: its exit is due */
	VMM_CONN_WAIT,		/* waits for init */
};

struct vmm_conn {
	int fd;
	unsigned long long cookie;
	enum vmm_conn_kind kind;
	struct vmm_conn *next;
};

static int vmm_ctl_listen_fd = -1;
static int vmm_ctl_ready_fd = -1;
static bool vmm_ctl_hold_pending;
static struct vmm_sandbox *vmm_ctl_sb;
static struct vmm_conn *vmm_ctl_conns;
static unsigned long long vmm_ctl_next_cookie = 1;

/* vmm_control_listen - see control.h. */
int vmm_control_listen(const char *path, struct vmm_sandbox *sb, bool hold,
		       int ready_fd, struct vmm_error **err)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path))
		return vmm_error(err, ENAMETOOLONG, "control socket `%s`", path);
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return vmm_error(err, errno, "control socket");
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    chmod(path, 0600) < 0 || listen(fd, 64) < 0 ||
	    fcntl(fd, F_SETOWN, getpid()) < 0 ||
	    fcntl(fd, F_SETFL, O_NONBLOCK | O_ASYNC) < 0) {
		int e = errno;

		close(fd);
		return vmm_error(err, e, "control socket `%s`", path);
	}
	vmm_ctl_listen_fd = fd;
	vmm_ctl_sb = sb;
	vmm_ctl_hold_pending = hold;
	vmm_ctl_ready_fd = ready_fd;
	return 0;
}

/* vmm_control_fd - see control.h. */
int vmm_control_fd(void)
{
	return vmm_ctl_listen_fd;
}

/* vmm_conn_send - write JSON line @text to @fd (bounded by the send timeout). */
static void vmm_conn_send(int fd, const char *text)
{
	size_t len = strlen(text), off = 0;
	ssize_t n;

	while (off < len) {
		n = send(fd, text + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		off += (size_t)n;
	}
	(void)!send(fd, "\n", 1, MSG_NOSIGNAL);
}

/* vmm_conn_send_resp - answer @fd with @resp. */
static void vmm_conn_send_resp(int fd, const struct ctl_resp *resp)
{
	unsigned long long mem = 0;
	struct stat st;
	char *text;

	if (resp->pids && vmm_ctl_sb && fstat(vmm_ctl_sb->memfd, &st) == 0)
		mem = (unsigned long long)st.st_blocks * 512ULL;
	text = vmm_ctl_resp_json(resp, mem);
	if (text)
		vmm_conn_send(fd, text);
	free(text);
}

/* vmm_conn_send_error - answer @fd with -errno @e. */
static void vmm_conn_send_error(int fd, int e)
{
	struct ctl_resp resp;

	memset(&resp, 0, offsetof(struct ctl_resp, procs));
	resp.error = e;
	vmm_conn_send_resp(fd, &resp);
}

/* vmm_conn_read - the whole request of @fd into a malloc'ed string; fds in @fds. */
static char *vmm_conn_read(int fd, int fds[3], int *nfds)
{
	union {
		char buf[CMSG_SPACE(3 * sizeof(int))];
		struct cmsghdr align;
	} cm;
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap + 1), *nb;
	struct cmsghdr *c;
	struct msghdr mh;
	struct iovec iov;
	ssize_t n;

	*nfds = 0;
	while (buf) {
		if (len == cap) {
			if (cap >= VMM_CTL_REQ_MAX)
				goto fail;
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb)
				goto fail;
			buf = nb;
		}
		memset(&mh, 0, sizeof(mh));
		iov.iov_base = buf + len;
		iov.iov_len = cap - len;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof(cm.buf);
		n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
			size_t k, cnt;

			if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
				continue;
			cnt = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			for (k = 0; k < cnt; k++) {
				int f;

				memcpy(&f, CMSG_DATA(c) + k * sizeof(int), sizeof(f));
				if (*nfds < 3)
					fds[(*nfds)++] = f;
				else
					close(f);
			}
		}
		if (n == 0) {
			buf[len] = '\0';
			return buf;
		}
		len += (size_t)n;
	}
fail:
	free(buf);
	return NULL;
}

/* vmm_conn_add - remember connection @fd of @kind; returns its cookie or 0. */
static unsigned long long vmm_conn_add(int fd, enum vmm_conn_kind kind)
{
	struct vmm_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return 0;
	c->fd = fd;
	c->kind = kind;
	c->cookie = vmm_ctl_next_cookie++;
	c->next = vmm_ctl_conns;
	vmm_ctl_conns = c;
	return c->cookie;
}

/* vmm_conn_find - the connection of @cookie (unlinked when @unlink). */
static struct vmm_conn *vmm_conn_find(unsigned long long cookie, bool unlink)
{
	struct vmm_conn **p, *c;

	for (p = &vmm_ctl_conns; (c = *p); p = &c->next) {
		if (c->cookie != cookie)
			continue;
		if (unlink)
			*p = c->next;
		return c;
	}
	return NULL;
}

/*
 * vmm_conn_take - read and decode the request of new connection @fd.
 * Returns 1 with *@req for the sentry, or 0 when it was answered or kept.
 */
static int vmm_conn_take(int fd, struct ctl_req *req)
{
	struct timeval tv = { .tv_sec = VMM_CTL_IO_TIMEOUT_S };
	int fds[3], nfds = 0, want = 0, i, r;
	unsigned long long cookie;
	char *text;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	text = vmm_conn_read(fd, fds, &nfds);
	r = text ? vmm_ctl_req_parse(text, req, &want) : -EIO;
	free(text);
	if (r == 0 && want != nfds)
		r = -EBADF;
	if (r == 0 && req->type == CTL_WAIT && req->pid == 0) {
		if (vmm_conn_add(fd, VMM_CONN_WAIT))
			goto kept;
		r = -ENOMEM;
	}
	for (i = 0; r == 0 && i < nfds; i++) {
		long h = vmm_hostcalls_add_handle(vmm_ctl_sb->hc, fds[i],
						  VMM_HANDLE_STDIO);

		if (h < 0) {
			r = (int)h;
			break;
		}
		fds[i] = -1;
		req->stdio_handles[i] = h;
	}
	if (r == 0 && req->type == CTL_WAIT)
		r = -EINVAL;	/* exec'd processes are waited on by exec itself */
	if (r == 0) {
		cookie = vmm_conn_add(fd, VMM_CONN_REQ);
		if (cookie) {
			req->cookie = cookie;
			return 1;
		}
		r = -ENOMEM;
	}
	for (i = 0; i < nfds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	vmm_conn_send_error(fd, r);
	close(fd);
	return 0;
kept:
	for (i = 0; i < nfds; i++)
		close(fds[i]);
	return 0;
}

/* vmm_control_poll - see control.h. */
int vmm_control_poll(struct ctl_req *req)
{
	int fd;

	if (vmm_ctl_listen_fd < 0)
		return 0;
	if (vmm_ctl_hold_pending) {
		/* before anything else: hold init until `start` */
		vmm_ctl_hold_pending = false;
		memset(req, 0, offsetof(struct ctl_req, cwd));
		req->type = CTL_PAUSE;
		req->cookie = 0;
		return 1;
	}
	if (vmm_ctl_ready_fd >= 0) {
		(void)!write(vmm_ctl_ready_fd, "", 1);
		close(vmm_ctl_ready_fd);
		vmm_ctl_ready_fd = -1;
	}
	for (;;) {
		fd = accept4(vmm_ctl_listen_fd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return 0;
		}
		if (vmm_conn_take(fd, req))
			return 1;
	}
}

/* vmm_control_reply - see control.h. */
void vmm_control_reply(unsigned long long cookie, const struct ctl_resp *resp)
{
	struct vmm_conn *c = vmm_conn_find(cookie, !resp->more);

	if (!c)
		return;
	vmm_conn_send_resp(c->fd, resp);
	if (resp->more) {
		c->kind = VMM_CONN_EXEC;
		return;
	}
	close(c->fd);
	free(c);
}

/* vmm_control_finish - see control.h. */
void vmm_control_finish(int status)
{
	struct vmm_conn *c;
	struct ctl_resp resp;

	if (vmm_ctl_listen_fd >= 0) {
		close(vmm_ctl_listen_fd);
		vmm_ctl_listen_fd = -1;
	}
	if (vmm_ctl_ready_fd >= 0) {
		close(vmm_ctl_ready_fd);
		vmm_ctl_ready_fd = -1;
	}
	while ((c = vmm_ctl_conns)) {
		vmm_ctl_conns = c->next;
		memset(&resp, 0, offsetof(struct ctl_resp, procs));
		switch (c->kind) {
		case VMM_CONN_WAIT:
			resp.exited = 1;
			resp.status = status;
			break;
		case VMM_CONN_EXEC:
			/* init's end killed every other process */
			resp.exited = 1;
			resp.status = SIGKILL;
			break;
		default:
			resp.error = -ESRCH;
			break;
		}
		vmm_conn_send_resp(c->fd, &resp);
		close(c->fd);
		free(c);
	}
}
