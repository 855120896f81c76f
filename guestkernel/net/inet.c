/* SPDX-License-Identifier: MIT */
/*
 * AF_INET/AF_INET6 sockets over loopback: TCP (SOCK_STREAM) and UDP
 * (SOCK_DGRAM). Connection set-up (bind/listen/connect/accept), shutdown,
 * close (FIN, or RST when unread data or an unaccepted connection goes),
 * poll and options. A connect completes at once when the listener has
 * backlog room: there is no handshake to wait for. Data transfer is in
 * inet_io.c, addresses and the port table in inet_addr.c.
 */
#include "net/inet.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include <linux/capability.h>

static void listener_kick(struct inet_sock *l);

/* inet_get - see inet.h. */
void inet_get(struct inet_sock *in)
{
	in->refs++;
}

/* inet_put - see inet.h. */
void inet_put(struct inet_sock *in)
{
	if (--in->refs > 0)
		return;
	kfree(in);
}

static struct inet_sock *inet_alloc(struct socket *s)
{
	struct inet_sock *in = kzalloc(sizeof(*in));

	if (!in)
		return NULL;
	in->refs = 1;
	in->sock = s;
	in->type = s->type;
	INIT_LIST_HEAD(&in->rq);
	INIT_LIST_HEAD(&in->acceptq);
	INIT_LIST_HEAD(&in->accept_link);
	INIT_LIST_HEAD(&in->connq);
	INIT_LIST_HEAD(&in->conn_link);
	INIT_LIST_HEAD(&in->bind_link);
	waitqueue_init(&in->wq);
	in->ttl = -1;
	in->keepidle = 7200;
	in->keepintvl = 75;
	in->keepcnt = 9;
	return in;
}

/* TCP @in loses its peer: FIN (EOF after the queue) or RST (@reset). */
static void peer_hangup(struct inet_sock *p, bool reset)
{
	if (!p->sock)
		return;
	p->peer_gone = true;
	p->sock->shutdown |= RCV_SHUTDOWN;
	if (reset) {
		p->sock->err = -ECONNRESET;
		p->sock->shutdown = SHUTDOWN_MASK;
	}
	wake_up(&p->wq);
}

/* Close TCP @in's connection; the peer sees a FIN, or a RST when @reset. */
static void inet_disconnect(struct inet_sock *in, bool reset)
{
	struct inet_sock *p = in->peer;

	if (in->target) {
		list_del_init(&in->conn_link);
		inet_put(in->target);
		in->target = NULL;
	}
	if (!p)
		return;
	peer_hangup(p, reset);
	in->peer = NULL;
	inet_put(p);
}

/* Reset the connections nobody accepted from listener @in. */
static void acceptq_reset(struct inet_sock *in)
{
	struct inet_sock *e;

	while (!list_empty(&in->acceptq)) {
		e = list_first_entry(&in->acceptq, struct inet_sock,
				     accept_link);
		list_del_init(&e->accept_link);
		in->nacceptq--;
		inet_disconnect(e, true);
		sock_release(e->sock);
	}
}

static void inet_release(struct socket *s)
{
	struct inet_sock *in = inet_sk(s);

	inet_unbind(in);
	s->shutdown = SHUTDOWN_MASK;
	acceptq_reset(in);
	inet_disconnect(in, in->rq_bytes > 0);
	inet_rq_purge(in);
	in->state = INET_CLOSED;
	in->sock = NULL;
	listener_kick(in);
	wake_up(&in->wq);
	inet_put(in);
}

static int inet_bind(struct socket *s, struct task *t, const void *addr,
		     int len)
{
	struct inet_sock *in = inet_sk(s);
	struct inet_ep ep;
	int r;

	r = inet_addr_parse(s->family, addr, len, &ep);
	if (r)
		return r;
	return inet_bind_ep(in, t, &ep);
}

/* Where a connect to user address @addr goes: *@dst, or -errno. */
static int connect_dest(struct inet_sock *in, const void *addr, int len,
			struct inet_ep *dst)
{
	struct socket *s = in->sock;
	int family = s->family, r;

	if (s->type == SOCK_DGRAM && family == AF_INET6 && len >= 2 &&
	    *(const u16 *)addr == AF_INET) {
		if (in->v6only)
			return -EAFNOSUPPORT;
		family = AF_INET;
	}
	r = inet_addr_parse(family, addr, len, dst);
	if (r)
		return r;
	/* Like Linux, the unspecified address means this host. */
	r = inet_dest_check(in, dst);
	if (r)
		return r;
	if (in->bound && !inet_is_any(in->local.addr) &&
	    inet_is_v4(in->local.addr) != inet_is_v4(dst->addr))
		return -ENETUNREACH;
	return 0;
}

