/* SPDX-License-Identifier: MIT */
/*
 * AF_INET/AF_INET6 sockets over the sandbox's own loopback: state shared by
 * inet.c (set-up, options, poll), inet_io.c (data) and inet_addr.c
 * (addresses, the port table). The sandbox has one interface, "lo":
 * 127.0.0.0/8 and ::1 are local, nothing else is reachable.
 *
 * Addresses are kept in IPv6 form: an IPv4 address a.b.c.d is stored as
 * the IPv4-mapped ::ffff:a.b.c.d, so one comparison covers both families.
 */
#ifndef NET_INET_H
#define NET_INET_H

#include "net/socket.h"
#include "fs/fs_uapi.h"

#define IPPROTO_IP 0
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_IPV6 41

#define SOL_IP 0
#define SOL_TCP 6
#define SOL_UDP 17
#define SOL_IPV6 41

#define IP_TOS 1
#define IP_TTL 2
#define IPV6_UNICAST_HOPS 16
#define IPV6_V6ONLY 26
#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6

/* Ephemeral ports (net.ipv4.ip_local_port_range) and privileged ones. */
#define INET_EPHEMERAL_LO 32768
#define INET_EPHEMERAL_HI 60999
#define INET_PROT_SOCK 1024

/* Largest UDP payload over IPv4 / IPv6 (65535 minus the headers). */
#define INET_UDP4_MAX 65507
#define INET_UDP6_MAX 65527

/* Linux's default TCP buffer sizes (tcp_wmem[1], tcp_rmem[1]). */
#define INET_TCP_SNDBUF 16384
#define INET_TCP_RCVBUF 131072

struct ksockaddr_in {
	u16 sin_family;
	u16 sin_port;		/* network order */
	u8 sin_addr[4];
	u8 sin_zero[8];
};

struct ksockaddr_in6 {
	u16 sin6_family;
	u16 sin6_port;		/* network order */
	u32 sin6_flowinfo;
	u8 sin6_addr[16];
	u32 sin6_scope_id;
};

/* An endpoint: IPv6-form address and port (host order). */
struct inet_ep {
	u8 addr[16];
	u16 port;
};

/* One queued chunk: stream bytes, or one datagram with its source. */
struct inet_chunk {
	struct list_head link;
	size_t len, off, cap;
	struct inet_ep src;	/* datagrams only */
	u8 data[];
};

enum inet_state {
	INET_CLOSED,		/* fresh, or a TCP connection that went away */
	INET_LISTENING,
	INET_CONNECTING,	/* non-blocking connect waiting for backlog room */
	INET_CONNECTED,		/* TCP established, or UDP with a default peer */
};

struct inet_sock {
	int refs;
	struct socket *sock;		/* NULL once released */
	int type;			/* SOCK_STREAM or SOCK_DGRAM */
	enum inet_state state;
	struct waitqueue wq;		/* readers, accepters, pollers, blocked peers' writers */
	struct inet_sock *peer;		/* TCP: the other end, referenced */
	struct inet_sock *target;	/* INET_CONNECTING: the listener, referenced */
	/* receive queue */
	struct list_head rq;
	size_t rq_bytes;
	int rq_count;
	bool peer_gone;			/* TCP: the peer closed, sends fail */
	bool connect_pending;		/* connect said EINPROGRESS; next one reports */
	/* listening: connections waiting for accept */
	struct list_head acceptq;
	struct list_head accept_link;
	int backlog, nacceptq;
	/* listening: non-blocking connectors waiting for backlog room */
	struct list_head connq;
	struct list_head conn_link;	/* INET_CONNECTING: on target's connq */
	/* addresses */
	bool bound;			/* on the port table */
	struct list_head bind_link;
	struct inet_ep local, remote;
	u32 uid;			/* SO_REUSEPORT owner */
	/* options */
	bool v6only, reuseport, nodelay, cork;
	int tos, ttl, keepidle, keepintvl, keepcnt;
};

