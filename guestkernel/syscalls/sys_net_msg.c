/* SPDX-License-Identifier: MIT */
/*
 * Socket data system calls: sendto recvfrom sendmsg recvmsg sendmmsg
 * recvmmsg, with control messages (SCM_RIGHTS, SCM_CREDENTIALS).
 */
#include "net/socket.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"
#include "syscalls/syscall.h"

#define MSG_IOV_MAX 1024
#define MSG_CONTROL_MAX 20480	/* optmem_max */
#define MMSG_VLEN_MAX 1024

/* Build kernel uio segments for @cnt user iovecs at @uiov into *@out. */
static int iov_import(struct task *t, uaddr_t uiov, u64 cnt, struct uio **out,
		      size_t *total)
{
	struct user_iovec v;
	struct uio *u;
	size_t sum = 0;
	u64 k;

	*out = NULL;
	*total = 0;
	if (cnt > MSG_IOV_MAX)
		return -EMSGSIZE;
	if (!cnt)
		return 0;
	u = kzalloc(sizeof(*u) * cnt);
	if (!u)
		return -ENOMEM;
	for (k = 0; k < cnt; k++) {
		if (copy_in(t->mm, &v, uiov + k * sizeof(v), sizeof(v))) {
			kfree(u);
			return -EFAULT;
		}
		if ((s64)v.len < 0 || v.len > 0x7ffff000 - sum) {
			kfree(u);
			return -EINVAL;
		}
		u[k].mm = t->mm;
		u[k].ubuf = v.base;
		u[k].len = v.len;
		sum += v.len;
	}
	*out = u;
	*total = sum;
	return 0;
}

/* SCM_RIGHTS: take references to the @n descriptors at user @ufds. */
static int scm_rights_in(struct task *t, struct sock_msg *m, uaddr_t ufds,
			 int n)
{
	struct file **fl;
	int i, fd;

	if (!n)
		return 0;
	if (m->nfds + n > SCM_MAX_FD)
		return -EINVAL;
	fl = krealloc(m->fds, sizeof(*fl) * (m->nfds + n));
	if (!fl)
		return -ENOMEM;
	m->fds = fl;
	for (i = 0; i < n; i++) {
		if (copy_in(t->mm, &fd, ufds + i * sizeof(int), sizeof(int)))
			return -EFAULT;
		fl[m->nfds] = fd_get(t, fd);
		if (!fl[m->nfds])
			return -EBADF;
		m->nfds++;
	}
	return 0;
}

/* SCM_CREDENTIALS: may @t claim @c? */
static int scm_cred_check(struct task *t, const struct kucred *c)
{
	const struct cred *cr = &t->proc->cred;

	if (c->pid != t->proc->pid && !capable(t, CAP_SYS_ADMIN))
		return -EPERM;
	if (c->uid != cr->uid && c->uid != cr->euid && c->uid != cr->suid &&
	    !capable(t, CAP_SETUID))
		return -EPERM;
	if (c->gid != cr->gid && c->gid != cr->egid && c->gid != cr->sgid &&
	    !capable(t, CAP_SETGID))
		return -EPERM;
	return 0;
}

/* Parse the control messages of a send into @m. */
static int cmsg_import(struct task *t, struct sock_msg *m, uaddr_t uctl,
		       u64 len)
{
	struct kcmsghdr h;
	u64 off = 0;
	int r;

	if (len > MSG_CONTROL_MAX)
		return -ENOBUFS;
	while (off + sizeof(h) <= len) {
		if (copy_in(t->mm, &h, uctl + off, sizeof(h)))
			return -EFAULT;
		if (h.cmsg_len < sizeof(h) || h.cmsg_len > len - off)
			return -EINVAL;
		if (h.cmsg_level == SOL_SOCKET) {
			u64 dlen = h.cmsg_len - KCMSG_HDRLEN;

			switch (h.cmsg_type) {
			case SCM_RIGHTS:
				r = scm_rights_in(t, m, uctl + off + KCMSG_HDRLEN,
						  (int)(dlen / sizeof(int)));
				if (r)
					return r;
				break;
			case SCM_CREDENTIALS:
				if (h.cmsg_len != KCMSG_LEN(sizeof(m->cred)))
					return -EINVAL;
				if (copy_in(t->mm, &m->cred,
					    uctl + off + KCMSG_HDRLEN,
					    sizeof(m->cred)))
					return -EFAULT;
				r = scm_cred_check(t, &m->cred);
				if (r)
					return r;
				m->has_cred = true;
				break;
			default:
				return -EINVAL;
			}
		}
		off += KCMSG_ALIGN(h.cmsg_len);
	}
	return 0;
}

