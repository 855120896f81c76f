/* SPDX-License-Identifier: MIT */
/*
 * AF_INET/AF_INET6 data transfer over loopback. TCP: bytes appended in
 * chunks to the peer's receive queue, bounded by our send buffer plus the
 * peer's receive buffer. UDP: one chunk per datagram on the receiving
 * socket's queue, with its source; a datagram nobody is bound to receive,
 * or that overflows the receive buffer, is dropped like on a real network.
 */
#include "net/inet.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

#define INET_CHUNK_MIN 2048
#define INET_CHUNK_MAX 65536

/* inet_rq_purge - see inet.h. */
void inet_rq_purge(struct inet_sock *in)
{
	struct inet_chunk *c, *cn;

	list_for_each_entry_safe(c, cn, &in->rq, link) {
		list_del(&c->link);
		kfree(c);
	}
	in->rq_bytes = 0;
	in->rq_count = 0;
}

/* inet_send_limit - see inet.h. */
size_t inet_send_limit(struct inet_sock *in)
{
	size_t lim = (size_t)in->sock->sndbuf;

	if (in->peer && in->peer->sock)
		lim += (size_t)in->peer->sock->rcvbuf;
	return lim;
}

/* inet_send_room - see inet.h. */
size_t inet_send_room(struct inet_sock *in, struct inet_sock *p)
{
	size_t lim = inet_send_limit(in);

	return p->rq_bytes >= lim ? 0 : lim - p->rq_bytes;
}

/* Room appeared in @in's queue: wake its peer's blocked writers and pollers. */
static void inet_wake_writers(struct inet_sock *in)
{
	wake_up(&in->wq);
	if (in->peer)
		wake_up(&in->peer->wq);
}

/* Append @n bytes of @m's data from @off to @p's stream queue. */
static int stream_append(struct inet_sock *p, struct sock_msg *m, size_t off,
			 size_t n)
{
	struct inet_chunk *c = NULL;
	size_t k;
	int err;

	if (!list_empty(&p->rq))
		c = list_entry(p->rq.prev, struct inet_chunk, link);
	while (n) {
		if (!c || c->len == c->cap) {
			size_t cap = max(min(n, (size_t)INET_CHUNK_MAX),
					 (size_t)INET_CHUNK_MIN);

			c = kmalloc(sizeof(*c) + cap);
			if (!c)
				return -ENOMEM;
			memset(c, 0, sizeof(*c));
			c->cap = cap;
			list_add_tail(&c->link, &p->rq);
			p->rq_count++;
		}
		k = min(n, c->cap - c->len);
		err = msg_copy_from(m, off, c->data + c->len, k);
		if (err)
			return err;
		c->len += k;
		p->rq_bytes += k;
		off += k;
		n -= k;
	}
	return 0;
}

/* TCP: may data still go to the peer? 0, or the error a send gets. */
static int stream_send_err(struct inet_sock *in)
{
	struct inet_sock *p = in->peer;

	if (in->sock->shutdown & SEND_SHUTDOWN)
		return -EPIPE;
	if (!p || !p->sock || in->peer_gone)
		return -EPIPE;
	return 0;
}

static ssize_t stream_send(struct inet_sock *in, struct task *t,
			   struct sock_msg *m, int flags)
{
	struct socket *s = in->sock;
	u64 dl = sock_deadline(s->sndtimeo_ns);
	size_t sent = 0, n;
	int err;

