/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX sockets: SOCK_STREAM, SOCK_SEQPACKET and SOCK_DGRAM; connection
 * set-up (listen/connect/accept, socketpair), shutdown, poll, options.
 * Data transfer is in unix_io.c, addresses in unix_addr.c.
 */
#include "net/unix.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

static bool unix_conn_type(struct socket *s)
{
	return s->type == SOCK_STREAM || s->type == SOCK_SEQPACKET;
}

/* unix_get - see unix.h. */
void unix_get(struct unix_sock *u)
{
	u->refs++;
}

/* unix_put - see unix.h. */
void unix_put(struct unix_sock *u)
{
	if (--u->refs > 0)
		return;
	kfree(u);
}

/* unix_rec_free - see unix.h. */
void unix_rec_free(struct unix_rec *r)
{
	int i;

	for (i = 0; i < r->nfds; i++)
		file_put(r->fds[i]);
	kfree(r->fds);
	kfree(r);
}

static struct unix_sock *unix_alloc(struct socket *s)
{
	struct unix_sock *u = kzalloc(sizeof(*u));

	if (!u)
		return NULL;
	u->refs = 1;
	u->sock = s;
	u->type = s->type;
	INIT_LIST_HEAD(&u->rq);
	INIT_LIST_HEAD(&u->acceptq);
	INIT_LIST_HEAD(&u->accept_link);
	INIT_LIST_HEAD(&u->bind_link);
	waitqueue_init(&u->wq);
	return u;
}

/* Connect @a and @b both ways (stream/seqpacket pair). */
static void unix_link(struct unix_sock *a, struct unix_sock *b)
{
	unix_get(b);
	a->peer = b;
	a->state = UNIX_CONNECTED;
	unix_get(a);
	b->peer = a;
	b->state = UNIX_CONNECTED;
}

static int unix_pair(struct socket *a, struct socket *b, struct task *t)
{
	struct unix_sock *ua = unix_sk(a), *ub = unix_sk(b);

	unix_link(ua, ub);
	sock_current_cred(t, &ua->peercred);
	ub->peercred = ua->peercred;
	ua->has_peercred = ub->has_peercred = true;
	return 0;
}

static void unix_release(struct socket *s)
{
	struct unix_sock *u = unix_sk(s), *e, *p = u->peer;
	struct unix_rec *r, *rn;

	unix_unbind(u);
	s->shutdown = SHUTDOWN_MASK;
	u->sock = NULL;
	/* Connections nobody accepted go away with the listener. */
	while (!list_empty(&u->acceptq)) {
		e = list_first_entry(&u->acceptq, struct unix_sock,
				     accept_link);
		list_del(&e->accept_link);
		u->nacceptq--;
		sock_release(e->sock);
	}
	list_for_each_entry_safe(r, rn, &u->rq, link) {
		list_del(&r->link);
		unix_rec_free(r);
	}
	u->rq_bytes = 0;
	u->rq_count = 0;
	if (p) {
		if (unix_conn_type(s) && p->sock && p->peer == u) {
			p->sock->shutdown = SHUTDOWN_MASK;
			wake_up(&p->wq);
		}
		u->peer = NULL;
		unix_put(p);
	}
	wake_up(&u->wq);
	unix_put(u);
}