/* Send @m on @fd with MSG_* @flags. Bytes sent or -errno. */
static ssize_t sock_send(struct task *t, struct file *f, struct socket *s,
			 struct sock_msg *m, int flags)
{
	if (f->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	if (m->nfds && s->family != AF_UNIX)
		return -EINVAL;
	return s->ops->sendmsg(s, t, m, flags);
}

/*
 * Point @m at the destination address @uaddr of @len bytes, copied into
 * @name (KSOCKADDR_MAX bytes); none given (@uaddr or @len 0): nothing.
 * 0 or -errno.
 */
static int msg_name_in(struct task *t, struct sock_msg *m, u8 *name,
		       uaddr_t uaddr, u64 len)
{
	int r;

	if (!uaddr || !len)
		return 0;
	r = sock_addr_in(t, uaddr, len, name);
	if (r)
		return r;
	m->name = name;
	m->namelen = (int)len;
	return 0;
}

/* Make @m a message over the one user buffer @buf of @len bytes (@u). */
static void msg_one_buf(struct task *t, struct sock_msg *m, struct uio *u,
			uaddr_t buf, u64 len)
{
	if ((s64)len < 0 || len > 0x7ffff000)
		len = 0x7ffff000;	/* Linux's MAX_RW_COUNT */
	u->mm = t->mm;
	u->ubuf = buf;
	u->len = len;
	m->iov = u;
	m->niov = 1;
	m->len = len;
}

static long do_sendmsg(struct task *t, int fd, uaddr_t umsg, int flags)
{
	struct user_msghdr h;
	u8 name[KSOCKADDR_MAX];
	struct sock_msg m = { 0 };
	struct socket *s;
	struct file *f;
	ssize_t r;

	if (copy_in(t->mm, &h, umsg, sizeof(h)))
		return -EFAULT;
	r = sockfd_get(t, fd, &f, &s);
	if (r)
		return r;
	r = msg_name_in(t, &m, name, h.msg_name, h.msg_namelen);
	if (r)
		goto out;
	r = iov_import(t, h.msg_iov, h.msg_iovlen, &m.iov, &m.len);
	if (r)
		goto out;
	m.niov = (int)h.msg_iovlen;
	if (h.msg_controllen) {
		r = cmsg_import(t, &m, h.msg_control, h.msg_controllen);
		if (r)
			goto out;
	}
	r = sock_send(t, f, s, &m, flags);
out:
	msg_drop_fds(&m);
	kfree(m.iov);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(sendto)
{
	struct sock_msg m = { 0 };
	u8 name[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	struct uio u;
	ssize_t r;

	msg_one_buf(t, &m, &u, a->a[1], a->a[2]);
	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = msg_name_in(t, &m, name, a->a[4], a->a[5]);
	if (!r)
		r = sock_send(t, f, s, &m, (int)a->a[3]);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(sendmsg)
{
	return do_sendmsg(t, (int)a->a[0], a->a[1], (int)a->a[2]);
}

/* Receive into @m from @s. Bytes received or -errno. */
static ssize_t sock_recv(struct task *t, struct file *f, struct socket *s,
			 struct sock_msg *m, int flags)
{
	if (f->flags & O_NONBLOCK)
		flags |= MSG_DONTWAIT;
	return s->ops->recvmsg(s, t, m, flags);
}

/* Write one control message; *@used advances. False when it did not fit whole. */
static bool cmsg_put(struct task *t, uaddr_t uctl, u64 cap, u64 *used,
		     int type, const void *data, size_t len, int *err)
{
	struct kcmsghdr h = { .cmsg_level = SOL_SOCKET, .cmsg_type = type };
	u64 room = cap - *used, n;

	if (room < sizeof(h))
		return false;
	h.cmsg_len = KCMSG_LEN(len);
	n = min(room, (u64)h.cmsg_len);
	if (copy_out(t->mm, uctl + *used, &h, sizeof(h)) ||
	    copy_out(t->mm, uctl + *used + KCMSG_HDRLEN, data,
		     n - KCMSG_HDRLEN)) {
		*err = -EFAULT;
		return false;
	}
	*used += min(room, (u64)KCMSG_SPACE(len));
	return n == h.cmsg_len;
}

/*
 * Deliver the received credentials and files of @m as control messages
 * at user @uctl (@cap bytes); files that do not fit are closed and
 * MSG_CTRUNC set. Returns the bytes used, or -errno.
 */
static long cmsg_export(struct task *t, struct sock_msg *m, uaddr_t uctl,
			u64 cap, int flags)
{
	u64 used = 0;
	int err = 0, i, n, *fds;

	if (m->has_cred &&
	    !cmsg_put(t, uctl, cap, &used, SCM_CREDENTIALS, &m->cred,
		      sizeof(m->cred), &err)) {
		if (err)
			return err;
		m->oflags |= MSG_CTRUNC;
	}
	if (!m->nfds)
		return (long)used;
	n = cap - used > KCMSG_HDRLEN ?
		    (int)min((cap - used - KCMSG_HDRLEN) / sizeof(int),
			     (u64)m->nfds) :
		    0;
	fds = kmalloc(sizeof(int) * (m->nfds + 1));
	if (!fds)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		fds[i] = fd_install(t, m->fds[i], 0,
				    flags & MSG_CMSG_CLOEXEC);
		if (fds[i] < 0)
			break;
		m->fds[i] = NULL;	/* now owned by the fd table */
	}
	if (i > 0 && !cmsg_put(t, uctl, cap, &used, SCM_RIGHTS, fds,
			       sizeof(int) * i, &err) && err) {
		kfree(fds);
		return err;
	}
	kfree(fds);
	if (i < m->nfds)
		m->oflags |= MSG_CTRUNC;
	for (; i < m->nfds; i++)
		file_put(m->fds[i]);
	kfree(m->fds);
	m->fds = NULL;
	m->nfds = 0;
	return (long)used;
}

static long do_recvmsg(struct task *t, struct file *f, struct socket *s,
		       uaddr_t umsg, int flags)
{
	struct user_msghdr h;
	u8 name[KSOCKADDR_MAX];
	struct sock_msg m = { 0 };
	ssize_t r;
	long used;

	if (copy_in(t->mm, &h, umsg, sizeof(h)))
		return -EFAULT;
	r = iov_import(t, h.msg_iov, h.msg_iovlen, &m.iov, &m.len);
	if (r)
		return r;
	m.niov = (int)h.msg_iovlen;
	m.name = h.msg_name ? name : NULL;
	r = sock_recv(t, f, s, &m, flags);
	if (r < 0)
		goto out;
	used = 0;
	if (h.msg_control || m.nfds || m.has_cred) {
		used = cmsg_export(t, &m, h.msg_control,
				   h.msg_control ? h.msg_controllen : 0,
				   flags);
		if (used < 0) {
			r = used;
			goto out;
		}
	}
	if (h.msg_name) {
		int nl = m.namelen;

		if ((int)h.msg_namelen < 0 ||
		    (nl && copy_out(t->mm, h.msg_name, name,
				    min((u32)nl, h.msg_namelen)))) {
			r = -EFAULT;
			goto out;
		}
		h.msg_namelen = (u32)nl;
	}
	h.msg_controllen = (u64)used;
	h.msg_flags = m.oflags;
	if (copy_out(t->mm, umsg + __builtin_offsetof(struct user_msghdr,
						      msg_namelen),
		     &h.msg_namelen, sizeof(h.msg_namelen)) ||
	    copy_out(t->mm, umsg + __builtin_offsetof(struct user_msghdr,
						      msg_controllen),
		     &h.msg_controllen, sizeof(h.msg_controllen)) ||
	    copy_out(t->mm, umsg + __builtin_offsetof(struct user_msghdr,
						      msg_flags),
		     &h.msg_flags, sizeof(h.msg_flags)))
		r = -EFAULT;
out:
	msg_drop_fds(&m);
	kfree(m.iov);
	return r;
}

SYSCALL_DEFINE(recvmsg)
{
	struct socket *s;
	struct file *f;
	long r;

	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = do_recvmsg(t, f, s, a->a[1], (int)a->a[2]);
	file_put(f);
	return r;
}

SYSCALL_DEFINE(recvfrom)
{
	struct sock_msg m = { 0 };
	u8 name[KSOCKADDR_MAX];
	struct socket *s;
	struct file *f;
	struct uio u;
	ssize_t r;
	int err;

	msg_one_buf(t, &m, &u, a->a[1], a->a[2]);
	m.name = a->a[4] ? name : NULL;
	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	r = sock_recv(t, f, s, &m, (int)a->a[3]);
	file_put(f);
	msg_drop_fds(&m);
	if (r < 0)
		return r;
	err = sock_addr_out(t, a->a[4], a->a[5], name, m.namelen);
	return err ? err : r;
}

SYSCALL_DEFINE(sendmmsg)
{
	uaddr_t vec = a->a[1];
	u64 vlen = min(a->a[2], (u64)MMSG_VLEN_MAX), i;
	int fd = (int)a->a[0], flags = (int)a->a[3];
	long r = 0;
	u32 len;

	for (i = 0; i < vlen; i++) {
		uaddr_t e = vec + i * sizeof(struct user_mmsghdr);

		r = do_sendmsg(t, fd, e, flags);
		if (r < 0)
			break;
		len = (u32)r;
		if (copy_out(t->mm,
			     e + __builtin_offsetof(struct user_mmsghdr,
						    msg_len),
			     &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
	}
	return i ? (long)i : r;
}

SYSCALL_DEFINE(recvmmsg)
{
	uaddr_t vec = a->a[1];
	u64 vlen = min(a->a[2], (u64)MMSG_VLEN_MAX), i, dl = 0;
	int flags = (int)a->a[3];
	struct __kernel_timespec ts;
	struct socket *s;
	struct file *f;
	long r;
	u32 len;

	if (a->a[4]) {
		if (copy_in(t->mm, &ts, a->a[4], sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		dl = platform->now_ns() + (u64)ts.tv_sec * 1000000000ULL +
		     (u64)ts.tv_nsec;
	}
	r = sockfd_get(t, (int)a->a[0], &f, &s);
	if (r)
		return r;
	for (i = 0; i < vlen; i++) {
		uaddr_t e = vec + i * sizeof(struct user_mmsghdr);

		r = do_recvmsg(t, f, s, e, flags & ~MSG_WAITFORONE);
		if (r < 0)
			break;
		len = (u32)r;
		if (copy_out(t->mm,
			     e + __builtin_offsetof(struct user_mmsghdr,
						    msg_len),
			     &len, sizeof(len))) {
			r = -EFAULT;
			break;
		}
		if (flags & MSG_WAITFORONE)
			flags |= MSG_DONTWAIT;
		/* Like Linux, the timeout is only checked between messages. */
		if (dl && platform->now_ns() >= dl) {
			i++;
			break;
		}
	}
	file_put(f);
	return i ? (long)i : r;
}
