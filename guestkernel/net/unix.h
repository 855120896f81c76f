/* SPDX-License-Identifier: MIT */
/* AF_UNIX sockets: state shared by unix.c, unix_io.c and unix_addr.c. */
#ifndef NET_UNIX_H
#define NET_UNIX_H

#include "net/socket.h"

/* Datagrams a receiver not connected back to the sender may hold (max_dgram_qlen). */
#define UNIX_MAX_DGRAM_QLEN 10

/* One queued send: data plus passed files and the sender's credentials. */
struct unix_rec {
	struct list_head link;
	size_t len;			/* bytes of data */
	size_t off;			/* stream: bytes already read */
	struct file **fds;
	int nfds;
	struct kucred cred;
	u8 addr[sizeof(struct ksockaddr_un)];	/* sender's address */
	int addrlen;
	u8 data[];
};

enum unix_state {
	UNIX_UNCONNECTED,
	UNIX_LISTENING,
	UNIX_CONNECTED,
};

struct unix_sock {
	int refs;
	struct socket *sock;		/* NULL once released */
	enum unix_state state;
	int type;			/* SOCK_*, kept after release */
	struct waitqueue wq;		/* readers, writers, accepters, pollers */
	struct unix_sock *peer;		/* referenced */
	/* receive queue */
	struct list_head rq;
	size_t rq_bytes;
	int rq_count;
	/* listening: embryo connections waiting for accept */
	struct list_head acceptq;
	struct list_head accept_link;
	int backlog, nacceptq;
	/* address: addrlen 0 means unbound */
	u8 addr[sizeof(struct ksockaddr_un)];
	int addrlen;
	struct inode *bind_inode;	/* path binding, referenced */
	struct list_head bind_link;	/* on the bound-socket list */
	/* SO_PEERCRED */
	struct kucred peercred;
	bool has_peercred;
};

static inline struct unix_sock *unix_sk(struct socket *s)
{
	return s->priv;
}

/* unix_get/unix_put - reference counting of the unix state. */
void unix_get(struct unix_sock *u);
void unix_put(struct unix_sock *u);
/* unix_rec_free - free a record and put its files. */
void unix_rec_free(struct unix_rec *r);

/* unix_bind - bind(2) for AF_UNIX (path, abstract or autobind). */
int unix_bind(struct socket *s, struct task *t, const void *addr, int len);
/* unix_autobind - give unbound @u an abstract "\0xxxxx" name. 0 or -errno. */
int unix_autobind(struct unix_sock *u);
/*
 * unix_find - the live socket bound to @addr (@len bytes) of @type for @t,
 * referenced in *@out. -ENOENT/-ECONNREFUSED/-EPROTOTYPE/-EACCES/-EINVAL.
 */
int unix_find(struct task *t, const void *addr, int len, int type,
	      struct unix_sock **out);
/* unix_unbind - drop @u's binding (release). */
void unix_unbind(struct unix_sock *u);

/* unix_sendmsg/unix_recvmsg - sock_ops for data (unix_io.c). */
ssize_t unix_sendmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags);
ssize_t unix_recvmsg(struct socket *s, struct task *t, struct sock_msg *m,
		     int flags);

#endif
