/* SPDX-License-Identifier: MIT */
/*
 * procfs descriptor directories: /proc/<pid>/fd/N (symlinks that readlink
 * to the file's path or "pipe:[ino]", and that open the very same file
 * like Linux's magic links) and /proc/<pid>/fdinfo/N.
 */
#include "fs/procfs_internal.h"

/* ---- describing an open file ---- */

/* proc_file_describe - see procfs_internal.h. */
int proc_file_describe(struct file *f, char *buf, size_t size)
{
	struct inode *i = f->inode;
	int ret;

	if (f->ops == &proc_proxy_fops && f->priv)
		return proc_file_describe(f->priv, buf, size);
	if (f->dentry && f->mnt) {
		ret = file_path(f, buf, size);
		if (ret)
			return ret;
		if (f->dentry->dead) {
			size_t len = kstrlen(buf);

			ksnprintf(buf + len, size - len, " (deleted)");
		}
		return kstrlen(buf);
	}
	if (!i)
		return ksnprintf(buf, size, "anon_inode:[unknown]");
	switch (i->mode & S_IFMT) {
	case S_IFIFO:
		return ksnprintf(buf, size, "pipe:[%llu]",
				 (unsigned long long)i->ino);
	case S_IFSOCK:
		return ksnprintf(buf, size, "socket:[%llu]",
				 (unsigned long long)i->ino);
	case S_IFCHR:
		/* The sandbox's terminal, reached through a host handle. */
		return ksnprintf(buf, size, "/dev/console");
	default:
		return ksnprintf(buf, size, "anon_inode:[%llu]",
				 (unsigned long long)i->ino);
	}
}

/* The open file behind fd entry @n (referenced), or NULL. */
static struct file *node_file(struct proc_node *n)
{
	struct task *t = proc_task(n);

	return t && t->files ? fd_get(t, n->fd) : NULL;
}

/* ---- reopening files that have no path: a proxy to the open file ---- */

static ssize_t proxy_read(struct file *f, struct uio *u, loff_t *pos)
{
	return vfs_read(f->priv, u, NULL);
}

static ssize_t proxy_write(struct file *f, struct uio *u, loff_t *pos)
{
	return vfs_write(f->priv, u, NULL);
}

static loff_t proxy_llseek(struct file *f, loff_t off, int whence)
{
	struct file *t = f->priv;

	if (S_ISFIFO(t->inode->mode) || S_ISSOCK(t->inode->mode))
		return -ESPIPE;
	return t->ops && t->ops->llseek ? t->ops->llseek(t, off, whence) :
					   generic_llseek(t, off, whence);
}

static long proxy_ioctl(struct file *f, unsigned int cmd, u64 arg)
{
	struct file *t = f->priv;

	if (!t->ops || !t->ops->ioctl)
		return -ENOTTY;
	return t->ops->ioctl(t, cmd, arg);
}

static unsigned int proxy_poll(struct file *f, struct poll_table *pt)
{
	return vfs_poll(f->priv, pt);
}

static void proxy_release(struct file *f)
{
	file_put(f->priv);
	f->priv = NULL;
}

/* proc_proxy_fops - see procfs_internal.h. */
const struct file_ops proc_proxy_fops = {
	.read = proxy_read,
	.write = proxy_write,
	.llseek = proxy_llseek,
	.ioctl = proxy_ioctl,
	.poll = proxy_poll,
	.release = proxy_release,
};

static int proxy_open(struct inode *i, struct file *f)
{
	struct file *target = i->priv;

	file_get(target);
	f->ops = &proc_proxy_fops;
	f->priv = target;
	return 0;
}

/* proc_proxy_iops - see procfs_internal.h. */
const struct inode_ops proc_proxy_iops = {
	.open = proxy_open,
};

/* A path whose opening gives a proxy of @target (pipes, sockets, ...). */
static int proxy_path(struct proc_node *n, struct file *target,
		      struct path *link, struct path *out)
{
	struct inode *ti = target->inode, *i;
	char name[64];