static inline struct inet_sock *inet_sk(struct socket *s)
{
	return s->priv;
}

/* inet_get/inet_put - reference counting of the inet state. */
void inet_get(struct inet_sock *in);
void inet_put(struct inet_sock *in);

/* ---- inet_addr.c ---- */
/*
 * inet_addr_parse - read user sockaddr @addr (@len bytes) for a socket of
 * @family into *@ep. AF_INET into an AF_INET6 socket is refused like
 * Linux. 0, -EINVAL or -EAFNOSUPPORT.
 */
int inet_addr_parse(int family, const void *addr, int len, struct inet_ep *ep);
/* inet_addr_format - *@ep as a sockaddr of @family into @out; its length. */
int inet_addr_format(int family, const struct inet_ep *ep, void *out);
/* inet_is_v4 - is @a an IPv4(-mapped) address? */
bool inet_is_v4(const u8 *a);
/* inet_is_any - is @a 0.0.0.0 (mapped) or ::? */
bool inet_is_any(const u8 *a);
/* inet_is_local - does @a belong to "lo" (127.0.0.0/8, ::1)? */
bool inet_is_local(const u8 *a);
/* inet_set_v4 - store IPv4 address @b0.@b1.@b2.@b3 in mapped form in @a. */
void inet_set_v4(u8 *a, u8 b0, u8 b1, u8 b2, u8 b3);
/* inet_loopback_for - the loopback address of @a's family into @out. */
void inet_loopback_for(const u8 *a, u8 *out);
/*
 * inet_dest_check - make a destination of @in final: the unspecified
 * address becomes loopback. 0, or -ENETUNREACH when it is not on "lo" or
 * is IPv4 for an IPV6_V6ONLY socket.
 */
int inet_dest_check(struct inet_sock *in, struct inet_ep *dst);
/*
 * inet_bind_ep - put @in on the port table at *@ep (port 0: an ephemeral
 * one) for @t. 0, -EADDRINUSE, -EADDRNOTAVAIL, -EACCES or -EINVAL.
 */
int inet_bind_ep(struct inet_sock *in, struct task *t, struct inet_ep *ep);
/* inet_autobind - bind unbound @in to the wildcard and an ephemeral port. */
int inet_autobind(struct inet_sock *in, struct task *t);
/*
 * inet_listen_check - may bound @in listen? Sockets sharing its port
 * through SO_REUSEADDR may not all listen. 0 or -EADDRINUSE.
 */
int inet_listen_check(struct inet_sock *in);
/* inet_unbind - take @in off the port table. */
void inet_unbind(struct inet_sock *in);
/* inet_bind_child - put accepted @in on the table beside its listener. */
void inet_bind_child(struct inet_sock *in);
/*
 * inet_lookup - the socket of @type bound where @dst arrives: a listener
 * (stream) or any bound socket (datagram), exact address first, then the
 * wildcards. Not referenced; NULL when none.
 */
struct inet_sock *inet_lookup(int type, const struct inet_ep *dst);

/* ---- inet.c ---- */
/*
 * inet_stream_ready - may TCP @in send/receive? Settles a pending
 * non-blocking connect (waits for it unless @nonblock). 0, -ENOTCONN,
 * -EAGAIN, -ERESTARTSYS or the connect's error.
 */
int inet_stream_ready(struct inet_sock *in, bool nonblock);

/* ---- inet_io.c ---- */
/* inet_sendmsg/inet_recvmsg - sock_ops for data. */
ssize_t inet_sendmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags);
ssize_t inet_recvmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags);
/* inet_rq_purge - free @in's receive queue. */
void inet_rq_purge(struct inet_sock *in);
/* inet_send_room - bytes @in may still queue on its TCP peer @p. */
size_t inet_send_room(struct inet_sock *in, struct inet_sock *p);
/* inet_send_limit - the most bytes @in may have in flight to its peer. */
size_t inet_send_limit(struct inet_sock *in);

#endif
