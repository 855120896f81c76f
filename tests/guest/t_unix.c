/* SPDX-License-Identifier: MIT */
/*
 * t_unix - AF_UNIX sockets: socketpair (stream, dgram, seqpacket), path and
 * abstract names, listen/connect/accept, SCM_RIGHTS and SCM_CREDENTIALS,
 * SO_PEERCRED, shutdown, nonblocking accept/connect, epoll, EPIPE/SIGPIPE,
 * socket options and /proc/self/fd.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static socklen_t path_addr(struct sockaddr_un *sun, const char *path)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	strcpy(sun->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static socklen_t abstract_addr(struct sockaddr_un *sun, const char *name)
{
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path + 1, name, strlen(name));
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name);
}

static void test_stream_pair(void)
{
	int sv[2];
	char buf[64];
	ssize_t n;

	ok_sys(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
	       "socketpair stream");
	ok(fcntl(sv[0], F_GETFD) == FD_CLOEXEC, "SOCK_CLOEXEC sets FD_CLOEXEC");
	ok(write(sv[0], "hello", 5) == 5, "write to stream socket");
	n = read(sv[1], buf, sizeof(buf));
	ok(n == 5 && !memcmp(buf, "hello", 5), "read echoes the bytes");
	ok(send(sv[1], "abc", 3, 0) == 3 && send(sv[1], "def", 3, 0) == 3,
	   "two sends");
	n = recv(sv[0], buf, 2, MSG_PEEK);
	ok(n == 2 && !memcmp(buf, "ab", 2), "MSG_PEEK sees the data");
	n = recv(sv[0], buf, sizeof(buf), 0);
	ok(n == 6 && !memcmp(buf, "abcdef", 6), "stream merges sends");
	ok_errno(recv(sv[0], buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		 "MSG_DONTWAIT on empty stream: EAGAIN");
	close(sv[0]);
	close(sv[1]);

	ok_sys(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv),
	       "socketpair SOCK_NONBLOCK");
	ok(fcntl(sv[0], F_GETFL) & O_NONBLOCK, "O_NONBLOCK set");
	ok_errno(read(sv[0], buf, 1), EAGAIN, "nonblocking read: EAGAIN");
	close(sv[0]);
	close(sv[1]);
}

static void test_waitall(void)
{
	int sv[2];
	char buf[8];
	pid_t pid;
	int st;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		write(sv[1], "1234", 4);
		usleep(20000);
		write(sv[1], "5678", 4);
		_exit(0);
	}
	close(sv[1]);
	ok(recv(sv[0], buf, 8, MSG_WAITALL) == 8 && !memcmp(buf, "12345678", 8),
	   "MSG_WAITALL gathers two writes");
	waitpid(pid, &st, 0);
	ok(recv(sv[0], buf, 8, 0) == 0, "EOF after the writer exits");
	close(sv[0]);
}

static void test_dgram(void)
{
	struct msghdr mh = { 0 };
	struct iovec iov;
	char buf[16];
	int sv[2], type;
	socklen_t len = sizeof(type);

	ok_sys(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), "socketpair dgram");
	send(sv[0], "ab", 2, 0);
	send(sv[0], "cde", 3, 0);
	ok(recv(sv[1], buf, sizeof(buf), 0) == 2, "first datagram keeps its size");
	ok(recv(sv[1], buf, sizeof(buf), 0) == 3 && !memcmp(buf, "cde", 3),
	   "second datagram");
	send(sv[0], "123456", 6, 0);
	ok(recv(sv[1], buf, 3, MSG_TRUNC | MSG_PEEK) == 6,
	   "MSG_TRUNC returns the real length");
	iov.iov_base = buf;
	iov.iov_len = 4;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	ok(recvmsg(sv[1], &mh, 0) == 4 && (mh.msg_flags & MSG_TRUNC),
	   "short buffer: msg_flags has MSG_TRUNC");
	ok(recv(sv[1], buf, sizeof(buf), MSG_DONTWAIT) == -1 && errno == EAGAIN,
	   "the rest of a truncated datagram is gone");
	getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &type, &len);
	ok(type == SOCK_DGRAM && len == sizeof(int), "SO_TYPE is SOCK_DGRAM");
	close(sv[0]);
	close(sv[1]);
}

static void test_dgram_named(const char *dir)
{
	struct sockaddr_un a, b, from;
	char pa[108], pb[108], buf[8];
	socklen_t la, lb, fl = sizeof(from);
	int sa, sb;

	snprintf(pa, sizeof(pa), "%s/t_unix.%d.da", dir, (int)getpid());
	snprintf(pb, sizeof(pb), "%s/t_unix.%d.db", dir, (int)getpid());
	la = path_addr(&a, pa);
	lb = path_addr(&b, pb);
	sa = socket(AF_UNIX, SOCK_DGRAM, 0);
	sb = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok_sys(bind(sa, (struct sockaddr *)&a, la), "bind dgram a");
	ok_sys(bind(sb, (struct sockaddr *)&b, lb), "bind dgram b");
	ok(sendto(sa, "xy", 2, 0, (struct sockaddr *)&b, lb) == 2,
	   "sendto a bound name");
	ok(recvfrom(sb, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl) == 2,
	   "recvfrom");
	ok(fl == la && !strcmp(from.sun_path, pa), "recvfrom gives the sender's path");
	ok_errno(send(sa, "z", 1, 0), ENOTCONN,
		 "send on unconnected dgram: ENOTCONN");
	close(sa);
	close(sb);
	unlink(pa);
	unlink(pb);
}

static void test_seqpacket(void)
{
	struct msghdr mh = { 0 };
	struct iovec iov;
	char buf[16];
	int sv[2];

	ok_sys(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), "socketpair seqpacket");
	send(sv[0], "one", 3, 0);
	send(sv[0], "three", 5, 0);
	ok(recv(sv[1], buf, sizeof(buf), 0) == 3, "seqpacket keeps boundaries");
	iov.iov_base = buf;
	iov.iov_len = 2;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	ok(recvmsg(sv[1], &mh, 0) == 2 && (mh.msg_flags & MSG_TRUNC),
	   "seqpacket truncation sets MSG_TRUNC");
	close(sv[0]);
	ok(recv(sv[1], buf, sizeof(buf), 0) == 0, "seqpacket EOF after close");
	ok_errno(send(sv[1], "x", 1, MSG_NOSIGNAL), EPIPE,
		 "seqpacket send to closed peer: EPIPE");
	close(sv[1]);
}

static void test_path_server(const char *dir)
{
	struct sockaddr_un sun, got;
	char path[108], buf[16];
	socklen_t len, gl;
	struct ucred cr;
	struct stat st;
	pid_t pid;
	int ls, cs, s, status, fd;

	snprintf(path, sizeof(path), "%s/t_unix.%d.sock", dir, (int)getpid());
	len = path_addr(&sun, path);
	ls = socket(AF_UNIX, SOCK_STREAM, 0);
	ok_sys(bind(ls, (struct sockaddr *)&sun, len), "bind to a path");
	ok(stat(path, &st) == 0 && S_ISSOCK(st.st_mode), "the path is a socket inode");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	ok_errno(bind(s, (struct sockaddr *)&sun, len), EADDRINUSE,
		 "second bind: EADDRINUSE");
	ok_errno(connect(s, (struct sockaddr *)&sun, len), ECONNREFUSED,
		 "connect before listen: ECONNREFUSED");
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok_errno(connect(fd, (struct sockaddr *)&sun, len), EPROTOTYPE,
		 "dgram connect to a stream path: EPROTOTYPE");
	close(fd);
	ok_errno(bind(ls, (struct sockaddr *)&sun, len), EADDRINUSE,
		 "rebinding to the same path: EADDRINUSE");
	ok_sys(listen(ls, 5), "listen");
	gl = sizeof(int);
	status = 0;
	getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &status, &gl);
	ok(status == 1, "SO_ACCEPTCONN");
	gl = sizeof(got);
	ok(getsockname(ls, (struct sockaddr *)&got, &gl) == 0 && gl == len &&
		   !strcmp(got.sun_path, path),
	   "getsockname gives the path");
	pid = fork();
	if (pid == 0) {
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		struct sockaddr_un pn;
		socklen_t pl = sizeof(pn);

		if (connect(c, (struct sockaddr *)&sun, len))
			_exit(1);
		if (getpeername(c, (struct sockaddr *)&pn, &pl) || pl != len ||
		    strcmp(pn.sun_path, path))
			_exit(2);
		if (write(c, "ping", 4) != 4)
			_exit(3);
		if (read(c, buf, sizeof(buf)) != 4 || memcmp(buf, "pong", 4))
			_exit(4);
		_exit(0);
	}
	cs = accept(ls, (struct sockaddr *)&got, &gl);
	ok(cs >= 0, "accept");
	ok(gl == sizeof(sa_family_t), "unbound client: address is the family only");
	ok(read(cs, buf, sizeof(buf)) == 4 && !memcmp(buf, "ping", 4),
	   "server reads the client");
	ok(write(cs, "pong", 4) == 4, "server answers");
	gl = sizeof(cr);
	ok(getsockopt(cs, SOL_SOCKET, SO_PEERCRED, &cr, &gl) == 0 &&
		   cr.pid == pid && cr.uid == getuid() && cr.gid == getgid(),
	   "SO_PEERCRED on the accepted socket names the client");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "client succeeded");
	ok(read(cs, buf, sizeof(buf)) == 0, "EOF once the client is gone");
	close(cs);
	close(ls);
	ok_errno(connect(s, (struct sockaddr *)&sun, len), ECONNREFUSED,
		 "connect after the listener closed: ECONNREFUSED");
	close(s);
	fd = open(path, O_RDONLY);
	ok_errno(fd, ENXIO, "open() of a socket inode: ENXIO");
	ok_sys(unlink(path), "unlink the socket path");
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	ok_errno(connect(s, (struct sockaddr *)&sun, len), ENOENT,
		 "connect to a missing path: ENOENT");
	close(s);
}

static void test_abstract(void)
{
	struct sockaddr_un sun, got;
	socklen_t len, gl = sizeof(got);
	char name[32];
	int ls, c, s;

	snprintf(name, sizeof(name), "t_unix.%d", (int)getpid());
	len = abstract_addr(&sun, name);
	ls = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	ok_sys(bind(ls, (struct sockaddr *)&sun, len), "bind abstract name");
	ok(getsockname(ls, (struct sockaddr *)&got, &gl) == 0 && gl == len &&
		   !memcmp(&got, &sun, len),
	   "getsockname gives the abstract name");
	listen(ls, 1);
	c = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	ok_sys(connect(c, (struct sockaddr *)&sun, len), "connect abstract name");
	s = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	ok(s >= 0 && fcntl(s, F_GETFD) == FD_CLOEXEC, "accept4 SOCK_CLOEXEC");
	ok(send(c, "abc", 3, 0) == 3 && recv(s, name, sizeof(name), 0) == 3,
	   "data over the abstract connection");
	close(c);
	close(s);
	close(ls);
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	ok_errno(connect(c, (struct sockaddr *)&sun, len), ECONNREFUSED,
		 "abstract name gone after close");
	gl = sizeof(got);
	ok(bind(c, (struct sockaddr *)&sun, sizeof(sa_family_t)) == 0 &&
		   getsockname(c, (struct sockaddr *)&got, &gl) == 0 &&
		   gl == offsetof(struct sockaddr_un, sun_path) + 6 &&
		   got.sun_path[0] == 0,
	   "autobind gives a 5-character abstract name");
	close(c);
}

static void test_rights(void)
{
	char cbuf[CMSG_SPACE(sizeof(int) * 2)], data = 'x', buf[8];
	struct msghdr mh = { 0 };
	struct cmsghdr *cm;
	struct iovec iov = { &data, 1 };
	int sv[2], p[2], q[2], got = -1, fds[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &p[0], sizeof(int));
	ok(sendmsg(sv[0], &mh, 0) == 1, "sendmsg with SCM_RIGHTS");
	close(p[0]);
	memset(cbuf, 0, sizeof(cbuf));
	mh.msg_controllen = sizeof(cbuf);
	ok(recvmsg(sv[1], &mh, 0) == 1, "recvmsg");
	cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_RIGHTS &&
	    cm->cmsg_len == CMSG_LEN(sizeof(int)))
		memcpy(&got, CMSG_DATA(cm), sizeof(int));
	ok(got >= 0 && !(mh.msg_flags & MSG_CTRUNC), "received one descriptor");
	write(p[1], "via", 3);
	ok(read(got, buf, sizeof(buf)) == 3 && !memcmp(buf, "via", 3),
	   "the passed pipe end reads what was written");
	close(got);
	close(p[1]);

	/* Two descriptors, room for one: MSG_CTRUNC. */
	pipe(q);
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * 2);
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int) * 2);
	memcpy(CMSG_DATA(cm), q, sizeof(q));
	sendmsg(sv[0], &mh, 0);
	mh.msg_controllen = CMSG_LEN(sizeof(int));
	ok(recvmsg(sv[1], &mh, 0) == 1 && (mh.msg_flags & MSG_CTRUNC),
	   "short control buffer: MSG_CTRUNC");
	cm = CMSG_FIRSTHDR(&mh);
	ok(cm && cm->cmsg_len == CMSG_LEN(sizeof(int)), "one descriptor delivered");
	if (cm) {
		memcpy(fds, CMSG_DATA(cm), sizeof(int));
		close(fds[0]);
	}
	close(q[0]);
	close(q[1]);

	/* A bad descriptor is refused. */
	mh.msg_controllen = CMSG_SPACE(sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	got = 999;
	memcpy(CMSG_DATA(cm), &got, sizeof(int));
	ok_errno(sendmsg(sv[0], &mh, 0), EBADF, "SCM_RIGHTS with a bad fd: EBADF");
	close(sv[0]);
	close(sv[1]);
}