/* Our address once connected to @dst: the loopback source if unbound. */
static void set_source(struct inet_sock *in, const struct inet_ep *dst)
{
	if (inet_is_any(in->local.addr))
		inet_loopback_for(dst->addr, in->local.addr);
}

/* Connect TCP @in to listener @l, which has backlog room. 0 or -errno. */
static int inet_establish(struct inet_sock *in, struct inet_sock *l,
			  const struct inet_ep *dst)
{
	struct socket *ls = l->sock, *es;
	struct inet_sock *e;
	int r;

	r = sock_create(ls->family, SOCK_STREAM, IPPROTO_TCP, &es);
	if (r)
		return r;
	e = inet_sk(es);
	set_source(in, dst);
	in->remote = *dst;
	e->local = *dst;
	e->remote = in->local;
	e->uid = l->uid;
	e->reuseport = l->reuseport;
	e->v6only = l->v6only;
	e->nodelay = l->nodelay;
	e->keepidle = l->keepidle;
	e->keepintvl = l->keepintvl;
	e->keepcnt = l->keepcnt;
	e->tos = l->tos;
	e->ttl = l->ttl;
	es->reuseaddr = ls->reuseaddr;
	es->keepalive = ls->keepalive;
	es->sndbuf = ls->sndbuf;
	es->rcvbuf = ls->rcvbuf;
	inet_bind_child(e);
	inet_get(e);
	in->peer = e;
	inet_get(in);
	e->peer = in;
	in->state = INET_CONNECTED;
	e->state = INET_CONNECTED;
	list_add_tail(&e->accept_link, &l->acceptq);
	l->nacceptq++;
	wake_up(&l->wq);
	wake_up(&in->wq);
	return 0;
}

static bool backlog_full(struct inet_sock *l)
{
	return l->nacceptq > l->backlog;
}

/* A connect failed: report @err through SO_ERROR, give back an autobind. */
static void connect_failed(struct inet_sock *in, int err, bool autobound)
{
	if (autobound)
		inet_unbind(in);
	in->state = INET_CLOSED;
	in->sock->err = err;
	wake_up(&in->wq);
}

/* Finish a non-blocking connect if its listener has room or is gone. */
static void connect_settle(struct inet_sock *in)
{
	struct inet_sock *l = in->target;
	int r;

	if (in->state != INET_CONNECTING)
		return;
	if (l->sock && l->state == INET_LISTENING && backlog_full(l))
		return;
	list_del_init(&in->conn_link);
	in->target = NULL;
	in->state = INET_CLOSED;
	r = -ECONNREFUSED;
	if (l->sock && l->state == INET_LISTENING)
		r = inet_establish(in, l, &in->remote);
	inet_put(l);
	if (r)
		connect_failed(in, r, false);
	wake_up(&in->wq);
}

/*
 * Listener @l has backlog room again, or stopped listening: settle its
 * waiting non-blocking connectors and wake them (their pollers and epoll
 * items wait on their own queues). @l must stay referenced by the caller.
 */
static void listener_kick(struct inet_sock *l)
{
	struct inet_sock *c, *cn;

	list_for_each_entry_safe(c, cn, &l->connq, conn_link)
		connect_settle(c);
}

/* inet_stream_ready - see inet.h. */
int inet_stream_ready(struct inet_sock *in, bool nonblock)
{
	struct socket *s = in->sock;
	struct inet_sock *l;
	int r;

	while (in->state == INET_CONNECTING) {
		connect_settle(in);
		if (in->state != INET_CONNECTING)
			break;
		if (nonblock)
			return -EAGAIN;
		l = in->target;
		inet_get(l);
		r = wait_event_interruptible(&l->wq,
					     !l->sock ||
						     l->state != INET_LISTENING ||
						     !backlog_full(l));
		inet_put(l);
		if (r)
			return r;
	}
	if (in->state == INET_CONNECTED)
		return 0;
	if (s->err) {
		r = s->err;
		s->err = 0;
		return r;
	}
	return -ENOTCONN;
}

