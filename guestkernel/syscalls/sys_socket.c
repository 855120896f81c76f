/* SPDX-License-Identifier: MIT */
/*
 * Socket set-up system calls: socket socketpair bind connect listen accept
 * accept4 getsockname getpeername shutdown setsockopt getsockopt.
 * Data transfer is in sys_net_msg.c.
 */
#include "net/socket.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

/* Give @s a file and a descriptor; consumes @s. fd or -errno. */
static int sock_install(struct task *t, struct socket *s, unsigned int flags)
{
	struct file *f = sock_file_create(s, t, flags);
	int fd;

	if (!f) {
		sock_release(s);
		return -ENOMEM;
	}
	fd = fd_install(t, f, 0, flags & SOCK_CLOEXEC);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* Split socket(2)'s type argument into type and SOCK_* flags. */
static int sock_type_flags(u64 arg, int *type, unsigned int *flags)
{
	*flags = (unsigned int)arg & (SOCK_NONBLOCK | SOCK_CLOEXEC);
	*type = (int)((unsigned int)arg & ~(SOCK_NONBLOCK | SOCK_CLOEXEC));
	if (*type & ~SOCK_TYPE_MASK)
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE(socket)
{
	unsigned int flags;
	struct socket *s;
	int type, r;

	r = sock_type_flags(a->a[1], &type, &flags);
	if (r)
		return r;
	r = sock_create((int)a->a[0], type, (int)a->a[2], &s);
	if (r)
		return r;
	return sock_install(t, s, flags);
}

SYSCALL_DEFINE(socketpair)
{
	struct socket *s0 = NULL, *s1 = NULL;
	unsigned int flags;
	int type, r, fd[2];

	r = sock_type_flags(a->a[1], &type, &flags);
	if (r)
		return r;
	r = sock_create((int)a->a[0], type, (int)a->a[2], &s0);
	if (r)
		return r;
	if (!s0->ops->pair) {
		sock_release(s0);
		return -EOPNOTSUPP;
	}
	r = sock_create((int)a->a[0], type, (int)a->a[2], &s1);
	if (r) {
		sock_release(s0);
		return r;
	}
	r = s0->ops->pair(s0, s1, t);
	if (r) {
		sock_release(s0);
		sock_release(s1);
		return r;
	}
	fd[0] = sock_install(t, s0, flags);
	if (fd[0] < 0) {
		sock_release(s1);
		return fd[0];
	}
	fd[1] = sock_install(t, s1, flags);
	if (fd[1] < 0) {
		fd_close(t, fd[0]);
		return fd[1];
	}
	if (copy_out(t->mm, a->a[3], fd, sizeof(fd))) {
		fd_close(t, fd[0]);
		fd_close(t, fd[1]);
		return -EFAULT;
	}
	return 0;
}

/* bind and connect: socket a[0], user address a[1] of a[2] bytes. */
static long do_bind_connect(struct task *t, const struct syscall_args *a,
			    bool connect)
{
	u8 addr[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	int r;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = sock_addr_in(t, a->a[1], a->a[2], addr);
	if (!r && connect)
		r = s->ops->connect(s, t, addr, (int)a->a[2],
				    f->flags & O_NONBLOCK);
	else if (!r)
		r = s->ops->bind(s, t, addr, (int)a->a[2]);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(bind)
{
	return do_bind_connect(t, a, false);
}

SYSCALL_DEFINE(connect)
{
	return do_bind_connect(t, a, true);
}

SYSCALL_DEFINE(listen)
{
	struct socket *s;
	struct file *f;
	int r;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = s->ops->listen(s, t, (int)a->a[1]);
	file_put(f);
	return r;
}

static long do_accept(struct task *t, int fd, uaddr_t uaddr, uaddr_t ulenp,
		      unsigned int flags)
{
	u8 addr[KSOCKADDR_MAX];
	struct socket *s, *ns;
	struct file *f;
	int r, len, nfd;

	if (flags & ~(SOCK_NONBLOCK | SOCK_CLOEXEC))
		return -EINVAL;
	r = sockfd_get(t, fd, &f, &s);
	if (r)
		return r;
	r = s->ops->accept(s, &ns, f->flags & O_NONBLOCK);
	file_put(f);
	if (r)
		return r;
	if (ns->ops->getname(ns, addr, &len, true))
		len = 0;
	nfd = sock_install(t, ns, flags);
	if (nfd < 0)
		return nfd;
	r = sock_addr_out(t, uaddr, ulenp, addr, len);
	if (r) {
		fd_close(t, nfd);
		return r;
	}
	return nfd;
}

SYSCALL_DEFINE(accept)
{
	return do_accept(t, (int)a->a[0], a->a[1], a->a[2], 0);
}

SYSCALL_DEFINE(accept4)
{
	return do_accept(t, (int)a->a[0], a->a[1], a->a[2],
			 (unsigned int)a->a[3]);
}

static long do_getname(struct task *t, const struct syscall_args *a,
		       bool peer)
{
	u8 addr[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	int r, len;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = s->ops->getname(s, addr, &len, peer);
	file_put(f);
	if (r)
		return r;
	if (!a->a[1])
		return -EFAULT;
	return sock_addr_out(t, a->a[1], a->a[2], addr, len);
}

SYSCALL_DEFINE(getsockname)
{
	return do_getname(t, a, false);
}

SYSCALL_DEFINE(getpeername)
{
	return do_getname(t, a, true);
}

SYSCALL_DEFINE(shutdown)
{
	struct socket *s;
	struct file *f;
	int r, how = (int)a->a[1];

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	if (how < SHUT_RD || how > SHUT_RDWR)
		r = -EINVAL;
	else
		r = s->ops->shutdown(s, how);
	file_put(f);
	return r;
}

struct ktimeval {
	s64 sec, usec;
};

struct klinger {
	s32 onoff, linger;
};

/* Store a SO_*TIMEO value from user @uval (@len bytes) in *@ns. */
static int set_timeo(struct task *t, uaddr_t uval, int len, u64 *ns)
{
	struct ktimeval tv;

	if (len < (int)sizeof(tv))
		return -EINVAL;
	if (copy_in(t->mm, &tv, uval, sizeof(tv)))
		return -EFAULT;
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0)
		*ns = 0;
	else if (tv.sec >= 0x7fffffffLL)
		*ns = 0;	/* "forever", like MAX_SCHEDULE_TIMEOUT */
	else
		*ns = (u64)tv.sec * 1000000000ULL + (u64)tv.usec * 1000;
	return 0;
}

static int set_buf(int v, int minimum)
{
	u32 val = min((u32)v, (u32)SOCK_DEFAULT_BUF);

	return max((int)(val * 2), minimum);
}

/* How a SOL_SOCKET option is stored in struct socket and read or set. */
enum sol_kind {
	SOPT_BOOL,	/* bool; set from an int */
	SOPT_BOOL_RO,	/* bool; read-only */
	SOPT_INT_RO,	/* int; read-only */
	SOPT_ERROR,	/* int pending error; reading reports and clears it */
	SOPT_BUF,	/* int buffer size; set: doubled, capped, at least min */
	SOPT_BUFFORCE,	/* the same field, set only, CAP_NET_ADMIN, no cap */
	SOPT_TIMEO,	/* u64 ns; a struct ktimeval to the user */
	SOPT_LINGER,	/* linger_on/linger_sec; a struct klinger */
};

struct sol_opt {
	int name;
	enum sol_kind kind;
	size_t off;		/* of the field in struct socket */
	int min;		/* SOPT_BUF, SOPT_BUFFORCE: the least size */
};

#define SOPT_OPT(n, k, field, m) \
	{ .name = (n), .kind = (k), .off = offsetof(struct socket, field), \
	  .min = (m) }

/* The SOL_SOCKET options the generic layer keeps; the rest are the family's. */
static const struct sol_opt sol_opts[] = {
	SOPT_OPT(SO_TYPE, SOPT_INT_RO, type, 0),
	SOPT_OPT(SO_DOMAIN, SOPT_INT_RO, family, 0),
	SOPT_OPT(SO_PROTOCOL, SOPT_INT_RO, protocol, 0),
	SOPT_OPT(SO_ERROR, SOPT_ERROR, err, 0),
	SOPT_OPT(SO_ACCEPTCONN, SOPT_BOOL_RO, listening, 0),
	SOPT_OPT(SO_REUSEADDR, SOPT_BOOL, reuseaddr, 0),
	SOPT_OPT(SO_KEEPALIVE, SOPT_BOOL, keepalive, 0),
	SOPT_OPT(SO_BROADCAST, SOPT_BOOL, broadcast, 0),
	SOPT_OPT(SO_PASSCRED, SOPT_BOOL, passcred, 0),
	SOPT_OPT(SO_SNDBUF, SOPT_BUF, sndbuf, SOCK_MIN_SNDBUF),
	SOPT_OPT(SO_RCVBUF, SOPT_BUF, rcvbuf, SOCK_MIN_RCVBUF),
	SOPT_OPT(SO_SNDBUFFORCE, SOPT_BUFFORCE, sndbuf, SOCK_MIN_SNDBUF),
	SOPT_OPT(SO_RCVBUFFORCE, SOPT_BUFFORCE, rcvbuf, SOCK_MIN_RCVBUF),
	SOPT_OPT(SO_RCVTIMEO_OLD, SOPT_TIMEO, rcvtimeo_ns, 0),
	SOPT_OPT(SO_RCVTIMEO_NEW, SOPT_TIMEO, rcvtimeo_ns, 0),
	SOPT_OPT(SO_SNDTIMEO_OLD, SOPT_TIMEO, sndtimeo_ns, 0),
	SOPT_OPT(SO_SNDTIMEO_NEW, SOPT_TIMEO, sndtimeo_ns, 0),
	SOPT_OPT(SO_LINGER, SOPT_LINGER, linger_on, 0),
};

/* The table entry of SOL_SOCKET option @name, or NULL. */
static const struct sol_opt *sol_opt_find(int name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sol_opts); i++)
		if (sol_opts[i].name == name)
			return &sol_opts[i];
	return NULL;
}

static void *sol_field(struct socket *s, const struct sol_opt *o)
{
	return (char *)s + o->off;
}

static int sol_socket_set(struct task *t, struct socket *s, int name,
			  uaddr_t uval, int len)
{
	const struct sol_opt *o = sol_opt_find(name);
	struct klinger lg;
	int v;

	if (o && o->kind == SOPT_TIMEO)
		return set_timeo(t, uval, len, sol_field(s, o));
	if (o && o->kind == SOPT_LINGER) {
		if (len < (int)sizeof(lg))
			return -EINVAL;
		if (copy_in(t->mm, &lg, uval, sizeof(lg)))
			return -EFAULT;
		s->linger_on = lg.onoff != 0;
		s->linger_sec = lg.linger;
		return 0;
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	if (copy_in(t->mm, &v, uval, sizeof(v)))
		return -EFAULT;
	if (!o)
		return -ENOPROTOOPT;
	switch (o->kind) {
	case SOPT_BOOL:
		*(bool *)sol_field(s, o) = v != 0;
		return 0;
	case SOPT_BUFFORCE:
		if (!capable(t, CAP_NET_ADMIN))
			return -EPERM;
		*(int *)sol_field(s, o) = max(v < 0 ? 0 : v * 2, o->min);
		return 0;
	case SOPT_BUF:
		*(int *)sol_field(s, o) = set_buf(v, o->min);
		return 0;
	default:
		return -ENOPROTOOPT;	/* read-only */
	}
}

/* An option the family owns: copy the value in and hand it over. */
static int family_setsockopt(struct task *t, struct socket *s, int level,
			     int name, uaddr_t uval, int len)
{
	u8 val[KSOCKADDR_MAX];
	int n = min(len, KSOCKADDR_MAX);

	if (n && copy_in(t->mm, val, uval, n))
		return -EFAULT;
	return s->ops->setsockopt(s, t, level, name, val, n);
}

SYSCALL_DEFINE(setsockopt)
{
	int level = (int)a->a[1], name = (int)a->a[2], len = (int)a->a[4];
	struct socket *s;
	struct file *f;
	int r;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	if (len < 0)
		r = -EINVAL;
	else if (level == SOL_SOCKET)
		r = sol_socket_set(t, s, name, a->a[3], len);
	else
		r = -EOPNOTSUPP;	/* AF_UNIX has no protocol levels */
	if ((r == -ENOPROTOOPT || r == -EOPNOTSUPP) && len >= 0 &&
	    s->ops->setsockopt)
		r = family_setsockopt(t, s, level, name, a->a[3], len);
	file_put(f);
	return r;
}

/* A SOL_SOCKET value into @val (KSOCKADDR_MAX bytes); its length, or -errno. */
static int sol_socket_get(struct socket *s, int name, void *val)
{
	const struct sol_opt *o = sol_opt_find(name);
	struct ktimeval tv;
	struct klinger lg;
	int v, len = KSOCKADDR_MAX, r;
	u64 ns;

	if (!o || o->kind == SOPT_BUFFORCE) {
		if (!s->ops->getsockopt)
			return -ENOPROTOOPT;
		r = s->ops->getsockopt(s, SOL_SOCKET, name, val, &len);
		return r ? r : len;
	}
	switch (o->kind) {
	case SOPT_BOOL:
	case SOPT_BOOL_RO:
		v = *(bool *)sol_field(s, o);
		break;
	case SOPT_ERROR:
		v = -*(int *)sol_field(s, o);
		*(int *)sol_field(s, o) = 0;
		break;
	case SOPT_TIMEO:
		ns = *(u64 *)sol_field(s, o);
		tv.sec = (s64)(ns / 1000000000ULL);
		tv.usec = (s64)(ns % 1000000000ULL) / 1000;
		memcpy(val, &tv, sizeof(tv));
		return sizeof(tv);
	case SOPT_LINGER:
		lg.onoff = s->linger_on;
		lg.linger = s->linger_sec;
		memcpy(val, &lg, sizeof(lg));
		return sizeof(lg);
	default:
		v = *(int *)sol_field(s, o);
		break;
	}
	memcpy(val, &v, sizeof(v));
	return sizeof(v);
}

SYSCALL_DEFINE(getsockopt)
{
	int level = (int)a->a[1], name = (int)a->a[2];
	u8 val[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	int r, len, glen;

	if (copy_in(t->mm, &len, a->a[4], sizeof(len)))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	if (level == SOL_SOCKET) {
		r = sol_socket_get(s, name, val);
	} else if (s->ops->getsockopt) {
		glen = KSOCKADDR_MAX;
		r = s->ops->getsockopt(s, level, name, val, &glen);
		if (!r)
			r = glen;
	} else {
		r = -EOPNOTSUPP;
	}
	file_put(f);
	if (r < 0)
		return r;
	len = min(len, r);
	if (copy_out(t->mm, a->a[3], val, len) ||
	    copy_out(t->mm, a->a[4], &len, sizeof(len)))
		return -EFAULT;
	return 0;
}
