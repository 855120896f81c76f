/* SPDX-License-Identifier: MIT */
/* Sockets: the socket file (read/write/poll/ioctl/release), creation, message data copies. */
#include "net/socket.h"
#include "fs/fs_uapi.h"
#include "kernel/task.h"
#include "mm/mm.h"

static u64 sock_ino = 1;

/*
 * Copy @n bytes between kernel buffer @buf and the message data at offset
 * @off: into the message when @to, out of it otherwise. 0 or -EFAULT.
 */
static int msg_copy(struct sock_msg *m, size_t off, u8 *buf, size_t n,
		    bool to)
{
	int i, ret;

	for (i = 0; i < m->niov && n; i++) {
		struct uio *u = &m->iov[i];
		size_t c;

		if (off >= u->len) {
			off -= u->len;
			continue;
		}
		c = min(n, u->len - off);
		ret = to ? uio_copy_to(u, off, buf, c) :
			   uio_copy_from(u, off, buf, c);
		if (ret)
			return ret;
		buf += c;
		n -= c;
		off = 0;
	}
	return n ? -EFAULT : 0;
}

/* msg_copy_to - see socket.h. */
int msg_copy_to(struct sock_msg *m, size_t off, const void *src, size_t n)
{
	return msg_copy(m, off, (u8 *)src, n, true);
}

/* msg_copy_from - see socket.h. */
int msg_copy_from(struct sock_msg *m, size_t off, void *dst, size_t n)
{
	return msg_copy(m, off, dst, n, false);
}

/* sock_addr_in - see socket.h. */
int sock_addr_in(struct task *t, uaddr_t uaddr, u64 len, void *buf)
{
	if ((s64)len < 0 || len > KSOCKADDR_MAX)
		return -EINVAL;
	memset(buf, 0, KSOCKADDR_MAX);
	if (len && copy_in(t->mm, buf, uaddr, len))
		return -EFAULT;
	return 0;
}

/* sock_addr_out - see socket.h. */
int sock_addr_out(struct task *t, uaddr_t uaddr, uaddr_t ulenp,
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

/* msg_drop_fds - see socket.h. */
void msg_drop_fds(struct sock_msg *m)
{
	int i;

	for (i = 0; i < m->nfds; i++)
		file_put(m->fds[i]);
	kfree(m->fds);
	m->fds = NULL;
	m->nfds = 0;
}

/* sock_deadline - see socket.h. */
u64 sock_deadline(u64 ns)
{
	return ns ? platform->now_ns() + ns : 0;
}

/* sock_current_cred - see socket.h. */
void sock_current_cred(struct task *t, struct kucred *c)
{
	c->pid = t->proc->pid;
	c->uid = t->proc->cred.euid;
	c->gid = t->proc->cred.egid;
}

static const struct file_ops sock_fops;

/* sock_from_file - see socket.h. */
struct socket *sock_from_file(struct file *f)
{
	return f && f->ops == &sock_fops ? f->priv : NULL;
}

/* sockfd_get - see socket.h. */
int sockfd_get(struct task *t, int fd, struct file **fp, struct socket **sp)
{
	struct file *f = fd_get(t, fd);

	if (!f)
		return -EBADF;
	*sp = sock_from_file(f);
	if (!*sp) {
		file_put(f);
		return -ENOTSOCK;
	}
	*fp = f;
	return 0;
}

static ssize_t sock_rw(struct file *f, struct uio *u, bool write)
{
	struct socket *s = f->priv;
	struct sock_msg m = { .iov = u, .niov = 1, .len = u->len };
	int flags = (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0;
	ssize_t r;

	if (write)
		return s->ops->sendmsg(s, current, &m, flags);
	r = s->ops->recvmsg(s, current, &m, flags);
	msg_drop_fds(&m);
	return r;
}

static ssize_t sock_read(struct file *f, struct uio *u, loff_t *pos)
{
	return sock_rw(f, u, false);
}

static ssize_t sock_write(struct file *f, struct uio *u, loff_t *pos)
{
	return sock_rw(f, u, true);
}

static unsigned int sock_poll(struct file *f, struct poll_table *pt)
{
	struct socket *s = f->priv;

	return s->ops->poll(s, pt);
}

static long sock_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct socket *s = f->priv;
	long n;
	int v;

	switch (cmd) {
	case FIONREAD:
		if (!s->ops->nread)
			return -ENOTTY;
		n = s->ops->nread(s);
		if (n < 0)
			return n;
		v = (int)min(n, 0x7fffffffL);
		return copy_out(current->mm, arg, &v, sizeof(v));
	default:
		return -ENOTTY;
	}
}

static void sock_file_release(struct file *f)
{
	struct socket *s = f->priv;

	s->file = NULL;
	sock_release(s);
}

static const struct file_ops sock_fops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.ioctl = sock_ioctl,
	.release = sock_file_release,
};

/* sock_create - see socket.h. */
int sock_create(int family, int type, int protocol, struct socket **out)
{
	struct socket *s;
	int ret;

	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (family != AF_UNIX && family != AF_INET && family != AF_INET6)
		return -EAFNOSUPPORT;
	s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->family = family;
	s->type = type;
	s->protocol = protocol;
	s->sndbuf = SOCK_DEFAULT_BUF;
	s->rcvbuf = SOCK_DEFAULT_BUF;
	if (family == AF_UNIX)
		ret = unix_sock_init(s);
	else
		ret = inet_sock_init(s);
	if (ret) {
		kfree(s);
		return ret;
	}
	*out = s;
	return 0;
}

/* sock_release - see socket.h. */
void sock_release(struct socket *s)
{
	if (s->ops && s->ops->release)
		s->ops->release(s);
	kfree(s);
}

/* sock_file_create - see socket.h. */
struct file *sock_file_create(struct socket *s, struct task *t,
			      unsigned int flags)
{
	struct inode *i = inode_alloc(NULL, S_IFSOCK | 0777);
	struct file *f;

	if (!i)
		return NULL;
	i->ino = sock_ino++;
	i->dev = MKDEV(0, 0x8);
	if (t) {
		i->uid = t->proc->cred.fsuid;
		i->gid = t->proc->cred.fsgid;
	}
	f = file_alloc(i, &sock_fops, O_RDWR | (flags & O_NONBLOCK));
	if (!f) {
		inode_put(i);
		return NULL;
	}
	f->priv = s;
	s->file = f;
	return f;
}