static int udp_connect(struct inet_sock *in, struct task *t,
		       const void *addr, int len)
{
	struct inet_ep dst;
	int r;

	if (len >= 2 && *(const u16 *)addr == AF_UNSPEC) {
		in->state = INET_CLOSED;
		memset(&in->remote, 0, sizeof(in->remote));
		return 0;
	}
	r = connect_dest(in, addr, len, &dst);
	if (r)
		return r;
	r = inet_autobind(in, t);
	if (r)
		return r;
	set_source(in, &dst);
	in->remote = dst;
	in->state = INET_CONNECTED;
	return 0;
}

static int tcp_connect(struct inet_sock *in, struct task *t,
		       const void *addr, int len, bool nonblock)
{
	struct socket *s = in->sock;
	struct inet_sock *l;
	struct inet_ep dst;
	bool autobound;
	int r;

	if (len >= 2 && *(const u16 *)addr == AF_UNSPEC) {
		/* Linux: abort the connection (RST). */
		if (in->state == INET_LISTENING)
			return 0;
		inet_disconnect(in, true);
		in->state = INET_CLOSED;
		return 0;
	}
	connect_settle(in);
	switch (in->state) {
	case INET_CONNECTING:
		return -EALREADY;
	case INET_CONNECTED:
		if (in->connect_pending) {
			in->connect_pending = false;
			return 0;
		}
		return -EISCONN;
	case INET_LISTENING:
		return -EISCONN;
	case INET_CLOSED:
		if (in->connect_pending) {
			/* Report the failure once (Linux: ECONNABORTED once read). */
			in->connect_pending = false;
			r = s->err ? s->err : -ECONNABORTED;
			s->err = 0;
			return r;
		}
		if (in->peer)
			return -EISCONN;	/* the peer closed: still not reusable */
		break;
	}
	in->connect_pending = false;
	r = connect_dest(in, addr, len, &dst);
	if (r)
		return r;
	autobound = !in->bound;
	r = inet_autobind(in, t);
	if (r)
		return r;
	for (;;) {
		l = inet_lookup(SOCK_STREAM, &dst);
		if (!l) {
			r = -ECONNREFUSED;
			break;
		}
		if (!backlog_full(l)) {
			r = inet_establish(in, l, &dst);
			if (!r && nonblock) {
				in->connect_pending = true;
				return -EINPROGRESS;
			}
			break;
		}
		if (nonblock) {
			inet_get(l);
			in->target = l;
			in->remote = dst;
			in->state = INET_CONNECTING;
			in->connect_pending = true;
			list_add_tail(&in->conn_link, &l->connq);
			return -EINPROGRESS;
		}
		inet_get(l);
		r = wait_event_interruptible_deadline(
			&l->wq,
			!l->sock || l->state != INET_LISTENING ||
				!backlog_full(l),
			sock_deadline(s->sndtimeo_ns));
		inet_put(l);
		if (r == -ETIMEDOUT)
			r = -EINPROGRESS;
		if (r)
			break;
	}
	if (r && r != -ERESTARTSYS && r != -EINPROGRESS) {
		if (nonblock) {
			connect_failed(in, r, autobound);
			in->connect_pending = true;
			return -EINPROGRESS;
		}
		connect_failed(in, 0, autobound);
	}
	return r;
}

static int inet_connect(struct socket *s, struct task *t, const void *addr,
			int len, bool nonblock)
{
	struct inet_sock *in = inet_sk(s);

	if (s->type == SOCK_DGRAM)
		return udp_connect(in, t, addr, len);
	return tcp_connect(in, t, addr, len, nonblock);
}

static int inet_listen(struct socket *s, struct task *t, int backlog)
{
	struct inet_sock *in = inet_sk(s);
	int r;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (in->state == INET_CONNECTED || in->state == INET_CONNECTING ||
	    in->peer)
		return -EINVAL;
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	if (in->state != INET_LISTENING) {
		r = inet_autobind(in, t);
		if (r)
			return r;
		r = inet_listen_check(in);
		if (r)
			return r;
	}
	in->backlog = backlog;
	in->state = INET_LISTENING;
	s->listening = true;
	/* A bigger backlog may let waiting connectors in. */
	wake_up(&in->wq);
	listener_kick(in);
	return 0;
}

static int inet_accept(struct socket *s, struct socket **out, bool nonblock)
{
	struct inet_sock *in = inet_sk(s), *e;
	int r;

	if (s->type != SOCK_STREAM)
		return -EOPNOTSUPP;
	if (in->state != INET_LISTENING)
		return -EINVAL;
	if (list_empty(&in->acceptq)) {
		if (nonblock)
			return -EAGAIN;
		r = wait_event_interruptible_deadline(
			&in->wq,
			!list_empty(&in->acceptq) ||
				in->state != INET_LISTENING,
			sock_deadline(s->rcvtimeo_ns));
		if (r == -ETIMEDOUT)
			return -EAGAIN;
		if (r)
			return r;
		if (in->state != INET_LISTENING)
			return -EINVAL;
	}
	e = list_first_entry(&in->acceptq, struct inet_sock, accept_link);
	list_del_init(&e->accept_link);
	in->nacceptq--;
	wake_up(&in->wq);
	listener_kick(in);
	*out = e->sock;
	return 0;
}

