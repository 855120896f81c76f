/* SPDX-License-Identifier: MIT */
/*
 * AF_UNIX data transfer: records queued on the receiver, stream reads that
 * cross record boundaries, datagram/seqpacket reads that keep them, passed
 * files (SCM_RIGHTS) and sender credentials (SCM_CREDENTIALS).
 */
#include "net/unix.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"

/* A new record of @len bytes of @m's data from @off, sent by @u. */
static struct unix_rec *unix_rec_make(struct unix_sock *u, struct task *t,
				      struct sock_msg *m, size_t off,
				      size_t len, int *err)
{
	struct unix_rec *r = kmalloc(sizeof(*r) + len);

	*err = -ENOMEM;
	if (!r)
		return NULL;
	memset(r, 0, sizeof(*r));
	r->len = len;
	*err = msg_copy_from(m, off, r->data, len);
	if (*err) {
		kfree(r);
		return NULL;
	}
	if (m->has_cred)
		r->cred = m->cred;
	else
		sock_current_cred(t, &r->cred);
	memcpy(r->addr, u->addr, sizeof(r->addr));
	r->addrlen = u->addrlen;
	/* The files travel with the first record. */
	r->fds = m->fds;
	r->nfds = m->nfds;
	m->fds = NULL;
	m->nfds = 0;
	return r;
}

static void unix_enqueue(struct unix_sock *p, struct unix_rec *r)
{
	list_add_tail(&r->link, &p->rq);
	p->rq_bytes += r->len;
	p->rq_count++;
	wake_up(&p->wq);
}

/*
 * Room appeared in @u's queue: wake blocked senders (they wait on @u's
 * queue) and the connected peer's own queue, where its pollers and epoll
 * items are registered.
 */
static void unix_wake_writers(struct unix_sock *u)
{
	wake_up(&u->wq);
	if (u->peer)
		wake_up(&u->peer->wq);
}

static void unix_dequeue(struct unix_sock *u, struct unix_rec *r)
{
	list_del(&r->link);
	u->rq_bytes -= r->len;
	u->rq_count--;
	unix_rec_free(r);
	unix_wake_writers(u);
}

static size_t unix_room(struct unix_sock *u, struct unix_sock *p)
{
	size_t lim = (size_t)u->sock->sndbuf;

	return p->rq_bytes >= lim ? 0 : lim - p->rq_bytes;
}

/* Stream: the peer can no longer take data? */
static bool unix_stream_broken(struct unix_sock *u, struct unix_sock *p)
{
	return (u->sock->shutdown & SEND_SHUTDOWN) || !p->sock ||
	       (p->sock->shutdown & RCV_SHUTDOWN);
}

static ssize_t unix_stream_send(struct unix_sock *u, struct task *t,
				struct sock_msg *m, int flags)
{
	struct unix_sock *p = u->peer;
	struct unix_rec *r;
	size_t sent = 0, n, room;
	u64 dl = sock_deadline(u->sock->sndtimeo_ns);
	int err;

	/* Like Linux, a zero-length send queues nothing (passed files are dropped). */
	while (sent < m->len) {
		if (unix_stream_broken(u, p)) {
			if (!sent && !(flags & MSG_NOSIGNAL))
				send_signal_task(t, KSIGPIPE, NULL);
			return sent ? (ssize_t)sent : -EPIPE;
		}
		room = unix_room(u, p);
		if (!room) {
			if (flags & MSG_DONTWAIT)
				return sent ? (ssize_t)sent : -EAGAIN;
			err = wait_event_interruptible_deadline(
				&p->wq, unix_room(u, p) ||
						unix_stream_broken(u, p), dl);
			if (err == -ETIMEDOUT)
				err = -EAGAIN;
			if (err)
				return sent ? (ssize_t)sent : err;
			continue;
		}
		n = min(m->len - sent, room);
		r = unix_rec_make(u, t, m, sent, n, &err);
		if (!r)
			return sent ? (ssize_t)sent : err;
		unix_enqueue(p, r);
		sent += n;
	}
	return sent;
}

