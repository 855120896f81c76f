/* SPDX-License-Identifier: MIT */
/*
 * Sockets: the protocol-independent layer. A socket is an open file on an
 * S_IFSOCK inode whose priv is a struct socket; each address family
 * supplies a struct sock_ops. The system calls (syscalls/sys_socket.c,
 * syscalls/sys_net_msg.c) go through this interface only.
 */
#ifndef NET_SOCKET_H
#define NET_SOCKET_H

#include "fs/vfs_internal.h"
#include "net/net_uapi.h"

struct socket;
struct task;

/* Shutdown bits (socket.shutdown). */
#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* Default and maximum buffer sizes (Linux's wmem/rmem defaults). */
#define SOCK_DEFAULT_BUF 212992
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304

/*
 * One message being sent or received. The data lives in @iov (user or
 * kernel uio segments). Sending: @name/@namelen is the destination (NULL:
 * connected peer), @fds/@nfds the files to pass (references owned by the
 * message), @cred explicit SCM_CREDENTIALS when @has_cred. Receiving:
 * @name (KSOCKADDR_MAX bytes, may be NULL) gets the source and @namelen its
 * length, @fds/@nfds the received file references (the caller installs or
 * puts them), @cred the sender's credentials when @has_cred, and @oflags
 * MSG_TRUNC/MSG_CTRUNC/MSG_EOR for msg_flags.
 */
struct sock_msg {
	struct uio *iov;
	int niov;
	size_t len;
	void *name;
	int namelen;
	struct file **fds;
	int nfds;
	struct kucred cred;
	bool has_cred;
	unsigned int oflags;
};

/* msg_copy_to/from - copy to/from the message data at offset @off. 0 or -EFAULT. */
int msg_copy_to(struct sock_msg *m, size_t off, const void *src, size_t n);
int msg_copy_from(struct sock_msg *m, size_t off, void *dst, size_t n);
/*
 * sock_addr_in - copy the user socket address @uaddr of @len bytes into
 * @buf (KSOCKADDR_MAX bytes, zero-filled past @len). 0, -EINVAL (@len
 * over KSOCKADDR_MAX) or -EFAULT.
 */
int sock_addr_in(struct task *t, uaddr_t uaddr, u64 len, void *buf);
/*
 * sock_addr_out - copy kernel address @kaddr (@klen bytes) to user
 * @uaddr, whose capacity is the int at @ulenp, truncated to it; the full
 * length goes back to @ulenp. Nothing when @uaddr is 0. 0 or -errno.
 */
int sock_addr_out(struct task *t, uaddr_t uaddr, uaddr_t ulenp,
		  const void *kaddr, int klen);
/* msg_drop_fds - put and free the file references held by @m. */
void msg_drop_fds(struct sock_msg *m);

struct sock_ops {
	/* bind - give @s address @addr (@len bytes, already in kernel memory). */
	int (*bind)(struct socket *s, struct task *t, const void *addr, int len);
	/* connect - connect to @addr; @nonblock: do not wait for backlog room. */
	int (*connect)(struct socket *s, struct task *t, const void *addr,
		       int len, bool nonblock);
	int (*listen)(struct socket *s, struct task *t, int backlog);
	/* accept - the next connection as a new socket (no file yet) in *@out. */
	int (*accept)(struct socket *s, struct socket **out, bool nonblock);
	/* getname - own (@peer false) or peer address into @addr (KSOCKADDR_MAX). */
	int (*getname)(struct socket *s, void *addr, int *len, bool peer);
	/* sendmsg/recvmsg - bytes sent/received or -errno; MSG_* @flags. */
	ssize_t (*sendmsg)(struct socket *s, struct task *t, struct sock_msg *m,
			   int flags);
	ssize_t (*recvmsg)(struct socket *s, struct task *t, struct sock_msg *m,
			   int flags);
	/* shutdown - SHUT_RD/WR/RDWR already checked. */
	int (*shutdown)(struct socket *s, int how);
	unsigned int (*poll)(struct socket *s, struct poll_table *pt);
	/* getsockopt - family options and the SOL_SOCKET ones it owns; -ENOPROTOOPT if none. */
	int (*getsockopt)(struct socket *s, int level, int name, void *val,
			  int *len);
	/*
	 * setsockopt - family options and SOL_SOCKET ones the generic layer
	 * lacks; @val (@len bytes, at most KSOCKADDR_MAX) in kernel memory.
	 * 0 or -errno, -ENOPROTOOPT if none. May be NULL.
	 */
	int (*setsockopt)(struct socket *s, struct task *t, int level,
			  int name, const void *val, int len);
	/* pair - connect two fresh sockets to each other (socketpair). */
	int (*pair)(struct socket *a, struct socket *b, struct task *t);
	/* nread - bytes readable now (FIONREAD/SIOCINQ). */
	long (*nread)(struct socket *s);
	/* release - the socket goes away (last file reference or never accepted). */
	void (*release)(struct socket *s);
};

struct socket {
	int family, type, protocol;
	const struct sock_ops *ops;
	void *priv;
	struct file *file;		/* not referenced; NULL before accept */
	unsigned int shutdown;		/* RCV_SHUTDOWN | SEND_SHUTDOWN */
	bool listening;			/* SO_ACCEPTCONN */
	bool passcred;			/* SO_PASSCRED */
	bool reuseaddr, keepalive, broadcast;
	int err;			/* SO_ERROR, cleared when read */
	int sndbuf, rcvbuf;
	u64 rcvtimeo_ns, sndtimeo_ns;	/* 0: none */
	int linger_on, linger_sec;
};

/*
 * sock_create - a socket of @family/@type/@protocol (type without the
 * SOCK_NONBLOCK/SOCK_CLOEXEC bits) with no file yet, in *@out. 0 or
 * -EAFNOSUPPORT/-ESOCKTNOSUPPORT/-EPROTONOSUPPORT/-ENOMEM.
 */
int sock_create(int family, int type, int protocol, struct socket **out);
/* sock_release - free a socket that has no file (failed setup, never accepted). */
void sock_release(struct socket *s);
/*
 * sock_file_create - the open file for @s (O_RDWR | @flags & O_NONBLOCK),
 * owned by @t's fsuid/fsgid. On failure @s is left to the caller.
 */
struct file *sock_file_create(struct socket *s, struct task *t,
			      unsigned int flags);
/* sock_from_file - the socket behind @f, or NULL when @f is no socket. */
struct socket *sock_from_file(struct file *f);
/*
 * sockfd_get - the socket behind descriptor @fd of @t, with a reference
 * on its file in *@fp (file_put when done). 0, -EBADF or -ENOTSOCK.
 */
int sockfd_get(struct task *t, int fd, struct file **fp, struct socket **sp);
/* sock_deadline - monotonic deadline for a wait with timeout @ns (0: none). */
u64 sock_deadline(u64 ns);
/* sock_current_cred - the credentials of @t as SCM_CREDENTIALS reports them. */
void sock_current_cred(struct task *t, struct kucred *c);

/* unix_sock_init - make @s an AF_UNIX socket (sets ops/priv). 0 or -errno. */
int unix_sock_init(struct socket *s);
/* inet_sock_init - make @s an AF_INET/AF_INET6 loopback socket (net/inet.c). */
int inet_sock_init(struct socket *s);

#endif