static int unix_connect(struct socket *s, struct task *t, const void *addr,
			int len, bool nonblock)
{
	struct unix_sock *u = unix_sk(s), *l, *ep;
	struct socket *e;
	u64 dl;
	int r;

	if (len >= 2 && ((const u16 *)addr)[0] == AF_UNSPEC &&
	    s->type == SOCK_DGRAM) {
		/* Dissolve the association. */
		if (u->peer) {
			unix_put(u->peer);
			u->peer = NULL;
		}
		u->state = UNIX_UNCONNECTED;
		return 0;
	}
	if (u->state == UNIX_CONNECTED && unix_conn_type(s))
		return -EISCONN;
	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	r = unix_find(t, addr, len, s->type, &l);
	if (r)
		return r;
	if (s->passcred && !u->addrlen) {
		r = unix_autobind(u);
		if (r)
			goto out;
	}
	if (s->type == SOCK_DGRAM) {
		if (u->peer)
			unix_put(u->peer);
		u->peer = l;
		u->state = UNIX_CONNECTED;
		wake_up(&u->wq);
		return 0;
	}
	r = -ECONNREFUSED;
	if (l->state != UNIX_LISTENING || !l->sock)
		goto out;
	if (l->nacceptq > l->backlog) {
		if (nonblock) {
			r = -EAGAIN;
			goto out;
		}
		dl = sock_deadline(s->sndtimeo_ns);
		r = wait_event_interruptible_deadline(
			&l->wq,
			!l->sock || l->state != UNIX_LISTENING ||
				l->nacceptq <= l->backlog,
			dl);
		if (r == -ETIMEDOUT)
			r = -EAGAIN;
		if (r)
			goto out;
		r = -ECONNREFUSED;
		if (!l->sock || l->state != UNIX_LISTENING)
			goto out;
	}
	if (u->state == UNIX_CONNECTED) {
		r = -EISCONN;
		goto out;
	}
	r = sock_create(AF_UNIX, s->type, s->protocol, &e);
	if (r)
		goto out;
	ep = unix_sk(e);
	memcpy(ep->addr, l->addr, sizeof(ep->addr));
	ep->addrlen = l->addrlen;
	sock_current_cred(t, &ep->peercred);
	ep->has_peercred = true;
	u->peercred = l->peercred;
	u->has_peercred = true;
	e->passcred = l->sock->passcred;
	e->sndbuf = l->sock->sndbuf;
	e->rcvbuf = l->sock->rcvbuf;
	unix_link(u, ep);
	list_add_tail(&ep->accept_link, &l->acceptq);
	l->nacceptq++;
	wake_up(&l->wq);
	wake_up(&u->wq);
	r = 0;
out:
	unix_put(l);
	return r;
}