	i = inode_alloc(n->sb, ti ? ti->mode : S_IFREG | 0600);
	if (!i)
		return -ENOMEM;
	if (ti) {
		i->ino = ti->ino;
		i->dev = ti->dev;
		i->rdev = ti->rdev;
		i->uid = ti->uid;
		i->gid = ti->gid;
	}
	i->iops = &proc_proxy_iops;
	file_get(target);
	i->priv = target;
	proc_file_describe(target, name, sizeof(name));
	out->dentry = dentry_alloc(NULL, name, i);
	if (!out->dentry) {
		inode_put(i);
		return -ENOMEM;
	}
	out->mnt = link->mnt;
	return 0;
}

/* ---- fd/N ---- */

static int fd_link(struct proc_node *n, char *buf, size_t size)
{
	struct file *f = node_file(n);
	int ret;

	if (!f)
		return -ENOENT;
	ret = proc_file_describe(f, buf, size);
	file_put(f);
	return ret;
}

static int fd_follow(struct proc_node *n, struct path *link, struct path *out)
{
	struct file *f = node_file(n);
	int ret = 0;

	if (!f)
		return -ENOENT;
	if (f->ops == &proc_proxy_fops) {
		ret = proxy_path(n, f->priv, link, out);
	} else if (f->dentry && f->mnt) {
		out->mnt = f->mnt;
		out->dentry = f->dentry;
		path_get(out);
	} else {
		ret = proxy_path(n, f, link, out);
	}
	file_put(f);
	return ret;
}

static const struct proc_entry fd_entries[] = {
	{ .name = "<fd>", .mode = S_IFLNK | 0500, .link = fd_link,
	  .follow = fd_follow },
	{ .name = "<fd>", .mode = S_IFLNK | 0300, .link = fd_link,
	  .follow = fd_follow },
	{ .name = "<fd>", .mode = S_IFLNK | 0700, .link = fd_link,
	  .follow = fd_follow },
};

static int fd_list(struct proc_node *dir, int *out, int max)
{
	struct task *t = proc_task(dir);
	struct fdtable *ft = t ? t->files : NULL;
	int k, n = 0;

	for (k = 0; ft && k < ft->size; k++) {
		if (!ft->fd[k])
			continue;
		if (n < max)
			out[n] = k;
		n++;
	}
	return n;
}

static bool fd_exists(struct proc_node *dir, int num)
{
	struct task *t = proc_task(dir);
	struct file *f = t && t->files ? fd_get(t, num) : NULL;

	if (!f)
		return false;
	file_put(f);
	return true;
}

static void fd_make(struct proc_node *dir, int num, struct proc_node *child)
{
	struct file *f;

	child->fd = num;
	child->ent = &fd_entries[2];
	f = node_file(child);
	if (f) {
		if (file_readable(f) && !file_writable(f))
			child->ent = &fd_entries[0];
		else if (file_writable(f) && !file_readable(f))
			child->ent = &fd_entries[1];
		file_put(f);
	}
}

/* proc_fd_dyn - /proc/<pid>/fd. */
const struct proc_dyn proc_fd_dyn = {
	.list = fd_list,
	.exists = fd_exists,
	.make = fd_make,
};

/* ---- fdinfo/N ---- */

static int show_fdinfo(struct proc_node *n, struct pbuf *b)
{
	struct file *f = node_file(n);
	struct task *t = proc_task(n);
	unsigned int flags;
	struct mount *m;

	if (!f)
		return -ENOENT;
	flags = f->flags;
	if (t && fd_get_cloexec(t, n->fd) > 0)
		flags |= O_CLOEXEC;
	m = f->mnt;
	pbuf_printf(b, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n",
		    (long long)f->pos, flags, m ? proc_mount_id(m) : 0,
		    (unsigned long long)(f->inode ? f->inode->ino : 0));
	file_put(f);
	return 0;
}

static const struct proc_entry fdinfo_entry = {
	.name = "<fd>",
	.mode = S_IFREG | 0444,
	.show = show_fdinfo,
};

static void fdinfo_make(struct proc_node *dir, int num,
			struct proc_node *child)
{
	child->fd = num;
	child->ent = &fdinfo_entry;
}

/* proc_fdinfo_dyn - /proc/<pid>/fdinfo. */
const struct proc_dyn proc_fdinfo_dyn = {
	.list = fd_list,
	.exists = fd_exists,
	.make = fdinfo_make,
};