	if (m->name && in->state != INET_CONNECTED)
		return -EPIPE;	/* Linux: sendto on an unconnected TCP socket */
	err = inet_stream_ready(in, flags & MSG_DONTWAIT);
	if (err)
		return err == -ENOTCONN ? -EPIPE : err;
	if (s->err) {
		err = s->err;
		s->err = 0;
		return err;
	}
	while (sent < m->len) {
		struct inet_sock *p = in->peer;

		err = stream_send_err(in);
		if (err) {
			if (sent)
				break;
			if (!(flags & MSG_NOSIGNAL))
				send_signal_task(t, KSIGPIPE, NULL);
			return err;
		}
		if (!inet_send_room(in, p)) {
			if (flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			err = wait_event_interruptible_deadline(
				&p->wq,
				inet_send_room(in, p) || stream_send_err(in),
				dl);
			if (err == -ETIMEDOUT)
				err = -EAGAIN;
			if (err)
				break;
			continue;
		}
		n = min(m->len - sent, inet_send_room(in, p));
		err = stream_append(p, m, sent, n);
		wake_up(&p->wq);
		if (err)
			break;
		sent += n;
	}
	return sent ? (ssize_t)sent : err;
}

/* Where a datagram from @in to @dst comes from. */
static void dgram_source(struct inet_sock *in, const struct inet_ep *dst,
			 struct inet_ep *src)
{
	src->port = in->local.port;
	if (!inet_is_any(in->local.addr) &&
	    inet_is_v4(in->local.addr) == inet_is_v4(dst->addr))
		memcpy(src->addr, in->local.addr, 16);
	else
		inet_loopback_for(dst->addr, src->addr);
}

/* The destination of a datagram send: from @m or the default peer. */
static int dgram_dest(struct inet_sock *in, struct sock_msg *m,
		      struct inet_ep *dst)
{
	struct socket *s = in->sock;
	int family = s->family, r;

	if (!m->name) {
		if (in->state != INET_CONNECTED)
			return -EDESTADDRREQ;
		*dst = in->remote;
		return 0;
	}
	/* An AF_INET6 UDP socket also takes sockaddr_in destinations. */
	if (family == AF_INET6 && m->namelen >= 2 &&
	    *(const u16 *)m->name == AF_INET) {
		if (in->v6only)
			return -ENETUNREACH;
		family = AF_INET;
	}
	r = inet_addr_parse(family, m->name, m->namelen, dst);
	if (r)
		return r;
	if (!dst->port)
		return -EINVAL;
	return inet_dest_check(in, dst);
}

static ssize_t dgram_send(struct inet_sock *in, struct task *t,
			  struct sock_msg *m, int flags)
{
	struct socket *s = in->sock;
	struct inet_sock *r;
	struct inet_chunk *c;
	struct inet_ep dst, src;
	int err;

	err = dgram_dest(in, m, &dst);
	if (err)
		return err;
	if (m->len > (inet_is_v4(dst.addr) ? INET_UDP4_MAX : INET_UDP6_MAX))
		return -EMSGSIZE;
	if (s->shutdown & SEND_SHUTDOWN) {
		if (!(flags & MSG_NOSIGNAL))
			send_signal_task(t, KSIGPIPE, NULL);
		return -EPIPE;
	}
	err = inet_autobind(in, t);
	if (err)
		return err;
	dgram_source(in, &dst, &src);
	r = inet_lookup(SOCK_DGRAM, &dst);
	if (!r || (r->sock->shutdown & RCV_SHUTDOWN))
		return (ssize_t)m->len;
	if (r->state == INET_CONNECTED &&
	    (r->remote.port != src.port || memcmp(r->remote.addr, src.addr, 16)))
		return (ssize_t)m->len;
	if (r->rq_bytes + m->len > (size_t)r->sock->rcvbuf)
		return (ssize_t)m->len;
	c = kmalloc(sizeof(*c) + m->len);
	if (!c)
		return -ENOMEM;
	memset(c, 0, sizeof(*c));
	c->len = c->cap = m->len;
	c->src = src;
	err = msg_copy_from(m, 0, c->data, m->len);
	if (err) {
		kfree(c);
		return err;
	}
	list_add_tail(&c->link, &r->rq);
	r->rq_bytes += c->len;
	r->rq_count++;
	wake_up(&r->wq);
	return (ssize_t)m->len;
}

/* inet_sendmsg - see inet.h. */
ssize_t inet_sendmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags)
{
	struct inet_sock *in = inet_sk(s);

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_STREAM)
		return stream_send(in, t, m, flags);
	return dgram_send(in, t, m, flags);
}