static void test_creds(void)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))], data = 'c';
	struct msghdr mh = { 0 };
	struct iovec iov = { &data, 1 };
	struct cmsghdr *cm;
	struct ucred cr = { 0 };
	socklen_t l = sizeof(cr);
	int sv[2], on = 1;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	ok(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cr, &l) == 0 &&
		   cr.pid == getpid() && cr.uid == getuid(),
	   "SO_PEERCRED of a socketpair is ourselves");
	ok_sys(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on)),
	       "SO_PASSCRED");
	send(sv[0], "c", 1, 0);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	memset(&cr, 0, sizeof(cr));
	ok(recvmsg(sv[1], &mh, 0) == 1, "recvmsg with SO_PASSCRED");
	cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_type == SCM_CREDENTIALS)
		memcpy(&cr, CMSG_DATA(cm), sizeof(cr));
	ok(cr.pid == getpid() && cr.uid == getuid() && cr.gid == getgid(),
	   "SCM_CREDENTIALS names the sender");
	close(sv[0]);
	close(sv[1]);
}

static void test_shutdown(void)
{
	struct pollfd pfd;
	char buf[4];
	int sv[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ok_sys(shutdown(sv[0], SHUT_WR), "shutdown SHUT_WR");
	ok(read(sv[1], buf, sizeof(buf)) == 0, "peer reads EOF");
	pfd.fd = sv[1];
	pfd.events = POLLIN | POLLRDHUP | POLLOUT;
	ok(poll(&pfd, 1, 0) == 1 &&
		   pfd.revents == (POLLIN | POLLRDHUP | POLLOUT),
	   "peer polls POLLIN|POLLRDHUP|POLLOUT");
	ok(write(sv[1], "ok", 2) == 2 && read(sv[0], buf, 2) == 2,
	   "the other direction still works");
	ok_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE,
		 "send after SHUT_WR: EPIPE");
	ok(sigpipes == 0, "MSG_NOSIGNAL: no SIGPIPE");
	ok_errno(write(sv[0], "x", 1), EPIPE, "write after SHUT_WR: EPIPE");
	ok(sigpipes == 1, "write raised SIGPIPE");
	ok_errno(shutdown(sv[0], 7), EINVAL, "shutdown bad how: EINVAL");
	{
		int fresh = socket(AF_UNIX, SOCK_STREAM, 0);

		pfd.fd = fresh;
		pfd.events = POLLIN | POLLOUT;
		ok(poll(&pfd, 1, 0) == 1 && pfd.revents == (POLLOUT | POLLHUP),
		   "unconnected stream socket polls POLLOUT|POLLHUP");
		close(fresh);
	}
	close(sv[1]);
	pfd.fd = sv[0];
	pfd.events = POLLIN | POLLOUT | POLLRDHUP;
	ok(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP),
	   "POLLHUP once the peer closed");
	ok_errno(send(sv[0], "x", 1, MSG_NOSIGNAL), EPIPE,
		 "send to a closed peer: EPIPE");
	close(sv[0]);
}

