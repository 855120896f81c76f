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

/* Copy a user socket address of @len bytes into @buf (KSOCKADDR_MAX). */
static int sockaddr_in(struct task *t, uaddr_t uaddr, u64 len, void *buf)
{
	if ((s64)len < 0 || len > KSOCKADDR_MAX)
		return -EINVAL;
	memset(buf, 0, KSOCKADDR_MAX);
	if (len && copy_in(t->mm, buf, uaddr, len))
		return -EFAULT;
	return 0;
}

/*
 * Copy a kernel address of @klen bytes to user @uaddr, whose capacity is
 * in the int at @ulenp; the full length goes back there. 0 or -errno.
 */
static int sockaddr_out(struct task *t, uaddr_t uaddr, uaddr_t ulenp,
			const void *kaddr, int klen)
{
	int ulen;

	if (!uaddr)
		return 0;
	if (copy_in(t->mm, &ulen, ulenp, sizeof(ulen)))
		return -EFAULT;
	if (ulen < 0)
		return -EINVAL;
	if (klen && copy_out(t->mm, uaddr, kaddr, min(ulen, klen)))
		return -EFAULT;
	if (copy_out(t->mm, ulenp, &klen, sizeof(klen)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE(bind)
{
	u8 addr[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	int r;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = sockaddr_in(t, a->a[1], a->a[2], addr);
	if (!r)
		r = s->ops->bind(s, t, addr, (int)a->a[2]);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(connect)
{
	u8 addr[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	int r;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = sockaddr_in(t, a->a[1], a->a[2], addr);
	if (!r)
		r = s->ops->connect(s, t, addr, (int)a->a[2],
				    f->flags & O_NONBLOCK);
	file_put(f);
	return r;
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
	r = sockaddr_out(t, uaddr, ulenp, addr, len);
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
	return sockaddr_out(t, a->a[1], a->a[2], addr, len);
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

static int sol_socket_set(struct task *t, struct socket *s, int name,
			  uaddr_t uval, int len)
{
	struct klinger lg;
	int v;

	switch (name) {
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return set_timeo(t, uval, len, &s->rcvtimeo_ns);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return set_timeo(t, uval, len, &s->sndtimeo_ns);
	case SO_LINGER:
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
	switch (name) {
	case SO_REUSEADDR:
		s->reuseaddr = v != 0;
		return 0;
	case SO_KEEPALIVE:
		s->keepalive = v != 0;
		return 0;
	case SO_BROADCAST:
		s->broadcast = v != 0;
		return 0;
	case SO_PASSCRED:
		s->passcred = v != 0;
		return 0;
	case SO_SNDBUFFORCE:
	case SO_RCVBUFFORCE:
		if (!capable(t, CAP_NET_ADMIN))
			return -EPERM;
		if (name == SO_SNDBUFFORCE)
			s->sndbuf = max(v < 0 ? 0 : v * 2, SOCK_MIN_SNDBUF);
		else
			s->rcvbuf = max(v < 0 ? 0 : v * 2, SOCK_MIN_RCVBUF);
		return 0;
	case SO_SNDBUF:
		s->sndbuf = set_buf(v, SOCK_MIN_SNDBUF);
		return 0;
	case SO_RCVBUF:
		s->rcvbuf = set_buf(v, SOCK_MIN_RCVBUF);
		return 0;
	default:
		return -ENOPROTOOPT;
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
	struct ktimeval tv;
	struct klinger lg;
	int v, len = KSOCKADDR_MAX, r;
	u64 ns;

	switch (name) {
	case SO_TYPE:
		v = s->type;
		break;
	case SO_DOMAIN:
		v = s->family;
		break;
	case SO_PROTOCOL:
		v = s->protocol;
		break;
	case SO_ERROR:
		v = -s->err;
		s->err = 0;
		break;
	case SO_SNDBUF:
		v = s->sndbuf;
		break;
	case SO_RCVBUF:
		v = s->rcvbuf;
		break;
	case SO_REUSEADDR:
		v = s->reuseaddr;
		break;
	case SO_KEEPALIVE:
		v = s->keepalive;
		break;
	case SO_BROADCAST:
		v = s->broadcast;
		break;
	case SO_PASSCRED:
		v = s->passcred;
		break;
	case SO_ACCEPTCONN:
		v = s->listening;
		break;
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		ns = (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW) ?
			     s->rcvtimeo_ns :
			     s->sndtimeo_ns;
		tv.sec = (s64)(ns / 1000000000ULL);
		tv.usec = (s64)(ns % 1000000000ULL) / 1000;
		memcpy(val, &tv, sizeof(tv));
		return sizeof(tv);
	case SO_LINGER:
		lg.onoff = s->linger_on;
		lg.linger = s->linger_sec;
		memcpy(val, &lg, sizeof(lg));
		return sizeof(lg);
	default:
		if (!s->ops->getsockopt)
			return -ENOPROTOOPT;
		r = s->ops->getsockopt(s, SOL_SOCKET, name, val, &len);
		return r ? r : len;
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
