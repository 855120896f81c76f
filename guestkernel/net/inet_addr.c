/* SPDX-License-Identifier: MIT */
/*
 * AF_INET/AF_INET6 addresses: sockaddr_in/sockaddr_in6 conversion, the
 * "lo" interface's addresses, and the port table (bind conflicts with
 * SO_REUSEADDR/SO_REUSEPORT, ephemeral ports, lookup of the socket that
 * receives a connection or datagram).
 */
#include "net/inet.h"
#include "kernel/task.h"
#include <linux/capability.h>

/* Every bound inet socket, TCP and UDP. */
static LIST_HEAD(inet_bound);

static u16 be16(u16 v)
{
	return (u16)((v >> 8) | (v << 8));
}

/* inet_is_v4 - see inet.h. */
bool inet_is_v4(const u8 *a)
{
	static const u8 pfx[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a, pfx, sizeof(pfx));
}

/* inet_is_any - see inet.h. */
bool inet_is_any(const u8 *a)
{
	static const u8 zero[16];

	if (inet_is_v4(a))
		return !memcmp(a + 12, zero, 4);
	return !memcmp(a, zero, 16);
}

/* inet_is_local - see inet.h. */
bool inet_is_local(const u8 *a)
{
	static const u8 lo6[16] = { [15] = 1 };

	if (inet_is_v4(a))
		return a[12] == 127;
	return !memcmp(a, lo6, 16);
}

/* inet_set_v4 - see inet.h. */
void inet_set_v4(u8 *a, u8 b0, u8 b1, u8 b2, u8 b3)
{
	memset(a, 0, 10);
	a[10] = a[11] = 0xff;
	a[12] = b0;
	a[13] = b1;
	a[14] = b2;
	a[15] = b3;
}

/* inet_loopback_for - see inet.h. */
void inet_loopback_for(const u8 *a, u8 *out)
{
	if (inet_is_v4(a)) {
		inet_set_v4(out, 127, 0, 0, 1);
		return;
	}
	memset(out, 0, 16);
	out[15] = 1;
}

/* inet_dest_check - see inet.h. */
int inet_dest_check(struct inet_sock *in, struct inet_ep *dst)
{
	if (inet_is_any(dst->addr))
		inet_loopback_for(dst->addr, dst->addr);
	if (!inet_is_local(dst->addr))
		return -ENETUNREACH;
	if (inet_is_v4(dst->addr) && in->sock->family == AF_INET6 &&
	    in->v6only)
		return -ENETUNREACH;
	return 0;
}

