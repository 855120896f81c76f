/* SPDX-License-Identifier: MIT */
/*
 * t_inet - AF_INET/AF_INET6 sockets on loopback: TCP echo between a forked
 * client and server, accept4, large transfers, non-blocking connect,
 * ECONNREFUSED, EADDRINUSE and SO_REUSEADDR/SO_REUSEPORT, ephemeral ports,
 * shutdown, MSG_PEEK/MSG_DONTWAIT/MSG_WAITALL, poll and epoll readiness,
 * EPIPE/SIGPIPE, ECONNRESET, UDP datagrams, IPv6 ::1, IPv4-mapped
 * addresses on a dual-stack socket, unreachable networks and options.
 *
 * Ports are ephemeral and never printed, so the output is the same
 * natively and in the sandbox.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gtap.h"

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

static struct sockaddr_in sin4(const char *ip, unsigned short port)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	a.sin_port = htons(port);
	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static struct sockaddr_in6 sin6(const char *ip, unsigned short port)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };

	a.sin6_port = htons(port);
	inet_pton(AF_INET6, ip, &a.sin6_addr);
	return a;
}

/* The port @fd is bound to (either family), 0 on error. */
static unsigned short local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return 0;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* A TCP listener on @ip (IPv4) port 0; its port in *@port. */
static int listener4(const char *ip, unsigned short *port)
{
	struct sockaddr_in a = sin4(ip, 0);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) ||
	    listen(fd, 8))
		return -1;
	*port = local_port(fd);
	return fd;
}

static int connect4(const char *ip, unsigned short port)
{
	struct sockaddr_in a = sin4(ip, port);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		close(fd);
		return -1;
	}
	return fd;
}

static int getint(int fd, int level, int name)
{
	int v = -12345;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, level, name, &v, &len))
		return -12345;
	return v;
}

static int setint(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v));
}

/* Wait for a child; true when it exited 0. */
static int reap(pid_t pid)
{
	int st;

	return waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	       WEXITSTATUS(st) == 0;
}