static int inet_getname(struct socket *s, void *addr, int *len, bool peer)
{
	struct inet_sock *in = inet_sk(s);

	if (!peer) {
		*len = inet_addr_format(s->family, &in->local, addr);
		return 0;
	}
	if (in->state != INET_CONNECTED)
		return -ENOTCONN;
	*len = inet_addr_format(s->family, &in->remote, addr);
	return 0;
}

/* A listener stops listening (shutdown SHUT_RD): pending connections are reset. */
static void listen_stop(struct inet_sock *in)
{
	acceptq_reset(in);
	in->state = INET_CLOSED;
	in->sock->listening = false;
	wake_up(&in->wq);
	listener_kick(in);
}

static int inet_shutdown(struct socket *s, int how)
{
	struct inet_sock *in = inet_sk(s), *p = in->peer;
	unsigned int mode = (unsigned int)how + 1;

	connect_settle(in);
	if (in->state == INET_LISTENING) {
		if (mode & RCV_SHUTDOWN)
			listen_stop(in);
		return 0;
	}
	s->shutdown |= mode;
	wake_up(&in->wq);
	if (in->state != INET_CONNECTED)
		return -ENOTCONN;
	if (s->type == SOCK_STREAM && (mode & SEND_SHUTDOWN) && p &&
	    p->sock) {
		p->sock->shutdown |= RCV_SHUTDOWN;
		wake_up(&p->wq);
	}
	return 0;
}