static void test_nonblock_and_epoll(void)
{
	struct sockaddr_un sun;
	struct epoll_event ev = { .events = EPOLLIN }, out;
	char name[32];
	socklen_t len;
	int ls, c1, c2, c3, ep, s;

	snprintf(name, sizeof(name), "t_unix.nb.%d", (int)getpid());
	len = abstract_addr(&sun, name);
	ls = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	bind(ls, (struct sockaddr *)&sun, len);
	ok_errno(accept(ls, NULL, NULL), EINVAL, "accept before listen: EINVAL");
	listen(ls, 0);
	ok_errno(accept(ls, NULL, NULL), EAGAIN, "nonblocking accept: EAGAIN");
	ep = epoll_create1(0);
	ev.data.fd = ls;
	epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
	ok(epoll_wait(ep, &out, 1, 0) == 0, "epoll: listener not ready");
	c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ok_sys(connect(c1, (struct sockaddr *)&sun, len), "first connect");
	ok(epoll_wait(ep, &out, 1, 1000) == 1 && out.data.fd == ls &&
		   (out.events & EPOLLIN),
	   "epoll: listener readable after connect");
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ok_errno(connect(c2, (struct sockaddr *)&sun, len), EAGAIN,
		 "backlog full, nonblocking connect: EAGAIN");
	s = accept(ls, NULL, NULL);
	ok(s >= 0, "accept the queued connection");
	ok_sys(connect(c2, (struct sockaddr *)&sun, len), "connect after accept");
	close(s);
	s = accept(ls, NULL, NULL);
	ok(s >= 0, "accept the second connection");
	ok_errno(connect(c2, (struct sockaddr *)&sun, len), EISCONN,
		 "connect again: EISCONN");
	c3 = socket(AF_UNIX, SOCK_DGRAM, 0);
	ok_errno(connect(c3, (struct sockaddr *)&sun, len), ECONNREFUSED,
		 "abstract names are per type: ECONNREFUSED");
	close(c1);
	close(c2);
	close(c3);
	close(s);
	close(ep);
	close(ls);
}