static int unix_listen(struct socket *s, struct task *t, int backlog)
{
	struct unix_sock *u = unix_sk(s);

	if (!unix_conn_type(s))
		return -EOPNOTSUPP;
	if (!u->addrlen || u->state == UNIX_CONNECTED)
		return -EINVAL;
	if ((unsigned int)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	u->backlog = backlog;
	if (u->state != UNIX_LISTENING) {
		sock_current_cred(t, &u->peercred);
		u->has_peercred = true;
	}
	u->state = UNIX_LISTENING;
	s->listening = true;
	/* A bigger backlog may let waiting connectors in. */
	wake_up(&u->wq);
	return 0;
}

static int unix_accept(struct socket *s, struct socket **out, bool nonblock)
{
	struct unix_sock *u = unix_sk(s), *e;
	int r;

	if (!unix_conn_type(s))
		return -EOPNOTSUPP;
	if (u->state != UNIX_LISTENING)
		return -EINVAL;
	if (list_empty(&u->acceptq)) {
		if (nonblock)
			return -EAGAIN;
		r = wait_event_interruptible_deadline(
			&u->wq,
			!list_empty(&u->acceptq) ||
				u->state != UNIX_LISTENING,
			sock_deadline(s->rcvtimeo_ns));
		if (r == -ETIMEDOUT)
			return -EAGAIN;
		if (r)
			return r;
		if (u->state != UNIX_LISTENING)
			return -EINVAL;
	}
	e = list_first_entry(&u->acceptq, struct unix_sock, accept_link);
	list_del(&e->accept_link);
	u->nacceptq--;
	wake_up(&u->wq);
	*out = e->sock;
	return 0;
}

static int unix_getname(struct socket *s, void *addr, int *len, bool peer)
{
	struct unix_sock *u = unix_sk(s);

	if (peer) {
		if (!u->peer || u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		u = u->peer;
	}
	memset(addr, 0, KSOCKADDR_MAX);
	if (!u->addrlen) {
		*(u16 *)addr = AF_UNIX;
		*len = 2;
	} else {
		memcpy(addr, u->addr, u->addrlen);
		*len = u->addrlen;
	}
	return 0;
}

static int unix_shutdown(struct socket *s, int how)
{
	struct unix_sock *u = unix_sk(s), *p = u->peer;
	unsigned int mode = (unsigned int)how + 1;
	unsigned int pmode = 0;

	s->shutdown |= mode;
	wake_up(&u->wq);
	if (p && p->sock && unix_conn_type(s) && u->state == UNIX_CONNECTED) {
		if (mode & RCV_SHUTDOWN)
			pmode |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			pmode |= RCV_SHUTDOWN;
		p->sock->shutdown |= pmode;
		wake_up(&p->wq);
	}
	return 0;
}

/* Should poll report @u writable towards @p? */
static bool unix_peer_has_room(struct unix_sock *u, struct unix_sock *p)
{
	if (!p->sock)
		return true;	/* the send fails at once: not a wait */
	if (u->sock->type == SOCK_DGRAM && p->peer != u &&
	    p->rq_count > UNIX_MAX_DGRAM_QLEN)
		return false;
	/* Linux: writable while at most a quarter of sndbuf is in flight. */
	return p->rq_bytes * 4 <= (size_t)u->sock->sndbuf;
}

static unsigned int unix_poll(struct socket *s, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(s), *p = u->peer;
	unsigned int mask = 0;

	/* Only our own queue: the peer wakes it when it frees room. */
	poll_wait(pt, &u->wq);
	if (s->err)
		mask |= POLLERR;
	if (s->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (s->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->rq) || !list_empty(&u->acceptq))
		mask |= POLLIN | POLLRDNORM;
	if (unix_conn_type(s) && u->state == UNIX_UNCONNECTED)
		mask |= POLLHUP;
	if (u->state == UNIX_LISTENING)
		return mask;
	if (!p || unix_peer_has_room(u, p))
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

static int unix_getsockopt(struct socket *s, int level, int name, void *val,
			   int *len)
{
	struct unix_sock *u = unix_sk(s);

	if (level != SOL_SOCKET)
		return -EOPNOTSUPP;
	switch (name) {
	case SO_PEERCRED: {
		struct kucred c = { .pid = 0, .uid = (u32)-1, .gid = (u32)-1 };

		if (u->has_peercred)
			c = u->peercred;
		*len = min(*len, (int)sizeof(c));
		memcpy(val, &c, *len);
		return 0;
	}
	default:
		return -ENOPROTOOPT;
	}
}

static long unix_nread(struct socket *s)
{
	struct unix_sock *u = unix_sk(s);
	struct unix_rec *r;
	long n = 0;

	if (u->state == UNIX_LISTENING)
		return -EINVAL;
	if (s->type != SOCK_STREAM) {
		if (list_empty(&u->rq))
			return 0;
		r = list_first_entry(&u->rq, struct unix_rec, link);
		return (long)r->len;
	}
	list_for_each_entry(r, &u->rq, link)
		n += (long)(r->len - r->off);
	return n;
}

static const struct sock_ops unix_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.getname = unix_getname,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.poll = unix_poll,
	.getsockopt = unix_getsockopt,
	.pair = unix_pair,
	.nread = unix_nread,
	.release = unix_release,
};

/* unix_sock_init - see socket.h. */
int unix_sock_init(struct socket *s)
{
	struct unix_sock *u;

	switch (s->type) {
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		break;
	case SOCK_RAW:
		s->type = SOCK_DGRAM;	/* Linux treats it as datagram */
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	if (s->protocol != 0 && s->protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	u = unix_alloc(s);
	if (!u)
		return -ENOMEM;
	s->priv = u;
	s->ops = &unix_ops;
	return 0;
}