static unsigned int tcp_poll(struct inet_sock *in)
{
	struct socket *s = in->sock;
	struct inet_sock *p = in->peer;
	unsigned int mask = 0;

	if (in->state == INET_LISTENING)
		return list_empty(&in->acceptq) ? 0 : POLLIN | POLLRDNORM;
	if (s->shutdown == SHUTDOWN_MASK || in->state == INET_CLOSED)
		mask |= POLLHUP;
	if (s->shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (in->state == INET_CONNECTING)
		return mask;
	if (!list_empty(&in->rq))
		mask |= POLLIN | POLLRDNORM;
	if ((s->shutdown & SEND_SHUTDOWN) || !p || !p->sock ||
	    p->rq_bytes * 2 <= inet_send_limit(in))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

static unsigned int inet_poll(struct socket *s, struct poll_table *pt)
{
	struct inet_sock *in = inet_sk(s);
	unsigned int mask;

	connect_settle(in);
	/* Only our own queue: epoll keeps its entries as long as our file. */
	poll_wait(pt, &in->wq);
	if (s->type == SOCK_STREAM) {
		mask = tcp_poll(in);
	} else {
		mask = POLLOUT | POLLWRNORM | POLLWRBAND;
		if (!list_empty(&in->rq))
			mask |= POLLIN | POLLRDNORM;
		if (s->shutdown == SHUTDOWN_MASK)
			mask |= POLLHUP;
		if (s->shutdown & RCV_SHUTDOWN)
			mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	}
	if (s->err)
		mask |= POLLERR;
	return mask;
}

/* The int option @level/@name of @in, or -ENOPROTOOPT. */
static int inet_opt_get(struct inet_sock *in, int level, int name, int *v)
{
	struct socket *s = in->sock;
	bool tcp = s->type == SOCK_STREAM;

	switch (level) {
	case SOL_SOCKET:
		if (name != SO_REUSEPORT)
			return -ENOPROTOOPT;
		*v = in->reuseport;
		return 0;
	case SOL_TCP:
		if (!tcp)
			return -ENOPROTOOPT;
		switch (name) {
		case TCP_NODELAY:
			*v = in->nodelay;
			return 0;
		case TCP_CORK:
			*v = in->cork;
			return 0;
		case TCP_KEEPIDLE:
			*v = in->keepidle;
			return 0;
		case TCP_KEEPINTVL:
			*v = in->keepintvl;
			return 0;
		case TCP_KEEPCNT:
			*v = in->keepcnt;
			return 0;
		}
		return -ENOPROTOOPT;
	case SOL_IP:
		if (name == IP_TOS) {
			*v = in->tos;
			return 0;
		}
		if (name == IP_TTL) {
			*v = in->ttl < 0 ? 64 : in->ttl;
			return 0;
		}
		return -ENOPROTOOPT;
	case SOL_IPV6:
		if (s->family != AF_INET6)
			return -ENOPROTOOPT;
		if (name == IPV6_V6ONLY) {
			*v = in->v6only;
			return 0;
		}
		if (name == IPV6_UNICAST_HOPS) {
			*v = in->ttl < 0 ? 64 : in->ttl;
			return 0;
		}
		return -ENOPROTOOPT;
	}
	return -ENOPROTOOPT;
}

static int inet_getsockopt(struct socket *s, int level, int name, void *val,
			   int *len)
{
	int v, r;

	r = inet_opt_get(inet_sk(s), level, name, &v);
	if (r)
		return r;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static int set_range(int *field, int v, int lo, int hi)
{
	if (v < lo || v > hi)
		return -EINVAL;
	*field = v;
	return 0;
}

static int inet_setsockopt(struct socket *s, struct task *t, int level,
			   int name, const void *val, int len)
{
	struct inet_sock *in = inet_sk(s);
	int v, r;

	r = inet_opt_get(in, level, name, &v);	/* is it ours? */
	if (r)
		return r;
	if (len < (int)sizeof(int))
		return -EINVAL;
	memcpy(&v, val, sizeof(v));
	switch (level) {
	case SOL_SOCKET:
		in->reuseport = v != 0;
		return 0;
	case SOL_TCP:
		switch (name) {
		case TCP_NODELAY:
			in->nodelay = v != 0;
			return 0;
		case TCP_CORK:
			in->cork = v != 0;
			return 0;
		case TCP_KEEPIDLE:
			return set_range(&in->keepidle, v, 1, 32767);
		case TCP_KEEPINTVL:
			return set_range(&in->keepintvl, v, 1, 32767);
		default:
			return set_range(&in->keepcnt, v, 1, 127);
		}
	}
	if (level == SOL_IP && name == IP_TOS) {
		in->tos = v & 0xff;
		return 0;
	}
	if (level == SOL_IPV6 && name == IPV6_V6ONLY) {
		if (in->bound)
			return -EINVAL;
		in->v6only = v != 0;
		return 0;
	}
	/* IP_TTL / IPV6_UNICAST_HOPS: -1 restores the default. */
	if (v == -1) {
		in->ttl = -1;
		return 0;
	}
	return set_range(&in->ttl, v, level == SOL_IP ? 1 : 0, 255);
}

static long inet_nread(struct socket *s)
{
	struct inet_sock *in = inet_sk(s);

	if (in->state == INET_LISTENING)
		return -EINVAL;
	if (s->type == SOCK_STREAM)
		return (long)in->rq_bytes;
	if (list_empty(&in->rq))
		return 0;
	return (long)list_first_entry(&in->rq, struct inet_chunk, link)->len;
}

static const struct sock_ops inet_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.getname = inet_getname,
	.sendmsg = inet_sendmsg,
	.recvmsg = inet_recvmsg,
	.shutdown = inet_shutdown,
	.poll = inet_poll,
	.getsockopt = inet_getsockopt,
	.setsockopt = inet_setsockopt,
	.nread = inet_nread,
	.release = inet_release,
};

/* inet_sock_init - see socket.h. */
int inet_sock_init(struct socket *s)
{
	struct inet_sock *in;

	switch (s->type) {
	case SOCK_STREAM:
		if (s->protocol != 0 && s->protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		s->protocol = IPPROTO_TCP;
		s->sndbuf = INET_TCP_SNDBUF;
		s->rcvbuf = INET_TCP_RCVBUF;
		break;
	case SOCK_DGRAM:
		if (s->protocol != 0 && s->protocol != IPPROTO_UDP)
			return -EPROTONOSUPPORT;
		s->protocol = IPPROTO_UDP;
		break;
	case SOCK_RAW:
		/* No raw IP: unprivileged callers get Linux's EPERM. */
		return capable(current, CAP_NET_RAW) ? -EPROTONOSUPPORT :
						       -EPERM;
	default:
		return -ESOCKTNOSUPPORT;
	}
	in = inet_alloc(s);
	if (!in)
		return -ENOMEM;
	if (s->family == AF_INET)
		inet_set_v4(in->local.addr, 0, 0, 0, 0);
	s->priv = in;
	s->ops = &inet_ops;
	return 0;
}