static void test_epollout(void)
{
	struct epoll_event ev = { .events = EPOLLOUT }, out;
	static char buf[65536];
	int sv[2], ep;
	long total = 0;
	ssize_t n;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	ep = epoll_create1(0);
	epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
	ok(epoll_wait(ep, &out, 1, 0) == 1, "epoll: fresh socket writable");
	while ((n = write(sv[0], buf, sizeof(buf))) > 0)
		total += n;
	ok(n == -1 && errno == EAGAIN && total > 0, "fill until EAGAIN");
	ok(epoll_wait(ep, &out, 1, 0) == 0, "epoll: full socket not writable");
	while (read(sv[1], buf, sizeof(buf)) > 0)
		;
	ok(epoll_wait(ep, &out, 1, 1000) == 1 && (out.events & EPOLLOUT),
	   "epoll: writable again once the peer drained it");
	close(ep);
	close(sv[0]);
	close(sv[1]);
}

static void test_options_and_proc(void)
{
	char link[64], want[64], target[64];
	struct stat st;
	socklen_t l = sizeof(int);
	int sv[2], v = 4096, dom = 0, proto = -1;
	ssize_t n;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	getsockopt(sv[0], SOL_SOCKET, SO_DOMAIN, &dom, &l);
	l = sizeof(int);
	getsockopt(sv[0], SOL_SOCKET, SO_PROTOCOL, &proto, &l);
	ok(dom == AF_UNIX && proto == 0, "SO_DOMAIN and SO_PROTOCOL");
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	l = sizeof(int);
	getsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &v, &l);
	ok(v == 8192, "SO_SNDBUF is doubled");
	v = 1;
	ok_sys(setsockopt(sv[0], SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v)),
	       "SO_REUSEADDR accepted");
	l = sizeof(int);
	v = -1;
	ok(getsockopt(sv[0], SOL_SOCKET, SO_ERROR, &v, &l) == 0 && v == 0,
	   "SO_ERROR is 0");
	ok(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode), "fstat: S_IFSOCK");
	snprintf(want, sizeof(want), "socket:[%lu]", (unsigned long)st.st_ino);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", sv[0]);
	n = readlink(link, target, sizeof(target) - 1);
	if (n >= 0)
		target[n] = 0;
	ok(n > 0 && !strcmp(target, want), "/proc/self/fd shows socket:[ino]");
	ok_errno(getsockname(0 + 100, (struct sockaddr *)link, &l), EBADF,
		 "getsockname on a bad fd: EBADF");
	{
		int p[2];
		struct sockaddr_un sun;
		socklen_t sl = sizeof(sun);

		pipe(p);
		ok_errno(getpeername(p[0], (struct sockaddr *)&sun, &sl), ENOTSOCK,
			 "getpeername on a pipe: ENOTSOCK");
		close(p[0]);
		close(p[1]);
	}
	ok_errno(lseek(sv[0], 0, SEEK_SET), ESPIPE, "lseek on a socket: ESPIPE");
	close(sv[0]);
	close(sv[1]);
}