/* Datagram/seqpacket: may @u queue on @p now? */
static bool unix_dgram_room(struct unix_sock *u, struct unix_sock *p,
			    size_t len)
{
	if (u->sock->type == SOCK_DGRAM && p->peer != u &&
	    p->rq_count > UNIX_MAX_DGRAM_QLEN)
		return false;
	return !p->rq_count || unix_room(u, p) >= len;
}

static ssize_t unix_dgram_send(struct unix_sock *u, struct task *t,
			       struct sock_msg *m, int flags)
{
	struct socket *s = u->sock;
	struct unix_sock *p;
	struct unix_rec *r;
	u64 dl = sock_deadline(s->sndtimeo_ns);
	int err;

	if (m->len > (size_t)s->sndbuf - 32)
		return -EMSGSIZE;
	if (m->name && s->type == SOCK_DGRAM) {
		err = unix_find(t, m->name, m->namelen, s->type, &p);
		if (err)
			return err;
	} else {
		p = u->peer;
		if (!p || u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		unix_get(p);
	}
	for (;;) {
		err = -EPIPE;
		if (s->shutdown & SEND_SHUTDOWN)
			break;
		if (!p->sock) {
			err = -ECONNREFUSED;
			if (p == u->peer && s->type == SOCK_DGRAM) {
				u->peer = NULL;
				u->state = UNIX_UNCONNECTED;
				unix_put(p);
			}
			break;
		}
		err = -EPERM;
		if (s->type == SOCK_DGRAM && p->peer && p->peer != u)
			break;
		err = -EPIPE;
		if (p->sock->shutdown & RCV_SHUTDOWN)
			break;
		if (unix_dgram_room(u, p, m->len)) {
			r = unix_rec_make(u, t, m, 0, m->len, &err);
			if (!r)
				break;
			unix_enqueue(p, r);
			err = (int)m->len;
			break;
		}
		err = -EAGAIN;
		if (flags & MSG_DONTWAIT)
			break;
		err = wait_event_interruptible_deadline(
			&p->wq,
			!p->sock || unix_dgram_room(u, p, m->len) ||
				(s->shutdown & SEND_SHUTDOWN) ||
				(p->sock->shutdown & RCV_SHUTDOWN),
			dl);
		if (err == -ETIMEDOUT)
			err = -EAGAIN;
		if (err)
			break;
	}
	unix_put(p);
	return err;
}

/* unix_sendmsg - see unix.h. */
ssize_t unix_sendmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags)
{
	struct unix_sock *u = unix_sk(s);
	int err;

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->passcred && !u->addrlen) {
		err = unix_autobind(u);
		if (err)
			return err;
	}
	if (s->type == SOCK_STREAM) {
		if (m->name)
			return u->state == UNIX_CONNECTED ? -EISCONN :
							    -EOPNOTSUPP;
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		return unix_stream_send(u, t, m, flags);
	}
	if (s->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	return unix_dgram_send(u, t, m, flags);
}

/* Hand @r's files to @m (copies when peeking). */
static int unix_take_fds(struct unix_rec *r, struct sock_msg *m, bool peek)
{
	int i;

	if (!r->nfds)
		return 0;
	if (!peek) {
		m->fds = r->fds;
		m->nfds = r->nfds;
		r->fds = NULL;
		r->nfds = 0;
		return 0;
	}
	m->fds = kmalloc(sizeof(*m->fds) * r->nfds);
	if (!m->fds)
		return -ENOMEM;
	for (i = 0; i < r->nfds; i++) {
		file_get(r->fds[i]);
		m->fds[i] = r->fds[i];
	}
	m->nfds = r->nfds;
	return 0;
}

static void unix_copy_name(struct unix_rec *r, struct sock_msg *m)
{
	if (!m->name)
		return;
	memset(m->name, 0, KSOCKADDR_MAX);
	if (r->addrlen) {
		memcpy(m->name, r->addr, r->addrlen);
		m->namelen = r->addrlen;
	} else {
		m->namelen = 0;	/* unbound sender: no address, like Linux */
	}
}