/* inet_addr_parse - see inet.h. */
int inet_addr_parse(int family, const void *addr, int len, struct inet_ep *ep)
{
	const struct ksockaddr_in *sin = addr;
	const struct ksockaddr_in6 *sin6 = addr;

	memset(ep, 0, sizeof(*ep));
	if (family == AF_INET) {
		if (len < (int)sizeof(*sin))
			return -EINVAL;
		if (sin->sin_family != AF_INET)
			return -EAFNOSUPPORT;
		inet_set_v4(ep->addr, sin->sin_addr[0], sin->sin_addr[1],
			    sin->sin_addr[2], sin->sin_addr[3]);
		ep->port = be16(sin->sin_port);
		return 0;
	}
	/* SIN6_LEN_RFC2133: sockaddr_in6 without sin6_scope_id. */
	if (len < 24)
		return -EINVAL;
	if (sin6->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	memcpy(ep->addr, sin6->sin6_addr, 16);
	ep->port = be16(sin6->sin6_port);
	return 0;
}

/* inet_addr_format - see inet.h. */
int inet_addr_format(int family, const struct inet_ep *ep, void *out)
{
	struct ksockaddr_in *sin = out;
	struct ksockaddr_in6 *sin6 = out;

	memset(out, 0, KSOCKADDR_MAX);
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = be16(ep->port);
		memcpy(sin->sin_addr, ep->addr + 12, 4);
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = be16(ep->port);
	memcpy(sin6->sin6_addr, ep->addr, 16);
	return sizeof(*sin6);
}

/* Does a socket bound to @a (@v6only) receive for address @b? */
static bool addr_covers(const u8 *a, bool v6only, const u8 *b)
{
	if (!memcmp(a, b, 16))
		return true;
	if (!inet_is_any(a))
		return false;
	if (inet_is_v4(a))
		return inet_is_v4(b);
	return !inet_is_v4(b) || !v6only;
}

/* May @n take @ep->port on @ep->addr beside bound @e? */
static bool bind_compatible(const struct inet_sock *n, const u8 *addr,
			    const struct inet_sock *e)
{
	if (!addr_covers(addr, n->v6only, e->local.addr) &&
	    !addr_covers(e->local.addr, e->v6only, addr))
		return true;
	if (n->reuseport && e->reuseport && n->uid == e->uid)
		return true;
	if (!e->sock || !n->sock)
		return false;
	return n->sock->reuseaddr && e->sock->reuseaddr &&
	       (n->type == SOCK_DGRAM || e->state != INET_LISTENING);
}

/* Is @port free for @n on @addr? */
static bool port_free(const struct inet_sock *n, const u8 *addr, u16 port)
{
	struct inet_sock *e;

	list_for_each_entry(e, &inet_bound, bind_link) {
		if (e == n || e->type != n->type || e->local.port != port)
			continue;
		if (!bind_compatible(n, addr, e))
			return false;
	}
	return true;
}

/* Is @port unused by any socket of @type? */
static bool port_unused(int type, u16 port)
{
	struct inet_sock *e;

	list_for_each_entry(e, &inet_bound, bind_link)
		if (e->type == type && e->local.port == port)
			return false;
	return true;
}

static int pick_ephemeral(struct inet_sock *in, const u8 *addr, u16 *port)
{
	u32 n = INET_EPHEMERAL_HI - INET_EPHEMERAL_LO + 1, r, i;

	get_random_bytes(&r, sizeof(r));
	for (i = 0; i < n; i++) {
		u16 p = (u16)(INET_EPHEMERAL_LO + (r + i) % n);

		if (port_unused(in->type, p) && port_free(in, addr, p)) {
			*port = p;
			return 0;
		}
	}
	return -EADDRINUSE;
}

static void table_add(struct inet_sock *in)
{
	list_add_tail(&in->bind_link, &inet_bound);
	in->bound = true;
}

/* inet_bind_ep - see inet.h. */
int inet_bind_ep(struct inet_sock *in, struct task *t, struct inet_ep *ep)
{
	int r;

	if (in->bound)
		return -EINVAL;
	if (inet_is_v4(ep->addr) && in->sock->family == AF_INET6 &&
	    in->v6only)
		return -EINVAL;
	if (!inet_is_any(ep->addr) && !inet_is_local(ep->addr))
		return -EADDRNOTAVAIL;
	if (ep->port && ep->port < INET_PROT_SOCK &&
	    !capable(t, CAP_NET_BIND_SERVICE))
		return -EACCES;
	in->uid = t->proc->cred.euid;
	if (!ep->port) {
		r = pick_ephemeral(in, ep->addr, &ep->port);
		if (r)
			return r;
	} else if (!port_free(in, ep->addr, ep->port)) {
		return -EADDRINUSE;
	}
	in->local = *ep;
	table_add(in);
	return 0;
}

/* inet_listen_check - see inet.h. */
int inet_listen_check(struct inet_sock *in)
{
	return port_free(in, in->local.addr, in->local.port) ? 0 : -EADDRINUSE;
}

/* inet_autobind - see inet.h. */
int inet_autobind(struct inet_sock *in, struct task *t)
{
	struct inet_ep ep = { .port = 0 };

	if (in->bound)
		return 0;
	if (in->sock->family == AF_INET)
		inet_set_v4(ep.addr, 0, 0, 0, 0);
	return inet_bind_ep(in, t, &ep);
}

/* inet_unbind - see inet.h. */
void inet_unbind(struct inet_sock *in)
{
	if (!in->bound)
		return;
	list_del_init(&in->bind_link);
	in->bound = false;
}

/* inet_bind_child - see inet.h. */
void inet_bind_child(struct inet_sock *in)
{
	if (!in->bound)
		table_add(in);
}

/* inet_lookup - see inet.h. */
struct inet_sock *inet_lookup(int type, const struct inet_ep *dst)
{
	struct inet_sock *e, *best = NULL;

	list_for_each_entry(e, &inet_bound, bind_link) {
		if (e->type != type || e->local.port != dst->port || !e->sock)
			continue;
		if (type == SOCK_STREAM && e->state != INET_LISTENING)
			continue;
		if (!addr_covers(e->local.addr, e->v6only, dst->addr))
			continue;
		if (!memcmp(e->local.addr, dst->addr, 16))
			return e;
		if (!best)
			best = e;
	}
	return best;
}