static void test_mmsg(void)
{
	struct mmsghdr mm[3];
	struct iovec iov[3];
	char bufs[3][8];
	int sv[2], i;

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	memset(mm, 0, sizeof(mm));
	for (i = 0; i < 3; i++) {
		snprintf(bufs[i], sizeof(bufs[i]), "m%d", i);
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = 2 + (i == 2);
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	ok(sendmmsg(sv[0], mm, 3, 0) == 3 && mm[2].msg_len == 3, "sendmmsg");
	memset(bufs, 0, sizeof(bufs));
	for (i = 0; i < 3; i++)
		iov[i].iov_len = sizeof(bufs[i]);
	ok(recvmmsg(sv[1], mm, 3, MSG_DONTWAIT, NULL) == 3 &&
		   mm[0].msg_len == 2 && mm[2].msg_len == 3 &&
		   !strcmp(bufs[1], "m1"),
	   "recvmmsg");
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
	test_stream_pair();
	test_waitall();
	test_dgram();
	test_dgram_named("/tmp");
	test_seqpacket();
	test_path_server("/tmp");
	test_abstract();
	test_rights();
	test_creds();
	test_shutdown();
	test_nonblock_and_epoll();
	test_epollout();
	test_options_and_proc();
	test_mmsg();
	return done();
}