/* Wait for something to read on @u; 0, or -EAGAIN/-ERESTARTSYS. */
static int unix_wait_data(struct unix_sock *u, int flags, u64 dl)
{
	struct socket *s = u->sock;
	int err;

	if (flags & MSG_DONTWAIT)
		return -EAGAIN;
	err = wait_event_interruptible_deadline(
		&u->wq, !list_empty(&u->rq) || (s->shutdown & RCV_SHUTDOWN),
		dl);
	return err == -ETIMEDOUT ? -EAGAIN : err;
}

/* The record holding stream byte @skip (from the queue head) and the offset in it. */
static struct unix_rec *unix_stream_at(struct unix_sock *u, size_t skip,
				       size_t *off)
{
	struct unix_rec *r;

	list_for_each_entry(r, &u->rq, link) {
		size_t avail = r->len - r->off;

		if (skip < avail) {
			*off = r->off + skip;
			return r;
		}
		skip -= avail;
	}
	return NULL;
}

static bool same_cred(const struct kucred *a, const struct kucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

static ssize_t unix_stream_recv(struct unix_sock *u, struct sock_msg *m,
				int flags)
{
	struct socket *s = u->sock;
	bool peek = flags & MSG_PEEK;
	size_t copied = 0, target, off, n;
	u64 dl = sock_deadline(s->rcvtimeo_ns);
	struct unix_rec *r;
	int err;

	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	target = (flags & MSG_WAITALL) ? m->len : 1;
	if (!m->len)
		return 0;
	while (copied < m->len) {
		r = unix_stream_at(u, peek ? copied : 0, &off);
		if (!r) {
			if (copied >= target || (peek && copied))
				break;
			if (s->shutdown & RCV_SHUTDOWN)
				break;
			err = unix_wait_data(u, flags, dl);
			if (err)
				return copied ? (ssize_t)copied : err;
			continue;
		}
		if (s->passcred) {
			if (m->has_cred && !same_cred(&m->cred, &r->cred))
				break;
			m->cred = r->cred;
			m->has_cred = true;
		}
		if (!copied)
			unix_copy_name(r, m);
		n = min(r->len - off, m->len - copied);
		err = msg_copy_to(m, copied, r->data + off, n);
		if (err)
			return copied ? (ssize_t)copied : err;
		copied += n;
		if (r->nfds && !m->nfds) {
			err = unix_take_fds(r, m, peek);
			if (err)
				return copied ? (ssize_t)copied : err;
		}
		if (!peek) {
			r->off += n;
			u->rq_bytes -= n;
			if (r->off == r->len) {
				r->len = 0;
				unix_dequeue(u, r);
			} else {
				unix_wake_writers(u);
			}
		}
		if (m->nfds)
			break;
	}
	return copied;
}

static ssize_t unix_dgram_recv(struct unix_sock *u, struct sock_msg *m,
			       int flags)
{
	struct socket *s = u->sock;
	u64 dl = sock_deadline(s->rcvtimeo_ns);
	struct unix_rec *r;
	size_t n;
	int err;

	if (s->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN;
	while (list_empty(&u->rq)) {
		if (s->shutdown & RCV_SHUTDOWN)
			return 0;
		err = unix_wait_data(u, flags, dl);
		if (err)
			return err;
	}
	r = list_first_entry(&u->rq, struct unix_rec, link);
	n = min(r->len, m->len);
	err = msg_copy_to(m, 0, r->data, n);
	if (err)
		return err;
	if (r->len > m->len)
		m->oflags |= MSG_TRUNC;
	unix_copy_name(r, m);
	if (s->passcred) {
		m->cred = r->cred;
		m->has_cred = true;
	}
	err = unix_take_fds(r, m, flags & MSG_PEEK);
	if (err)
		return err;
	if (flags & MSG_TRUNC)
		n = r->len;
	if (!(flags & MSG_PEEK))
		unix_dequeue(u, r);
	return (ssize_t)n;
}

/* unix_recvmsg - see unix.h. */
ssize_t unix_recvmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags)
{
	struct unix_sock *u = unix_sk(s);

	if (flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (s->type == SOCK_STREAM)
		return unix_stream_recv(u, m, flags);
	return unix_dgram_recv(u, m, flags);
}