/* Wait for data on @in; 0, or -EAGAIN/-ERESTARTSYS. */
static int wait_data(struct inet_sock *in, int flags, u64 dl)
{
	struct socket *s = in->sock;
	int err;

	if (flags & MSG_DONTWAIT)
		return -EAGAIN;
	err = wait_event_interruptible_deadline(
		&in->wq,
		!list_empty(&in->rq) || (s->shutdown & RCV_SHUTDOWN) ||
			s->err || in->state == INET_CLOSED,
		dl);
	return err == -ETIMEDOUT ? -EAGAIN : err;
}

/* The chunk holding stream byte @skip of the queue and the offset in it. */
static struct inet_chunk *stream_at(struct inet_sock *in, size_t skip,
				    size_t *off)
{
	struct inet_chunk *c;

	list_for_each_entry(c, &in->rq, link) {
		size_t avail = c->len - c->off;

		if (skip < avail) {
			*off = c->off + skip;
			return c;
		}
		skip -= avail;
	}
	return NULL;
}

/* Consume @n bytes from chunk @c of @in's queue. */
static void stream_consume(struct inet_sock *in, struct inet_chunk *c,
			   size_t n)
{
	c->off += n;
	in->rq_bytes -= n;
	if (c->off == c->len) {
		list_del(&c->link);
		in->rq_count--;
		kfree(c);
	}
	inet_wake_writers(in);
}

static ssize_t stream_recv(struct inet_sock *in, struct sock_msg *m,
			   int flags)
{
	struct socket *s = in->sock;
	bool peek = flags & MSG_PEEK;
	size_t copied = 0, target, off, n;
	u64 dl = sock_deadline(s->rcvtimeo_ns);
	struct inet_chunk *c;
	int err;

	if (in->state == INET_LISTENING)
		return -ENOTCONN;
	err = inet_stream_ready(in, flags & MSG_DONTWAIT);
	if (err)
		return err;
	target = (flags & MSG_WAITALL) ? m->len : 1;
	while (copied < m->len) {
		c = stream_at(in, peek ? copied : 0, &off);
		if (!c) {
			if (copied >= target || (peek && copied))
				break;
			if (s->err) {
				if (copied)
					break;
				err = s->err;
				s->err = 0;
				return err;
			}
			if (s->shutdown & RCV_SHUTDOWN)
				break;
			err = wait_data(in, flags, dl);
			if (err)
				return copied ? (ssize_t)copied : err;
			continue;
		}
		n = min(c->len - off, m->len - copied);
		err = msg_copy_to(m, copied, c->data + off, n);
		if (err)
			return copied ? (ssize_t)copied : err;
		copied += n;
		if (!peek)
			stream_consume(in, c, n);
	}
	return (ssize_t)copied;
}

static ssize_t dgram_recv(struct inet_sock *in, struct sock_msg *m,
			  int flags)
{
	struct socket *s = in->sock;
	u64 dl = sock_deadline(s->rcvtimeo_ns);
	struct inet_chunk *c;
	size_t n;
	int err;

	while (list_empty(&in->rq)) {
		if (s->err) {
			err = s->err;
			s->err = 0;
			return err;
		}
		if (s->shutdown & RCV_SHUTDOWN)
			return 0;
		err = wait_data(in, flags, dl);
		if (err)
			return err;
	}
	c = list_first_entry(&in->rq, struct inet_chunk, link);
	n = min(c->len, m->len);
	err = msg_copy_to(m, 0, c->data, n);
	if (err)
		return err;
	if (c->len > m->len)
		m->oflags |= MSG_TRUNC;
	if (m->name)
		m->namelen = inet_addr_format(s->family, &c->src, m->name);
	if (flags & MSG_TRUNC)
		n = c->len;
	if (!(flags & MSG_PEEK)) {
		list_del(&c->link);
		in->rq_bytes -= c->len;
		in->rq_count--;
		kfree(c);
	}
	return (ssize_t)n;
}

/* inet_recvmsg - see inet.h. */
ssize_t inet_recvmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags)
{
	struct inet_sock *in = inet_sk(s);

	if (flags & MSG_OOB)
		return -EINVAL;
	if (s->type == SOCK_STREAM)
		return stream_recv(in, m, flags);
	return dgram_recv(in, m, flags);
}
