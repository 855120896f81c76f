/* SPDX-License-Identifier: MIT */
/*
 * devfs: /dev as a tmpfs populated with the character devices programs
 * expect (null, zero, full, random, urandom, tty), the stdio symlinks and
 * the pts/shm directories.
 */
#include "boot.h"
#include "fs/vfs_internal.h"
#include "fs/fs_uapi.h"

enum dev_kind { DEV_NULL, DEV_ZERO, DEV_FULL, DEV_RANDOM, DEV_TTY };

static ssize_t dev_fill(struct uio *u, bool random)
{
	u8 buf[256];
	size_t done = 0, n;
	int ret;

	if (!random)
		memset(buf, 0, sizeof(buf));
	while (done < u->len) {
		n = min(sizeof(buf), u->len - done);
		if (random)
			get_random_bytes(buf, n);
		ret = uio_copy_to(u, done, buf, n);
		if (ret)
			return done ? (ssize_t)done : ret;
		done += n;
	}
	return done;
}

/* The device an inode is, from its minor number (major 1 devices). */
static enum dev_kind dev_kind_of(struct inode *i)
{
	switch (i->rdev & 0xff) {
	case 3:
		return DEV_NULL;
	case 5:
		return DEV_ZERO;
	case 7:
		return DEV_FULL;
	default:
		return DEV_RANDOM;
	}
}

static ssize_t dev_read(struct file *f, struct uio *u, loff_t *pos)
{
	switch (dev_kind_of(f->inode)) {
	case DEV_NULL:
		return 0;
	case DEV_RANDOM:
		return dev_fill(u, true);
	default:
		return dev_fill(u, false);
	}
}

static ssize_t dev_write(struct file *f, struct uio *u, loff_t *pos)
{
	if (dev_kind_of(f->inode) == DEV_FULL)
		return -ENOSPC;
	return u->len;
}

static loff_t dev_llseek(struct file *f, loff_t off, int whence)
{
	f->pos = 0;
	return 0;
}

static const struct file_ops dev_fops = {
	.read = dev_read,
	.write = dev_write,
	.llseek = dev_llseek,
};

/* /dev/tty: a new open of the controlling terminal. */
static int dev_tty_open(struct inode *i, struct file *f)
{
	struct file *t;
	int ret = tty_file_open(&t, f->flags);

	if (ret)
		return ret;
	f->ops = t->ops;
	f->priv = t->priv;
	t->ops = NULL;
	t->priv = NULL;
	file_put(t);
	return 0;
}

static int dev_setattr(struct inode *i, const struct iattr *ia)
{
	if (ia->valid & ATTR_SIZE)
		return 0;	/* O_TRUNC of /dev/null */
	if (ia->valid & ATTR_MODE)
		i->mode = (i->mode & S_IFMT) | (ia->mode & 07777);
	if (ia->valid & ATTR_UID)
		i->uid = ia->uid;
	if (ia->valid & ATTR_GID)
		i->gid = ia->gid;
	if (ia->valid & ATTR_ATIME)
		i->atime = ia->atime;
	if (ia->valid & ATTR_MTIME)
		i->mtime = ia->mtime;
	return 0;
}

static const struct inode_ops dev_iops = {
	.setattr = dev_setattr,
};

static const struct inode_ops dev_tty_iops = {
	.setattr = dev_setattr,
	.open = dev_tty_open,
};

static void devfs_node(struct inode *root, const char *name, enum dev_kind k,
		       u32 major, u32 minor, u32 mode)
{
	struct inode *i;

	if (root->iops->create(root, name, S_IFCHR | mode, 0, 0, &i))
		return;
	i->iops = k == DEV_TTY ? &dev_tty_iops : &dev_iops;
	i->fops = &dev_fops;
	i->rdev = MKDEV(major, minor);
	inode_put(i);
}

static void devfs_link(struct inode *root, const char *name,
		       const char *target)
{
	struct inode *i;

	if (!root->iops->symlink(root, name, target, 0, 0, &i))
		inode_put(i);
}

static void devfs_dir(struct inode *root, const char *name, u32 mode)
{
	struct inode *i;

	if (!root->iops->mkdir(root, name, S_IFDIR | mode, 0, 0, &i))
		inode_put(i);
}

/* devfs_create - see vfs_internal.h. */
struct super *devfs_create(const struct bootinfo *bi)
{
	struct super *sb = tmpfs_create("mode=755", 0, 0);
	struct inode *root;

	if (!sb)
		return NULL;
	sb->type = "devfs";
	root = sb->root;
	devfs_node(root, "null", DEV_NULL, 1, 3, 0666);
	devfs_node(root, "zero", DEV_ZERO, 1, 5, 0666);
	devfs_node(root, "full", DEV_FULL, 1, 7, 0666);
	devfs_node(root, "random", DEV_RANDOM, 1, 8, 0666);
	devfs_node(root, "urandom", DEV_RANDOM, 1, 9, 0666);
	devfs_node(root, "tty", DEV_TTY, 5, 0, 0666);
	devfs_link(root, "stdin", "/proc/self/fd/0");
	devfs_link(root, "stdout", "/proc/self/fd/1");
	devfs_link(root, "stderr", "/proc/self/fd/2");
	devfs_link(root, "fd", "/proc/self/fd");
	devfs_link(root, "ptmx", "pts/ptmx");
	devfs_dir(root, "pts", 0755);
	devfs_dir(root, "shm", 01777);
	return sb;
}

/* devfs_open_rdev - see vfs_internal.h. */
int devfs_open_rdev(struct inode *i, struct file *f)
{
	u32 major = (u32)(i->rdev >> 8) & 0xfff, minor = (u32)i->rdev & 0xff;

	if (!S_ISCHR(i->mode) || (i->rdev >> 20))
		return -ENXIO;
	if (major == 5 && minor == 0)
		return dev_tty_open(i, f);
	if (major != 1)
		return -ENXIO;
	switch (minor) {
	case 3:
	case 5:
	case 7:
	case 8:
	case 9:
		f->ops = &dev_fops;
		return 0;
	default:
		return -ENXIO;
	}
}