static void test_socket_basics(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	ok_sys(fd, "socket(AF_INET, SOCK_STREAM|NONBLOCK|CLOEXEC)");
	ok((fcntl(fd, F_GETFL) & O_NONBLOCK) &&
		   fcntl(fd, F_GETFD) == FD_CLOEXEC,
	   "SOCK_NONBLOCK and SOCK_CLOEXEC are set");
	ok(getint(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM &&
		   getint(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET &&
		   getint(fd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_TCP,
	   "SO_TYPE/SO_DOMAIN/SO_PROTOCOL of a TCP socket");
	ok(getint(fd, SOL_SOCKET, SO_ACCEPTCONN) == 0,
	   "SO_ACCEPTCONN is 0 before listen");
	ok(getsockname(fd, (struct sockaddr *)&a, &len) == 0 &&
		   len == sizeof(a) && a.sin_family == AF_INET &&
		   a.sin_port == 0 && a.sin_addr.s_addr == 0,
	   "an unbound socket's name is 0.0.0.0:0");
	ok_errno(getpeername(fd, (struct sockaddr *)&a, &len), ENOTCONN,
		 "getpeername before connect: ENOTCONN");
	ok_errno(recv(fd, &a, 1, 0), ENOTCONN,
		 "recv on an unconnected TCP socket: ENOTCONN");
	close(fd);
	fd = socket(AF_INET6, SOCK_DGRAM, 0);
	ok(fd >= 0 && getint(fd, SOL_SOCKET, SO_PROTOCOL) == IPPROTO_UDP &&
		   getint(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET6,
	   "socket(AF_INET6, SOCK_DGRAM) is UDP");
	close(fd);
	ok_errno(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), EPROTONOSUPPORT,
		 "TCP socket with IPPROTO_UDP: EPROTONOSUPPORT");
	ok_errno(socket(AF_INET, SOCK_SEQPACKET, 0), ESOCKTNOSUPPORT,
		 "AF_INET SOCK_SEQPACKET: ESOCKTNOSUPPORT");
}

/* Client: connect to @port, send its own port and a message, check the echo. */
static int echo_client(unsigned short port)
{
	char msg[64], buf[64];
	unsigned short me;
	int fd = connect4("127.0.0.1", port), n;

	if (fd < 0)
		return 1;
	me = local_port(fd);
	n = snprintf(msg, sizeof(msg), "%u hello", me);
	if (write(fd, msg, n) != n)
		return 2;
	if (recv(fd, buf, n, MSG_WAITALL) != n || memcmp(buf, msg, n))
		return 3;
	if (read(fd, buf, sizeof(buf)) != 0)
		return 4;	/* server closed: EOF */
	close(fd);
	return 0;
}

static void test_tcp_echo(void)
{
	struct sockaddr_in peer, me;
	socklen_t plen = sizeof(peer), mlen = sizeof(me);
	unsigned short port;
	char buf[64];
	unsigned cport;
	int l, c, n;
	pid_t pid;

	l = listener4("127.0.0.1", &port);
	ok(l >= 0 && port != 0, "listen on 127.0.0.1 port 0 gets a port");
	ok(getint(l, SOL_SOCKET, SO_ACCEPTCONN) == 1,
	   "SO_ACCEPTCONN is 1 on a listener");
	pid = fork();
	if (pid == 0)
		_exit(echo_client(port));
	c = accept4(l, (struct sockaddr *)&peer, &plen, SOCK_CLOEXEC);
	ok_sys(c, "accept4(SOCK_CLOEXEC)");
	ok(fcntl(c, F_GETFD) == FD_CLOEXEC, "accept4 sets FD_CLOEXEC");
	ok(plen == sizeof(peer) && peer.sin_family == AF_INET &&
		   peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	   "accept reports the peer as 127.0.0.1");
	ok(getsockname(c, (struct sockaddr *)&me, &mlen) == 0 &&
		   ntohs(me.sin_port) == port &&
		   me.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	   "accepted socket's name is the listener's address");
	n = read(c, buf, sizeof(buf) - 1);
	ok(n > 0, "server reads the request");
	buf[n > 0 ? n : 0] = 0;
	ok(sscanf(buf, "%u", &cport) == 1 && cport == ntohs(peer.sin_port),
	   "peer port matches the client's getsockname");
	ok(write(c, buf, n) == n, "server echoes");
	close(c);
	ok(reap(pid), "client got the echo and EOF");
	close(l);
}

#define BIG (1 << 20)

static void test_tcp_bulk(void)
{
	unsigned short port;
	unsigned char *buf = malloc(BIG);
	unsigned long sum = 0, want = 0;
	int l, c, i;
	pid_t pid;

	for (i = 0; i < BIG; i++)
		want += (unsigned char)(i * 7);
	l = listener4("127.0.0.1", &port);
	pid = fork();
	if (pid == 0) {
		int fd = connect4("127.0.0.1", port);

		for (i = 0; i < BIG; i++)
			buf[i] = (unsigned char)(i * 7);
		_exit(fd < 0 || send(fd, buf, BIG, 0) != BIG);
	}
	c = accept(l, NULL, NULL);
	memset(buf, 0, BIG);
	ok(recv(c, buf, BIG, MSG_WAITALL) == BIG,
	   "MSG_WAITALL receives 1 MiB sent in one call");
	for (i = 0; i < BIG; i++)
		sum += buf[i];
	ok(sum == want, "the bytes arrive intact and in order");
	ok(read(c, buf, 1) == 0, "then EOF");
	ok(reap(pid), "sender finished");
	close(c);
	close(l);
	free(buf);
}

static void test_nonblock_connect(void)
{
	struct sockaddr_in a, peer;
	socklen_t len = sizeof(peer);
	struct pollfd p;
	unsigned short port;
	int l, fd, c, r;

	l = listener4("127.0.0.1", &port);
	a = sin4("127.0.0.1", port);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ok_errno(connect(fd, (struct sockaddr *)&a, sizeof(a)), EINPROGRESS,
		 "non-blocking connect: EINPROGRESS");
	p.fd = fd;
	p.events = POLLOUT;
	r = poll(&p, 1, 5000);
	ok(r == 1 && (p.revents & POLLOUT) && !(p.revents & POLLERR),
	   "the connecting socket becomes writable");
	ok(getint(fd, SOL_SOCKET, SO_ERROR) == 0, "SO_ERROR is 0");
	ok(getpeername(fd, (struct sockaddr *)&peer, &len) == 0 &&
		   ntohs(peer.sin_port) == port,
	   "getpeername is the listener");
	c = accept4(l, NULL, NULL, SOCK_NONBLOCK);
	ok(c >= 0 && (fcntl(c, F_GETFL) & O_NONBLOCK),
	   "accept4(SOCK_NONBLOCK)");
	fcntl(l, F_SETFL, O_NONBLOCK);
	ok_errno(accept(l, NULL, NULL), EAGAIN,
		 "non-blocking listener with nothing to accept: EAGAIN");
	ok_errno(read(c, &r, 1), EAGAIN,
		 "non-blocking read with no data: EAGAIN");
	close(c);
	close(fd);
	close(l);
}

static void test_refused(void)
{
	struct sockaddr_in a = sin4("127.0.0.1", 0);
	unsigned short port;
	int b, fd;

	/* A bound socket that does not listen: nobody accepts on its port. */
	b = socket(AF_INET, SOCK_STREAM, 0);
	bind(b, (struct sockaddr *)&a, sizeof(a));
	port = local_port(b);
	a = sin4("127.0.0.1", port);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ok_errno(connect(fd, (struct sockaddr *)&a, sizeof(a)), ECONNREFUSED,
		 "connect with no listener: ECONNREFUSED");
	close(fd);
	close(b);
}

static void test_addrinuse(void)
{
	struct sockaddr_in a, any;
	unsigned short port;
	int l, fd, fd2;

	l = listener4("127.0.0.1", &port);
	a = sin4("127.0.0.1", port);
	any = sin4("0.0.0.0", port);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ok_errno(bind(fd, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE,
		 "bind to a listener's address: EADDRINUSE");
	ok_errno(bind(fd, (struct sockaddr *)&any, sizeof(any)), EADDRINUSE,
		 "bind the wildcard on that port: EADDRINUSE");
	setint(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	setint(l, SOL_SOCKET, SO_REUSEADDR, 1);
	ok_errno(bind(fd, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE,
		 "SO_REUSEADDR does not share a listening port");
	close(l);
	ok_sys(bind(fd, (struct sockaddr *)&a, sizeof(a)),
	       "the port is free once the listener is closed");
	ok_errno(bind(fd, (struct sockaddr *)&a, sizeof(a)), EINVAL,
		 "binding twice: EINVAL");
	close(fd);

	/* SO_REUSEPORT: two listeners on one port. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	fd2 = socket(AF_INET, SOCK_STREAM, 0);
	setint(fd, SOL_SOCKET, SO_REUSEPORT, 1);
	setint(fd2, SOL_SOCKET, SO_REUSEPORT, 1);
	ok(getint(fd, SOL_SOCKET, SO_REUSEPORT) == 1, "SO_REUSEPORT reads back");
	a = sin4("127.0.0.1", 0);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	a = sin4("127.0.0.1", local_port(fd));
	ok(bind(fd2, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		   listen(fd, 4) == 0 && listen(fd2, 4) == 0,
	   "SO_REUSEPORT lets two sockets bind and listen on one port");
	close(fd);
	close(fd2);

	/* SO_REUSEADDR: bound, not listening, sockets may share. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	fd2 = socket(AF_INET, SOCK_DGRAM, 0);
	a = sin4("127.0.0.1", 0);
	bind(fd, (struct sockaddr *)&a, sizeof(a));
	a = sin4("127.0.0.1", local_port(fd));
	ok_errno(bind(fd2, (struct sockaddr *)&a, sizeof(a)), EADDRINUSE,
		 "UDP port in use: EADDRINUSE");
	close(fd);
	close(fd2);
}

static void test_shutdown_peek_poll(void)
{
	unsigned short port;
	struct pollfd p[2];
	struct epoll_event ev = { .events = EPOLLIN }, out;
	char buf[32];
	int l, a, b, ep, n;

	l = listener4("127.0.0.1", &port);
	a = connect4("127.0.0.1", port);
	p[0].fd = l;
	p[0].events = POLLIN;
	ok(poll(p, 1, 5000) == 1 && (p[0].revents & POLLIN),
	   "a listener with a pending connection polls readable");
	b = accept(l, NULL, NULL);
	p[0].fd = a;
	p[0].events = POLLIN | POLLOUT;
	p[1].fd = b;
	p[1].events = POLLIN;
	ok(poll(p, 2, 0) == 1 && p[0].revents == POLLOUT && !p[1].revents,
	   "connected: writable, not readable");
	ep = epoll_create1(0);
	ev.data.fd = b;
	epoll_ctl(ep, EPOLL_CTL_ADD, b, &ev);
	ok(epoll_wait(ep, &out, 1, 0) == 0, "epoll: nothing readable yet");
	ok(write(a, "abcdef", 6) == 6, "write 6 bytes");
	ok(epoll_wait(ep, &out, 1, 5000) == 1 && out.data.fd == b &&
		   (out.events & EPOLLIN),
	   "epoll reports the peer readable");
	ok(poll(&p[1], 1, 0) == 1 && (p[1].revents & POLLIN),
	   "poll reports the peer readable");
	ok(ioctl(b, FIONREAD, &n) == 0 && n == 6, "FIONREAD counts 6 bytes");
	ok(recv(b, buf, 4, MSG_PEEK) == 4 && !memcmp(buf, "abcd", 4),
	   "MSG_PEEK sees the data");
	ok(recv(b, buf, 3, 0) == 3 && !memcmp(buf, "abc", 3),
	   "recv then reads it from the start");
	ok(shutdown(a, SHUT_WR) == 0, "shutdown(SHUT_WR)");
	ok(recv(b, buf, sizeof(buf), 0) == 3 && !memcmp(buf, "def", 3),
	   "the rest of the data comes before EOF");
	ok(recv(b, buf, sizeof(buf), 0) == 0, "then EOF");
	p[1].events = POLLIN | POLLRDHUP;
	ok(poll(&p[1], 1, 0) == 1 && (p[1].revents & POLLRDHUP),
	   "POLLRDHUP after the peer's SHUT_WR");
	ok(write(b, "back", 4) == 4, "the other direction still works");
	ok(read(a, buf, sizeof(buf)) == 4 && !memcmp(buf, "back", 4),
	   "half-closed side reads the reply");
	ok_errno(recv(a, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		 "MSG_DONTWAIT with nothing to read: EAGAIN");
	sigpipes = 0;
	ok_errno(send(a, "x", 1, MSG_NOSIGNAL), EPIPE,
		 "send after SHUT_WR: EPIPE");
	ok(sigpipes == 0, "MSG_NOSIGNAL: no SIGPIPE");
	ok_errno(write(a, "x", 1), EPIPE, "write after SHUT_WR: EPIPE");
	ok(sigpipes == 1, "and SIGPIPE");
	close(ep);
	close(a);
	close(b);

	/* Closing with unread data resets the connection. */
	a = connect4("127.0.0.1", port);
	b = accept(l, NULL, NULL);
	ok(write(a, "unread", 6) == 6, "data the peer never reads");
	close(b);
	ok_errno(read(a, buf, sizeof(buf)), ECONNRESET,
		 "peer closed with unread data: ECONNRESET");
	close(a);

	/* An orderly close gives EOF and POLLIN. */
	a = connect4("127.0.0.1", port);
	b = accept(l, NULL, NULL);
	close(b);
	p[0].fd = a;
	p[0].events = POLLIN;
	ok(poll(p, 1, 5000) == 1 && (p[0].revents & POLLIN) &&
		   read(a, buf, 1) == 0,
	   "peer close: readable, EOF");
	close(a);
	close(l);
}

static void test_udp(void)
{
	struct sockaddr_in a, b, from;
	socklen_t flen = sizeof(from);
	struct msghdr mh = { 0 };
	struct iovec iov;
	char buf[64];
	int s1, s2, s3, n;

	s1 = socket(AF_INET, SOCK_DGRAM, 0);
	s2 = socket(AF_INET, SOCK_DGRAM, 0);
	a = sin4("127.0.0.1", 0);
	ok(bind(s1, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		   bind(s2, (struct sockaddr *)&a, sizeof(a)) == 0,
	   "two UDP sockets on 127.0.0.1 port 0");
	a = sin4("127.0.0.1", local_port(s1));
	b = sin4("127.0.0.1", local_port(s2));
	ok(sendto(s2, "one", 3, 0, (struct sockaddr *)&a, sizeof(a)) == 3 &&
		   sendto(s2, "second", 6, 0, (struct sockaddr *)&a,
			  sizeof(a)) == 6,
	   "sendto twice");
	ok(ioctl(s1, FIONREAD, &n) == 0 && n == 3,
	   "FIONREAD is the first datagram's size");
	n = recvfrom(s1, buf, sizeof(buf), 0, (struct sockaddr *)&from, &flen);
	ok(n == 3 && !memcmp(buf, "one", 3), "datagram boundaries are kept");
	ok(flen == sizeof(from) && from.sin_family == AF_INET &&
		   from.sin_port == b.sin_port &&
		   from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
	   "recvfrom fills in the source address");
	iov.iov_base = buf;
	iov.iov_len = 2;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	ok(recvmsg(s1, &mh, 0) == 2 && (mh.msg_flags & MSG_TRUNC),
	   "a short buffer truncates the datagram (MSG_TRUNC)");
	ok_errno(recv(s1, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		 "the rest of a truncated datagram is gone");
	ok_errno(send(s2, "x", 1, 0), EDESTADDRREQ,
		 "send on an unconnected UDP socket: EDESTADDRREQ");
	ok(connect(s2, (struct sockaddr *)&a, sizeof(a)) == 0 &&
		   send(s2, "conn", 4, 0) == 4,
	   "connect sets the default destination");
	flen = sizeof(from);
	ok(getpeername(s2, (struct sockaddr *)&from, &flen) == 0 &&
		   from.sin_port == a.sin_port,
	   "getpeername of a connected UDP socket");
	ok(recv(s1, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "conn", 4),
	   "receiver gets it");
	/* A connected UDP socket only hears from its peer. */
	s3 = socket(AF_INET, SOCK_DGRAM, 0);
	ok(sendto(s3, "stray", 5, 0, (struct sockaddr *)&b, sizeof(b)) == 5 &&
		   sendto(s1, "reply", 5, 0, (struct sockaddr *)&b,
			  sizeof(b)) == 5,
	   "a stranger and the peer both send to the connected socket");
	ok(recv(s2, buf, sizeof(buf), 0) == 5 && !memcmp(buf, "reply", 5),
	   "only the peer's datagram arrives");
	ok_errno(recv(s2, buf, sizeof(buf), MSG_DONTWAIT), EAGAIN,
		 "the stranger's was filtered");
	close(s1);
	close(s2);
	close(s3);
}

static void test_ipv6(void)
{
	struct sockaddr_in6 a6, peer;
	struct sockaddr_in a4;
	socklen_t len = sizeof(peer);
	unsigned short port;
	char buf[16];
	int l, c, s, fd;
	static const unsigned char mapped[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1
	};

	/* TCP over ::1 */
	l = socket(AF_INET6, SOCK_STREAM, 0);
	a6 = sin6("::1", 0);
	ok(bind(l, (struct sockaddr *)&a6, sizeof(a6)) == 0 &&
		   listen(l, 4) == 0,
	   "listen on [::1]");
	a6 = sin6("::1", local_port(l));
	c = socket(AF_INET6, SOCK_STREAM, 0);
	ok_sys(connect(c, (struct sockaddr *)&a6, sizeof(a6)),
	       "connect to [::1]");
	s = accept(l, (struct sockaddr *)&peer, &len);
	ok(s >= 0 && len == sizeof(peer) && peer.sin6_family == AF_INET6 &&
		   IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr),
	   "the peer is ::1");
	ok(write(c, "six", 3) == 3 && read(s, buf, sizeof(buf)) == 3 &&
		   !memcmp(buf, "six", 3),
	   "data over IPv6");
	close(s);
	close(c);
	close(l);

	/* A dual-stack socket on [::] accepts IPv4 connections. */
	l = socket(AF_INET6, SOCK_STREAM, 0);
	ok(getint(l, IPPROTO_IPV6, IPV6_V6ONLY) == 0, "IPV6_V6ONLY is off");
	a6 = sin6("::", 0);
	ok(bind(l, (struct sockaddr *)&a6, sizeof(a6)) == 0 &&
		   listen(l, 4) == 0,
	   "dual-stack listen on [::]");
	port = local_port(l);
	c = connect4("127.0.0.1", port);
	ok(c >= 0, "IPv4 connect to the dual-stack listener");
	len = sizeof(peer);
	s = accept(l, (struct sockaddr *)&peer, &len);
	ok(s >= 0 && peer.sin6_family == AF_INET6 &&
		   !memcmp(&peer.sin6_addr, mapped, 16),
	   "the IPv4 peer appears as ::ffff:127.0.0.1");
	len = sizeof(peer);
	ok(getsockname(s, (struct sockaddr *)&peer, &len) == 0 &&
		   !memcmp(&peer.sin6_addr, mapped, 16) &&
		   ntohs(peer.sin6_port) == port,
	   "the accepted socket's name is mapped too");
	close(s);
	close(c);
	/* connect from AF_INET6 to a v4-mapped address */
	c = socket(AF_INET6, SOCK_STREAM, 0);
	a6 = sin6("::ffff:127.0.0.1", port);
	ok_sys(connect(c, (struct sockaddr *)&a6, sizeof(a6)),
	       "AF_INET6 connect to ::ffff:127.0.0.1");
	s = accept(l, NULL, NULL);
	ok(s >= 0 && write(s, "m", 1) == 1 && read(c, buf, 1) == 1,
	   "and data flows");
	close(s);
	close(c);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	a4 = sin4("0.0.0.0", port);
	ok_errno(bind(fd, (struct sockaddr *)&a4, sizeof(a4)), EADDRINUSE,
		 "0.0.0.0 on the dual-stack port: EADDRINUSE");
	close(fd);
	close(l);

	/* IPV6_V6ONLY keeps IPv4 out. */
	l = socket(AF_INET6, SOCK_STREAM, 0);
	ok(setint(l, IPPROTO_IPV6, IPV6_V6ONLY, 1) == 0 &&
		   getint(l, IPPROTO_IPV6, IPV6_V6ONLY) == 1,
	   "set IPV6_V6ONLY");
	a6 = sin6("::", 0);
	bind(l, (struct sockaddr *)&a6, sizeof(a6));
	listen(l, 4);
	port = local_port(l);
	ok(connect4("127.0.0.1", port) < 0 && errno == ECONNREFUSED,
	   "IPv4 connect to a v6-only listener: ECONNREFUSED");
	ok_errno(setint(l, IPPROTO_IPV6, IPV6_V6ONLY, 0), EINVAL,
		 "IPV6_V6ONLY cannot change once bound");
	close(l);

	/* UDP over IPv6 */
	s = socket(AF_INET6, SOCK_DGRAM, 0);
	c = socket(AF_INET6, SOCK_DGRAM, 0);
	a6 = sin6("::1", 0);
	bind(s, (struct sockaddr *)&a6, sizeof(a6));
	a6 = sin6("::1", local_port(s));
	len = sizeof(peer);
	ok(sendto(c, "u6", 2, 0, (struct sockaddr *)&a6, sizeof(a6)) == 2 &&
		   recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&peer,
			    &len) == 2 &&
		   IN6_IS_ADDR_LOOPBACK(&peer.sin6_addr) &&
		   ntohs(peer.sin6_port) == local_port(c),
	   "UDP over ::1 with the source address (autobound sender)");
	close(s);
	close(c);
}

/* Does this machine have a default route? (The sandbox has none.) */
static int have_default_route(void)
{
	char line[256], ifname[64];
	unsigned long dst;
	FILE *f = fopen("/proc/net/route", "r");
	int found = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %lx", ifname, &dst) == 2 && dst == 0)
			found = 1;
	fclose(f);
	return found;
}

static void test_unreachable(void)
{
	struct sockaddr_in a = sin4("10.1.2.3", 9);
	int fd, r, e, route = have_default_route();

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	e = errno;
	ok(route ? r == 0 : (r == -1 && e == ENETUNREACH),
	   "UDP connect to 10.1.2.3: ENETUNREACH unless routed");
	close(fd);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	r = connect(fd, (struct sockaddr *)&a, sizeof(a));
	e = errno;
	ok(r == -1 && e == (route ? EINPROGRESS : ENETUNREACH),
	   "TCP connect to 10.1.2.3: ENETUNREACH unless routed");
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ok(sendto(fd, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)) ==
		   (route ? 1 : -1),
	   "UDP sendto 10.1.2.3 fails unless routed");
	close(fd);
}

static void test_options(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ok(getint(fd, IPPROTO_TCP, TCP_NODELAY) == 0 &&
		   setint(fd, IPPROTO_TCP, TCP_NODELAY, 1) == 0 &&
		   getint(fd, IPPROTO_TCP, TCP_NODELAY) == 1,
	   "TCP_NODELAY is stored and returned");
	ok(setint(fd, SOL_SOCKET, SO_KEEPALIVE, 1) == 0 &&
		   getint(fd, SOL_SOCKET, SO_KEEPALIVE) == 1,
	   "SO_KEEPALIVE");
	ok(setint(fd, SOL_SOCKET, SO_RCVBUF, 65536) == 0 &&
		   getint(fd, SOL_SOCKET, SO_RCVBUF) == 131072,
	   "SO_RCVBUF is doubled");
	ok(setint(fd, SOL_SOCKET, SO_SNDBUF, 32768) == 0 &&
		   getint(fd, SOL_SOCKET, SO_SNDBUF) == 65536,
	   "SO_SNDBUF is doubled");
	ok(setint(fd, IPPROTO_TCP, TCP_KEEPIDLE, 30) == 0 &&
		   getint(fd, IPPROTO_TCP, TCP_KEEPIDLE) == 30,
	   "TCP_KEEPIDLE");
	ok(getint(fd, IPPROTO_IP, IP_TTL) == 64, "IP_TTL defaults to 64");
	ok_errno(setint(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1), ENOPROTOOPT,
		 "IPV6_V6ONLY on an AF_INET socket: ENOPROTOOPT");
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	ok_errno(setint(fd, IPPROTO_TCP, TCP_NODELAY, 1), ENOPROTOOPT,
		 "TCP_NODELAY on UDP: ENOPROTOOPT");
	close(fd);
}

int main(void)
{
	struct sigaction sa = { 0 };

	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
	test_socket_basics();
	test_tcp_echo();
	test_tcp_bulk();
	test_nonblock_connect();
	test_refused();
	test_addrinuse();
	test_shutdown_peek_poll();
	test_udp();
	test_ipv6();
	test_unreachable();
	test_options();
	return done();
}
